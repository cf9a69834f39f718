//! Audit events: every write records one, with the actor from the caller's token and the accepted request fields
//! under `metadata.request`, as the real Cloud Controller does.

use serde_json::{Map, Value, json};

use super::{CloudFoundry, auth::Identity};
use crate::store::cloud_foundry::{Event, Organization, Space};

/// What an audit event is about.
#[derive(Debug, Clone, Copy)]
pub(super) enum Actee<'a> {
    /// A space (its organization is the event's too).
    Space(&'a Space),
    /// An organization.
    Organization(&'a Organization),
}

/// The accepted request fields of a write, for the event's `metadata.request`; nulls are left out.
pub(super) fn request_metadata(fields: impl IntoIterator<Item = (&'static str, Value)>) -> Value {
    let request: Map<String, Value> = fields
        .into_iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
    json!({ "request": request })
}

impl<S> CloudFoundry<S> {
    /// An event of `kind` (`audit.space.create`) by `who` about `actee`, now.
    pub(super) fn audit(&self, kind: &str, who: &Identity, actee: Actee<'_>, metadata: Value) -> Event {
        let (guid, actee_type, name, space_guid, organization_guid) = match actee {
            Actee::Space(space) => (
                &space.guid,
                "space",
                space.name.as_str(),
                space.guid.as_str(),
                &space.organization_guid,
            ),
            Actee::Organization(organization) => (
                &organization.guid,
                "organization",
                organization.name.as_str(),
                "",
                &organization.guid,
            ),
        };
        Event {
            guid: self.sources.ids.uuid().to_string(),
            kind: kind.to_owned(),
            actor: who.id.clone(),
            actor_type: "user".to_owned(),
            actor_name: who.email.clone(),
            actor_username: who.user_name.clone(),
            actee: guid.clone(),
            actee_type: actee_type.to_owned(),
            actee_name: name.to_owned(),
            timestamp: self.sources.clock.now(),
            metadata,
            space_guid: space_guid.to_owned(),
            organization_guid: organization_guid.clone(),
        }
    }
}
