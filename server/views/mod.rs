//! Client views: each spec as client generators read it, derived from the hand-written YAML by a fixed list of
//! rules (never a second spec). The full spec says everything the server accepts and answers: XML, forms, typed
//! or empty answers. Generators choke on some of it (openapi-python-client on a body with several media types,
//! progenitor on more than one success or error type), so two views leave out what a JSON client never sends or
//! receives, and say so in their `info.description`:
//!
//! - [`View::Client`], `/openapi/{api}.client.json`: for every generator.
//! - [`View::Progenitor`], `/openapi/{api}.progenitor.json`: the client view, with one success and one error type
//!   per operation, for generators that cannot take more (progenitor).
//!
//! Every change is recorded as a [`Change`] naming its [`Rule`]; `docs/generating-clients.md` lists the rules, and
//! a test checks that the views differ from the full specs only where a recorded change says so.

mod document;
mod portable;
mod single_type;

use serde_json::Value;

pub use document::Pointer;

/// A view of a spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// The portable client view.
    Client,
    /// The client view with one success and one error type per operation.
    Progenitor,
}

impl View {
    /// Every view, in the order they are served and documented.
    pub const ALL: [View; 2] = [View::Client, View::Progenitor];

    /// The file name's infix: `cloud_foundry.client.json`.
    pub const fn suffix(self) -> &'static str {
        match self {
            View::Client => "client",
            View::Progenitor => "progenitor",
        }
    }

    /// The rules this view applies, in order.
    pub const fn rules(self) -> &'static [Rule] {
        match self {
            View::Client => &[Rule::JsonRequestBodies, Rule::NoXml, Rule::Described],
            View::Progenitor => &Rule::ALL,
        }
    }
}

/// One documented difference between a view and its full spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rule {
    /// A request body that accepts JSON keeps only `application/json`.
    JsonRequestBodies,
    /// XML media types are left out of every response.
    NoXml,
    /// `info.description` says which view this is and what it leaves out.
    Described,
    /// Error answers without a body are left out when an operation has typed error answers.
    BodylessErrorsLeftOut,
    /// Several error schemas of one operation become one `oneOf` schema, `<OperationId>Error`.
    ErrorUnion,
    /// Several success schemas of one operation become one `oneOf` schema, `<OperationId>Success`.
    SuccessUnion,
    /// Success answers that are typed or empty are declared as bytes.
    MixedSuccessAsBytes,
}

impl Rule {
    /// Every rule, in the order docs/generating-clients.md lists them and the progenitor view applies them.
    pub const ALL: [Rule; 7] = [
        Rule::JsonRequestBodies,
        Rule::NoXml,
        Rule::Described,
        Rule::BodylessErrorsLeftOut,
        Rule::ErrorUnion,
        Rule::SuccessUnion,
        Rule::MixedSuccessAsBytes,
    ];

    /// The rule, as docs/generating-clients.md and the view's `info.description` state it.
    pub const fn summary(self) -> &'static str {
        match self {
            Rule::JsonRequestBodies => {
                "A request body that accepts `application/json` lists only it: the XML and form encodings are left \
                 out (a body with several media types breaks openapi-python-client, #1451 and #1276, and progenitor)."
            }
            Rule::NoXml => "XML media types (`application/xml`) are left out of every response.",
            Rule::Described => "`info.description` starts with a paragraph naming the view and these rules.",
            Rule::BodylessErrorsLeftOut => {
                "An error status without a body (Assembla's empty 404) is left out of an operation that also has \
                 typed error answers; the generated client reports it as an unexpected response, which carries \
                 the status (progenitor takes one error type per operation, progenitor#344)."
            }
            Rule::ErrorUnion => {
                "When an operation's error answers have several schemas, each of them refers to one new schema \
                 `<OperationId>Error`, a `oneOf` of those schemas (progenitor#344)."
            }
            Rule::SuccessUnion => {
                "When an operation's success answers have several schemas, each of them refers to one new schema \
                 `<OperationId>Success`, a `oneOf` of those schemas (progenitor#344)."
            }
            Rule::MixedSuccessAsBytes => {
                "When an operation answers success with a typed body or with none (Cloud Foundry's delete: 202 \
                 with a job or 204; Assembla's list: 200 or 204), every success answer is declared as bytes \
                 (`application/octet-stream`), its description naming the JSON schema to decode it with; the \
                 generated method then returns the bytes whatever the status (progenitor#344, #950)."
            }
        }
    }

    /// Whether the rule belongs to `view`.
    pub fn in_view(self, view: View) -> bool {
        view.rules().contains(&self)
    }
}

/// One change a rule made, at `pointer` in the full spec (or, for something added, in the view).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The rule that made it.
    pub rule: Rule,
    /// Where.
    pub pointer: Pointer,
}

/// A view of a spec, and the changes that made it.
#[derive(Debug, Clone)]
pub struct Derived {
    /// The view's document.
    pub document: Value,
    /// Every change, in the order made.
    pub changes: Vec<Change>,
}

/// `spec` (the full document, as served at `/openapi/{api}.json`) seen through `view`.
pub fn derive(spec: &Value, view: View) -> Derived {
    let mut document = spec.clone();
    let mut changes = Vec::new();
    for rule in view.rules() {
        let mut record = |pointer: Pointer| changes.push(Change { rule: *rule, pointer });
        match rule {
            Rule::JsonRequestBodies => portable::json_request_bodies(&mut document, &mut record),
            Rule::NoXml => portable::no_xml(&mut document, &mut record),
            Rule::Described => portable::describe(&mut document, view, &mut record),
            Rule::BodylessErrorsLeftOut => single_type::bodyless_errors(&mut document, &mut record),
            Rule::ErrorUnion => single_type::union(&mut document, single_type::Class::Error, &mut record),
            Rule::SuccessUnion => single_type::union(&mut document, single_type::Class::Success, &mut record),
            Rule::MixedSuccessAsBytes => single_type::mixed_success(&mut document, &mut record),
        }
    }
    Derived { document, changes }
}
