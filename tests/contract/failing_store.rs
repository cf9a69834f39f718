//! A store whose every call fails, as a backend that lost its database would: every operation that reads or
//! writes must answer its API's documented 500, never a panic or another status.

use std::io;

use chrono::{DateTime, Utc};
use spaceport::store::{
    ApiKey, AssemblaRecords, AssemblaSpace, AssemblaSpaceChanges, AssemblaStore, CloudFoundryStore, OnezoneRecords,
    OnezoneSelection, OnezoneSpace, OnezoneStore, Secrets, Slice, SpaceToken, StoreError, Tenancy, Window,
    cloud_foundry::{
        CloudFoundryRecords, Event, EventSelection, Job, Organization, OrganizationChanges, OrganizationSelection,
        Space, SpaceChanges, SpaceSelection, User,
    },
};

/// A store whose every call fails.
pub struct FailingStore;

fn down<T>() -> Result<T, StoreError> {
    Err(StoreError::unavailable(io::Error::other("the test store is down")))
}

impl CloudFoundryStore for FailingStore {
    async fn create_organization(&self, _: Organization, _: Option<Event>) -> Result<Organization, StoreError> {
        down()
    }
    async fn organization(&self, _: &str) -> Result<Organization, StoreError> {
        down()
    }
    async fn select_organizations(&self, _: &OrganizationSelection) -> Result<Slice<Organization>, StoreError> {
        down()
    }
    async fn update_organization(
        &self,
        _: &str,
        _: OrganizationChanges,
        _: DateTime<Utc>,
        _: Event,
    ) -> Result<Organization, StoreError> {
        down()
    }
    async fn delete_organization(&self, _: &str, _: bool, _: Event) -> Result<(), StoreError> {
        down()
    }
    async fn create_space(&self, _: Space, _: Event) -> Result<Space, StoreError> {
        down()
    }
    async fn space(&self, _: &str) -> Result<Space, StoreError> {
        down()
    }
    async fn select_spaces(&self, _: &SpaceSelection) -> Result<Slice<Space>, StoreError> {
        down()
    }
    async fn update_space(&self, _: &str, _: SpaceChanges, _: DateTime<Utc>, _: Event) -> Result<Space, StoreError> {
        down()
    }
    async fn delete_space(&self, _: &str, _: Event) -> Result<(), StoreError> {
        down()
    }
    async fn select_events(&self, _: &EventSelection) -> Result<Slice<Event>, StoreError> {
        down()
    }
    async fn event(&self, _: &str) -> Result<Event, StoreError> {
        down()
    }
    async fn create_job(&self, _: Job) -> Result<Job, StoreError> {
        down()
    }
    async fn job(&self, _: &str) -> Result<Job, StoreError> {
        down()
    }
    async fn create_user(&self, _: User) -> Result<User, StoreError> {
        down()
    }
    async fn user(&self, _: &str) -> Result<Option<User>, StoreError> {
        down()
    }
    async fn user_by_name(&self, _: &str) -> Result<Option<User>, StoreError> {
        down()
    }
    async fn create_token(&self, _: String, _: String) -> Result<(), StoreError> {
        down()
    }
    async fn user_for_token(&self, _: &str) -> Result<Option<User>, StoreError> {
        down()
    }
    async fn export_cloud_foundry(&self) -> Result<CloudFoundryRecords, StoreError> {
        down()
    }
    async fn replace_cloud_foundry(&self, _: CloudFoundryRecords) -> Result<(), StoreError> {
        down()
    }
    async fn fill_cloud_foundry(&self, _: CloudFoundryRecords) -> Result<bool, StoreError> {
        down()
    }
}

impl OnezoneStore for FailingStore {
    async fn create_onezone_space(&self, _: OnezoneSpace, _: Option<String>) -> Result<OnezoneSpace, StoreError> {
        down()
    }
    async fn onezone_space(&self, _: &str) -> Result<OnezoneSpace, StoreError> {
        down()
    }
    async fn select_onezone_spaces(&self, _: &OnezoneSelection) -> Result<Slice<OnezoneSpace>, StoreError> {
        down()
    }
    async fn support_onezone_space(&self, _: &str, _: &str, _: i64) -> Result<OnezoneSpace, StoreError> {
        down()
    }
    async fn remove_onezone_support(&self, _: &str, _: &str) -> Result<(), StoreError> {
        down()
    }
    async fn create_provider_token(&self, _: String) -> Result<(), StoreError> {
        down()
    }
    async fn is_provider_token(&self, _: &str) -> Result<bool, StoreError> {
        down()
    }
    async fn create_space_token(&self, _: SpaceToken) -> Result<(), StoreError> {
        down()
    }
    async fn space_token(&self, _: &str) -> Result<Option<SpaceToken>, StoreError> {
        down()
    }
    async fn export_onezone(&self) -> Result<OnezoneRecords, StoreError> {
        down()
    }
    async fn replace_onezone(&self, _: OnezoneRecords) -> Result<(), StoreError> {
        down()
    }
    async fn fill_onezone(&self, _: OnezoneRecords) -> Result<bool, StoreError> {
        down()
    }
}

impl AssemblaStore for FailingStore {
    async fn create_assembla_space(&self, _: AssemblaSpace) -> Result<AssemblaSpace, StoreError> {
        down()
    }
    async fn assembla_space(&self, _: &str) -> Result<AssemblaSpace, StoreError> {
        down()
    }
    async fn select_assembla_spaces(&self, _: Window) -> Result<Slice<AssemblaSpace>, StoreError> {
        down()
    }
    async fn update_assembla_space(
        &self,
        _: &str,
        _: AssemblaSpaceChanges,
        _: DateTime<Utc>,
    ) -> Result<AssemblaSpace, StoreError> {
        down()
    }
    async fn delete_assembla_space(&self, _: &str) -> Result<(), StoreError> {
        down()
    }
    async fn create_assembla_token(&self, _: String) -> Result<(), StoreError> {
        down()
    }
    async fn is_assembla_token(&self, _: &str) -> Result<bool, StoreError> {
        down()
    }
    async fn create_assembla_api_key(&self, _: ApiKey) -> Result<(), StoreError> {
        down()
    }
    async fn assembla_api_secret(&self, _: &str) -> Result<Option<String>, StoreError> {
        down()
    }
    async fn set_assembla_portfolio(&self, _: Option<String>) -> Result<(), StoreError> {
        down()
    }
    async fn assembla_portfolio(&self) -> Result<Option<String>, StoreError> {
        down()
    }
    async fn export_assembla(&self) -> Result<AssemblaRecords, StoreError> {
        down()
    }
    async fn replace_assembla(&self, _: AssemblaRecords) -> Result<(), StoreError> {
        down()
    }
    async fn fill_assembla(&self, _: AssemblaRecords) -> Result<bool, StoreError> {
        down()
    }
}

impl Secrets for FailingStore {
    async fn kept_secret(&self, _: &str, _: Vec<u8>) -> Result<Vec<u8>, StoreError> {
        down()
    }
}

impl Tenancy for FailingStore {
    async fn open_tenant(&self, _: &str) -> Result<Self, StoreError> {
        down()
    }
}
