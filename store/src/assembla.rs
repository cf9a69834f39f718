//! What the Assembla API keeps: spaces, each found by its id or its wiki name, and no wiki name may be another
//! space's id or wiki name.

use std::future::Future;

use chrono::{DateTime, Utc};

use crate::{Slice, StoreError, Window};

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

/// Changes to an Assembla space, applied inside the store's write to the space as it is then (so concurrent
/// updates of different fields all survive). `None` keeps a field; for a field that may be empty, `Some(None)`
/// clears it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AssemblaSpaceChanges {
    /// A new name.
    pub name: Option<String>,
    /// A new wiki name; it must not be another space's id or wiki name.
    pub wiki_name: Option<String>,
    /// A new description, or none.
    pub description: Option<Option<String>>,
    /// New access for non-members.
    pub public_permissions: Option<i64>,
    /// New access for members.
    pub team_permissions: Option<i64>,
    /// New access for watchers.
    pub watcher_permissions: Option<i64>,
    /// A new team-sharing flag.
    pub share_permissions: Option<bool>,
    /// A new status.
    pub status: Option<i64>,
    /// A new Team tab role.
    pub team_tab_role: Option<i64>,
    /// A new landing tab.
    pub default_showpage: Option<String>,
    /// A new tool tab order, or none.
    pub tabs_order: Option<Option<Vec<String>>>,
    /// A new banner image, or none.
    pub banner: Option<Option<String>>,
    /// A new banner height, or none.
    pub banner_height: Option<Option<i64>>,
    /// A new banner caption, or none.
    pub banner_text: Option<Option<String>>,
    /// A new banner link, or none.
    pub banner_link: Option<Option<String>>,
    /// A new custom stylesheet, or none.
    pub style: Option<Option<String>>,
    /// A new moderation flag.
    pub approved: Option<bool>,
    /// A new join flag.
    pub can_join: Option<bool>,
    /// A new wiki format, or none.
    pub wiki_format: Option<Option<i64>>,
}

impl AssemblaSpaceChanges {
    /// `space` with these changes made at `at`: what a backend writes, holding the space's row for the write.
    pub fn applied_to(self, space: AssemblaSpace, at: DateTime<Utc>) -> AssemblaSpace {
        AssemblaSpace {
            id: space.id,
            name: self.name.unwrap_or(space.name),
            wiki_name: self.wiki_name.unwrap_or(space.wiki_name),
            description: self.description.unwrap_or(space.description),
            public_permissions: self.public_permissions.unwrap_or(space.public_permissions),
            team_permissions: self.team_permissions.unwrap_or(space.team_permissions),
            watcher_permissions: self.watcher_permissions.unwrap_or(space.watcher_permissions),
            share_permissions: self.share_permissions.unwrap_or(space.share_permissions),
            status: self.status.unwrap_or(space.status),
            team_tab_role: self.team_tab_role.unwrap_or(space.team_tab_role),
            default_showpage: self.default_showpage.unwrap_or(space.default_showpage),
            tabs_order: self.tabs_order.unwrap_or(space.tabs_order),
            banner: self.banner.unwrap_or(space.banner),
            banner_height: self.banner_height.unwrap_or(space.banner_height),
            banner_text: self.banner_text.unwrap_or(space.banner_text),
            banner_link: self.banner_link.unwrap_or(space.banner_link),
            style: self.style.unwrap_or(space.style),
            approved: self.approved.unwrap_or(space.approved),
            can_join: self.can_join.unwrap_or(space.can_join),
            wiki_format: self.wiki_format.unwrap_or(space.wiki_format),
            parent_id: space.parent_id,
            created_at: space.created_at,
            updated_at: at,
            commercial_from: space.commercial_from,
        }
    }
}

/// An API key and its secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKey {
    /// `X-Api-Key`.
    pub key: String,
    /// `X-Api-Secret`.
    pub secret: String,
}

/// Every Assembla record: the account (its portfolio and credentials) and its spaces; what a state export holds
/// and a replacement puts in their place.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AssemblaRecords {
    /// The portfolio new spaces belong to.
    pub portfolio: Option<String>,
    /// Bearer tokens strict mode accepts.
    pub tokens: Vec<String>,
    /// API keys strict mode accepts.
    pub api_keys: Vec<ApiKey>,
    /// Spaces, in creation order.
    pub spaces: Vec<AssemblaSpace>,
}

/// The Assembla API's records, in domain terms.
pub trait AssemblaStore: Send + Sync + 'static {
    /// Adds a space. `Conflict` if its wiki name is another space's id or wiki name.
    fn create_assembla_space(
        &self,
        space: AssemblaSpace,
    ) -> impl Future<Output = Result<AssemblaSpace, StoreError>> + Send;

    /// The space with this id or wiki name; `NotFound` if there is none.
    fn assembla_space(&self, id_or_wiki_name: &str) -> impl Future<Output = Result<AssemblaSpace, StoreError>> + Send;

    /// The window `window` of every space in creation order, with the total count.
    fn select_assembla_spaces(
        &self,
        window: Window,
    ) -> impl Future<Output = Result<Slice<AssemblaSpace>, StoreError>> + Send;

    /// Applies `changes` at `at` to the space with this id or wiki name, as it is when the write holds it; the
    /// updated space. `NotFound` if there is none, `Conflict` if the new wiki name is another space's id or wiki
    /// name (then nothing changes).
    fn update_assembla_space(
        &self,
        id_or_wiki_name: &str,
        changes: AssemblaSpaceChanges,
        at: DateTime<Utc>,
    ) -> impl Future<Output = Result<AssemblaSpace, StoreError>> + Send;

    /// Deletes the space with this id or wiki name; `NotFound` if there is none.
    fn delete_assembla_space(&self, id_or_wiki_name: &str) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Registers a bearer token; registering it again changes nothing.
    fn create_assembla_token(&self, token: String) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Whether a bearer token is registered.
    fn is_assembla_token(&self, token: &str) -> impl Future<Output = Result<bool, StoreError>> + Send;

    /// Registers an API key with its secret, unless the key is registered already (then nothing changes).
    fn create_assembla_api_key(&self, key: ApiKey) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// The secret of a registered API key, if it is one.
    fn assembla_api_secret(&self, key: &str) -> impl Future<Output = Result<Option<String>, StoreError>> + Send;

    /// Sets the portfolio new spaces belong to.
    fn set_assembla_portfolio(&self, portfolio: Option<String>) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// The portfolio new spaces belong to, if one is set.
    fn assembla_portfolio(&self) -> impl Future<Output = Result<Option<String>, StoreError>> + Send;

    /// Every Assembla record.
    fn export_assembla(&self) -> impl Future<Output = Result<AssemblaRecords, StoreError>> + Send;

    /// Replaces every Assembla record with `records`, in one step: `Conflict` for an id twice or a wiki name that is
    /// another space's id or wiki name, and then nothing changes.
    fn replace_assembla(&self, records: AssemblaRecords) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Stores `records` as `replace_assembla` would if the store holds no Assembla record (a portfolio included),
    /// checked and stored in one step: whether it stored them.
    fn fill_assembla(&self, records: AssemblaRecords) -> impl Future<Output = Result<bool, StoreError>> + Send;
}
