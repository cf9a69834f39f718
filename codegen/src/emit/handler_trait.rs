//! The handler trait: one `async fn` per `operationId`, taking the operation's request and returning its response
//! enum, and `reject`, which answers every failure before a handler in the vendor's envelope.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{docs, ident};
use crate::model::Api;

/// `pub trait <Stem>Api`.
pub(crate) fn handler_trait(api: &Api) -> TokenStream {
    let name = ident(&api.trait_name);
    let doc = format!(" Operations of `openapi/{}`: one method per `operationId`.", api.file);
    let methods = api.operations.iter().map(|op| {
        let method = ident(&op.method_name);
        let request = format_ident!("{}Request", op.type_stem);
        let response = format_ident!("{}Response", op.type_stem);
        let mut lines = op.doc.clone();
        lines.push(format!("`{} {}`", op.http_method, op.path));
        let doc = docs(lines.iter());
        quote! {
            #doc
            fn #method(&self, request: #request) -> impl ::std::future::Future<Output = #response> + Send;
        }
    });
    quote! {
        #[doc = #doc]
        pub trait #name: Send + Sync + 'static {
            #(#methods)*

            /// Answers a request that failed before reaching a handler (unknown route, wrong method, missing
            /// credentials, a body or parameter that does not parse or validate), in this vendor's envelope.
            fn reject(&self, rejection: ::spaceport_runtime::Rejection<Operation>) -> ::actix_web::HttpResponse;
        }
    }
}
