//! The actix-web glue: one handler per operation (pick the API instance, negotiate, read the request, call the
//! trait, write the response, or reject), the answers for a wrong method and an unknown path, and `configure`, which registers the
//! lowered route table.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::ident;
use crate::model::{Api, Operation, Resource, ResponseFormat};

/// `serve_<operation>`: the actix handler of one operation.
fn serve(api: &Api, op: &Operation) -> TokenStream {
    let trait_name = ident(&api.trait_name);
    let name = format_ident!("serve_{}", op.method_name);
    let method = ident(&op.method_name);
    let variant = ident(&op.type_stem);
    let request = format_ident!("{}Request", op.type_stem);
    let doc = format!(" Serves `{}`.", op.id);
    let (payload, read) = if op.body.is_some() {
        (
            quote! { payload: ::actix_web::web::Payload, },
            quote! { #request::read(&http, payload).await },
        )
    } else {
        (TokenStream::new(), quote! { #request::read(&http) })
    };
    quote! {
        #[doc = #doc]
        async fn #name<A: #trait_name>(
            api: ::actix_web::web::Data<A>,
            http: ::actix_web::HttpRequest,
            #payload
        ) -> ::actix_web::HttpResponse {
            let api = ::spaceport_runtime::chosen(&http, api);
            ::actix_web::HttpMessage::extensions_mut(&http).insert(::spaceport_runtime::Matched(Operation::#variant.id()));
            let format = ::spaceport_runtime::negotiate(&http);
            match #read {
                ::std::result::Result::Ok(request) => api.#method(request).await.into_http(format),
                ::std::result::Result::Err(kind) => api.reject(::spaceport_runtime::Rejection {
                    operation: ::std::option::Option::Some(Operation::#variant),
                    format,
                    kind,
                }),
            }
        }
    }
}

/// The registration of one resource of the route table.
fn resource(api: &Api, resource: &Resource) -> TokenStream {
    let patterns = &resource.patterns;
    let operations: Vec<&Operation> = resource
        .operations
        .iter()
        .map(|&index| &api.operations[index])
        .collect();
    let methods = operations.iter().map(|op| &op.http_method);
    let routes = operations.iter().map(|op| {
        let method = ident(&op.http_method.to_lowercase());
        let handler = format_ident!("serve_{}", op.method_name);
        quote! { .route(::actix_web::web::#method().to(#handler::<A>)) }
    });
    let format = resource.format.map(|format| {
        let format = match format {
            ResponseFormat::Json => quote! { ::spaceport_runtime::Format::Json },
            ResponseFormat::Xml => quote! { ::spaceport_runtime::Format::Xml },
        };
        quote! { .app_data(::spaceport_runtime::SuffixFormat(#format)) }
    });
    quote! {
        config.service(
            ::actix_web::web::resource([#(#patterns),*])
                .app_data(api.clone())
                .app_data(::spaceport_runtime::Allow(&[#(#methods),*]))
                #format
                #(#routes)*
                .default_service(::actix_web::web::to(method_not_allowed::<A>)),
        );
    }
}

/// The glue of a whole spec.
pub(crate) fn glue(api: &Api) -> TokenStream {
    let trait_name = ident(&api.trait_name);
    let handlers = api.operations.iter().map(|op| serve(api, op));
    let resources = api.resources.iter().map(|r| resource(api, r));
    let prefixes = &api.path_prefixes;
    quote! {
        #(#handlers)*

        /// Answers a known path asked with a method it does not serve.
        async fn method_not_allowed<A: #trait_name>(
            api: ::actix_web::web::Data<A>,
            http: ::actix_web::HttpRequest,
        ) -> ::actix_web::HttpResponse {
            let api = ::spaceport_runtime::chosen(&http, api);
            api.reject(::spaceport_runtime::Rejection {
                operation: ::std::option::Option::None,
                format: ::spaceport_runtime::negotiate(&http),
                kind: ::spaceport_runtime::RejectionKind::MethodNotAllowed {
                    allow: ::spaceport_runtime::allowed(&http),
                },
            })
        }

        /// Answers a path this spec does not declare, in this vendor's envelope.
        pub async fn not_found<A: #trait_name>(
            api: ::actix_web::web::Data<A>,
            http: ::actix_web::HttpRequest,
        ) -> ::actix_web::HttpResponse {
            let api = ::spaceport_runtime::chosen(&http, api);
            api.reject(::spaceport_runtime::Rejection {
                operation: ::std::option::Option::None,
                format: ::spaceport_runtime::negotiate(&http),
                kind: ::spaceport_runtime::RejectionKind::NotFound,
            })
        }

        /// The literal first path segment of every path in this spec, for routing unknown paths.
        pub const PATH_PREFIXES: &[&str] = &[#(#prefixes),*];

        /// Registers every operation of this spec, each path as one resource (several with format suffixes), in
        /// matching order.
        pub fn configure<A: #trait_name>(config: &mut ::actix_web::web::ServiceConfig, api: ::actix_web::web::Data<A>) {
            #(#resources)*
        }
    }
}
