//! What the Onezone API keeps: users' spaces with the providers supporting them, the fixtures' provider tokens,
//! and space-creation tokens (a single-use one is used up atomically with the space it creates).

use std::future::Future;

use indexmap::IndexMap;

use crate::{Slice, StoreError, Window};

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

/// Which Onezone spaces a listing wants, in creation order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OnezoneSelection {
    /// Only the spaces this provider supports.
    pub supported_by: Option<String>,
    /// Which run of the matches to return.
    pub window: Window,
}

/// Every Onezone record: what a state export holds and a replacement puts in their place.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OnezoneRecords {
    /// Spaces, in creation order.
    pub spaces: Vec<OnezoneSpace>,
    /// Registered provider tokens.
    pub provider_tokens: Vec<String>,
    /// Registered space-creation tokens.
    pub space_tokens: Vec<SpaceToken>,
}

/// The Onezone API's records, in domain terms.
pub trait OnezoneStore: Send + Sync + 'static {
    /// Adds a space. When `consume` names a registered single-use token, it is used up in the same step:
    /// `Conflict` if it already was, `NotFound` if it is not registered, and then nothing is stored.
    fn create_onezone_space(
        &self,
        space: OnezoneSpace,
        consume: Option<String>,
    ) -> impl Future<Output = Result<OnezoneSpace, StoreError>> + Send;

    /// The space with this id; `NotFound` if there is none.
    fn onezone_space(&self, id: &str) -> impl Future<Output = Result<OnezoneSpace, StoreError>> + Send;

    /// The spaces `selection` asks for, in creation order: how many match, and its window of them.
    fn select_onezone_spaces(
        &self,
        selection: &OnezoneSelection,
    ) -> impl Future<Output = Result<Slice<OnezoneSpace>, StoreError>> + Send;

    /// Makes `provider` support the space with `size` bytes (a new size if it already does). `NotFound` if there
    /// is no such space.
    fn support_onezone_space(
        &self,
        id: &str,
        provider: &str,
        size: i64,
    ) -> impl Future<Output = Result<OnezoneSpace, StoreError>> + Send;

    /// Ends `provider`'s support of the space. `NotFound` if there is no such space or it does not support it.
    fn remove_onezone_support(&self, id: &str, provider: &str) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Registers a provider token (strict mode accepts only registered ones); registering it again changes
    /// nothing.
    fn create_provider_token(&self, token: String) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Whether a provider token is registered.
    fn is_provider_token(&self, token: &str) -> impl Future<Output = Result<bool, StoreError>> + Send;

    /// Registers a space-creation token, unless one with the same text is registered already (then nothing
    /// changes: a used single-use token stays used).
    fn create_space_token(&self, token: SpaceToken) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// The registered space-creation token with this text, if any.
    fn space_token(&self, token: &str) -> impl Future<Output = Result<Option<SpaceToken>, StoreError>> + Send;

    /// Every Onezone record.
    fn export_onezone(&self) -> impl Future<Output = Result<OnezoneRecords, StoreError>> + Send;

    /// Replaces every Onezone record with `records`, in one step: `Conflict` for a space id or a token twice, and
    /// then nothing changes.
    fn replace_onezone(&self, records: OnezoneRecords) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Stores `records` as `replace_onezone` would if the store holds no Onezone record, checked and stored in one
    /// step: whether it stored them.
    fn fill_onezone(&self, records: OnezoneRecords) -> impl Future<Output = Result<bool, StoreError>> + Send;
}
