//! The backend a server runs on, chosen at start-up: [`Storage`] says which, [`Backend`] is the one opened. The
//! app is written once over the store traits; `Backend` implements them by handing each call to the store it
//! holds, so choosing a backend is a flag, not a second build of the app.

use std::path::PathBuf;

use chrono::{DateTime, Utc};

use crate::{
    ApiKey, AssemblaRecords, AssemblaSpace, AssemblaSpaceChanges, AssemblaStore, CloudFoundryStore, MemoryStore,
    OnezoneRecords, OnezoneSelection, OnezoneSpace, OnezoneStore, PostgresStore, Secrets, Slice, SpaceToken,
    SqliteStore, StoreError, Tenancy, Window,
    cloud_foundry::{
        CloudFoundryRecords, Event, EventSelection, Job, Organization, OrganizationChanges, OrganizationSelection,
        Space, SpaceChanges, SpaceSelection, User,
    },
};

/// Where the records are kept.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Storage {
    /// In memory: the fastest, gone when the process ends.
    #[default]
    Memory,
    /// In an embedded SQLite database in this folder (`--data-dir`): durable once answered.
    Embedded(PathBuf),
    /// In an embedded database in a new temporary folder, removed when the server stops: the embedded backend's
    /// behaviour without keeping anything (what the contract suite runs it on).
    EmbeddedTemporary,
    /// In the PostgreSQL database this URL names (`--database-url`), shared by every process that names it.
    Postgres(String),
    /// In a new schema of its own on the PostgreSQL database this URL names, seen by no other store (what the
    /// contract suite runs the shared backend on).
    PostgresTemporary(String),
}

/// An opened backend.
#[derive(Debug)]
#[expect(
    clippy::large_enum_variant,
    reason = "made once per world and kept behind an Arc; a box would add a pointer chase to every call on the \
              fastest backend"
)]
pub enum Backend {
    /// [`MemoryStore`].
    Memory(MemoryStore),
    /// [`SqliteStore`].
    Embedded(SqliteStore),
    /// [`PostgresStore`].
    Postgres(PostgresStore),
}

impl Backend {
    /// Opens the backend `storage` names.
    pub async fn open(storage: &Storage) -> Result<Self, StoreError> {
        Ok(match storage {
            Storage::Memory => Self::Memory(MemoryStore::new()),
            Storage::Embedded(folder) => Self::Embedded(SqliteStore::open(folder)?),
            Storage::EmbeddedTemporary => Self::Embedded(SqliteStore::temporary()?),
            Storage::Postgres(url) => Self::Postgres(PostgresStore::open(url).await?),
            Storage::PostgresTemporary(url) => Self::Postgres(PostgresStore::temporary(url).await?),
        })
    }
}

impl Tenancy for Backend {
    async fn open_tenant(&self, tenant: &str) -> Result<Self, StoreError> {
        Ok(match self {
            Self::Memory(store) => Self::Memory(store.open_tenant(tenant).await?),
            Self::Embedded(store) => Self::Embedded(store.open_tenant(tenant).await?),
            Self::Postgres(store) => Self::Postgres(store.open_tenant(tenant).await?),
        })
    }
}

/// Implements a store trait for [`Backend`] from its methods' signatures, each call handed to the store held.
macro_rules! delegate {
    ($trait:ident { $(fn $method:ident(&self $(, $argument:ident: $type:ty)*) -> $output:ty;)* }) => {
        impl $trait for Backend {
            $(
                async fn $method(&self $(, $argument: $type)*) -> Result<$output, StoreError> {
                    match self {
                        Self::Memory(store) => store.$method($($argument),*).await,
                        Self::Embedded(store) => store.$method($($argument),*).await,
                        Self::Postgres(store) => store.$method($($argument),*).await,
                    }
                }
            )*
        }
    };
}

