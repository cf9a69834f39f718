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
        let caller = op.security.required().then(|| quote! { caller: Self::Caller, });
        quote! {
            #doc
            fn #method(&self, #caller request: #request) -> impl ::std::future::Future<Output = #response> + Send;
        }
    });
    let authenticate = authenticate(api);
    quote! {
        #[doc = #doc]
        pub trait #name: Send + Sync + 'static {
            #authenticate
            #(#methods)*

            /// Answers a request that failed before reaching a handler (unknown route, wrong method, missing
            /// credentials, a body or parameter that does not parse or validate), in this vendor's envelope.
            fn reject(&self, rejection: rt_::Rejection<Operation>) -> ::actix_web::HttpResponse;
        }
    }
}

/// `Caller`, `Denied` and `authenticate`, for a spec with an operation that requires credentials: each such
/// handler takes the caller its credentials were verified as, and a refusal answers with one of the statuses
/// its operation documents.
fn authenticate(api: &Api) -> TokenStream {
    let guarded: Vec<_> = api.operations.iter().filter(|op| op.security.required()).collect();
    if guarded.is_empty() {
        return TokenStream::new();
    }
    let answers = guarded.iter().map(|op| {
        let response = format_ident!("{}Response", op.type_stem);
        quote! { + rt_::Failure<#response> }
    });
    quote! {
        /// Who a caller is once `authenticate` verified its credentials, as the handlers of the operations that
        /// require credentials take it.
        type Caller: Send;

        /// Why `authenticate` refused credentials; it answers with a status every operation that requires
        /// credentials documents.
        type Denied: Send #(#answers)*;

        /// Verifies the credentials sent to `operation` (an operation that requires them) before any more of the
        /// request is read: an unauthenticated caller never learns what its query or body got wrong.
        fn authenticate(
            &self,
            operation: Operation,
            credentials: rt_::Credentials<Scheme>,
        ) -> impl ::std::future::Future<Output = ::std::result::Result<Self::Caller, Self::Denied>> + Send;
    }
}
