//! Emit: small functions that turn pieces of the lowered [`crate::model`] into token streams, one file per part of
//! the generated module. The module is assembled here in reading order: media types, the `Operation` and `Scheme`
//! enums, the models (each with its shape), each operation's request and response types, the handler trait, the
//! glue, and the drift hook. It is parsed with `syn` and printed with `prettyplease`, so the output is the same on
//! every machine.
//!
//! Every path in the output is absolute (`::serde::Serialize`), so the output of any spec compiles in any crate
//! that depends on the runtime and the crates the models derive from. The one exception is the runtime, imported
//! once as `rt_` ([`RUNTIME_ALIAS`], a name no generated item can take) and named `rt_::Shape` and so on.

mod glue;
mod handler_trait;
mod identity;
mod models;
mod requests;
mod responses;
mod shapes;
mod surface;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

pub use crate::lower::names::RUNTIME_ALIAS;
use crate::model::{Api, ResponseFormat};

/// An identifier.
pub(crate) fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// A `#[doc]` attribute per line of text, paragraphs separated by an empty line, or nothing.
pub(crate) fn docs<'t>(paragraphs: impl IntoIterator<Item = &'t String>) -> TokenStream {
    let mut out = TokenStream::new();
    let mut first = true;
    for text in paragraphs {
        if !first {
            out.extend(quote! { #[doc = ""] });
        }
        first = false;
        for line in text.trim().lines() {
            let line = format!(" {}", line.trim_end());
            out.extend(quote! { #[doc = #line] });
        }
    }
    out
}

/// The constant naming a response media type with the API's parameters.
pub(crate) fn media_type_constant(format: ResponseFormat) -> Ident {
    match format {
        ResponseFormat::Json => ident("JSON_MEDIA_TYPE"),
        ResponseFormat::Xml => ident("XML_MEDIA_TYPE"),
    }
}

/// The format a response media type is written in.
pub(crate) fn format_of(media: &str) -> ResponseFormat {
    if media == "application/xml" {
        ResponseFormat::Xml
    } else {
        ResponseFormat::Json
    }
}

/// Renders a whole spec module.
pub fn api(api: &Api) -> TokenStream {
    let media_types = media_types(api);
    let operation = identity::operation_enum(api);
    let scheme = identity::scheme_enum(api);
    let models = api.schemas.iter().map(models::model);
    let operations = api
        .operations
        .iter()
        .map(|op| (requests::request_types(api, op), responses::response_types(op)));
    let (requests, responses): (Vec<_>, Vec<_>) = operations.unzip();
    let the_trait = handler_trait::handler_trait(api);
    let glue = glue::glue(api);
    let surface = surface::surface(api);
    let drift = models::drift(api);
    let alias = ident(RUNTIME_ALIAS);
    quote! {
        use ::spaceport_runtime as #alias;

        #media_types

        #[allow(unused_imports, reason = "nested validation calls `validate` through it")]
        use ::validator::Validate as _;

        #operation
        #scheme
        #(#models)*
        #(#requests #responses)*
        #the_trait
        #glue

        #surface
        #drift
    }
}

/// The JSON media type constant, and the XML one when a response is written in XML.
fn media_types(api: &Api) -> TokenStream {
    let json = format!("application/json{}", api.media_type_parameters);
    let mut out = quote! {
        /// The JSON media type this API writes, with its `x-spaceport-media-type-parameters`.
        pub const JSON_MEDIA_TYPE: &str = #json;
    };
    let writes_xml = api
        .operations
        .iter()
        .flat_map(|op| &op.responses)
        .flat_map(|response| &response.media)
        .any(|media| format_of(&media.media) == ResponseFormat::Xml);
    if writes_xml {
        let xml = format!("application/xml{}", api.media_type_parameters);
        out.extend(quote! {
            /// The XML media type this API writes, with its `x-spaceport-media-type-parameters`.
            pub const XML_MEDIA_TYPE: &str = #xml;
        });
    }
    out
}
