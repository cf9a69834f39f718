//! The `SURFACE` constant: what a request journal needs to know about an API (where it is served, its operations
//! for the near-miss search, read from the `Operation` enum, and where its credentials travel), derived from the
//! spec so that a new operation, base path, security scheme or `format: password` property is journaled right
//! without a second list.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::{Api, Field, SchemaKind, SchemeKind, Type};

/// Whether a field holds a secret: `type: string, format: password`.
fn secret(field: &Field) -> bool {
    matches!(&field.ty, Type::String(Some(format)) if format == "password")
}

/// The wire names of every secret property and parameter, sorted and once each.
fn secret_fields(api: &Api) -> BTreeSet<&str> {
    let schema_fields = api.schemas.iter().flat_map(|schema| match &schema.kind {
        SchemaKind::Object { fields, .. } => fields.as_slice(),
        _ => &[],
    });
    let parameters = api
        .operations
        .iter()
        .flat_map(|op| op.path_params.iter().chain(&op.query_params).chain(&op.header_params));
    schema_fields
        .chain(parameters)
        .filter(|field| secret(field))
        .map(|field| field.wire.as_str())
        .collect()
}

/// The lower-cased names of the headers the security schemes read, sorted and once each.
fn credential_headers(api: &Api) -> BTreeSet<String> {
    api.schemes
        .iter()
        .map(|scheme| match &scheme.kind {
            SchemeKind::Http(_) => "authorization".to_owned(),
            SchemeKind::HeaderKey(name) => name.to_ascii_lowercase(),
        })
        .collect()
}

/// `pub const SURFACE: rt_::Surface`.
pub(crate) fn surface(api: &Api) -> TokenStream {
    let base_paths = &api.base_paths;
    let suffixes = &api.format_suffixes;
    let headers = credential_headers(api);
    let headers = headers.iter();
    let fields = secret_fields(api);
    let fields = fields.iter();
    quote! {
        /// What a request journal needs to know about this API: where it is served, its operations, and the
        /// headers and fields (`format: password`) its credentials travel in.
        pub const SURFACE: rt_::Surface = rt_::Surface {
            base_paths: &[#(#base_paths),*],
            format_suffixes: &[#(#suffixes),*],
            operations: || Operation::ALL.iter().map(|op| op.spec()).collect(),
            credential_headers: &[#(#headers),*],
            secret_fields: &[#(#fields),*],
        };
    }
}
