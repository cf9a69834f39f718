//! The store: domain records and the [`Store`] trait the vendor modules call, with the in-memory implementation
//! that is the embedded default.
//!
//! The trait speaks in domain terms and knows nothing about HTTP. Its methods are async and fallible so a durable
//! implementation (an embedded database, PostgreSQL) can implement it later and pass the same tests. Every write
//! that must be atomic with a check (a unique name, an existing parent, an audit event) is one method, so no
//! failure leaves half a write behind.

use std::{
    collections::BTreeMap,
    future::Future,
    sync::{PoisonError, RwLock},
};

use chrono::{DateTime, Utc};
use indexmap::IndexMap;
use serde_json::Value;

/// The kinds of record the store keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entity {
    /// A Cloud Foundry organization.
    Organization,
    /// A Cloud Foundry space.
    Space,
    /// An audit event.
    Event,
    /// A background job.
    Job,
    /// A user.
    User,
    /// A Onezone space.
    OnezoneSpace,
    /// A Onezone space-creation token.
    SpaceToken,
    /// An Assembla space.
    AssemblaSpace,
}

/// Why a store call failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    /// The record (or a parent it needs) does not exist.
    #[error("{entity:?} {key} not found")]
    NotFound {
        /// What was looked up.
        entity: Entity,
        /// The key it was looked up by.
        key: String,
    },
    /// A uniqueness rule would be broken.
    #[error("{entity:?} {key} already exists")]
    Conflict {
        /// What would be duplicated.
        entity: Entity,
        /// The duplicated key.
        key: String,
    },
    /// The record still holds others (an organization with spaces).
    #[error("{entity:?} {key} is not empty")]
    NotEmpty {
        /// What was to be deleted.
        entity: Entity,
        /// Its key.
        key: String,
    },
    /// The backend could not answer.
    #[error("store unavailable: {0}")]
    Unavailable(String),
}

/// A Cloud Foundry organization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organization {
    /// Its id.
    pub guid: String,
    /// Its name, unique ignoring case across the deployment.
    pub name: String,
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
    /// Its name, unique ignoring case within its organization.
    pub name: String,
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

/// A user who can log in (from the fixtures).
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
    pub name: Option<String>,
    /// A new status.
    pub status: Option<String>,
    /// A new billing flag.
    pub billing_enabled: Option<bool>,
}

/// Changes to a space; `None` keeps the current value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpaceChanges {
    /// A new name.
    pub name: Option<String>,
    /// A new SSH flag.
    pub allow_ssh: Option<bool>,
}

/// A Onezone space: a user's, supported by providers with storage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnezoneSpace {
    /// Its id (43 base64url characters).
    pub id: String,
    /// Its name; not unique.
    pub name: String,
    /// The user who owns it (from the creation token).
    pub owner: String,
    /// Bytes each supporting provider grants, by provider id, in the order support began.
    pub supports: IndexMap<String, i64>,
}

/// A Onezone space-creation token from the fixtures (strict mode accepts only these).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpaceToken {
    /// The token text.
    pub token: String,
    /// The user the token was issued by; the space's owner.
    pub user: String,
    /// Whether it works only once.
    pub single_use: bool,
    /// Whether a single-use token was used.
    pub used: bool,
}

/// An Assembla space: its writable fields and timestamps (the read-only flags are the same for every space).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssemblaSpace {
    /// Its id (22 URL-safe characters).
    pub id: String,
    /// Its name; not unique.
    pub name: String,
    /// Its URL name; unique among every id and wiki name.
    pub wiki_name: String,
    /// Free text.
    pub description: Option<String>,
    /// Access for non-members.
    pub public_permissions: i64,
    /// Access for members.
    pub team_permissions: i64,
    /// Access for watchers.
    pub watcher_permissions: i64,
    /// Whether the team may be shared.
    pub share_permissions: bool,
    /// Proposed, active, archived, shared.
    pub status: i64,
    /// Who sees the Team tab.
    pub team_tab_role: i64,
    /// The landing tab.
    pub default_showpage: String,
    /// The tool tab order.
    pub tabs_order: Option<Vec<String>>,
    /// Banner image.
    pub banner: Option<String>,
    /// Banner height.
    pub banner_height: Option<i64>,
    /// Banner caption.
    pub banner_text: Option<String>,
    /// Banner link.
    pub banner_link: Option<String>,
    /// Custom stylesheet.
    pub style: Option<String>,
    /// Moderation flag.
    pub approved: bool,
    /// Whether anyone may join.
    pub can_join: bool,
    /// Wiki markup format.
    pub wiki_format: Option<i64>,
    /// The portfolio it belongs to.
    pub parent_id: Option<String>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
    /// When it became commercial.
    pub commercial_from: Option<DateTime<Utc>>,
}

