//! An operation's response enum: one variant per documented status, `into_http` writing it in the negotiated
//! format, a `Documents` impl per status, and the `From` that lets a handler's `?` turn any `Failure` whose every
//! status is documented into the response.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use super::{docs, format_of, ident, media_type_constant};
use crate::model::{Operation, Response, ResponseFormat, ResponseMedia, XmlStyle};

fn response_variant(response: &Response) -> TokenStream {
    let variant = ident(&response.variant);
    let doc = format!(" {}: {}", response.status, response.doc.trim());
    let body = response.body.as_ref().map(|rust| ident(rust));
    if response.headers.is_empty() {
        return match body {
            Some(body) => quote! { #[doc = #doc] #variant(#body), },
            None => quote! { #[doc = #doc] #variant, },
        };
    }
    let headers = response.headers.iter().map(|header| {
        let name = ident(&header.rust);
        let header_doc = docs(header.doc.iter());
        quote! { #header_doc #name: ::std::string::String, }
    });
    let body = body.map(|body| {
        quote! { /// The response body.
        body: #body, }
    });
    quote! {
        #[doc = #doc]
        #variant { #(#headers)* #body },
    }
}

/// The destructuring pattern of a variant, binding its headers and `body`.
fn pattern(response: &Response) -> TokenStream {
    let variant = ident(&response.variant);
    let headers: Vec<Ident> = response.headers.iter().map(|h| ident(&h.rust)).collect();
    match (headers.is_empty(), response.body.is_some()) {
        (true, true) => quote! { Self::#variant(body) },
        (true, false) => quote! { Self::#variant },
        (false, true) => quote! { Self::#variant { #(#headers,)* body } },
        (false, false) => quote! { Self::#variant { #(#headers),* } },
    }
}

/// The call writing a body in one media type, through the `reply` holding the status.
fn write(headers: &TokenStream, media: &ResponseMedia) -> TokenStream {
    let media_type = media_type_constant(format_of(&media.media));
    match &media.xml {
        Some(XmlStyle::Rails { root, item }) => {
            let item = match item {
                Some(item) => quote! { ::std::option::Option::Some(#item) },
                None => quote! { ::std::option::Option::None },
            };
            let style = quote! { rt_::XmlStyle::Rails { root: #root, item: #item } };
            quote! { reply.xml(#headers, #media_type, &body, #style) }
        }
        Some(XmlStyle::RailsErrors) => quote! { reply.xml(#headers, #media_type, &body, rt_::XmlStyle::RailsErrors) },
        None => quote! { reply.json(#headers, #media_type, &body) },
    }
}

/// Whether a response is written in more than one format, so `into_http` must look at the negotiated one.
fn negotiated(response: &Response) -> bool {
    response.body.is_some() && response.media.len() > 1 && response.media.iter().any(|m| m.xml.is_some())
}

/// The status as a `StatusCode`: its named constant, else `rt_::status::<NNN>()` (checked when it is built).
fn status_code(response: &Response) -> TokenStream {
    match &response.constant {
        Some(constant) => {
            let constant = ident(constant);
            quote! { rt_::StatusCode::#constant }
        }
        None => {
            let code = Literal::u16_unsuffixed(response.status);
            quote! { rt_::status::<#code>() }
        }
    }
}

/// The arm of `status` for one variant.
fn status_arm(response: &Response) -> TokenStream {
    let variant = ident(&response.variant);
    let pattern = match (response.headers.is_empty(), response.body.is_some()) {
        (true, true) => quote! { Self::#variant(_) },
        (true, false) => quote! { Self::#variant },
        (false, _) => quote! { Self::#variant { .. } },
    };
    let status = status_code(response);
    quote! { #pattern => #status, }
}

/// The arm of `into_http` for one variant: its headers (name and value) and body, written by `reply`.
fn response_arm(response: &Response) -> TokenStream {
    let names = response.headers.iter().map(|h| ident(&h.rust));
    let wires = response.headers.iter().map(|h| &h.wire);
    let headers = quote! { &[#((#wires, &#names)),*] };
    let xml = response
        .media
        .iter()
        .find(|m| format_of(&m.media) == ResponseFormat::Xml);
    let call = match (&response.body, response.media.first(), xml) {
        (Some(_), Some(first), Some(xml)) if negotiated(response) => {
            let json = write(&headers, first);
            let xml = write(&headers, xml);
            quote! {
                match format {
                    rt_::Format::Xml => #xml,
                    rt_::Format::Json => #json,
                }
            }
        }
        (Some(_), Some(first), _) => write(&headers, first),
        _ => quote! { reply.empty(#headers) },
    };
    let pattern = pattern(response);
    quote! { #pattern => #call, }
}

/// `Documents<STATUS, payload>` for one variant, by its constructor: the payload is the body, `()`, or the headers
/// then the body.
fn documents(name: &Ident, response: &Response) -> TokenStream {
    let status = Literal::u16_unsuffixed(response.status);
    let mut names: Vec<Ident> = response.headers.iter().map(|h| ident(&h.rust)).collect();
    let mut types: Vec<TokenStream> = response
        .headers
        .iter()
        .map(|_| quote! { ::std::string::String })
        .collect();
    if let Some(body) = &response.body {
        names.push(ident("body"));
        let body = ident(body);
        types.push(quote! { #body });
    }
    let construct = pattern(response);
    let variant = ident(&response.variant);
    // A tuple variant is its own constructor; the others are built by a closure from the payload.
    let (payload, with) = match (response.headers.is_empty(), response.body.is_some()) {
        (true, true) => (types.remove(0), quote! { Self::#variant }),
        (true, false) => (quote! { () }, quote! { |()| #construct }),
        (false, _) => (quote! { (#(#types,)*) }, quote! { |(#(#names,)*)| #construct }),
    };
    quote! {
        impl rt_::Documents<#status, #payload> for #name {
            const WITH: fn(#payload) -> Self = #with;
        }
    }
}

/// The response enum, `into_http`, its `Documents` impls and its `From<Failure>`.
pub(crate) fn response_types(op: &Operation) -> TokenStream {
    let name = format_ident!("{}Response", op.type_stem);
    let doc = format!(" Every response `{}` documents.", op.id);
    let variants = op.responses.iter().map(response_variant);
    let statuses = op.responses.iter().map(status_arm);
    let arms = op.responses.iter().map(response_arm);
    let format = if op.responses.iter().any(negotiated) {
        quote! { format }
    } else {
        quote! { _format }
    };
    let documents = op.responses.iter().map(|response| documents(&name, response));
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone)]
        #[allow(clippy::large_enum_variant, reason = "written once, so boxing buys nothing")]
        pub enum #name {
            #(#variants)*
        }

        impl #name {
            /// The status this response is written with.
            pub fn status(&self) -> rt_::StatusCode {
                match self {
                    #(#statuses)*
                }
            }

            /// Writes this response's status, headers and body (in `format` if it has several media types).
            pub fn into_http(self, #format: rt_::Format) -> ::actix_web::HttpResponse {
                let reply = rt_::Reply(self.status());
                match self {
                    #(#arms)*
                }
            }
        }

        #(#documents)*

        impl<F: rt_::Failure<Self>> ::std::convert::From<F> for #name {
            fn from(failure: F) -> Self {
                failure.respond()
            }
        }
    }
}
