//! The identities that cross layers as types, never as strings: the `Operation` enum (one variant per
//! `operationId`) and the `Scheme` enum (one variant per security scheme), with the requirement lists the glue
//! checks.

use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, ident};
use crate::model::{Api, SchemeKind, Security};

/// `enum Operation` with its id, method and path template, from one table (`spec`).
pub(crate) fn operation_enum(api: &Api) -> TokenStream {
    let doc = format!(" Every operation of `openapi/{}`, by its `operationId`.", api.file);
    let variants = api.operations.iter().map(|op| {
        let variant = ident(&op.type_stem);
        let doc = format!(" `{}`: `{} {}`.", op.id, op.http_method, op.path);
        quote! { #[doc = #doc] #variant, }
    });
    let all = api.operations.iter().map(|op| {
        let variant = ident(&op.type_stem);
        quote! { Self::#variant }
    });
    let specs = api.operations.iter().map(|op| {
        let variant = ident(&op.type_stem);
        let (id, method, path) = (&op.id, &op.http_method, &op.path);
        quote! { Self::#variant => (#id, #method, #path), }
    });
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Operation {
            #(#variants)*
        }

        impl Operation {
            /// Every operation, in spec order.
            pub const ALL: &'static [Self] = &[#(#all),*];

            /// The `operationId`, the HTTP method and the path template, as the spec writes them.
            pub const fn spec(self) -> (&'static str, &'static str, &'static str) {
                match self { #(#specs)* }
            }

            /// The `operationId`.
            pub const fn id(self) -> &'static str {
                self.spec().0
            }

            /// The HTTP method.
            pub const fn method(self) -> &'static str {
                self.spec().1
            }

            /// The path template, as the spec writes it.
            pub const fn path(self) -> &'static str {
                self.spec().2
            }
        }
    }
}

/// `enum Scheme`, where each finds its credential, and the root `SECURITY` requirements; nothing for a spec
/// without security schemes.
pub(crate) fn scheme_enum(api: &Api) -> TokenStream {
    if api.schemes.is_empty() {
        return TokenStream::new();
    }
    let doc = format!(" The security schemes of `openapi/{}`.", api.file);
    let variants = api.schemes.iter().map(|scheme| {
        let variant = ident(&scheme.variant);
        let doc = match &scheme.kind {
            SchemeKind::Http(word) => format!(" `{}`: `Authorization: {word} <credential>`.", scheme.name),
            SchemeKind::HeaderKey(header) => format!(" `{}`: the `{header}` header.", scheme.name),
        };
        quote! { #[doc = #doc] #variant, }
    });
    let names = api.schemes.iter().map(|scheme| {
        let variant = ident(&scheme.variant);
        let name = &scheme.name;
        quote! { Self::#variant => #name, }
    });
    let sources = api.schemes.iter().map(|scheme| {
        let variant = ident(&scheme.variant);
        let source = match &scheme.kind {
            SchemeKind::Http(word) => quote! { rt_::CredentialSource::Authorization(#word) },
            SchemeKind::HeaderKey(header) => quote! { rt_::CredentialSource::Header(#header) },
        };
        quote! { Self::#variant => #source, }
    });
    let root = api.security.as_ref().filter(|s| s.applies()).map(|security| {
        let requirements = requirements(security);
        quote! {
            /// The root `security`: the requirements of every operation that declares none of its own.
            const SECURITY: &[&[Scheme]] = #requirements;
        }
    });
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Scheme {
            #(#variants)*
        }

        impl Scheme {
            /// The name under `components.securitySchemes`.
            pub const fn name(self) -> &'static str {
                match self { #(#names)* }
            }
        }

        impl rt_::SecurityScheme for Scheme {
            fn source(self) -> rt_::CredentialSource {
                match self { #(#sources)* }
            }
        }

        #root
    }
}

/// A requirement list as a constant expression: `&[&[Scheme::ApiKey, Scheme::ApiSecret], &[Scheme::Bearer]]`.
pub(crate) fn requirements(security: &Security) -> TokenStream {
    let requirements = security.requirements.iter().map(|all| {
        let schemes = all.iter().map(|variant| {
            let variant = ident(variant);
            quote! { Scheme::#variant }
        });
        quote! { &[#(#schemes),*] }
    });
    quote! { &[#(#requirements),*] }
}

/// The requirement list an operation's glue checks: the root's constant, or its own list.
pub(crate) fn operation_requirements(security: &Security) -> TokenStream {
    if security.inherited {
        quote! { SECURITY }
    } else {
        requirements(security)
    }
}

/// Doc lines naming an operation's schemes, for the credentials field.
pub(crate) fn credentials_doc(api: &Api, security: &Security) -> TokenStream {
    let names: Vec<String> = security
        .requirements
        .iter()
        .map(|all| {
            all.iter()
                .filter_map(|variant| api.schemes.iter().find(|s| s.variant == *variant))
                .map(|s| format!("`{}`", s.name))
                .collect::<Vec<_>>()
                .join(" + ")
        })
        .collect();
    let line = format!("The caller's credentials, from one of: {}.", names.join(", "));
    docs([&line])
}
