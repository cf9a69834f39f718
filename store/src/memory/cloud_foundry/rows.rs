//! The compact forms in which the in-memory Cloud Foundry store keeps spaces and audit events, the two records
//! that grow with use, so that a million spaces and their events fit in well under a gigabyte:
//!
//! - a guid in the canonical UUID text (lowercase, hyphenated) is kept as its 16 bytes, any other as given;
//! - a space keeps its name and no copy of the name's key (the key lives in the name index, and `Name::new`
//!   computes it again when the record is read);
//! - the low-variety texts of an event (its type, its actor, the organization) are interned once per store;
//! - an event's metadata is kept as its JSON text, parsed when the event is read;
//! - times stay `DateTime<Utc>`: 12 bytes of integers, no heap.
//!
//! Each form turns back into exactly the domain record it was made from.

use std::fmt;

use chrono::{DateTime, Utc};
use indexmap::IndexSet;
use uuid::Uuid;

use crate::{
    Name, StoreError,
    cloud_foundry::{Event, Space},
};

/// A guid as kept: a UUID written canonically as its 16 bytes, any other text as given.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) enum Guid {
    /// A guid whose text is `Uuid::hyphenated` in lowercase.
    Uuid(Uuid),
    /// Any other guid (uppercase or braced UUIDs, fixture names, the empty text).
    Text(Box<str>),
}

impl Guid {
    /// The guid `text`.
    pub(super) fn new(text: &str) -> Self {
        match Uuid::try_parse(text) {
            Ok(uuid) if uuid.hyphenated().encode_lower(&mut Uuid::encode_buffer()) == text => Self::Uuid(uuid),
            _ => Self::Text(text.into()),
        }
    }
}

impl fmt::Display for Guid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Uuid(uuid) => fmt::Display::fmt(&uuid.hyphenated(), f),
            Self::Text(text) => f.write_str(text),
        }
    }
}

/// A text interned in [`Texts`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Text(u32);

/// The interned texts of a store's events, each kept once.
#[derive(Debug, Default)]
pub(super) struct Texts(IndexSet<Box<str>>);

impl Texts {
    /// `text`'s handle, interning it if it is new.
    fn intern(&mut self, text: &str) -> Result<Text, StoreError> {
        let index = match self.0.get_index_of(text) {
            Some(index) => index,
            None => self.0.insert_full(text.into()).0,
        };
        u32::try_from(index).map(Text).map_err(|error| StoreError::Unavailable {
            source: Box::new(error),
        })
    }

    /// The text behind `handle`.
    fn get(&self, handle: Text) -> Result<String, StoreError> {
        usize::try_from(handle.0)
            .ok()
            .and_then(|index| self.0.get_index(index))
            .map(|text| text.to_string())
            .ok_or_else(|| StoreError::Unavailable {
                source: "an event refers to a text the store does not hold".into(),
            })
    }
}

/// A space, without its guid (the key it is kept under).
#[derive(Debug, Clone)]
pub(super) struct SpaceRow {
    /// The name as given.
    pub(super) name: Box<str>,
    pub(super) organization: Guid,
    pub(super) allow_ssh: bool,
    pub(super) isolation_segment: Option<Guid>,
    space_quota: Option<Guid>,
    created_at: DateTime<Utc>,
    pub(super) updated_at: Option<DateTime<Utc>>,
}

impl SpaceRow {
    /// `space`'s guid and row.
    pub(super) fn new(space: &Space) -> (Guid, Self) {
        let row = Self {
            name: space.name.as_str().into(),
            organization: Guid::new(&space.organization_guid),
            allow_ssh: space.allow_ssh,
            isolation_segment: space.isolation_segment_guid.as_deref().map(Guid::new),
            space_quota: space.space_quota_definition_guid.as_deref().map(Guid::new),
            created_at: space.created_at,
            updated_at: space.updated_at,
        };
        (Guid::new(&space.guid), row)
    }

