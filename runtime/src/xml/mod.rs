//! Rails-style XML, as Rails' `to_xml` writes it and its XML params parser reads it: dashed element names,
//! `type="integer|boolean|datetime|date|array"` attributes and `nil="true"` for nulls. Reading goes through
//! quick-xml's pull parser: no DTDs, no entities beyond XML's own, a depth limit.

mod parse;
mod render;

pub use parse::{XmlError, parse};
pub use render::render;

/// How a body is written as XML, as the spec's `x-spaceport-xml` says.
#[derive(Debug, Clone, Copy)]
pub enum XmlStyle {
    /// Rails `to_xml`: a `root` element, or for a list a `root type="array"` holding `item` elements.
    Rails {
        /// The root element.
        root: &'static str,
        /// For a list, each item's element.
        item: Option<&'static str>,
    },
    /// `<errors><error>Humanized field message</error></errors>` from a field-to-messages map.
    RailsErrors,
}
