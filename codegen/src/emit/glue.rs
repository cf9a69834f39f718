//! The actix-web glue: the route table, `dispatch` (route once, then serve the operation, answer a wrong method
//! or an unknown path), and one handler per operation (read the path parameters, have required credentials
//! verified, read the rest of the request, call the trait, write the response, or reject).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{ident, identity};
use crate::model::{Api, Operation, Resource, ResponseFormat};

/// `serve_<operation>`: serves the `rt_::Call` the table routed to one operation, in the format `dispatch`
/// negotiated, checking the request in the real servers' order: its path parameters (part of the route), its
/// credentials when it requires them (verified by the trait's `authenticate`), then the rest (`read`: query,
/// headers, body).
fn serve(api: &Api, op: &Operation) -> TokenStream {
    let trait_name = ident(&api.trait_name);
    let name = format_ident!("serve_{}", op.method_name);
    let method = ident(&op.method_name);
    let variant = ident(&op.type_stem);
    let request = format_ident!("{}Request", op.type_stem);
    let response = format_ident!("{}Response", op.type_stem);
    let doc = format!(" Serves `{}`.", op.id);
    let mut read_args = vec![quote! { &http }];
    let (params, path) = if op.path_params.is_empty() {
        (quote! { params: _ }, TokenStream::new())
    } else {
        let ty = format_ident!("{}Path", op.type_stem);
        read_args.push(quote! { path });
        (
            quote! { params },
            quote! {
                let path = match rt_::path::<#ty>(&params) {
                    ::std::result::Result::Ok(path) => path,
                    ::std::result::Result::Err(kind) => return reject(kind),
                };
            },
        )
    };
    let (caller, handler_args) = if op.security.required() {
        let requirements = identity::operation_requirements(&op.security);
        (
            quote! {
                let credentials = match rt_::required_credentials(&http, #requirements) {
                    ::std::result::Result::Ok(credentials) => credentials,
                    ::std::result::Result::Err(kind) => return reject(kind),
                };
                let caller = match api.authenticate(Operation::#variant, credentials).await {
                    ::std::result::Result::Ok(caller) => caller,
                    ::std::result::Result::Err(denied) => return #response::from(denied).into_http(format),
                };
            },
            quote! { caller, request },
        )
    } else {
        (TokenStream::new(), quote! { request })
    };
    let (payload, read) = if op.body.is_some() {
        read_args.push(quote! { payload });
        (quote! { payload }, quote! { #request::read(#(#read_args),*).await })
    } else {
        (quote! { payload: _ }, quote! { #request::read(#(#read_args),*) })
    };
    quote! {
        #[doc = #doc]
        async fn #name<A: #trait_name>(api: ::actix_web::web::Data<A>, call: rt_::Call) -> ::actix_web::HttpResponse {
            let rt_::Call { http, format, #params, #payload } = call;
            let reject = |kind| api.reject(rt_::Rejection::of(Operation::#variant, format, kind));
            #path
            #caller
            match #read {
                ::std::result::Result::Ok(request) => api.#method(#handler_args).await.into_http(format),
                ::std::result::Result::Err(kind) => reject(kind),
            }
        }
    }
}

/// One entry of the route table.
fn route(api: &Api, resource: &Resource) -> TokenStream {
    let patterns = &resource.patterns;
    let operations: Vec<&Operation> = resource
        .operations
        .iter()
        .map(|&index| &api.operations[index])
        .collect();
    let served = operations.iter().map(|op| {
        let method = ident(&op.http_method.to_uppercase());
        let variant = ident(&op.type_stem);
        quote! { (::actix_web::http::Method::#method, Operation::#variant) }
    });
    let format = match resource.format {
        None => quote! { ::std::option::Option::None },
        Some(ResponseFormat::Json) => quote! { ::std::option::Option::Some(rt_::Format::Json) },
        Some(ResponseFormat::Xml) => quote! { ::std::option::Option::Some(rt_::Format::Xml) },
    };
    quote! {
        rt_::Route {
            patterns: &[#(#patterns),*],
            format: #format,
            operations: &[#(#served),*],
        },
    }
}

/// The glue of a whole spec.
pub(crate) fn glue(api: &Api) -> TokenStream {
    let trait_name = ident(&api.trait_name);
    let handlers = api.operations.iter().map(|op| serve(api, op));
    let routes = api.resources.iter().map(|r| route(api, r));
    let arms = api.operations.iter().map(|op| {
        let variant = ident(&op.type_stem);
        let handler = format_ident!("serve_{}", op.method_name);
        quote! { Operation::#variant => #handler(api, call).await, }
    });
    let stop_at_dot = !api.format_suffixes.is_empty();
    let prefixes = &api.path_prefixes;
    let suffixes = &api.format_suffixes;
    quote! {
        #(#handlers)*

        /// Every path of this spec under its variants (server prefixes, trailing slash, format suffixes).
        static ROUTES: &[rt_::Route<Operation>] = &[#(#routes)*];

        /// The route table, built on first use (an app can force it before serving).
        pub static TABLE: ::std::sync::LazyLock<rt_::RouteTable<Operation>> =
            ::std::sync::LazyLock::new(|| {
                rt_::RouteTable::new(ROUTES, #stop_at_dot)
                    .expect("codegen inserted every pattern into a table like this one")
            });

        /// Whether `path` is this API's: it is, or lies under, the literal first segment of a pattern in its
        /// route table ([`TABLE`]), or (with format suffixes) is such a segment with a suffix. An app serving
        /// several specs sends each path to the API that owns it, so even an unknown path is answered in that
        /// API's envelope.
        pub fn owns(path: &str) -> bool {
            rt_::owns(path, &[#(#prefixes),*], &[#(#suffixes),*])
        }

        /// Serves a request for a path of this spec through the table with `api` (the caller's choice: the world
        /// the request belongs to), in this vendor's envelope when the path is unknown or asked with a method it
        /// does not serve.
        pub async fn dispatch<A: #trait_name>(
            api: ::actix_web::web::Data<A>,
            http: ::actix_web::HttpRequest,
            payload: ::actix_web::web::Payload,
        ) -> ::actix_web::HttpResponse {
            match rt_::admit(&http).and_then(|path| TABLE.route(path, http.method())) {
                ::std::result::Result::Ok(found) => {
                    ::actix_web::HttpMessage::extensions_mut(&http).insert(rt_::Matched(found.operation.id()));
                    let format = rt_::negotiate(&http, found.suffix);
                    let call = rt_::Call { http, format, params: found.params, payload };
                    match found.operation {
                        #(#arms)*
                    }
                }
                ::std::result::Result::Err(miss) => api.reject(rt_::Rejection {
                    operation: ::std::option::Option::None,
                    format: rt_::negotiate(&http, miss.suffix),
                    kind: miss.kind,
                }),
            }
        }

        /// Serves this spec alone with `api`: every request the app's own routes do not take goes to [`dispatch`].
        /// (An app serving several specs dispatches by path to each instead.)
        pub fn configure<A: #trait_name>(config: &mut ::actix_web::web::ServiceConfig, api: ::actix_web::web::Data<A>) {
            config.default_service(::actix_web::web::to(move |http, payload| dispatch(api.clone(), http, payload)));
        }
    }
}