    /// The space kept under `guid`.
    pub(super) fn space(&self, guid: &Guid) -> Space {
        Space {
            guid: guid.to_string(),
            name: Name::new(&*self.name),
            organization_guid: self.organization.to_string(),
            allow_ssh: self.allow_ssh,
            isolation_segment_guid: self.isolation_segment.as_ref().map(Guid::to_string),
            space_quota_definition_guid: self.space_quota.as_ref().map(Guid::to_string),
            created_at: self.created_at,
            updated_at: self.updated_at,
        }
    }
}

/// An audit event, without its guid (the key it is kept under).
#[derive(Debug, Clone)]
pub(super) struct EventRow {
    kind: Text,
    actor: Text,
    actor_type: Text,
    actor_name: Text,
    actor_username: Text,
    actee: Guid,
    actee_type: Text,
    actee_name: Box<str>,
    pub(super) timestamp: DateTime<Utc>,
    /// The metadata's JSON text.
    metadata: Box<str>,
    space: Guid,
    organization: Text,
}

impl EventRow {
    /// `event`'s guid and row, its texts interned in `texts`.
    pub(super) fn new(event: &Event, texts: &mut Texts) -> Result<(Guid, Self), StoreError> {
        let metadata = serde_json::to_string(&event.metadata).map_err(|error| StoreError::Unavailable {
            source: Box::new(error),
        })?;
        let row = Self {
            kind: texts.intern(&event.kind)?,
            actor: texts.intern(&event.actor)?,
            actor_type: texts.intern(&event.actor_type)?,
            actor_name: texts.intern(&event.actor_name)?,
            actor_username: texts.intern(&event.actor_username)?,
            actee: Guid::new(&event.actee),
            actee_type: texts.intern(&event.actee_type)?,
            actee_name: event.actee_name.as_str().into(),
            timestamp: event.timestamp,
            metadata: metadata.into(),
            space: Guid::new(&event.space_guid),
            organization: texts.intern(&event.organization_guid)?,
        };
        Ok((Guid::new(&event.guid), row))
    }

    /// The event kept under `guid`, its texts read from `texts`.
    pub(super) fn event(&self, guid: &Guid, texts: &Texts) -> Result<Event, StoreError> {
        Ok(Event {
            guid: guid.to_string(),
            kind: texts.get(self.kind)?,
            actor: texts.get(self.actor)?,
            actor_type: texts.get(self.actor_type)?,
            actor_name: texts.get(self.actor_name)?,
            actor_username: texts.get(self.actor_username)?,
            actee: self.actee.to_string(),
            actee_type: texts.get(self.actee_type)?,
            actee_name: self.actee_name.to_string(),
            timestamp: self.timestamp,
            metadata: serde_json::from_str(&self.metadata).map_err(|error| StoreError::Unavailable {
                source: Box::new(error),
            })?,
            space_guid: self.space.to_string(),
            organization_guid: texts.get(self.organization)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_canonical_uuid_text_is_kept_as_bytes_and_every_guid_reads_back_as_written() {
        for (text, as_bytes) in [
            ("6a4e2c2e-3a0f-4c1b-9d1e-2f6c1b0a9e11", true),
            ("6A4E2C2E-3A0F-4C1B-9D1E-2F6C1B0A9E11", false),
            ("6a4e2c2e3a0f4c1b9d1e2f6c1b0a9e11", false),
            ("{6a4e2c2e-3a0f-4c1b-9d1e-2f6c1b0a9e11}", false),
            ("org-1", false),
            ("", false),
        ] {
            let guid = Guid::new(text);

            assert_eq!(matches!(guid, Guid::Uuid(_)), as_bytes, "{text}");
            assert_eq!(guid.to_string(), text);
        }
    }

    #[test]
    fn rows_are_compact() {
        assert_eq!(size_of::<Guid>(), 24);
        assert!(size_of::<SpaceRow>() <= 136, "{}", size_of::<SpaceRow>());
        assert!(size_of::<EventRow>() <= 136, "{}", size_of::<EventRow>());
    }
}