/// The operations the vendor modules need, in domain terms.
pub trait Store: Send + Sync + 'static {
    /// Adds an organization. `Conflict` if another has the same name ignoring case.
    fn create_organization(
        &self,
        organization: Organization,
        event: Option<Event>,
    ) -> impl Future<Output = Result<Organization, StoreError>> + Send;

    /// The organization with this guid.
    fn organization(&self, guid: &str) -> impl Future<Output = Result<Organization, StoreError>> + Send;

    /// Adds a space and its audit event together. `NotFound` if its organization does not exist, `Conflict` if the
    /// organization already has a space with the same name ignoring case.
    fn create_space(&self, space: Space, event: Event) -> impl Future<Output = Result<Space, StoreError>> + Send;

    /// The space with this guid.
    fn space(&self, guid: &str) -> impl Future<Output = Result<Space, StoreError>> + Send;

    /// Every organization, in creation order.
    fn organizations(&self) -> impl Future<Output = Result<Vec<Organization>, StoreError>> + Send;

    /// Applies `changes` at `at` and records `event`. `Conflict` if the new name is taken ignoring case.
    fn update_organization(
        &self,
        guid: &str,
        changes: OrganizationChanges,
        at: DateTime<Utc>,
        event: Event,
    ) -> impl Future<Output = Result<Organization, StoreError>> + Send;

    /// Deletes an organization (and its spaces when `recursive`) and records `event`. `NotEmpty` if it has
    /// spaces and `recursive` is false.
    fn delete_organization(
        &self,
        guid: &str,
        recursive: bool,
        event: Event,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// The spaces `selection` asks for: the total that match and the requested run of them.
    fn select_spaces(
        &self,
        selection: &SpaceSelection,
    ) -> impl Future<Output = Result<Slice<Space>, StoreError>> + Send;

    /// Applies `changes` at `at` and records `event`. `Conflict` if the new name is taken in the organization.
    fn update_space(
        &self,
        guid: &str,
        changes: SpaceChanges,
        at: DateTime<Utc>,
        event: Event,
    ) -> impl Future<Output = Result<Space, StoreError>> + Send;

    /// Deletes a space and records `event`.
    fn delete_space(&self, guid: &str, event: Event) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// The audit events `selection` asks for: the total that match and the requested run of them.
    fn select_events(
        &self,
        selection: &EventSelection,
    ) -> impl Future<Output = Result<Slice<Event>, StoreError>> + Send;

    /// The event with this guid.
    fn event(&self, guid: &str) -> impl Future<Output = Result<Event, StoreError>> + Send;

    /// Records a job.
    fn create_job(&self, job: Job) -> impl Future<Output = Result<Job, StoreError>> + Send;

    /// The job with this guid.
    fn job(&self, guid: &str) -> impl Future<Output = Result<Job, StoreError>> + Send;

    /// Adds a user who can log in. `Conflict` if the user name is taken.
    fn create_user(&self, user: User) -> impl Future<Output = Result<User, StoreError>> + Send;

    /// The user with this login name.
    fn user_by_name(&self, username: &str) -> impl Future<Output = Result<Option<User>, StoreError>> + Send;

    /// The user with this id.
    fn user(&self, guid: &str) -> impl Future<Output = Result<Option<User>, StoreError>> + Send;

    /// Registers a static bearer token for a user.
    fn create_token(&self, token: String, user_guid: String) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// The user a static bearer token stands for.
    fn user_for_token(&self, token: &str) -> impl Future<Output = Result<Option<User>, StoreError>> + Send;

    /// Registers a Onezone provider token (strict mode accepts only registered ones).
    fn create_provider_token(&self, token: String) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Whether a Onezone provider token is registered.
    fn is_provider_token(&self, token: &str) -> impl Future<Output = Result<bool, StoreError>> + Send;

    /// Registers a Onezone space-creation token.
    fn create_space_token(&self, token: SpaceToken) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// The registered space-creation token with this text.
    fn space_token(&self, token: &str) -> impl Future<Output = Result<Option<SpaceToken>, StoreError>> + Send;

    /// Adds a Onezone space. When `consume` names a single-use token, it is used up in the same step: `Conflict`
    /// if it already was, and then nothing is stored.
    fn create_onezone_space(
        &self,
        space: OnezoneSpace,
        consume: Option<String>,
    ) -> impl Future<Output = Result<OnezoneSpace, StoreError>> + Send;

    /// The Onezone space with this id.
    fn onezone_space(&self, id: &str) -> impl Future<Output = Result<OnezoneSpace, StoreError>> + Send;

    /// Every Onezone space, in creation order.
    fn onezone_spaces(&self) -> impl Future<Output = Result<Vec<OnezoneSpace>, StoreError>> + Send;

    /// Makes `provider` support the space with `size` bytes (a new size if it already does).
    fn support_onezone_space(
        &self,
        id: &str,
        provider: &str,
        size: i64,
    ) -> impl Future<Output = Result<OnezoneSpace, StoreError>> + Send;

    /// Ends `provider`'s support of the space. `NotFound` if it does not support it.
    fn remove_onezone_support(&self, id: &str, provider: &str) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Adds an Assembla space. `Conflict` if its wiki name is another space's id or wiki name.
    fn create_assembla_space(
        &self,
        space: AssemblaSpace,
    ) -> impl Future<Output = Result<AssemblaSpace, StoreError>> + Send;

    /// The Assembla space with this id or wiki name.
    fn assembla_space(&self, id_or_wiki_name: &str) -> impl Future<Output = Result<AssemblaSpace, StoreError>> + Send;

    /// The Assembla spaces in creation order from `offset`, at most `limit` of them, with the total count.
    fn assembla_spaces(
        &self,
        offset: usize,
        limit: usize,
    ) -> impl Future<Output = Result<Slice<AssemblaSpace>, StoreError>> + Send;

    /// Replaces the space with the same id. `NotFound` if there is none, `Conflict` if its wiki name is taken.
    fn update_assembla_space(
        &self,
        space: AssemblaSpace,
    ) -> impl Future<Output = Result<AssemblaSpace, StoreError>> + Send;

    /// Deletes the space with this id or wiki name.
    fn delete_assembla_space(&self, id_or_wiki_name: &str) -> impl Future<Output = Result<(), StoreError>> + Send;
}

/// A comparison in a list filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    /// Equal.
    Eq,
    /// At least.
    Ge,
    /// At most.
    Le,
    /// Below.
    Lt,
    /// Above.
    Gt,
    /// Equal to one of the operands.
    In,
}

impl Comparison {
    /// Whether `actual` satisfies this comparison with `operands` (one unless `In`); `fold` compares ignoring
    /// case. An absent attribute satisfies nothing.
    pub fn holds(self, operands: &[String], actual: Option<&str>, fold: bool) -> bool {
        let Some(actual) = actual else {
            return false;
        };
        let norm = |s: &str| if fold { s.to_lowercase() } else { s.to_owned() };
        let actual = norm(actual);
        let first = operands.first().map(|v| norm(v)).unwrap_or_default();
        match self {
            Comparison::Eq => actual == first,
            Comparison::In => operands.iter().any(|v| norm(v) == actual),
            Comparison::Ge => actual >= first,
            Comparison::Le => actual <= first,
            Comparison::Lt => actual < first,
            Comparison::Gt => actual > first,
        }
    }
}

