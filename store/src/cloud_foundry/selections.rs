//! What Cloud Foundry lists ask for: organizations, spaces and audit events by conditions on their attributes,
//! in an order, one window of them. Each filter's `holds` is its meaning, written once: the in-memory backend runs
//! it, and an SQL backend translates it (names compare by their keys).

use chrono::{DateTime, Utc};

use super::records::{Event, Organization, Space};
use crate::{Condition, NameKey, Window};

/// The order of organizations or spaces in a selection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Order {
    /// Creation order.
    #[default]
    Creation,
    /// By name key, ties in creation order.
    Name,
}

/// A condition a space must meet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpaceFilter {
    /// On its guid.
    Guid(Condition<String>),
    /// On its name's key.
    Name(Condition<NameKey>),
    /// On its organization's guid.
    Organization(Condition<String>),
    /// On its isolation segment's guid; a space without one meets none.
    IsolationSegment(Condition<String>),
    /// On a relation spaceport keeps none of (developers, apps): no space meets it.
    Unkept,
}

impl SpaceFilter {
    /// Whether `space` meets the condition.
    pub fn holds(&self, space: &Space) -> bool {
        match self {
            Self::Guid(condition) => condition.holds(&space.guid),
            Self::Name(condition) => condition.holds(space.name.key()),
            Self::Organization(condition) => condition.holds(&space.organization_guid),
            Self::IsolationSegment(condition) => space
                .isolation_segment_guid
                .as_ref()
                .is_some_and(|guid| condition.holds(guid)),
            Self::Unkept => false,
        }
    }
}

/// Which spaces a listing wants: every filter must hold.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SpaceSelection {
    /// Conditions, all of which must hold.
    pub filters: Vec<SpaceFilter>,
    /// The order.
    pub order: Order,
    /// Reverse the order (ties too).
    pub descending: bool,
    /// Which run of the matches to return.
    pub window: Window,
}

impl SpaceSelection {
    /// Whether `space` meets every filter.
    pub fn holds(&self, space: &Space) -> bool {
        self.filters.iter().all(|filter| filter.holds(space))
    }
}

/// A condition an organization must meet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrganizationFilter {
    /// On its guid.
    Guid(Condition<String>),
    /// On its name's key.
    Name(Condition<NameKey>),
    /// On its status (`active`, `suspended`).
    Status(Condition<String>),
    /// It holds a space whose guid meets the condition.
    HoldsSpace(Condition<String>),
    /// On a relation spaceport keeps none of (users, managers): no organization meets it.
    Unkept,
}

/// Which organizations a listing wants: every filter must hold.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OrganizationSelection {
    /// Conditions, all of which must hold.
    pub filters: Vec<OrganizationFilter>,
    /// The order.
    pub order: Order,
    /// Reverse the order (ties too).
    pub descending: bool,
    /// Which run of the matches to return.
    pub window: Window,
}

impl OrganizationFilter {
    /// Whether `organization` meets the condition; `holds_space` answers for `HoldsSpace`, whether the
    /// organization holds a space meeting it.
    pub fn holds(&self, organization: &Organization, holds_space: impl Fn(&Condition<String>) -> bool) -> bool {
        match self {
            Self::Guid(condition) => condition.holds(&organization.guid),
            Self::Name(condition) => condition.holds(organization.name.key()),
            Self::Status(condition) => condition.holds(&organization.status),
            Self::HoldsSpace(condition) => holds_space(condition),
            Self::Unkept => false,
        }
    }
}

/// A condition an audit event must meet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventFilter {
    /// On its type (`audit.space.create`).
    Kind(Condition<String>),
    /// On what was acted on.
    Actee(Condition<String>),
    /// On the space involved (empty for organization events).
    Space(Condition<String>),
    /// On the organization involved.
    Organization(Condition<String>),
    /// On when it happened.
    Timestamp(Condition<DateTime<Utc>>),
}

impl EventFilter {
    /// Whether `event` meets the condition.
    pub fn holds(&self, event: &Event) -> bool {
        match self {
            Self::Kind(condition) => condition.holds(&event.kind),
            Self::Actee(condition) => condition.holds(&event.actee),
            Self::Space(condition) => condition.holds(&event.space_guid),
            Self::Organization(condition) => condition.holds(&event.organization_guid),
            Self::Timestamp(condition) => condition.holds(&event.timestamp),
        }
    }
}

/// Which audit events a listing wants, oldest first (ties in recording order) unless `descending`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EventSelection {
    /// Conditions, all of which must hold.
    pub filters: Vec<EventFilter>,
    /// Newest first.
    pub descending: bool,
    /// Which run of the matches to return.
    pub window: Window,
}

impl EventSelection {
    /// Whether `event` meets every filter.
    pub fn holds(&self, event: &Event) -> bool {
        self.filters.iter().all(|filter| filter.holds(event))
    }
}