delegate!(CloudFoundryStore {
    fn create_organization(&self, organization: Organization, event: Option<Event>) -> Organization;
    fn organization(&self, guid: &str) -> Organization;
    fn select_organizations(&self, selection: &OrganizationSelection) -> Slice<Organization>;
    fn update_organization(
        &self,
        guid: &str,
        changes: OrganizationChanges,
        at: DateTime<Utc>,
        event: Event
    ) -> Organization;
    fn delete_organization(&self, guid: &str, recursive: bool, event: Event) -> ();
    fn create_space(&self, space: Space, event: Event) -> Space;
    fn space(&self, guid: &str) -> Space;
    fn select_spaces(&self, selection: &SpaceSelection) -> Slice<Space>;
    fn update_space(&self, guid: &str, changes: SpaceChanges, at: DateTime<Utc>, event: Event) -> Space;
    fn delete_space(&self, guid: &str, event: Event) -> ();
    fn select_events(&self, selection: &EventSelection) -> Slice<Event>;
    fn event(&self, guid: &str) -> Event;
    fn create_job(&self, job: Job) -> Job;
    fn job(&self, guid: &str) -> Job;
    fn create_user(&self, user: User) -> User;
    fn user(&self, guid: &str) -> Option<User>;
    fn user_by_name(&self, username: &str) -> Option<User>;
    fn create_token(&self, token: String, user_guid: String) -> ();
    fn user_for_token(&self, token: &str) -> Option<User>;
    fn export_cloud_foundry(&self) -> CloudFoundryRecords;
    fn replace_cloud_foundry(&self, records: CloudFoundryRecords) -> ();
    fn fill_cloud_foundry(&self, records: CloudFoundryRecords) -> bool;
});

delegate!(OnezoneStore {
    fn create_onezone_space(&self, space: OnezoneSpace, consume: Option<String>) -> OnezoneSpace;
    fn onezone_space(&self, id: &str) -> OnezoneSpace;
    fn select_onezone_spaces(&self, selection: &OnezoneSelection) -> Slice<OnezoneSpace>;
    fn support_onezone_space(&self, id: &str, provider: &str, size: i64) -> OnezoneSpace;
    fn remove_onezone_support(&self, id: &str, provider: &str) -> ();
    fn create_provider_token(&self, token: String) -> ();
    fn is_provider_token(&self, token: &str) -> bool;
    fn create_space_token(&self, token: SpaceToken) -> ();
    fn space_token(&self, token: &str) -> Option<SpaceToken>;
    fn export_onezone(&self) -> OnezoneRecords;
    fn replace_onezone(&self, records: OnezoneRecords) -> ();
    fn fill_onezone(&self, records: OnezoneRecords) -> bool;
});

delegate!(AssemblaStore {
    fn create_assembla_space(&self, space: AssemblaSpace) -> AssemblaSpace;
    fn assembla_space(&self, id_or_wiki_name: &str) -> AssemblaSpace;
    fn select_assembla_spaces(&self, window: Window) -> Slice<AssemblaSpace>;
    fn update_assembla_space(
        &self,
        id_or_wiki_name: &str,
        changes: AssemblaSpaceChanges,
        at: DateTime<Utc>
    ) -> AssemblaSpace;
    fn delete_assembla_space(&self, id_or_wiki_name: &str) -> ();
    fn create_assembla_token(&self, token: String) -> ();
    fn is_assembla_token(&self, token: &str) -> bool;
    fn create_assembla_api_key(&self, key: ApiKey) -> ();
    fn assembla_api_secret(&self, key: &str) -> Option<String>;
    fn set_assembla_portfolio(&self, portfolio: Option<String>) -> ();
    fn assembla_portfolio(&self) -> Option<String>;
    fn export_assembla(&self) -> AssemblaRecords;
    fn replace_assembla(&self, records: AssemblaRecords) -> ();
    fn fill_assembla(&self, records: AssemblaRecords) -> bool;
});

delegate!(Secrets {
    fn kept_secret(&self, name: &str, fresh: Vec<u8>) -> Vec<u8>;
});
