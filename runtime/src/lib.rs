//! spaceport's runtime: what the code `codegen` generates from a spec calls. A generated module imports this crate
//! once, by its absolute path, under a name codegen reserves (`use ::spaceport_runtime as rt_;`), so the output of
//! any spec compiles in any crate that depends on this one.
//!
//! A request goes through the glue in this order: the route (one [`RouteTable`] per spec, matched once), the [`credentials`] of one of the operation's security requirements, the
//! path, query and header [`params`], then the [`body`]. Every failure before the handler becomes a
//! [`Rejection`], which the vendor renders in its own envelope. A handler answers with its operation's response
//! enum; [`answer`] and the [`Documents`]/[`Failure`] pair let it use `?` without leaving the documented statuses.
//! The response enum writes itself through a [`Reply`]: its status, then its headers and body.

mod admission;
mod answer;
mod arrival;
mod body;
mod check;
mod credentials;
pub mod field;
mod form;
mod journal;
mod negotiate;
pub mod params;
mod rejection;
mod respond;
mod routes;
mod shape;
pub mod xml;

pub use actix_web::http::StatusCode;
pub use admission::{HeaderLimit, admit};
pub use answer::{Documents, Failure, answer};
pub use arrival::{BodyTimeout, HeldOpen, Stalled};
pub use body::{BodySpec, body};
pub use check::{check, normalize, yaml_list};
pub use credentials::{CredentialSource, Credentials, SecurityScheme, credentials, required_credentials};
pub use journal::{Matched, Miss, NearMiss, Surface, near_misses};
pub use negotiate::{Format, negotiate};
pub use params::{headers, path, query};
pub use rejection::{Location, Rejection, RejectionKind, Rule, Violation};
pub use respond::{Header, Reply, status};
pub use routes::{Call, PathParams, Route, RouteTable, Routed, Unrouted, owns};
pub use shape::{Described, FieldShape, JsonType, Shape};
pub use xml::{XmlError, XmlStyle};
