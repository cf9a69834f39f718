//! An operation's request: a struct per parameter location, the request struct of parsed, validated parts, and
//! its `read`, which takes them in the order the glue checks a request: the path parameters (read by the glue,
//! with the route), required credentials (verified by the glue, never part of the request), then optional
//! credentials, the query, the headers and last the body.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::{ident, identity, models::struct_item};
use crate::model::{Api, Body, Field, Operation};

/// The parameter struct for one location (`CreateSpacePath`), or nothing when there are no parameters.
fn params_struct(op: &Operation, suffix: &str, fields: &[Field]) -> TokenStream {
    if fields.is_empty() {
        return TokenStream::new();
    }
    let name = format!("{}{suffix}", op.type_stem);
    let doc = format!(" The {} parameters of `{}`.", suffix.to_lowercase(), op.id);
    struct_item(&name, quote! { #[doc = #doc] }, fields, false)
}

/// How the body is read, as a `BodySpec` expression.
fn body_spec(body: &Body) -> TokenStream {
    let media = &body.media;
    let ignore = body.ignore_content_type;
    let max = Literal::u64_unsuffixed(body.max_bytes);
    let wrapper = match &body.wrapper {
        Some(name) => quote! { ::std::option::Option::Some(#name) },
        None => quote! { ::std::option::Option::None },
    };
    let query = body.query_params;
    quote! {
        rt_::BodySpec {
            media: &[#(#media),*],
            ignore_content_type: #ignore,
            max_bytes: #max,
            wrapper: #wrapper,
            query_params: #query,
        }
    }
}

/// What an operation's `read` takes from a request, in the order it takes them.
fn reads(op: &Operation) -> String {
    let parts: Vec<&str> = [
        (op.security.applies() && op.security.optional, "its credentials, if any"),
        (!op.query_params.is_empty(), "its query parameters"),
        (!op.header_params.is_empty(), "its header parameters"),
        (op.body.is_some(), "its body"),
    ]
    .into_iter()
    .filter_map(|(present, part)| present.then_some(part))
    .collect();
    if parts.is_empty() {
        ".".to_owned()
    } else {
        format!(", then {}.", parts.join(", then "))
    }
}

/// The parameter structs, the request struct and its `read`.
pub(crate) fn request_types(api: &Api, op: &Operation) -> TokenStream {
    let stem = &op.type_stem;
    let locations = [
        ("Path", "path", &op.path_params),
        ("Query", "query", &op.query_params),
        ("Headers", "headers", &op.header_params),
    ];
    let structs = locations
        .iter()
        .map(|(suffix, _, params)| params_struct(op, suffix, params));
    let mut fields = Vec::new();
    let mut steps = Vec::new();
    let mut names = Vec::new();
    // Whether some step reads `http` (the path parameters come from the glue, already read).
    let mut reads_http = false;
    // Required credentials are not part of the request: the glue has them verified before it reads any of it.
    if op.security.applies() && op.security.optional {
        let doc = identity::credentials_doc(api, &op.security);
        let requirements = identity::operation_requirements(&op.security);
        fields.push(quote! { #doc pub credentials: ::std::option::Option<rt_::Credentials<Scheme>>, });
        steps.push(quote! { let credentials = rt_::credentials(http, #requirements); });
        names.push(ident("credentials"));
        reads_http = true;
    }
    for (suffix, field, params) in locations {
        if !params.is_empty() {
            let ty = format_ident!("{stem}{suffix}");
            let name = ident(field);
            let reader = ident(field);
            let doc = format!(" The {field} parameters.");
            fields.push(quote! { #[doc = #doc] pub #name: #ty, });
            // The glue reads the path parameters (they are part of the route) and hands them over.
            if field != "path" {
                reads_http = true;
                steps.push(quote! { let #name = rt_::#reader::<#ty>(http)?; });
            }
            names.push(name);
        }
    }
    let mut body_const = None;
    if let Some(body) = &op.body {
        reads_http = true;
        let ty = ident(&body.rust);
        let spec = body_spec(body);
        body_const = Some(quote! {
            /// How the body is read: its media types, size limit and wrapping.
            pub const BODY: rt_::BodySpec = #spec;
        });
        let read = quote! { rt_::body::<#ty>(http, payload, &Self::BODY).await? };
        if body.required {
            fields.push(quote! { /// The parsed, validated body.
            pub body: #ty, });
            steps.push(quote! { let body = #read.ok_or(rt_::RejectionKind::EmptyBody)?; });
        } else {
            fields.push(quote! { /// The parsed, validated body, if one was sent.
            pub body: ::std::option::Option<#ty>, });
            steps.push(quote! { let body = #read; });
        }
        names.push(ident("body"));
    }
    let request = format_ident!("{stem}Request");
    let request_doc = format!(
        " The parsed, validated request of `{}` (`{} {}`).",
        op.id, op.http_method, op.path
    );
    let from = if op.path_params.is_empty() {
        "`http`"
    } else {
        "the `path` parameters the glue read and `http`"
    };
    let read_doc = format!(" Takes `{}`'s request from {from}{}", op.id, reads(op));
    let result = quote! { ::std::result::Result<Self, rt_::RejectionKind> };
    let path = (!op.path_params.is_empty()).then(|| {
        let ty = format_ident!("{stem}Path");
        quote! { path: #ty, }
    });
    // An operation that reads nothing from the request beyond the path parameters names its `http` unused.
    let http = if reads_http { ident("http") } else { ident("_http") };
    let read = if op.body.is_some() {
        quote! {
            #[doc = #read_doc]
            pub async fn read(#http: &::actix_web::HttpRequest, #path payload: ::actix_web::web::Payload) -> #result {
                #(#steps)*
                ::std::result::Result::Ok(Self { #(#names),* })
            }
        }
    } else {
        quote! {
            #[doc = #read_doc]
            pub fn read(#http: &::actix_web::HttpRequest, #path) -> #result {
                #(#steps)*
                ::std::result::Result::Ok(Self { #(#names),* })
            }
        }
    };
    quote! {
        #(#structs)*

        #[doc = #request_doc]
        #[derive(Debug, Clone)]
        pub struct #request {
            #(#fields)*
        }

        impl #request {
            #body_const
            #read
        }
    }
}
