//! The records of the Cloud Foundry API: organizations, spaces, audit events, jobs and users, and the changes an
//! update applies.

use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::Name;

/// A Cloud Foundry organization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organization {
    /// Its id.
    pub guid: String,
    /// Its name, unique ignoring case (by its key) across the deployment.
    pub name: Name,
    /// `active` or `suspended`.
    pub status: String,
    /// Whether billing is enabled.
    pub billing_enabled: bool,
    /// The quota it is attached to.
    pub quota_definition_guid: String,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it was last updated.
    pub updated_at: Option<DateTime<Utc>>,
}

/// A Cloud Foundry space.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Space {
    /// Its id.
    pub guid: String,
    /// Its name, unique ignoring case (by its key) within its organization.
    pub name: Name,
    /// The owning organization.
    pub organization_guid: String,
    /// Whether SSH to its apps may be enabled.
    pub allow_ssh: bool,
    /// Its isolation segment.
    pub isolation_segment_guid: Option<String>,
    /// Its space quota.
    pub space_quota_definition_guid: Option<String>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it was last updated.
    pub updated_at: Option<DateTime<Utc>>,
}

/// An audit event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Its id.
    pub guid: String,
    /// `audit.space.create`, …
    pub kind: String,
    /// Who acted (a user or client id).
    pub actor: String,
    /// `user`.
    pub actor_type: String,
    /// The actor's email, or empty.
    pub actor_name: String,
    /// The actor's user name, or empty.
    pub actor_username: String,
    /// What was acted on.
    pub actee: String,
    /// `space`, `organization`, …
    pub actee_type: String,
    /// The actee's name.
    pub actee_name: String,
    /// When.
    pub timestamp: DateTime<Utc>,
    /// Free-form details, `{"request": …}`.
    pub metadata: Value,
    /// The space involved, or empty.
    pub space_guid: String,
    /// The organization involved.
    pub organization_guid: String,
}

/// A background job (an asynchronous delete), run at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// Its id.
    pub guid: String,
    /// When it was created.
    pub created_at: DateTime<Utc>,
}

/// A user who can log in (from the fixtures); user names are unique, as given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// Its id, the tokens' `user_id`.
    pub guid: String,
    /// The login name.
    pub username: String,
    /// The password.
    pub password: String,
    /// The email address.
    pub email: String,
    /// The scopes its tokens carry.
    pub scopes: Vec<String>,
}

/// Changes to an organization; `None` keeps the current value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrganizationChanges {
    /// A new name.
    pub name: Option<Name>,
    /// A new status.
    pub status: Option<String>,
    /// A new billing flag.
    pub billing_enabled: Option<bool>,
}

/// Changes to a space; `None` keeps the current value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpaceChanges {
    /// A new name.
    pub name: Option<Name>,
    /// A new SSH flag.
    pub allow_ssh: Option<bool>,
}

/// A static bearer token and the user it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaticToken {
    /// The token as sent after `Bearer `.
    pub token: String,
    /// The user's guid.
    pub user_guid: String,
}

/// Every Cloud Foundry record, in the order the store keeps them: what a state export holds and a replacement
/// puts in their place.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CloudFoundryRecords {
    /// Organizations, in creation order.
    pub organizations: Vec<Organization>,
    /// Spaces, in creation order.
    pub spaces: Vec<Space>,
    /// Audit events, in recording order.
    pub events: Vec<Event>,
    /// Jobs, in creation order.
    pub jobs: Vec<Job>,
    /// Users, in creation order.
    pub users: Vec<User>,
    /// Static bearer tokens.
    pub tokens: Vec<StaticToken>,
}