/// A space attribute a listing can filter on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpaceAttribute {
    /// The guid.
    Guid,
    /// The name, compared ignoring case.
    Name,
    /// The owning organization.
    OrganizationGuid,
    /// The isolation segment (absent on spaces that have none).
    IsolationSegmentGuid,
    /// A relation spaceport keeps none of (developers, apps): no space satisfies a condition on it.
    Unkept,
}

/// One condition of a space selection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpaceCondition {
    /// What is compared.
    pub attribute: SpaceAttribute,
    /// How.
    pub comparison: Comparison,
    /// With what (one value unless `In`).
    pub operands: Vec<String>,
}

impl SpaceCondition {
    fn holds(&self, space: &Space) -> bool {
        let (actual, fold) = match self.attribute {
            SpaceAttribute::Guid => (Some(space.guid.as_str()), false),
            SpaceAttribute::Name => (Some(space.name.as_str()), true),
            SpaceAttribute::OrganizationGuid => (Some(space.organization_guid.as_str()), false),
            SpaceAttribute::IsolationSegmentGuid => (space.isolation_segment_guid.as_deref(), false),
            SpaceAttribute::Unkept => return false,
        };
        self.comparison.holds(&self.operands, actual, fold)
    }
}

/// The order of a space selection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SpaceOrder {
    /// Creation order.
    #[default]
    Creation,
    /// By name ignoring case, ties in creation order.
    Name,
}

/// Which spaces a listing wants, in which order, and which run of them to return.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SpaceSelection {
    /// Only this organization's spaces.
    pub organization: Option<String>,
    /// Every condition must hold.
    pub conditions: Vec<SpaceCondition>,
    /// The order.
    pub order: SpaceOrder,
    /// Reverse the order.
    pub descending: bool,
    /// How many matching spaces to skip.
    pub offset: usize,
    /// How many to return at most.
    pub limit: usize,
}

/// An event attribute a listing can filter on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventAttribute {
    /// The type (`audit.space.create`).
    Kind,
    /// What was acted on.
    Actee,
    /// The space involved.
    SpaceGuid,
    /// The organization involved.
    OrganizationGuid,
}

/// One condition on an event attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventCondition {
    /// What is compared.
    pub attribute: EventAttribute,
    /// How.
    pub comparison: Comparison,
    /// With what (one value unless `In`).
    pub operands: Vec<String>,
}

/// One condition on when an event happened: it holds when the timestamp compares so with any of the instants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeCondition {
    /// How (`Eq` and `In` mean equal).
    pub comparison: Comparison,
    /// The instants compared with.
    pub instants: Vec<DateTime<Utc>>,
}

/// Which audit events a listing wants, oldest first (ties in recording order) unless `descending`, and which
/// run of them to return.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EventSelection {
    /// Every condition must hold.
    pub conditions: Vec<EventCondition>,
    /// Every time condition must hold.
    pub times: Vec<TimeCondition>,
    /// Newest first.
    pub descending: bool,
    /// How many matching events to skip.
    pub offset: usize,
    /// How many to return at most.
    pub limit: usize,
}

impl EventSelection {
    fn holds(&self, event: &Event) -> bool {
        let attributes = self.conditions.iter().all(|condition| {
            let actual = match condition.attribute {
                EventAttribute::Kind => &event.kind,
                EventAttribute::Actee => &event.actee,
                EventAttribute::SpaceGuid => &event.space_guid,
                EventAttribute::OrganizationGuid => &event.organization_guid,
            };
            condition.comparison.holds(&condition.operands, Some(actual), false)
        });
        attributes
            && self.times.iter().all(|time| {
                let at = event.timestamp;
                time.instants.iter().any(|bound| match time.comparison {
                    Comparison::Eq | Comparison::In => at == *bound,
                    Comparison::Ge => at >= *bound,
                    Comparison::Le => at <= *bound,
                    Comparison::Lt => at < *bound,
                    Comparison::Gt => at > *bound,
                })
            })
    }
}

/// A run of a selection: how many records matched, and the requested ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slice<T> {
    /// The number of matching records.
    pub total: usize,
    /// The records from the offset, at most the limit.
    pub items: Vec<T>,
}

#[derive(Debug, Default)]
struct Data {
    organizations: IndexMap<String, Organization>,
    spaces: IndexMap<String, Space>,
    events: IndexMap<String, Event>,
    jobs: IndexMap<String, Job>,
    users: IndexMap<String, User>,
    tokens: IndexMap<String, String>,
    provider_tokens: IndexMap<String, ()>,
    space_tokens: IndexMap<String, SpaceToken>,
    onezone_spaces: IndexMap<String, OnezoneSpace>,
    assembla_spaces: IndexMap<String, AssemblaSpace>,
    /// Organization names, lowercased, to their guid: the uniqueness check without a scan.
    organization_names: BTreeMap<String, String>,
    /// (organization guid, space name lowercased) to the space's guid.
    space_names: BTreeMap<(String, String), String>,
    /// Assembla wiki names to their space's id.
    wiki_names: BTreeMap<String, String>,
    /// Whether some event was recorded with an earlier timestamp than the one before it (a clock set back):
    /// then recording order is not time order and event lists must sort.
    events_out_of_time_order: bool,
}

impl Data {
    /// The positions (in creation order) of the only spaces that can satisfy `selection`, from the name index,
    /// when the selection pins the organization or the name with `:` or ` IN `; `None` when it pins neither. The
    /// candidates still go through every condition.
    fn space_candidates(&self, selection: &SpaceSelection) -> Option<Vec<usize>> {
        let pinned = |attribute: SpaceAttribute| {
            selection.conditions.iter().find_map(|c| {
                (c.attribute == attribute && matches!(c.comparison, Comparison::Eq | Comparison::In))
                    .then(|| c.operands.iter().map(String::as_str).collect::<Vec<&str>>())
            })
        };
        let organizations = match &selection.organization {
            Some(guid) => Some(vec![guid.as_str()]),
            None => pinned(SpaceAttribute::OrganizationGuid),
        };
        let names: Option<Vec<String>> =
            pinned(SpaceAttribute::Name).map(|names| names.iter().map(|n| n.to_lowercase()).collect());
        let guids: Vec<&String> = match (organizations, names) {
            (None, None) => return None,
            (organizations, Some(names)) => {
                let organizations =
                    organizations.unwrap_or_else(|| self.organizations.keys().map(String::as_str).collect());
                let mut guids = Vec::new();
                for organization in organizations {
                    for name in &names {
                        guids.extend(self.space_names.get(&(organization.to_owned(), name.clone())));
                    }
                }
                guids
            }
            (Some(organizations), None) => organizations
                .into_iter()
                .flat_map(|organization| self.space_guids_of(organization))
                .collect(),
        };
        let mut indexes: Vec<usize> = guids.into_iter().filter_map(|g| self.spaces.get_index_of(g)).collect();
        indexes.sort_unstable();
        indexes.dedup();
        Some(indexes)
    }

