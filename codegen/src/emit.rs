//! Emit: small functions that turn pieces of the lowered [`crate::model`] into token streams. The file is assembled
//! here, parsed with `syn` and printed with `prettyplease`, so the output is the same on every machine.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{format_ident, quote};

use crate::model::{
    Api, Body, Constraints, Field, Operation, Response, Schema, SchemaKind, SchemeKind, Type, XmlStyle,
};

fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// A `#[doc]` attribute per line of text, or nothing.
fn docs<'t>(lines: impl IntoIterator<Item = &'t String>) -> TokenStream {
    let mut out = TokenStream::new();
    let mut first = true;
    for text in lines {
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

/// The name of the static holding a field's compiled pattern.
fn pattern_static(owner: &str, field: &str) -> Ident {
    format_ident!(
        "{}_{}_PATTERN",
        heck::ToShoutySnakeCase::to_shouty_snake_case(owner),
        field.to_uppercase()
    )
}

/// Renders a whole spec module.
pub fn api(api: &Api) -> TokenStream {
    let json = format!("application/json{}", api.media_type_parameters);
    let models = api.schemas.iter().map(model);
    let shapes = api.schemas.iter().map(schema_shape);
    let operations = api.operations.iter().map(|op| operation_types(api, op));
    let the_trait = handler_trait(api);
    let glue = glue(api);
    let drift = drift(api);
    quote! {
        /// The JSON media type this API writes, with its `x-spaceport-media-type-parameters`.
        pub const JSON_MEDIA_TYPE: &str = #json;

        #[allow(unused_imports, reason = "nested validation calls `validate` through this trait")]
        use ::validator::Validate as _;

        #(#models)*
        #(#shapes)*
        #(#operations)*
        #the_trait
        #glue
        #drift
    }
}

/// The Rust type of a field's value, before any `Option` wrapping.
fn value_type(ty: &Type) -> TokenStream {
    match ty {
        Type::String(_) => quote! { ::std::string::String },
        Type::Integer => quote! { i64 },
        Type::Number => quote! { f64 },
        Type::Boolean => quote! { bool },
        Type::Array(item) => {
            let item = value_type(item);
            quote! { ::std::vec::Vec<#item> }
        }
        Type::Map(value) => {
            let value = value_type(value);
            quote! { ::std::collections::BTreeMap<::std::string::String, #value> }
        }
        Type::AnyObject => quote! { ::serde_json::Map<::std::string::String, ::serde_json::Value> },
        Type::Named { rust, .. } => {
            let name = ident(rust);
            quote! { #name }
        }
    }
}

/// The validator and schemars attributes for a field's constraints.
fn validate_attributes(owner: &str, field: &Field) -> TokenStream {
    let Constraints {
        min_length,
        max_length,
        minimum,
        maximum,
        pattern,
        one_of: _,
        yaml_list: _,
    } = &field.constraints;
    let mut out = TokenStream::new();
    if min_length.is_some() || max_length.is_some() {
        let min = min_length.map(|n| {
            let n = Literal::u64_unsuffixed(n);
            quote! { min = #n }
        });
        let max = max_length.map(|n| {
            let n = Literal::u64_unsuffixed(n);
            quote! { max = #n }
        });
        let args = min.into_iter().chain(max);
        out.extend(quote! { #[validate(length(#(#args),*))] });
    }
    if minimum.is_some() || maximum.is_some() {
        let min = minimum.map(|n| {
            let n = Literal::i64_unsuffixed(n);
            quote! { min = #n }
        });
        let max = maximum.map(|n| {
            let n = Literal::i64_unsuffixed(n);
            quote! { max = #n }
        });
        let args = min.into_iter().chain(max);
        out.extend(quote! { #[validate(range(#(#args),*))] });
    }
    if pattern.is_some() {
        let name = pattern_static(owner, &field.rust);
        out.extend(quote! { #[validate(regex(path = *#name))] });
    }
    let nested = match &field.ty {
        Type::Named { object, .. } => *object,
        Type::Array(item) => matches!(item.as_ref(), Type::Named { object: true, .. }),
        _ => false,
    };
    if nested {
        out.extend(quote! { #[validate(nested)] });
    }
    if let Type::String(Some(format)) = &field.ty {
        out.extend(quote! { #[cfg_attr(feature = "json-schema", schemars(extend("format" = #format)))] });
    }
    if !field.constraints.one_of.is_empty() {
        let values = field.constraints.one_of.iter().map(|v| Literal::i64_unsuffixed(*v));
        out.extend(quote! { #[cfg_attr(feature = "json-schema", schemars(extend("enum" = [#(#values),*])))] });
    }
    out
}

/// The statics holding a struct's compiled patterns.
fn pattern_statics(owner: &str, fields: &[Field]) -> TokenStream {
    let statics = fields.iter().filter_map(|field| {
        let pattern = field.constraints.pattern.as_ref()?;
        let name = pattern_static(owner, &field.rust);
        let doc = format!(" The `pattern` of `{}`, compiled once.", field.wire);
        Some(quote! {
            #[doc = #doc]
            static #name: ::std::sync::LazyLock<::regex::Regex> = ::std::sync::LazyLock::new(|| {
                ::regex::Regex::new(#pattern).expect("codegen compiled this pattern when it generated this file")
            });
        })
    });
    quote! { #(#statics)* }
}

/// One struct field with its serde, validator and schemars attributes.
fn struct_field(owner: &str, field: &Field) -> TokenStream {
    let name = ident(&field.rust);
    let doc = docs(field.doc.iter());
    let rename = (field.rust != field.wire).then(|| {
        let wire = &field.wire;
        quote! { #[serde(rename = #wire)] }
    });
    let inner = value_type(&field.ty);
    let validate = validate_attributes(owner, field);
    let (ty, presence) = match (field.required, field.nullable) {
        (true, false) => (inner, TokenStream::new()),
        (true, true) => (
            // `deserialize_with` keeps serde from reading a missing key as `None`. schemars renders a required
            // `Option` as its inner type, so `nullable` is stated explicitly.
            quote! { ::std::option::Option<#inner> },
            quote! {
                #[serde(deserialize_with = "crate::rt::nullable")]
                #[cfg_attr(feature = "json-schema", schemars(required, extend("nullable" = true)))]
            },
        ),
        (false, true) => (
            quote! { ::std::option::Option<#inner> },
            quote! { #[serde(default, skip_serializing_if = "::std::option::Option::is_none")] },
        ),
        (false, false) => {
            let with = inner.to_string().replace(' ', "");
            (
                quote! { ::std::option::Option<#inner> },
                quote! {
                    #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
                    #[cfg_attr(feature = "json-schema", schemars(with = #with))]
                },
            )
        }
    };
    quote! {
        #doc
        #rename
        #presence
        #validate
        pub #name: #ty,
    }
}

fn struct_item(name: &str, doc: TokenStream, fields: &[Field], deny_unknown: bool) -> TokenStream {
    let ident = ident(name);
    let statics = pattern_statics(name, fields);
    // A struct whose every field is optional has an obvious default: nothing given.
    let default = fields.iter().all(|f| !f.required).then(|| quote! { Default, });
    let fields = fields.iter().map(|f| struct_field(name, f));
    let deny = deny_unknown.then(|| quote! { #[serde(deny_unknown_fields)] });

    quote! {
        #statics
        #doc
                        #[derive(
            Debug, Clone, PartialEq, #default
            ::serde::Serialize, ::serde::Deserialize, ::validator::Validate,
        )]
        #[cfg_attr(feature = "json-schema", derive(::schemars::JsonSchema))]
        #deny
        pub struct #ident {
            #(#fields)*
        }
    }
}

fn model(schema: &Schema) -> TokenStream {
    let doc = docs(schema.doc.iter());
    match &schema.kind {
        SchemaKind::Array { item } | SchemaKind::Map { value: item } => {
            let name = ident(&schema.rust);
            let inner = value_type(item);
            let ty = if matches!(schema.kind, SchemaKind::Array { .. }) {
                quote! { ::std::vec::Vec<#inner> }
            } else {
                quote! { ::indexmap::IndexMap<::std::string::String, #inner> }
            };
            quote! {
                #doc
                #[derive(Debug, Clone, PartialEq, Default, ::serde::Serialize, ::serde::Deserialize)]
                #[cfg_attr(feature = "json-schema", derive(::schemars::JsonSchema))]
                #[serde(transparent)]
                pub struct #name(pub #ty);
            }
        }
        SchemaKind::IntegerOrDigitString { minimum } => {
            let name = ident(&schema.rust);
            let wire = &schema.wire;
            let minimum = minimum.map(|m| {
                let m = Literal::i64_unsuffixed(m);
                quote! { "minimum": #m, }
            });
            quote! {
                #doc
                #[derive(Debug, Clone, Copy, PartialEq, Eq, ::serde::Serialize, ::serde::Deserialize)]
                #[serde(transparent)]
                pub struct #name(pub i64);

                #[cfg(feature = "json-schema")]
                impl ::schemars::JsonSchema for #name {
                    fn schema_name() -> ::std::borrow::Cow<'static, str> {
                        ::std::borrow::Cow::Borrowed(#wire)
                    }

                    fn json_schema(_: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                        ::schemars::json_schema!({
                            "anyOf": [
                                { "type": "integer", #minimum },
                                { "type": "string", "pattern": "^[1-9][0-9]*$" }
                            ]
                        })
                    }
                }
            }
        }
        SchemaKind::Object { fields, deny_unknown } => struct_item(&schema.rust, doc, fields, *deny_unknown),
        SchemaKind::StringEnum { variants } => {
            let name = ident(&schema.rust);
            // Variants carry no doc comment: schemars would turn documented variants into a `oneOf`.
            let arms = variants.iter().map(|(wire, rust)| {
                let variant = ident(rust);
                quote! { Self::#variant => #wire, }
            });
            let variants = variants.iter().map(|(wire, rust)| {
                let variant = ident(rust);
                quote! {
                    #[serde(rename = #wire)]
                    #variant,
                }
            });
            quote! {
                #doc
                #[derive(
                    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash,
                    ::serde::Serialize, ::serde::Deserialize,
                )]
                #[cfg_attr(feature = "json-schema", derive(::schemars::JsonSchema))]
                pub enum #name {
                    #(#variants)*
                }

                impl #name {
                    /// The value as the spec spells it.
                    pub const fn as_str(self) -> &'static str {
                        match self {
                            #(#arms)*
                        }
                    }
                }
            }
        }
    }
}

/// The runtime shape of a value type, as a constant expression.
fn shape_expr(ty: &Type, one_of: &[i64]) -> TokenStream {
    match ty {
        Type::String(Some(format)) if format == "date-time" => quote! { crate::rt::Shape::DateTime },
        Type::String(Some(format)) if format == "date" => quote! { crate::rt::Shape::Date },
        Type::String(_) => quote! { crate::rt::Shape::String },
        Type::Integer if !one_of.is_empty() => {
            let values = one_of.iter().map(|v| Literal::i64_unsuffixed(*v));
            quote! { crate::rt::Shape::IntegerIn(&[#(#values),*]) }
        }
        Type::Integer => quote! { crate::rt::Shape::Integer },
        Type::Number => quote! { crate::rt::Shape::Number },
        Type::Boolean => quote! { crate::rt::Shape::Boolean },
        Type::AnyObject => quote! { crate::rt::Shape::AnyObject },
        Type::Array(item) => {
            let item = shape_expr(item, &[]);
            quote! { crate::rt::Shape::Array(&#item) }
        }
        Type::Map(value) => {
            let value = shape_expr(value, &[]);
            quote! { crate::rt::Shape::Map(&#value) }
        }
        Type::Named { rust, .. } => {
            let name = ident(rust);
            quote! { <#name as crate::rt::Described>::SHAPE }
        }
    }
}

fn object_shape(name: &str, fields: &[Field], deny_unknown: bool) -> TokenStream {
    let ident = ident(name);
    let fields = fields.iter().map(|field| {
        let wire = &field.wire;
        let shape = if field.constraints.yaml_list {
            quote! { crate::rt::Shape::YamlList }
        } else {
            shape_expr(&field.ty, &field.constraints.one_of)
        };
        let required = field.required;
        let nullable = field.nullable;
        quote! {
            crate::rt::FieldShape { name: #wire, shape: &#shape, required: #required, nullable: #nullable },
        }
    });
    quote! {
        impl crate::rt::Described for #ident {
            const SHAPE: crate::rt::Shape = crate::rt::Shape::Object {
                fields: &[#(#fields)*],
                deny_unknown: #deny_unknown,
            };
        }
    }
}

fn schema_shape(schema: &Schema) -> TokenStream {
    match &schema.kind {
        SchemaKind::Array { item } | SchemaKind::Map { value: item } => {
            let name = ident(&schema.rust);
            let inner = shape_expr(item, &[]);
            let shape = if matches!(schema.kind, SchemaKind::Array { .. }) {
                quote! { crate::rt::Shape::Array(&#inner) }
            } else {
                quote! { crate::rt::Shape::Map(&#inner) }
            };
            quote! {
                impl crate::rt::Described for #name {
                    const SHAPE: crate::rt::Shape = #shape;
                }
            }
        }
        SchemaKind::IntegerOrDigitString { minimum } => {
            let name = ident(&schema.rust);
            let minimum = match minimum {
                Some(m) => {
                    let m = Literal::i64_unsuffixed(*m);
                    quote! { ::std::option::Option::Some(#m) }
                }
                None => quote! { ::std::option::Option::None },
            };
            quote! {
                impl crate::rt::Described for #name {
                    const SHAPE: crate::rt::Shape = crate::rt::Shape::IntegerOrDigitString { minimum: #minimum };
                }
            }
        }
        SchemaKind::Object { fields, deny_unknown } => object_shape(&schema.rust, fields, *deny_unknown),
        SchemaKind::StringEnum { variants } => {
            let name = ident(&schema.rust);
            let values = variants.iter().map(|(wire, _)| wire);
            quote! {
                impl crate::rt::Described for #name {
                    const SHAPE: crate::rt::Shape = crate::rt::Shape::Enum(&[#(#values),*]);
                }
            }
        }
    }
}

/// The parameter struct for one location (`CreateSpacePath`), its shape, or nothing when there are no parameters.
fn params_struct(op: &Operation, suffix: &str, fields: &[Field]) -> TokenStream {
    if fields.is_empty() {
        return TokenStream::new();
    }
    let name = format!("{}{suffix}", op.type_stem);
    let doc = format!(" The {} parameters of `{}`.", suffix.to_lowercase(), op.id);
    let item = struct_item(&name, quote! { #[doc = #doc] }, fields, false);
    let shape = object_shape(&name, fields, false);
    quote! { #item #shape }
}

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

fn response_arm(api: &Api, response: &Response) -> TokenStream {
    let variant = ident(&response.variant);
    let status = response.status;
    let header_names: Vec<Ident> = response.headers.iter().map(|h| ident(&h.rust)).collect();
    let header_wires = response.headers.iter().map(|h| &h.wire);
    let headers = quote! { ::std::vec![#((#header_wires, #header_names)),*] };
    let call = match &response.body {
        Some(rust) => {
            let ty = ident(rust);
            let write = |media: &crate::model::ResponseMedia| {
                let content_type = format!("{}{}", media.media, api.media_type_parameters);
                match &media.xml {
                    Some(XmlStyle::Rails { root, item }) => {
                        let item = match item {
                            Some(item) => quote! { ::std::option::Option::Some(#item) },
                            None => quote! { ::std::option::Option::None },
                        };
                        quote! {
                            crate::rt::respond_with_xml(
                                #status, headers, #content_type, &body,
                                crate::rt::XmlStyle::Rails { root: #root, item: #item },
                                &<#ty as crate::rt::Described>::SHAPE,
                            )
                        }
                    }
                    Some(XmlStyle::RailsErrors) => quote! {
                        crate::rt::respond_with_xml(
                            #status, headers, #content_type, &body, crate::rt::XmlStyle::RailsErrors,
                            &<#ty as crate::rt::Described>::SHAPE,
                        )
                    },
                    None => quote! { crate::rt::respond_with_body(#status, headers, #content_type, &body) },
                }
            };
            let default = response.media.first().map(&write).unwrap_or_default();
            let xml = response.media.iter().find(|m| m.xml.is_some()).map(&write);
            match xml {
                Some(xml) if response.media.len() > 1 => quote! {{
                    let headers = #headers;
                    match format {
                        crate::rt::Format::Xml => #xml,
                        crate::rt::Format::Json => #default,
                    }
                }},
                _ => quote! {{
                    let headers = #headers;
                    #default
                }},
            }
        }
        None => quote! { crate::rt::respond(#status, #headers) },
    };
    let pattern = match (response.headers.is_empty(), response.body.is_some()) {
        (true, true) => quote! { Self::#variant(body) },
        (true, false) => quote! { Self::#variant },
        (false, true) => quote! { Self::#variant { #(#header_names,)* body } },
        (false, false) => quote! { Self::#variant { #(#header_names),* } },
    };
    quote! {
        #pattern => #call,
    }
}

fn operation_types(api: &Api, op: &Operation) -> TokenStream {
    let stem = &op.type_stem;
    let path = params_struct(op, "Path", &op.path_params);
    let query = params_struct(op, "Query", &op.query_params);
    let headers = params_struct(op, "Headers", &op.header_params);
    let mut fields = Vec::new();
    if !op.security.schemes.is_empty() {
        let ty = if op.security.optional {
            quote! { ::std::option::Option<crate::rt::Credentials> }
        } else {
            quote! { crate::rt::Credentials }
        };
        fields.push(
            quote! { /// The caller's credentials, from one of the operation's security schemes.
            pub credentials: #ty, },
        );
    }
    for (suffix, field, params) in [
        ("Path", "path", &op.path_params),
        ("Query", "query", &op.query_params),
        ("Headers", "headers", &op.header_params),
    ] {
        if !params.is_empty() {
            let ty = format_ident!("{stem}{suffix}");
            let name = ident(field);
            let doc = format!(" The {field} parameters.");
            fields.push(quote! { #[doc = #doc] pub #name: #ty, });
        }
    }
    if let Some(body) = &op.body {
        let ty = ident(&body.rust);
        let ty = if body.required {
            quote! { #ty }
        } else {
            quote! { ::std::option::Option<#ty> }
        };
        fields.push(quote! { /// The parsed, validated body.
        pub body: #ty, });
    }
    let request = format_ident!("{stem}Request");
    let response = format_ident!("{stem}Response");
    let request_doc = format!(
        " The parsed, validated request of `{}` (`{} {}`).",
        op.id, op.http_method, op.path
    );
    let response_doc = format!(" Every response `{}` documents.", op.id);
    let variants = op.responses.iter().map(response_variant);
    let arms = op.responses.iter().map(|r| response_arm(api, r));
    quote! {
        #path
        #query
        #headers
        #[doc = #request_doc]
        #[derive(Debug, Clone)]
        pub struct #request {
            #(#fields)*
        }
        #[doc = #response_doc]
        #[derive(Debug, Clone)]
        #[allow(clippy::large_enum_variant, reason = "a response is built once and written at once; boxing buys nothing")]
        pub enum #response {
            #(#variants)*
        }
        impl #response {
                        /// Writes the status, headers and body this response stands for, in `format` where the response has
            /// several media types.
            pub fn into_http(self, format: crate::rt::Format) -> ::actix_web::HttpResponse {
                let _ = format;
                match self {
                    #(#arms)*
                }
            }
        }
    }
}

fn handler_trait(api: &Api) -> TokenStream {
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
            fn reject(&self, rejection: crate::rt::Rejection) -> ::actix_web::HttpResponse;
        }
    }
}

fn scheme_specs(op: &Operation) -> TokenStream {
    let requirements = op.security.schemes.iter().map(|all| {
        let schemes = all.iter().map(|scheme| {
            let name = &scheme.name;
            let source = match &scheme.kind {
                SchemeKind::Http(auth) => quote! { crate::rt::CredentialSource::Authorization(#auth) },
                SchemeKind::HeaderKey(header) => quote! { crate::rt::CredentialSource::Header(#header) },
            };
            quote! { crate::rt::SchemeSpec { name: #name, source: #source } }
        });
        quote! { &[#(#schemes),*] }
    });
    quote! { &[#(#requirements),*] }
}

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
        crate::rt::BodySpec {
            media: &[#(#media),*],
            ignore_content_type: #ignore,
            max_bytes: #max,
            wrapper: #wrapper,
            query_params: #query,
        }
    }
}

fn glue_handler(api: &Api, op: &Operation) -> TokenStream {
    let trait_name = ident(&api.trait_name);
    let fn_name = format_ident!("__{}", op.method_name);
    let method = ident(&op.method_name);
    let id = &op.id;
    let request = format_ident!("{}Request", op.type_stem);
    let mut steps = Vec::new();
    let mut names = Vec::new();
    if !op.security.schemes.is_empty() {
        let schemes = scheme_specs(op);
        let found = quote! { crate::rt::credentials(&http, #schemes) };
        steps.push(if op.security.optional {
            quote! { let credentials = #found; }
        } else {
            quote! { let credentials = #found.ok_or(crate::rt::RejectionKind::MissingCredentials)?; }
        });
        names.push(ident("credentials"));
    }
    for (suffix, field, params, reader) in [
        ("Path", "path", &op.path_params, "path"),
        ("Query", "query", &op.query_params, "query"),
        ("Headers", "headers", &op.header_params, "headers"),
    ] {
        if !params.is_empty() {
            let ty = format_ident!("{}{suffix}", op.type_stem);
            let name = ident(field);
            let reader = ident(reader);
            steps.push(quote! { let #name = crate::rt::#reader::<#ty>(&http)?; });
            names.push(name);
        }
    }
    let payload_arg = op.body.as_ref().map(|_| quote! { payload: ::actix_web::web::Payload, });
    if let Some(body) = &op.body {
        let spec = body_spec(body);
        let ty = ident(&body.rust);
        let read = quote! { crate::rt::body::<#ty>(&http, payload, &#spec).await? };
        steps.push(if body.required {
            quote! { let body = #read.ok_or(crate::rt::RejectionKind::EmptyBody)?; }
        } else {
            quote! { let body = #read; }
        });
        names.push(ident("body"));
    }
    quote! {
        async fn #fn_name<A: #trait_name>(
            api: ::actix_web::web::Data<A>,
            http: ::actix_web::HttpRequest,
            #payload_arg
        ) -> ::actix_web::HttpResponse {
            let format = crate::rt::negotiate(&http);
            let request = async {
                #(#steps)*
                ::std::result::Result::Ok::<_, crate::rt::RejectionKind>(#request { #(#names),* })
            }
            .await;
            match request {
                                ::std::result::Result::Ok(request) => api.#method(request).await.into_http(format),
                ::std::result::Result::Err(kind) => api.reject(crate::rt::Rejection {
                    operation: ::std::option::Option::Some(#id),
                    format,
                    kind,
                }),
            }
        }
    }
}

fn glue(api: &Api) -> TokenStream {
    let trait_name = ident(&api.trait_name);
    let handlers = api.operations.iter().map(|op| glue_handler(api, op));
    // One resource per path, so a wrong method on a known path reaches `reject` as MethodNotAllowed.
    let mut paths: Vec<&str> = Vec::new();
    for op in &api.operations {
        if !paths.contains(&op.path.as_str()) {
            paths.push(&op.path);
        }
    }
    // OpenAPI matches concrete paths before templated ones (`/spaces/{guid}/events` before
    // `/spaces/{guid}/{relation}`); actix tries resources in registration order, so a literal segment sorts
    // before a parameter at the first place two paths differ. The sort is stable: spec order otherwise.
    paths.sort_by_key(|path| {
        path.split('/')
            .map(|segment| segment.starts_with('{'))
            .collect::<Vec<bool>>()
    });
    let resources = paths.iter().map(|path| {
        let ops: Vec<&Operation> = api.operations.iter().filter(|op| op.path == *path).collect();
        let methods = ops.iter().map(|op| &op.http_method);
        let routes = ops.iter().map(|op| {
            let method = ident(&op.http_method.to_lowercase());
            let handler = format_ident!("__{}", op.method_name);
            quote! { .route(::actix_web::web::#method().to(#handler::<A>)) }
        });
        let mut patterns: Vec<String> = Vec::new();
        for base in &api.base_paths {
            let full = format!("{base}{path}");
            // With format suffixes, a path parameter stops at a dot, so `{id}.json` parses as the suffix.
            let full = if api.format_suffixes.is_empty() {
                full
            } else {
                restrict_params(&full)
            };
            let mut variants = vec![full.clone()];
            if api.trailing_slash && full != "/" {
                variants.push(match full.strip_suffix('/') {
                    Some(trimmed) => trimmed.to_owned(),
                    None => format!("{full}/"),
                });
            }
            for variant in variants {
                if !patterns.contains(&variant) {
                    patterns.push(variant);
                }
            }
        }
        let methods: Vec<&String> = methods.collect();
        let routes: Vec<TokenStream> = routes.collect();
        // Suffixed variants first: each pins its response format.
        let suffixed = api.format_suffixes.iter().map(|(suffix, media)| {
            let mut suffixed: Vec<String> = Vec::new();
            for pattern in &patterns {
                let variant = format!("{}.{suffix}", pattern.trim_end_matches('/'));
                if !suffixed.contains(&variant) {
                    suffixed.push(variant);
                }
            }
            let patterns = suffixed;
            let format = if media == "application/xml" {
                quote! { crate::rt::Format::Xml }
            } else {
                quote! { crate::rt::Format::Json }
            };
            quote! {
                config.service(
                    ::actix_web::web::resource([#(#patterns),*])
                        .app_data(api.clone())
                        .app_data(crate::rt::Allow(&[#(#methods),*]))
                        .app_data(crate::rt::SuffixFormat(#format))
                        #(#routes)*
                        .default_service(::actix_web::web::to(method_not_allowed::<A>)),
                );
            }
        });
        quote! {
            #(#suffixed)*
            config.service(
                ::actix_web::web::resource([#(#patterns),*])
                    .app_data(api.clone())
                    .app_data(crate::rt::Allow(&[#(#methods),*]))
                    #(#routes)*
                    .default_service(::actix_web::web::to(method_not_allowed::<A>)),
            );
        }
    });
    let prefixes_doc = " The literal first path segment of every path in this spec, for routing unknown paths.";
    let mut prefixes: Vec<String> = Vec::new();
    for base in &api.base_paths {
        for path in &paths {
            let full = format!("{base}{path}");
            let segment = full.trim_start_matches('/').split('/').next().unwrap_or_default();
            let prefix = if segment.starts_with('{') {
                String::new()
            } else {
                format!("/{segment}")
            };
            if !prefixes.contains(&prefix) {
                prefixes.push(prefix);
            }
        }
    }
    quote! {
        #(#handlers)*

        /// Answers a known path asked with a method it does not serve.
        async fn method_not_allowed<A: #trait_name>(
            api: ::actix_web::web::Data<A>,
            http: ::actix_web::HttpRequest,
        ) -> ::actix_web::HttpResponse {
                        let allow = http.app_data::<crate::rt::Allow>().map_or(&[][..], |allow| allow.0);
            api.reject(crate::rt::Rejection {
                operation: ::std::option::Option::None,
                format: crate::rt::negotiate(&http),
                kind: crate::rt::RejectionKind::MethodNotAllowed { allow },
            })
        }

        /// Answers a path this spec does not declare, in this vendor's envelope.
        pub async fn not_found<A: #trait_name>(
            api: ::actix_web::web::Data<A>,
            http: ::actix_web::HttpRequest,
        ) -> ::actix_web::HttpResponse {
            api.reject(crate::rt::Rejection {
                operation: ::std::option::Option::None,
                format: crate::rt::negotiate(&http),
                kind: crate::rt::RejectionKind::NotFound,
            })
        }

        #[doc = #prefixes_doc]
        pub const PATH_PREFIXES: &[&str] = &[#(#prefixes),*];

        /// Registers every operation of this spec, each path as one resource.
        pub fn configure<A: #trait_name>(config: &mut ::actix_web::web::ServiceConfig, api: ::actix_web::web::Data<A>) {
            #(#resources)*
        }
    }
}

/// `/v1/spaces/{id}` → `/v1/spaces/{id:[^/.]+}`.
fn restrict_params(path: &str) -> String {
    let mut out = String::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let Some(end) = rest[start..].find('}') else {
            break;
        };
        out.push_str(&rest[start..start + end]);
        out.push_str(":[^/.]+}");
        rest = &rest[start + end + 1..];
    }
    out.push_str(rest);
    out
}

fn drift(api: &Api) -> TokenStream {
    let entries = api.schemas.iter().map(|schema| {
        let wire = &schema.wire;
        let name = ident(&schema.rust);
        quote! { (#wire, generator.root_schema_for::<#name>()) }
    });
    quote! {
        /// Every component schema as schemars renders its generated type, keyed by its name in the spec; the
        /// drift test compares them with the hand-written `components.schemas`.
        #[cfg(feature = "json-schema")]
        pub fn component_schemas(
            generator: &mut ::schemars::SchemaGenerator,
        ) -> ::std::vec::Vec<(&'static str, ::schemars::Schema)> {
            ::std::vec![#(#entries),*]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Constraints;

    #[test]
    fn a_max_length_becomes_an_unsuffixed_validator_length() {
        let field = Field {
            wire: "name".into(),
            rust: "name".into(),
            doc: None,
            ty: Type::String(None),
            required: true,
            nullable: false,
            constraints: Constraints {
                max_length: Some(255),
                ..Constraints::default()
            },
        };
        let tokens = struct_field("Space", &field).to_string();
        assert!(tokens.contains("# [validate (length (max = 255))]"), "{tokens}");
        assert!(tokens.contains("pub name : :: std :: string :: String"), "{tokens}");
    }

    #[test]
    fn an_optional_non_nullable_field_is_an_option_rendered_as_its_inner_type() {
        let field = Field {
            wire: "allow_ssh".into(),
            rust: "allow_ssh".into(),
            doc: None,
            ty: Type::Boolean,
            required: false,
            nullable: false,
            constraints: Constraints::default(),
        };
        let tokens = struct_field("Space", &field).to_string();
        assert!(tokens.contains("schemars (with = \"bool\")"), "{tokens}");
        assert!(tokens.contains(":: std :: option :: Option < bool >"), "{tokens}");
    }
}
