//! Claims of one name racing on threads: exactly one wins.

use super::{event_count, tally};
use crate::conformance::{at, event, organization, race, space};
use crate::{
    CloudFoundryStore, Comparison, Condition, Name,
    cloud_foundry::{SpaceChanges, SpaceFilter, SpaceSelection},
};

/// `create_organization`, `create_space` and `update_space` racing on threads: one claim of a name wins.
pub async fn one_of_many_concurrent_claims_of_a_name_wins(store: &impl CloudFoundryStore) {
    store
        .create_organization(organization("host", "Host"), None)
        .await
        .expect("created");
    let organizations = race(16, |i| {
        store.create_organization(organization(&format!("o{i}"), &format!("Race{}", i % 2)), None)
    });
    let spaces = race(16, |i| {
        let name = if i % 2 == 0 { "race" } else { "RACE" };
        store.create_space(space(&format!("s{i}"), name, "host"), event(&format!("e{i}"), 1))
    });
    let distinct = race(16, |i| {
        store.create_space(
            space(&format!("d{i}"), &format!("dev-{i}"), "host"),
            event(&format!("f{i}"), 1),
        )
    });
    let renames = race(8, |i| {
        let changes = SpaceChanges {
            name: Some(Name::new("renamed")),
            allow_ssh: None,
        };
        async move {
            store
                .update_space(&format!("d{i}"), changes, at(2), event(&format!("r{i}"), 2))
                .await
        }
    });

    assert_eq!(tally(&organizations), (2, 14));
    assert_eq!(tally(&spaces), (1, 15));
    assert_eq!(tally(&distinct), (16, 0));
    assert_eq!(tally(&renames), (1, 7));
    let in_host = SpaceSelection {
        filters: vec![SpaceFilter::Organization(Condition::new(Comparison::Eq, "host".into()))],
        ..SpaceSelection::default()
    };
    assert_eq!(store.select_spaces(&in_host).await.expect("selected").total, 17);
    assert_eq!(event_count(store).await, 1 + 16 + 1, "one event per stored write");
}