    /// The guids of an organization's spaces, from the name index (in name order).
    fn space_guids_of<'a>(&'a self, organization: &'a str) -> impl Iterator<Item = &'a String> + 'a {
        self.space_names
            .range((organization.to_owned(), String::new())..)
            .take_while(move |((owner, _), _)| owner == organization)
            .map(|(_, guid)| guid)
    }

    /// Records an audit event.
    fn record(&mut self, event: Event) {
        if self
            .events
            .last()
            .is_some_and(|(_, last)| event.timestamp < last.timestamp)
        {
            self.events_out_of_time_order = true;
        }
        self.events.insert(event.guid.clone(), event);
    }

    /// The id of the Assembla space with this id or wiki name.
    fn assembla_id(&self, id_or_wiki_name: &str) -> Option<String> {
        if self.assembla_spaces.contains_key(id_or_wiki_name) {
            return Some(id_or_wiki_name.to_owned());
        }
        self.wiki_names.get(id_or_wiki_name).cloned()
    }

    /// Whether `wiki_name` names a space other than `id`, by id or wiki name.
    fn wiki_name_taken(&self, wiki_name: &str, id: &str) -> bool {
        (wiki_name != id && self.assembla_spaces.contains_key(wiki_name))
            || self.wiki_names.get(wiki_name).is_some_and(|owner| owner != id)
    }

    /// Whether another organization than `guid` has this name, ignoring case.
    fn organization_name_taken(&self, name: &str, guid: &str) -> bool {
        self.organization_names
            .get(&name.to_lowercase())
            .is_some_and(|owner| owner != guid)
    }

    /// Whether another space than `guid` in `organization` has this name, ignoring case.
    fn space_name_taken(&self, organization: &str, name: &str, guid: &str) -> bool {
        self.space_names
            .get(&(organization.to_owned(), name.to_lowercase()))
            .is_some_and(|owner| owner != guid)
    }

    fn forget_space_name(&mut self, space: &Space) {
        self.space_names
            .remove(&(space.organization_guid.clone(), space.name.to_lowercase()));
    }

    fn remember_space_name(&mut self, space: &Space) {
        self.space_names.insert(
            (space.organization_guid.clone(), space.name.to_lowercase()),
            space.guid.clone(),
        );
    }
}

/// The run `offset..offset + limit` of `matching`, copied, with the total.
fn slice<T: Clone>(matching: Vec<&T>, offset: usize, limit: usize) -> Slice<T> {
    Slice {
        total: matching.len(),
        items: matching.into_iter().skip(offset).take(limit).cloned().collect(),
    }
}

fn not_found(entity: Entity, key: &str) -> StoreError {
    StoreError::NotFound {
        entity,
        key: key.to_owned(),
    }
}

/// The run `offset..offset + limit` of every record in insertion order (or its reverse), copied, with the
/// total: an index range, whatever the map's size.
fn index_run<T: Clone>(records: &IndexMap<String, T>, offset: usize, limit: usize, descending: bool) -> Slice<T> {
    let total = records.len();
    let start = offset.min(total);
    let end = start.saturating_add(limit).min(total);
    let indexes: Box<dyn Iterator<Item = usize>> = if descending {
        Box::new((total - end..total - start).rev())
    } else {
        Box::new(start..end)
    };
    Slice {
        total,
        items: indexes
            .filter_map(|i| records.get_index(i))
            .map(|(_, record)| record.clone())
            .collect(),
    }
}

/// The in-memory store: one lock around ordered maps, so every method is atomic and lists keep creation order.
#[derive(Debug, Default)]
pub struct MemoryStore {
    data: RwLock<Data>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn read<T>(&self, f: impl FnOnce(&Data) -> T) -> T {
        // A panic while holding the lock cannot leave a half-applied write: every write checks first, then mutates.
        f(&self.data.read().unwrap_or_else(PoisonError::into_inner))
    }

    fn write<T>(&self, f: impl FnOnce(&mut Data) -> T) -> T {
        f(&mut self.data.write().unwrap_or_else(PoisonError::into_inner))
    }
}

impl Store for MemoryStore {
    async fn create_organization(
        &self,
        organization: Organization,
        event: Option<Event>,
    ) -> Result<Organization, StoreError> {
        self.write(|data| {
            if data.organization_name_taken(&organization.name, &organization.guid) {
                return Err(StoreError::Conflict {
                    entity: Entity::Organization,
                    key: organization.name.clone(),
                });
            }
            data.organization_names
                .insert(organization.name.to_lowercase(), organization.guid.clone());
            data.organizations
                .insert(organization.guid.clone(), organization.clone());
            if let Some(event) = event {
                data.record(event);
            }
            Ok(organization)
        })
    }

    async fn organization(&self, guid: &str) -> Result<Organization, StoreError> {
        self.read(|data| {
            data.organizations
                .get(guid)
                .cloned()
                .ok_or_else(|| StoreError::NotFound {
                    entity: Entity::Organization,
                    key: guid.to_owned(),
                })
        })
    }

