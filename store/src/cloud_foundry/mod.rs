//! What the Cloud Foundry API keeps: organizations, their spaces, the audit events every write records, jobs, and
//! the users and static tokens of the fixtures.
//!
//! Every write that must be atomic with a check (a unique name, an existing parent, its audit event) is one call,
//! so no failure leaves half a write behind: a refused write stores nothing, its event included.

mod records;
mod selections;

use std::future::Future;

use chrono::{DateTime, Utc};

pub use self::{
    records::{
        CloudFoundryRecords, Event, Job, Organization, OrganizationChanges, Space, SpaceChanges, StaticToken, User,
    },
    selections::{
        EventFilter, EventSelection, Order, OrganizationFilter, OrganizationSelection, SpaceFilter, SpaceSelection,
    },
};
use crate::{Slice, StoreError};

/// The Cloud Foundry API's records, in domain terms.
pub trait CloudFoundryStore: Send + Sync + 'static {
    /// Adds an organization, and `event` with it. `Conflict` if another has the same name key.
    fn create_organization(
        &self,
        organization: Organization,
        event: Option<Event>,
    ) -> impl Future<Output = Result<Organization, StoreError>> + Send;

    /// The organization with this guid; `NotFound` if there is none.
    fn organization(&self, guid: &str) -> impl Future<Output = Result<Organization, StoreError>> + Send;

    /// The organizations `selection` asks for: how many match, and its window of them.
    fn select_organizations(
        &self,
        selection: &OrganizationSelection,
    ) -> impl Future<Output = Result<Slice<Organization>, StoreError>> + Send;

    /// Applies `changes` at `at` and records `event`. `NotFound` if there is no such organization, `Conflict` if
    /// the new name's key is another's.
    fn update_organization(
        &self,
        guid: &str,
        changes: OrganizationChanges,
        at: DateTime<Utc>,
        event: Event,
    ) -> impl Future<Output = Result<Organization, StoreError>> + Send;

    /// Deletes an organization (and its spaces when `recursive`) and records `event`. `NotFound` if there is no
    /// such organization, `NotEmpty` if it has spaces and `recursive` is false.
    fn delete_organization(
        &self,
        guid: &str,
        recursive: bool,
        event: Event,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Adds a space and its audit event together. `NotFound` if its organization does not exist, `Conflict` if the
    /// organization already has a space with the same name key.
    fn create_space(&self, space: Space, event: Event) -> impl Future<Output = Result<Space, StoreError>> + Send;

    /// The space with this guid; `NotFound` if there is none.
    fn space(&self, guid: &str) -> impl Future<Output = Result<Space, StoreError>> + Send;

    /// The spaces `selection` asks for: how many match, and its window of them.
    fn select_spaces(
        &self,
        selection: &SpaceSelection,
    ) -> impl Future<Output = Result<Slice<Space>, StoreError>> + Send;

    /// Applies `changes` at `at` and records `event`. `NotFound` if there is no such space, `Conflict` if the new
    /// name's key is another's in the organization.
    fn update_space(
        &self,
        guid: &str,
        changes: SpaceChanges,
        at: DateTime<Utc>,
        event: Event,
    ) -> impl Future<Output = Result<Space, StoreError>> + Send;

    /// Deletes a space and records `event`; `NotFound` if there is no such space.
    fn delete_space(&self, guid: &str, event: Event) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// The audit events `selection` asks for: how many match, and its window of them.
    fn select_events(
        &self,
        selection: &EventSelection,
    ) -> impl Future<Output = Result<Slice<Event>, StoreError>> + Send;

    /// The event with this guid; `NotFound` if there is none.
    fn event(&self, guid: &str) -> impl Future<Output = Result<Event, StoreError>> + Send;

    /// Records a job.
    fn create_job(&self, job: Job) -> impl Future<Output = Result<Job, StoreError>> + Send;

    /// The job with this guid; `NotFound` if there is none.
    fn job(&self, guid: &str) -> impl Future<Output = Result<Job, StoreError>> + Send;

    /// Adds a user who can log in. `Conflict` if the user name or the guid is taken.
    fn create_user(&self, user: User) -> impl Future<Output = Result<User, StoreError>> + Send;

    /// The user with this guid, if any.
    fn user(&self, guid: &str) -> impl Future<Output = Result<Option<User>, StoreError>> + Send;

    /// The user with this login name, if any.
    fn user_by_name(&self, username: &str) -> impl Future<Output = Result<Option<User>, StoreError>> + Send;

    /// Makes `token` a static bearer token of the user `user_guid` (replacing what it stood for). `NotFound` if
    /// there is no such user.
    fn create_token(&self, token: String, user_guid: String) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// The user a static bearer token stands for, if any.
    fn user_for_token(&self, token: &str) -> impl Future<Output = Result<Option<User>, StoreError>> + Send;

    /// Every Cloud Foundry record, in the order the store keeps them.
    fn export_cloud_foundry(&self) -> impl Future<Output = Result<CloudFoundryRecords, StoreError>> + Send;

    /// Replaces every Cloud Foundry record with `records`, in one step. The rules of the single writes hold:
    /// `Conflict` for a guid, a name key or a user name twice, `NotFound` for a space whose organization or a token
    /// whose user is not among `records`; then nothing changes.
    fn replace_cloud_foundry(
        &self,
        records: CloudFoundryRecords,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Stores `records` as `replace_cloud_foundry` would if the store holds no Cloud Foundry record, checked and
    /// stored in one step (of concurrent fills, in this process or another, one stores): whether it stored them.
    /// What loads fixtures, so a restart on kept state changes nothing.
    fn fill_cloud_foundry(&self, records: CloudFoundryRecords)
    -> impl Future<Output = Result<bool, StoreError>> + Send;
}
