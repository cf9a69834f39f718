//! Models: a serde struct or enum per component schema (and per parameter location), with its `validator`
//! attributes, its schemars derive behind `cfg(feature = "json-schema")`, and its shape right after it.
//!
//! Field types follow `required` and `nullable`: a required field is `T` (or `Option<T>` when nullable, `null`
//! being `None`); an optional field is `Option<T>` (absent is `None`, and `null` is refused unless nullable); an
//! optional nullable field is `Option<Option<T>>`, so absent (`None`) and `null` (`Some(None)`) stay apart.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use super::{docs, ident, shapes};
use crate::model::{Api, Constraints, Field, Schema, SchemaKind, Type};

/// The name of the static holding a field's compiled pattern.
fn pattern_static(owner: &str, field: &str) -> Ident {
    format_ident!(
        "{}_{}_PATTERN",
        heck::ToShoutySnakeCase::to_shouty_snake_case(owner),
        field.to_uppercase()
    )
}

/// The Rust type of a field's value, before any `Option` wrapping.
pub(crate) fn value_type(ty: &Type) -> TokenStream {
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
            quote! { ::indexmap::IndexMap<::std::string::String, #value> }
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
        one_of,
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
        // Typed, as every integer field is an i64: validator otherwise takes an unsuffixed bound as an i32, and a
        // bound past it (`maximum: 9223372036854775807`) would not compile.
        let min = minimum.map(|n| {
            let n = Literal::i64_suffixed(n);
            quote! { min = #n }
        });
        let max = maximum.map(|n| {
            let n = Literal::i64_suffixed(n);
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
    if !one_of.is_empty() {
        let values = one_of.iter().map(|v| Literal::i64_unsuffixed(*v));
        // A nullable enum lists null, as the spec must (codegen checks it).
        let null = field.nullable.then(|| quote! { , null });
        out.extend(quote! { #[cfg_attr(feature = "json-schema", schemars(extend("enum" = [#(#values),* #null])))] });
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
pub(crate) fn struct_field(owner: &str, field: &Field) -> TokenStream {
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
                #[serde(deserialize_with = "rt_::field::nullable")]
                #[cfg_attr(feature = "json-schema", schemars(required, extend("nullable" = true)))]
            },
        ),
        (false, true) => {
            // Absent is `None` and `null` is `Some(None)`; the schema is the one of an optional `Option`.
            let with = format!("::std::option::Option<{}>", inner.to_string().replace(' ', ""));
            (
                quote! { ::std::option::Option<::std::option::Option<#inner>> },
                quote! {
                    #[serde(
                        default,
                        skip_serializing_if = "::std::option::Option::is_none",
                        deserialize_with = "rt_::field::absent_or_nullable"
                    )]
                    #[cfg_attr(feature = "json-schema", schemars(with = #with))]
                },
            )
        }
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

/// A struct for an object schema or a parameter location, and its shape.
pub(crate) fn struct_item(name: &str, doc: TokenStream, fields: &[Field], deny_unknown: bool) -> TokenStream {
    let ident = ident(name);
    let statics = pattern_statics(name, fields);
    // A struct whose every field is optional has an obvious default: nothing given.
    let default = fields.iter().all(|f| !f.required).then(|| quote! { , Default });
    let shape = shapes::object_shape(name, fields, deny_unknown);
    let fields = fields.iter().map(|f| struct_field(name, f));
    let deny = deny_unknown.then(|| quote! { #[serde(deny_unknown_fields)] });
    quote! {
        #statics
        #doc
        #[derive(Debug, Clone, PartialEq #default)]
        #[derive(::serde::Serialize, ::serde::Deserialize, ::validator::Validate)]
        #[cfg_attr(feature = "json-schema", derive(::schemars::JsonSchema))]
        #deny
        pub struct #ident {
            #(#fields)*
        }

        #shape
    }
}

/// The model of one component schema, followed by its shape.
pub(crate) fn model(schema: &Schema) -> TokenStream {
    let doc = docs(schema.doc.iter());
    let name = ident(&schema.rust);
    let item = match &schema.kind {
        SchemaKind::Object { fields, deny_unknown } => return struct_item(&schema.rust, doc, fields, *deny_unknown),
        SchemaKind::Array { item } => {
            let inner = value_type(item);
            quote! {
                #doc
                #[derive(Debug, Clone, PartialEq, Default, ::serde::Serialize, ::serde::Deserialize)]
                #[cfg_attr(feature = "json-schema", derive(::schemars::JsonSchema))]
                #[serde(transparent)]
                pub struct #name(pub ::std::vec::Vec<#inner>);
            }
        }
        SchemaKind::Map { value } => {
            let inner = value_type(value);
            quote! {
                #doc
                #[derive(Debug, Clone, PartialEq, Default, ::serde::Serialize, ::serde::Deserialize)]
                #[cfg_attr(feature = "json-schema", derive(::schemars::JsonSchema))]
                #[serde(transparent)]
                pub struct #name(pub ::indexmap::IndexMap<::std::string::String, #inner>);
            }
        }
        SchemaKind::IntegerOrDigitString { minimum } => integer_or_digit_string(schema, doc, *minimum),
        SchemaKind::StringEnum { variants } => string_enum(&name, doc, variants),
    };
    let shape = shapes::schema_shape(schema);
    quote! { #item #shape }
}

/// A whole number read from an integer or a digit string, with the schema the spec writes for it.
fn integer_or_digit_string(schema: &Schema, doc: TokenStream, minimum: Option<i64>) -> TokenStream {
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

/// A string enum with `as_str`.
fn string_enum(name: &Ident, doc: TokenStream, variants: &[(String, String)]) -> TokenStream {
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
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[derive(::serde::Serialize, ::serde::Deserialize)]
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

/// `component_schemas`, which the drift test renders and compares with the spec.
pub(crate) fn drift(api: &Api) -> TokenStream {
    let entries = api.schemas.iter().map(|schema| {
        let wire = &schema.wire;
        let name = ident(&schema.rust);
        quote! { (#wire, generator.root_schema_for::<#name>()) }
    });
    let generator = if api.schemas.is_empty() {
        quote! { _generator }
    } else {
        quote! { generator }
    };
    quote! {
        /// Every component schema as schemars renders its generated type, keyed by its name in the spec; the
        /// drift test compares them with the hand-written `components.schemas`.
        #[cfg(feature = "json-schema")]
        pub fn component_schemas(
            #generator: &mut ::schemars::SchemaGenerator,
        ) -> ::std::vec::Vec<(&'static str, ::schemars::Schema)> {
            ::std::vec::Vec::from([#(#entries),*])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(ty: Type, required: bool, nullable: bool, constraints: Constraints) -> Field {
        Field {
            wire: "name".into(),
            rust: "name".into(),
            doc: None,
            ty,
            required,
            nullable,
            constraints,
        }
    }

    #[test]
    fn a_max_length_becomes_an_unsuffixed_validator_length() {
        let constraints = Constraints {
            max_length: Some(255),
            ..Constraints::default()
        };
        let tokens = struct_field("Space", &field(Type::String(None), true, false, constraints)).to_string();

        assert!(tokens.contains("# [validate (length (max = 255))]"), "{tokens}");
        assert!(tokens.contains("pub name : :: std :: string :: String"), "{tokens}");
    }

    #[test]
    fn an_optional_non_nullable_field_is_an_option_rendered_as_its_inner_type() {
        let tokens = struct_field("Space", &field(Type::Boolean, false, false, Constraints::default())).to_string();

        assert!(tokens.contains("schemars (with = \"bool\")"), "{tokens}");
        assert!(tokens.contains(":: std :: option :: Option < bool >"), "{tokens}");
    }

    #[test]
    fn an_optional_nullable_field_keeps_null_apart_from_absent() {
        let tokens = struct_field("Space", &field(Type::Integer, false, true, Constraints::default())).to_string();

        assert!(
            tokens.contains(":: std :: option :: Option < :: std :: option :: Option < i64 >>"),
            "{tokens}"
        );
        assert!(tokens.contains("absent_or_nullable"), "{tokens}");
        assert!(
            tokens.contains("schemars (with = \"::std::option::Option<i64>\")"),
            "{tokens}"
        );
    }
}