    async fn create_space(&self, space: Space, event: Event) -> Result<Space, StoreError> {
        self.write(|data| {
            if !data.organizations.contains_key(&space.organization_guid) {
                return Err(StoreError::NotFound {
                    entity: Entity::Organization,
                    key: space.organization_guid.clone(),
                });
            }
            if data.space_name_taken(&space.organization_guid, &space.name, &space.guid) {
                return Err(StoreError::Conflict {
                    entity: Entity::Space,
                    key: space.name.clone(),
                });
            }
            data.remember_space_name(&space);
            data.spaces.insert(space.guid.clone(), space.clone());
            data.record(event);
            Ok(space)
        })
    }

    async fn space(&self, guid: &str) -> Result<Space, StoreError> {
        self.read(|data| {
            data.spaces.get(guid).cloned().ok_or_else(|| StoreError::NotFound {
                entity: Entity::Space,
                key: guid.to_owned(),
            })
        })
    }

    async fn organizations(&self) -> Result<Vec<Organization>, StoreError> {
        self.read(|data| Ok(data.organizations.values().cloned().collect()))
    }

    async fn update_organization(
        &self,
        guid: &str,
        changes: OrganizationChanges,
        at: DateTime<Utc>,
        event: Event,
    ) -> Result<Organization, StoreError> {
        self.write(|data| {
            if !data.organizations.contains_key(guid) {
                return Err(not_found(Entity::Organization, guid));
            }
            if let Some(name) = &changes.name
                && data.organization_name_taken(name, guid)
            {
                return Err(StoreError::Conflict {
                    entity: Entity::Organization,
                    key: name.clone(),
                });
            }
            let organization = data
                .organizations
                .get_mut(guid)
                .ok_or_else(|| not_found(Entity::Organization, guid))?;
            let renamed = changes.name.map(|name| std::mem::replace(&mut organization.name, name));
            if let Some(status) = changes.status {
                organization.status = status;
            }
            if let Some(billing_enabled) = changes.billing_enabled {
                organization.billing_enabled = billing_enabled;
            }
            organization.updated_at = Some(at);
            let updated = organization.clone();
            if let Some(old) = renamed {
                data.organization_names.remove(&old.to_lowercase());
                data.organization_names
                    .insert(updated.name.to_lowercase(), updated.guid.clone());
            }
            data.record(event);
            Ok(updated)
        })
    }

    async fn delete_organization(&self, guid: &str, recursive: bool, event: Event) -> Result<(), StoreError> {
        self.write(|data| {
            if !data.organizations.contains_key(guid) {
                return Err(not_found(Entity::Organization, guid));
            }
            let has_spaces = data.space_guids_of(guid).next().is_some();
            if has_spaces && !recursive {
                return Err(StoreError::NotEmpty {
                    entity: Entity::Organization,
                    key: guid.to_owned(),
                });
            }
            data.spaces.retain(|_, s| s.organization_guid != guid);
            data.space_names.retain(|(organization, _), _| organization != guid);
            if let Some(organization) = data.organizations.shift_remove(guid) {
                data.organization_names.remove(&organization.name.to_lowercase());
            }
            data.record(event);
            Ok(())
        })
    }

    async fn select_spaces(&self, selection: &SpaceSelection) -> Result<Slice<Space>, StoreError> {
        self.read(|data| {
            let everything = selection.organization.is_none() && selection.conditions.is_empty();
            if everything && selection.order == SpaceOrder::Creation {
                return Ok(index_run(
                    &data.spaces,
                    selection.offset,
                    selection.limit,
                    selection.descending,
                ));
            }
            // Filter by reference and clone only the returned run. When a condition pins the organization or
            // the name, the name index narrows the scan to the candidates, kept in creation order.
            let candidates: Box<dyn Iterator<Item = &Space>> = match data.space_candidates(selection) {
                Some(indexes) => Box::new(
                    indexes
                        .into_iter()
                        .filter_map(|i| data.spaces.get_index(i).map(|(_, s)| s)),
                ),
                None => Box::new(data.spaces.values()),
            };
            let mut matching: Vec<&Space> = candidates
                .filter(|space| {
                    selection
                        .organization
                        .as_deref()
                        .is_none_or(|guid| space.organization_guid == guid)
                        && selection.conditions.iter().all(|condition| condition.holds(space))
                })
                .collect();
            if selection.order == SpaceOrder::Name {
                matching.sort_by_cached_key(|space| space.name.to_lowercase());
            }
            if selection.descending {
                matching.reverse();
            }
            Ok(slice(matching, selection.offset, selection.limit))
        })
    }

    async fn update_space(
        &self,
        guid: &str,
        changes: SpaceChanges,
        at: DateTime<Utc>,
        event: Event,
    ) -> Result<Space, StoreError> {
        self.write(|data| {
            let organization_guid = data
                .spaces
                .get(guid)
                .map(|s| s.organization_guid.clone())
                .ok_or_else(|| not_found(Entity::Space, guid))?;
            if let Some(name) = &changes.name
                && data.space_name_taken(&organization_guid, name, guid)
            {
                return Err(StoreError::Conflict {
                    entity: Entity::Space,
                    key: name.clone(),
                });
            }
            let space = data
                .spaces
                .get_mut(guid)
                .ok_or_else(|| not_found(Entity::Space, guid))?;
            let before = space.clone();
            if let Some(name) = changes.name {
                space.name = name;
            }
            if let Some(allow_ssh) = changes.allow_ssh {
                space.allow_ssh = allow_ssh;
            }
            space.updated_at = Some(at);
            let updated = space.clone();
            data.forget_space_name(&before);
            data.remember_space_name(&updated);
            data.record(event);
            Ok(updated)
        })
    }

    async fn delete_space(&self, guid: &str, event: Event) -> Result<(), StoreError> {
        self.write(|data| {
            let space = data
                .spaces
                .shift_remove(guid)
                .ok_or_else(|| not_found(Entity::Space, guid))?;
            data.forget_space_name(&space);
            data.record(event);
            Ok(())
        })
    }

