//! Shapes: each model's `Described` impl, the runtime description of its JSON that the glue checks values against
//! and the XML writer types leaves from. Emitted right after the type it describes.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::ident;
use crate::model::{Field, Schema, SchemaKind, Type};

/// The runtime shape of a value type, as a constant expression.
pub(crate) fn shape_expr(ty: &Type, one_of: &[i64]) -> TokenStream {
    match ty {
        Type::String(Some(format)) if format == "date-time" => quote! { rt_::Shape::DateTime },
        Type::String(Some(format)) if format == "date" => quote! { rt_::Shape::Date },
        Type::String(_) => quote! { rt_::Shape::String },
        Type::Integer if !one_of.is_empty() => {
            let values = one_of.iter().map(|v| Literal::i64_unsuffixed(*v));
            quote! { rt_::Shape::IntegerIn(&[#(#values),*]) }
        }
        Type::Integer => quote! { rt_::Shape::Integer },
        Type::Number => quote! { rt_::Shape::Number },
        Type::Boolean => quote! { rt_::Shape::Boolean },
        Type::AnyObject => quote! { rt_::Shape::AnyObject },
        Type::Array(item) => {
            let item = shape_expr(item, &[]);
            quote! { rt_::Shape::Array(&#item) }
        }
        Type::Map(value) => {
            let value = shape_expr(value, &[]);
            quote! { rt_::Shape::Map(&#value) }
        }
        Type::Named { rust, .. } => {
            let name = ident(rust);
            quote! { <#name as rt_::Described>::SHAPE }
        }
    }
}

/// The `Described` impl of an object's struct.
pub(crate) fn object_shape(name: &str, fields: &[Field], deny_unknown: bool) -> TokenStream {
    let ident = ident(name);
    let fields = fields.iter().map(|field| {
        let wire = &field.wire;
        let shape = if field.constraints.yaml_list {
            quote! { rt_::Shape::YamlList }
        } else {
            shape_expr(&field.ty, &field.constraints.one_of)
        };
        let presence = if field.required {
            quote! { required }
        } else {
            quote! { optional }
        };
        let nullable = field.nullable.then(|| quote! { .nullable() });
        quote! { rt_::FieldShape::#presence(#wire, &#shape) #nullable, }
    });
    quote! {
        impl rt_::Described for #ident {
            const SHAPE: rt_::Shape = rt_::Shape::Object {
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
                quote! { rt_::Shape::Array(&#inner) }
            } else {
                quote! { rt_::Shape::Map(&#inner) }
            };
            quote! {
                impl rt_::Described for #name {
                    const SHAPE: rt_::Shape = #shape;
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
                impl rt_::Described for #name {
                    const SHAPE: rt_::Shape = rt_::Shape::IntegerOrDigitString { minimum: #minimum };
                }
            }
        }
        SchemaKind::Object { fields, deny_unknown } => object_shape(&schema.rust, fields, *deny_unknown),
        SchemaKind::StringEnum { variants } => {
            let name = ident(&schema.rust);
            let values = variants.iter().map(|(wire, _)| wire);
            quote! {
                impl rt_::Described for #name {
                    const SHAPE: rt_::Shape = rt_::Shape::Enum(&[#(#values),*]);
                }
            }
        }
    }
}
