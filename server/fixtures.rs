//! Fixtures: records preloaded at start-up from a YAML file (`--fixtures`), or from the embedded
//! `fixtures/default.yaml`, which holds what the vendors' API documents assume exists.

use serde::Deserialize;

use crate::{
    sources::Sources,
    store::{
        ApiKey, Name, SpaceToken, Store, StoreError,
        cloud_foundry::{Organization, User},
    },
};

/// The embedded default fixtures.
pub const DEFAULT: &str = include_str!("../fixtures/default.yaml");

/// A fixtures file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fixtures {
    /// Cloud Foundry records.
    #[serde(default)]
    pub cloud_foundry: CloudFoundryFixtures,
    /// Onezone records.
    #[serde(default)]
    pub onezone: OnezoneFixtures,
    /// Assembla credentials and account settings.
    #[serde(default)]
    pub assembla: AssemblaFixtures,
}

/// Assembla credentials (strict mode accepts only these) and the account's portfolio.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssemblaFixtures {
    /// The portfolio new spaces belong to (`parent_id`).
    #[serde(default)]
    pub portfolio: Option<String>,
    /// Bearer tokens.
    #[serde(default)]
    pub tokens: Vec<String>,
    /// API key and secret pairs.
    #[serde(default)]
    pub api_keys: Vec<ApiKeyFixture>,
}

/// An Assembla API key and its secret.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiKeyFixture {
    /// `X-Api-Key`.
    pub key: String,
    /// `X-Api-Secret`.
    pub secret: String,
}

/// Onezone records.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OnezoneFixtures {
    /// Provider tokens (strict mode accepts only these).
    #[serde(default)]
    pub providers: Vec<ProviderFixture>,
    /// Space-creation tokens (strict mode accepts only these).
    #[serde(default)]
    pub space_tokens: Vec<SpaceTokenFixture>,
}

/// A Oneprovider.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProviderFixture {
    /// The token it authenticates with.
    pub token: String,
}

/// A space-creation token a user issued.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpaceTokenFixture {
    /// The token text.
    pub token: String,
    /// The user who issued it; the new space's owner.
    pub user: String,
    /// Whether it works only once.
    #[serde(default)]
    pub single_use: bool,
}

/// Cloud Foundry records.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CloudFoundryFixtures {
    /// Organizations, created in this order.
    #[serde(default)]
    pub organizations: Vec<OrganizationFixture>,
    /// Users who can log in.
    #[serde(default)]
    pub users: Vec<UserFixture>,
    /// Static bearer tokens.
    #[serde(default)]
    pub tokens: Vec<TokenFixture>,
}

/// A user who can log in.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserFixture {
    /// Its id (the tokens' `user_id`).
    pub guid: String,
    /// The login name.
    pub username: String,
    /// The password.
    pub password: String,
    /// The email address.
    #[serde(default)]
    pub email: String,
    /// The scopes of its tokens.
    #[serde(default)]
    pub scopes: Vec<String>,
}

/// A static bearer token.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokenFixture {
    /// The token as sent after `Bearer `.
    pub value: String,
    /// The user name it stands for.
    pub user: String,
}

/// A preloaded organization.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganizationFixture {
    /// Its guid.
    pub guid: String,
    /// Its name.
    pub name: String,
}