    async fn select_events(&self, selection: &EventSelection) -> Result<Slice<Event>, StoreError> {
        self.read(|data| {
            let everything = selection.conditions.is_empty() && selection.times.is_empty();
            if everything && !data.events_out_of_time_order {
                return Ok(index_run(
                    &data.events,
                    selection.offset,
                    selection.limit,
                    selection.descending,
                ));
            }
            let mut matching: Vec<&Event> = data.events.values().filter(|event| selection.holds(event)).collect();
            // Recording order is nearly time order already; the stable sort keeps ties in recording order.
            matching.sort_by_key(|event| event.timestamp);
            if selection.descending {
                matching.reverse();
            }
            Ok(slice(matching, selection.offset, selection.limit))
        })
    }

    async fn event(&self, guid: &str) -> Result<Event, StoreError> {
        self.read(|data| {
            data.events
                .get(guid)
                .cloned()
                .ok_or_else(|| not_found(Entity::Event, guid))
        })
    }

    async fn create_job(&self, job: Job) -> Result<Job, StoreError> {
        self.write(|data| {
            data.jobs.insert(job.guid.clone(), job.clone());
            Ok(job)
        })
    }

    async fn job(&self, guid: &str) -> Result<Job, StoreError> {
        self.read(|data| data.jobs.get(guid).cloned().ok_or_else(|| not_found(Entity::Job, guid)))
    }

    async fn create_user(&self, user: User) -> Result<User, StoreError> {
        self.write(|data| {
            if data.users.values().any(|u| u.username == user.username) {
                return Err(StoreError::Conflict {
                    entity: Entity::User,
                    key: user.username.clone(),
                });
            }
            data.users.insert(user.guid.clone(), user.clone());
            Ok(user)
        })
    }

    async fn user_by_name(&self, username: &str) -> Result<Option<User>, StoreError> {
        self.read(|data| Ok(data.users.values().find(|u| u.username == username).cloned()))
    }

    async fn user(&self, guid: &str) -> Result<Option<User>, StoreError> {
        self.read(|data| Ok(data.users.get(guid).cloned()))
    }

    async fn create_token(&self, token: String, user_guid: String) -> Result<(), StoreError> {
        self.write(|data| {
            if !data.users.contains_key(&user_guid) {
                return Err(not_found(Entity::User, &user_guid));
            }
            data.tokens.insert(token, user_guid);
            Ok(())
        })
    }

    async fn user_for_token(&self, token: &str) -> Result<Option<User>, StoreError> {
        self.read(|data| Ok(data.tokens.get(token).and_then(|guid| data.users.get(guid)).cloned()))
    }

    async fn create_provider_token(&self, token: String) -> Result<(), StoreError> {
        self.write(|data| {
            data.provider_tokens.insert(token, ());
            Ok(())
        })
    }

    async fn is_provider_token(&self, token: &str) -> Result<bool, StoreError> {
        self.read(|data| Ok(data.provider_tokens.contains_key(token)))
    }

    async fn create_space_token(&self, token: SpaceToken) -> Result<(), StoreError> {
        self.write(|data| {
            data.space_tokens.insert(token.token.clone(), token);
            Ok(())
        })
    }

    async fn space_token(&self, token: &str) -> Result<Option<SpaceToken>, StoreError> {
        self.read(|data| Ok(data.space_tokens.get(token).cloned()))
    }

    async fn create_onezone_space(
        &self,
        space: OnezoneSpace,
        consume: Option<String>,
    ) -> Result<OnezoneSpace, StoreError> {
        self.write(|data| {
            if let Some(token) = &consume {
                let entry = data
                    .space_tokens
                    .get_mut(token)
                    .ok_or_else(|| not_found(Entity::SpaceToken, token))?;
                if entry.single_use && entry.used {
                    return Err(StoreError::Conflict {
                        entity: Entity::SpaceToken,
                        key: token.clone(),
                    });
                }
                entry.used = true;
            }
            data.onezone_spaces.insert(space.id.clone(), space.clone());
            Ok(space)
        })
    }

    async fn onezone_space(&self, id: &str) -> Result<OnezoneSpace, StoreError> {
        self.read(|data| {
            data.onezone_spaces
                .get(id)
                .cloned()
                .ok_or_else(|| not_found(Entity::OnezoneSpace, id))
        })
    }

    async fn onezone_spaces(&self) -> Result<Vec<OnezoneSpace>, StoreError> {
        self.read(|data| Ok(data.onezone_spaces.values().cloned().collect()))
    }

    async fn support_onezone_space(&self, id: &str, provider: &str, size: i64) -> Result<OnezoneSpace, StoreError> {
        self.write(|data| {
            let space = data
                .onezone_spaces
                .get_mut(id)
                .ok_or_else(|| not_found(Entity::OnezoneSpace, id))?;
            space.supports.insert(provider.to_owned(), size);
            Ok(space.clone())
        })
    }

    async fn remove_onezone_support(&self, id: &str, provider: &str) -> Result<(), StoreError> {
        self.write(|data| {
            data.onezone_spaces
                .get_mut(id)
                .and_then(|space| space.supports.shift_remove(provider))
                .map(|_| ())
                .ok_or_else(|| not_found(Entity::OnezoneSpace, id))
        })
    }

    async fn create_assembla_space(&self, space: AssemblaSpace) -> Result<AssemblaSpace, StoreError> {
        self.write(|data| {
            if data.wiki_name_taken(&space.wiki_name, &space.id) {
                return Err(StoreError::Conflict {
                    entity: Entity::AssemblaSpace,
                    key: space.wiki_name.clone(),
                });
            }
            data.wiki_names.insert(space.wiki_name.clone(), space.id.clone());
            data.assembla_spaces.insert(space.id.clone(), space.clone());
            Ok(space)
        })
    }

    async fn assembla_space(&self, id_or_wiki_name: &str) -> Result<AssemblaSpace, StoreError> {
        self.read(|data| {
            data.assembla_id(id_or_wiki_name)
                .and_then(|id| data.assembla_spaces.get(&id).cloned())
                .ok_or_else(|| not_found(Entity::AssemblaSpace, id_or_wiki_name))
        })
    }

    async fn assembla_spaces(&self, offset: usize, limit: usize) -> Result<Slice<AssemblaSpace>, StoreError> {
        self.read(|data| Ok(slice(data.assembla_spaces.values().collect(), offset, limit)))
    }

