//! Fixtures: records preloaded at start-up from a YAML file (`--fixtures`), or from the embedded
//! `fixtures/default.yaml`, which holds what the vendors' API documents assume exists.

use crate::{
    generated::control::State,
    snapshot::{self, Invalid, WorldRecords},
    sources::Sources,
    store::{Store, StoreError},
};

/// The embedded default fixtures.
pub const DEFAULT: &str = include_str!("../fixtures/default.yaml");

/// A fixtures file: a state document (`openapi/control.yaml`'s `State`) in YAML, listing what a world starts from.
#[derive(Debug, Clone, Default)]
pub struct Fixtures {
    state: State,
}

/// Why fixtures could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum FixturesError {
    /// The YAML does not parse into a state document.
    #[error("the fixtures are not valid")]
    Parse(#[from] yaml_serde::Error),
    /// A record breaks a rule of its API (its pointer and the rule).
    #[error(transparent)]
    Invalid(#[from] Invalid),
    /// The store could not answer.
    #[error("the store could not load the fixtures")]
    Store(#[from] StoreError),
}

impl Fixtures {
    /// Parses a fixtures document.
    pub fn parse(yaml: &str) -> Result<Self, FixturesError> {
        Ok(Self {
            state: yaml_serde::from_str(yaml)?,
        })
    }

    /// The document.
    pub fn state(&self) -> &State {
        &self.state
    }

    /// Every record the fixtures hold; absent times are `sources`' now.
    pub fn records(&self, sources: &Sources) -> Result<WorldRecords, FixturesError> {
        Ok(snapshot::import(&self.state, sources.clock.now())?)
    }

    /// Stores the fixtures' records into every API of `store` that holds none yet (see [`snapshot::fill`]).
    pub async fn load(&self, store: &impl Store, sources: &Sources) -> Result<(), FixturesError> {
        Ok(snapshot::fill(store, &self.records(sources)?).await?)
    }
}

#[cfg(test)]
mod on_backends;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_fixtures_hold_the_cf_docs_organization() {
        let fixtures = Fixtures::parse(DEFAULT).expect("the embedded fixtures parse");
        assert!(
            fixtures
                .state()
                .cloud_foundry
                .iter()
                .flat_map(|cf| cf.organizations.iter().flatten())
                .any(|o| o.guid == "c8412aa5-d3c0-4f4d-803e-c90b12a0c352")
        );
    }
}