/// Why fixtures could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum FixturesError {
    /// The YAML does not parse into [`Fixtures`].
    #[error("the fixtures are not valid")]
    Parse(#[from] yaml_serde::Error),
    /// The store refused the record at `at` (`cloud_foundry.organizations[1]`).
    #[error("{at} could not be stored")]
    Record {
        /// The record's place in the document.
        at: String,
        /// Why.
        #[source]
        source: StoreError,
    },
    /// The store could not answer.
    #[error("the store could not load the fixtures")]
    Store(#[from] StoreError),
    /// A token names a user the fixtures do not define.
    #[error("cloud_foundry.tokens[{0}] names the unknown user `{1}`")]
    UnknownUser(usize, String),
}

/// The guid of the quota every organization is attached to.
pub const DEFAULT_QUOTA_GUID: &str = "8d9e5a4e-0b61-4f5e-9c5a-6d0d5f3c7a10";

impl Fixtures {
    /// Parses a fixtures document.
    pub fn parse(yaml: &str) -> Result<Self, FixturesError> {
        Ok(yaml_serde::from_str(yaml)?)
    }

    /// Stores every record, leaving those already stored alone, so loading the same fixtures into a store that
    /// kept its state (a restart on a durable backend) changes nothing: an organization or user whose guid is
    /// present is kept as it is, tokens are registered once, and a used single-use token stays used.
    pub async fn load(&self, store: &impl Store, sources: &Sources) -> Result<(), FixturesError> {
        let at = |list: &'static str, index: usize| {
            move |source| FixturesError::Record {
                at: format!("{list}[{index}]"),
                source,
            }
        };
        for (index, org) in self.cloud_foundry.organizations.iter().enumerate() {
            match store.organization(&org.guid).await {
                Ok(_) => continue,
                Err(StoreError::NotFound { .. }) => {}
                Err(failure) => return Err(failure.into()),
            }
            let organization = Organization {
                guid: org.guid.clone(),
                name: Name::new(org.name.as_str()),
                status: "active".to_owned(),
                billing_enabled: false,
                quota_definition_guid: DEFAULT_QUOTA_GUID.to_owned(),
                created_at: sources.clock.now(),
                updated_at: None,
            };
            store
                .create_organization(organization, None)
                .await
                .map_err(at("cloud_foundry.organizations", index))?;
        }
        for (index, user) in self.cloud_foundry.users.iter().enumerate() {
            if store.user(&user.guid).await?.is_some() {
                continue;
            }
            let user = User {
                guid: user.guid.clone(),
                username: user.username.clone(),
                password: user.password.clone(),
                email: user.email.clone(),
                scopes: user.scopes.clone(),
            };
            store
                .create_user(user)
                .await
                .map_err(at("cloud_foundry.users", index))?;
        }
        for (index, token) in self.cloud_foundry.tokens.iter().enumerate() {
            let user = store
                .user_by_name(&token.user)
                .await?
                .ok_or_else(|| FixturesError::UnknownUser(index, token.user.clone()))?;
            store
                .create_token(token.value.clone(), user.guid)
                .await
                .map_err(at("cloud_foundry.tokens", index))?;
        }
        if store.assembla_portfolio().await?.is_none() {
            store.set_assembla_portfolio(self.assembla.portfolio.clone()).await?;
        }
        for (index, token) in self.assembla.tokens.iter().enumerate() {
            store
                .create_assembla_token(token.clone())
                .await
                .map_err(at("assembla.tokens", index))?;
        }
        for (index, key) in self.assembla.api_keys.iter().enumerate() {
            let key = ApiKey {
                key: key.key.clone(),
                secret: key.secret.clone(),
            };
            store
                .create_assembla_api_key(key)
                .await
                .map_err(at("assembla.api_keys", index))?;
        }
        for (index, provider) in self.onezone.providers.iter().enumerate() {
            store
                .create_provider_token(provider.token.clone())
                .await
                .map_err(at("onezone.providers", index))?;
        }
        for (index, token) in self.onezone.space_tokens.iter().enumerate() {
            let token = SpaceToken {
                token: token.token.clone(),
                user: token.user.clone(),
                single_use: token.single_use,
                used: false,
            };
            store
                .create_space_token(token)
                .await
                .map_err(at("onezone.space_tokens", index))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_fixtures_hold_the_cf_docs_organization() {
        let fixtures = Fixtures::parse(DEFAULT).expect("the embedded fixtures parse");
        assert!(
            fixtures
                .cloud_foundry
                .organizations
                .iter()
                .any(|o| o.guid == "c8412aa5-d3c0-4f4d-803e-c90b12a0c352")
        );
    }
}