    async fn update_assembla_space(&self, space: AssemblaSpace) -> Result<AssemblaSpace, StoreError> {
        self.write(|data| {
            if !data.assembla_spaces.contains_key(&space.id) {
                return Err(not_found(Entity::AssemblaSpace, &space.id));
            }
            if data.wiki_name_taken(&space.wiki_name, &space.id) {
                return Err(StoreError::Conflict {
                    entity: Entity::AssemblaSpace,
                    key: space.wiki_name.clone(),
                });
            }
            if let Some(old) = data.assembla_spaces.insert(space.id.clone(), space.clone()) {
                data.wiki_names.remove(&old.wiki_name);
            }
            data.wiki_names.insert(space.wiki_name.clone(), space.id.clone());
            Ok(space)
        })
    }

    async fn delete_assembla_space(&self, id_or_wiki_name: &str) -> Result<(), StoreError> {
        self.write(|data| {
            let id = data
                .assembla_id(id_or_wiki_name)
                .ok_or_else(|| not_found(Entity::AssemblaSpace, id_or_wiki_name))?;
            if let Some(space) = data.assembla_spaces.shift_remove(&id) {
                data.wiki_names.remove(&space.wiki_name);
            }
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at() -> DateTime<Utc> {
        DateTime::from_timestamp(0, 0).unwrap_or_default()
    }

    fn event(guid: &str) -> Event {
        Event {
            guid: guid.to_owned(),
            kind: String::new(),
            actor: String::new(),
            actor_type: String::new(),
            actor_name: String::new(),
            actor_username: String::new(),
            actee: String::new(),
            actee_type: String::new(),
            actee_name: String::new(),
            timestamp: at(),
            metadata: Value::Null,
            space_guid: String::new(),
            organization_guid: String::new(),
        }
    }

    fn space(guid: &str, name: &str) -> Space {
        Space {
            guid: guid.to_owned(),
            name: name.to_owned(),
            organization_guid: "o".to_owned(),
            allow_ssh: true,
            isolation_segment_guid: None,
            space_quota_definition_guid: None,
            created_at: at(),
            updated_at: None,
        }
    }

    #[actix_web::test]
    async fn names_freed_by_renames_and_deletes_can_be_taken_again() {
        let store = MemoryStore::new();
        let org = Organization {
            guid: "o".into(),
            name: "Org".into(),
            status: "active".into(),
            billing_enabled: false,
            quota_definition_guid: "q".into(),
            created_at: at(),
            updated_at: None,
        };
        store.create_organization(org, None).await.expect("created");
        store
            .create_space(space("s1", "Dev"), event("e1"))
            .await
            .expect("created");

        let clash = store.create_space(space("s2", "dev"), event("e2")).await;
        let renamed = SpaceChanges {
            name: Some("prod".into()),
            allow_ssh: None,
        };
        store
            .update_space("s1", renamed, at(), event("e3"))
            .await
            .expect("renamed");
        let after_rename = store.create_space(space("s2", "DEV"), event("e4")).await;
        store.delete_space("s2", event("e5")).await.expect("deleted");
        let after_delete = store.create_space(space("s3", "dev"), event("e6")).await;
        store
            .delete_organization("o", true, event("e7"))
            .await
            .expect("deleted");
        let org_again = Organization {
            guid: "o2".into(),
            name: "ORG".into(),
            status: "active".into(),
            billing_enabled: false,
            quota_definition_guid: "q".into(),
            created_at: at(),
            updated_at: None,
        };

        assert!(matches!(clash, Err(StoreError::Conflict { .. })));
        assert!(after_rename.is_ok());
        assert!(after_delete.is_ok());
        assert!(
            store.create_organization(org_again, None).await.is_ok(),
            "the org name is free again"
        );
    }

    fn organization(guid: &str) -> Organization {
        Organization {
            guid: guid.into(),
            name: guid.to_uppercase(),
            status: "active".into(),
            billing_enabled: false,
            quota_definition_guid: "q".into(),
            created_at: at(),
            updated_at: None,
        }
    }

    #[actix_web::test]
    async fn a_selection_filters_orders_and_cuts_a_run_out_of_every_match() {
        let store = MemoryStore::new();
        for org in ["o", "p"] {
            store
                .create_organization(organization(org), None)
                .await
                .expect("created");
        }
        for (guid, name, org) in [
            ("s1", "beta", "o"),
            ("s2", "Alpha", "o"),
            ("s3", "gamma", "p"),
            ("s4", "alpha2", "o"),
            ("s5", "BETA", "p"),
        ] {
            let space = Space {
                organization_guid: org.into(),
                ..space(guid, name)
            };
            store
                .create_space(space, event(&format!("e-{guid}")))
                .await
                .expect("created");
        }
        let guids = |slice: &Slice<Space>| slice.items.iter().map(|s| s.guid.clone()).collect::<Vec<_>>();
        let everything = SpaceSelection {
            limit: usize::MAX,
            ..SpaceSelection::default()
        };

        let all = store.select_spaces(&everything).await.expect("selected");
        assert_eq!(
            (all.total, guids(&all)),
            (
                5,
                vec!["s1", "s2", "s3", "s4", "s5"]
                    .into_iter()
                    .map(String::from)
                    .collect()
            )
        );

        let by_name_desc = SpaceSelection {
            order: SpaceOrder::Name,
            descending: true,
            offset: 1,
            limit: 3,
            ..everything.clone()
        };
        let page = store.select_spaces(&by_name_desc).await.expect("selected");
        let newest = SpaceSelection {
            descending: true,
            offset: 1,
            limit: 2,
            ..everything.clone()
        };
        let newest = store.select_spaces(&newest).await.expect("selected");
        assert_eq!((newest.total, guids(&newest)), (5, vec!["s4".to_owned(), "s3".into()]));
        let past_the_end = SpaceSelection {
            offset: 9,
            ..everything.clone()
        };
        let past_the_end = store.select_spaces(&past_the_end).await.expect("selected");
        assert_eq!((past_the_end.total, past_the_end.items.len()), (5, 0));
        // Names ignoring case: alpha (s2), alpha2 (s4), beta (s1), BETA (s5), gamma (s3); reversed, skip one.
        assert_eq!(
            (page.total, guids(&page)),
            (5, vec!["s5".to_owned(), "s1".into(), "s4".into()])
        );

        let named = SpaceSelection {
            organization: Some("o".into()),
            conditions: vec![SpaceCondition {
                attribute: SpaceAttribute::Name,
                comparison: Comparison::In,
                operands: vec!["ALPHA".into(), "beta".into()],
            }],
            ..everything.clone()
        };
        let hits = store.select_spaces(&named).await.expect("selected");
        assert_eq!((hits.total, guids(&hits)), (2, vec!["s1".to_owned(), "s2".into()]));

        let unkept = SpaceSelection {
            conditions: vec![SpaceCondition {
                attribute: SpaceAttribute::Unkept,
                comparison: Comparison::Eq,
                operands: vec!["anything".into()],
            }],
            ..everything.clone()
        };
        let none = store.select_spaces(&unkept).await.expect("selected");
        assert_eq!((none.total, none.items.len()), (0, 0));

        let counted = SpaceSelection {
            conditions: vec![SpaceCondition {
                attribute: SpaceAttribute::Name,
                comparison: Comparison::Ge,
                operands: vec!["b".into()],
            }],
            limit: 0,
            ..everything
        };
        let count = store.select_spaces(&counted).await.expect("selected");
        assert_eq!(
            (count.total, count.items.len()),
            (3, 0),
            "beta, gamma and BETA count; none is copied"
        );
    }

    #[actix_web::test]
    async fn events_list_in_time_order_even_after_the_clock_goes_back() {
        let store = MemoryStore::new();
        let at = |seconds| DateTime::from_timestamp(seconds, 0).unwrap_or_default();
        for (org, seconds) in [("o1", 10), ("o2", 20), ("o3", 30)] {
            let recorded = Event {
                timestamp: at(seconds),
                ..event(&format!("e-{org}"))
            };
            store
                .create_organization(organization(org), Some(recorded))
                .await
                .expect("created");
        }
        let guids = |slice: &Slice<Event>| slice.items.iter().map(|e| e.guid.clone()).collect::<Vec<_>>();
        let newest_two = EventSelection {
            descending: true,
            limit: 2,
            ..EventSelection::default()
        };

        let in_order = store.select_events(&newest_two).await.expect("selected");
        let set_back = Event {
            timestamp: at(5),
            ..event("e-o4")
        };
        store
            .create_organization(organization("o4"), Some(set_back))
            .await
            .expect("created");
        let everything = EventSelection {
            limit: usize::MAX,
            ..EventSelection::default()
        };
        let after = store.select_events(&everything).await.expect("selected");

        assert_eq!(
            (in_order.total, guids(&in_order)),
            (3, vec!["e-o3".to_owned(), "e-o2".into()])
        );
        assert_eq!(
            (after.total, guids(&after)),
            (4, vec!["e-o4".to_owned(), "e-o1".into(), "e-o2".into(), "e-o3".into()])
        );
    }

    #[actix_web::test]
    async fn selections_narrowed_by_the_name_index_match_a_full_scan() {
        let store = MemoryStore::new();
        for org in ["o", "p", "q"] {
            store
                .create_organization(organization(org), None)
                .await
                .expect("created");
        }
        let names = ["Dev", "dev-2", "PROD", "staging", "Ünïcode"];
        let mut n = 0;
        for (i, org) in ["o", "p", "q", "o", "p", "q", "o"].into_iter().enumerate() {
            for name in names.iter().skip(i % 2) {
                n += 1;
                let space = Space {
                    organization_guid: org.into(),
                    ..space(&format!("s{n}"), &format!("{name}{}", if i < 3 { "" } else { "-x" }))
                };
                // Two rounds per organization: the second round's names clash and are refused.
                let _ = store.create_space(space, event(&format!("e{n}"))).await;
            }
        }
        let everything = SpaceSelection {
            limit: usize::MAX,
            ..SpaceSelection::default()
        };
        let all = store.select_spaces(&everything).await.expect("selected").items;
        let condition = |attribute, comparison, operands: &[&str]| SpaceCondition {
            attribute,
            comparison,
            operands: operands.iter().map(|o| (*o).to_owned()).collect(),
        };
        let selections = [
            vec![condition(SpaceAttribute::Name, Comparison::Eq, &["dev"])],
            vec![condition(SpaceAttribute::Name, Comparison::Eq, &["ÜNÏCODE-X"])],
            vec![condition(
                SpaceAttribute::Name,
                Comparison::In,
                &["prod", "STAGING", "nope"],
            )],
            vec![condition(SpaceAttribute::OrganizationGuid, Comparison::Eq, &["p"])],
            vec![condition(
                SpaceAttribute::OrganizationGuid,
                Comparison::In,
                &["q", "o", "zz"],
            )],
            vec![
                condition(SpaceAttribute::OrganizationGuid, Comparison::In, &["o", "q"]),
                condition(SpaceAttribute::Name, Comparison::Eq, &["dev-2"]),
            ],
            vec![
                condition(SpaceAttribute::Name, Comparison::In, &["dev", "prod"]),
                condition(SpaceAttribute::Name, Comparison::Gt, &["e"]),
            ],
        ];
        for organization in [None, Some("o".to_owned())] {
            for conditions in &selections {
                let selection = SpaceSelection {
                    organization: organization.clone(),
                    conditions: conditions.clone(),
                    ..everything.clone()
                };
                let expected: Vec<String> = all
                    .iter()
                    .filter(|s| organization.as_deref().is_none_or(|o| s.organization_guid == o))
                    .filter(|s| conditions.iter().all(|c| c.holds(s)))
                    .map(|s| s.guid.clone())
                    .collect();

                let got = store.select_spaces(&selection).await.expect("selected");

                let got: Vec<String> = got.items.into_iter().map(|s| s.guid).collect();
                assert_eq!(got, expected, "{organization:?} {conditions:?}");
            }
        }
        assert!(all.len() > 20, "{} spaces", all.len());
    }
}
