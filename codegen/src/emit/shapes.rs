//! Shapes: each model's `Described` impl, the runtime description of its JSON that the glue checks values against
//! and the XML writer types leaves from. Emitted right after the type it describes.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::ident;
use crate::model::{Field, Schema, SchemaKind, Type};

/// The runtime shape of a value type, as a constant expression.
pub(crate) fn shape_expr(ty: &Type, one_of: &[i64]) -> TokenStream {
    match ty {
        Type::String(Some(format)) if format == "date-time" => quote! { ::spaceport_runtime::Shape::DateTime },
        Type::String(Some(format)) if format == "date" => quote! { ::spaceport_runtime::Shape::Date },
        Type::String(_) => quote! { ::spaceport_runtime::Shape::String },
        Type::Integer if !one_of.is_empty() => {
            let values = one_of.iter().map(|v| Literal::i64_unsuffixed(*v));
            quote! { ::spaceport_runtime::Shape::IntegerIn(&[#(#values),*]) }
        }
        Type::Integer => quote! { ::spaceport_runtime::Shape::Integer },
        Type::Number => quote! { ::spaceport_runtime::Shape::Number },
        Type::Boolean => quote! { ::spaceport_runtime::Shape::Boolean },
        Type::AnyObject => quote! { ::spaceport_runtime::Shape::AnyObject },
        Type::Array(item) => {
            let item = shape_expr(item, &[]);
            quote! { ::spaceport_runtime::Shape::Array(&#item) }
        }
        Type::Map(value) => {
            let value = shape_expr(value, &[]);
            quote! { ::spaceport_runtime::Shape::Map(&#value) }
        }
        Type::Named { rust, .. } => {
            let name = ident(rust);
            quote! { <#name as ::spaceport_runtime::Described>::SHAPE }
        }
    }
}

/// The `Described` impl of an object's struct.
pub(crate) fn object_shape(name: &str, fields: &[Field], deny_unknown: bool) -> TokenStream {
    let ident = ident(name);
    let fields = fields.iter().map(|field| {
        let wire = &field.wire;
        let shape = if field.constraints.yaml_list {
            quote! { ::spaceport_runtime::Shape::YamlList }
        } else {
            shape_expr(&field.ty, &field.constraints.one_of)
        };
        let required = field.required;
        let nullable = field.nullable;
        quote! {
            ::spaceport_runtime::FieldShape { name: #wire, shape: &#shape, required: #required, nullable: #nullable },
        }
    });
    quote! {
        impl ::spaceport_runtime::Described for #ident {
            const SHAPE: ::spaceport_runtime::Shape = ::spaceport_runtime::Shape::Object {
                fields: &[#(#fields)*],
                deny_unknown: #deny_unknown,
            };
        }
    }
}

/// The `Described` impl of a component schema's type.
pub(crate) fn schema_shape(schema: &Schema) -> TokenStream {
    match &schema.kind {
        SchemaKind::Array { item } | SchemaKind::Map { value: item } => {
            let name = ident(&schema.rust);
            let inner = shape_expr(item, &[]);
            let shape = if matches!(schema.kind, SchemaKind::Array { .. }) {
                quote! { ::spaceport_runtime::Shape::Array(&#inner) }
            } else {
                quote! { ::spaceport_runtime::Shape::Map(&#inner) }
            };
            quote! {
                impl ::spaceport_runtime::Described for #name {
                    const SHAPE: ::spaceport_runtime::Shape = #shape;
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
                impl ::spaceport_runtime::Described for #name {
                    const SHAPE: ::spaceport_runtime::Shape = ::spaceport_runtime::Shape::IntegerOrDigitString { minimum: #minimum };
                }
            }
        }
        SchemaKind::Object { fields, deny_unknown } => object_shape(&schema.rust, fields, *deny_unknown),
        SchemaKind::StringEnum { variants } => {
            let name = ident(&schema.rust);
            let values = variants.iter().map(|(wire, _)| wire);
            quote! {
                impl ::spaceport_runtime::Described for #name {
                    const SHAPE: ::spaceport_runtime::Shape = ::spaceport_runtime::Shape::Enum(&[#(#values),*]);
                }
            }
        }
    }
}
