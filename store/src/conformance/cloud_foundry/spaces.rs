//! Spaces: unique by name key within their organization, selected (the index agreeing with a full scan),
//! renamed and deleted.

use super::{event_count, key, space_guids};
use crate::conformance::{at, event, organization, space, strings};
use crate::{
    CloudFoundryStore, Comparison, Condition, Name, StoreError, Window,
    cloud_foundry::{Order, SpaceChanges, SpaceFilter, SpaceSelection},
};

/// `create_space`, `space`.
pub async fn spaces_are_unique_by_name_key_within_their_organization(store: &impl CloudFoundryStore) {
    for (guid, name) in [("o1", "one"), ("o2", "two")] {
        store
            .create_organization(organization(guid, name), None)
            .await
            .expect("created");
    }
    let created = store
        .create_space(space("s1", "Dev", "o1"), event("e1", 1))
        .await
        .expect("created");

    let no_organization = store.create_space(space("s2", "dev", "nope"), event("e2", 2)).await;
    let same_key = store.create_space(space("s3", "DEV", "o1"), event("e3", 3)).await;
    let same_guid = store.create_space(space("s1", "other", "o1"), event("e4", 4)).await;
    let other_organization = store.create_space(space("s5", "dev", "o2"), event("e5", 5)).await;

    assert!(
        matches!(no_organization, Err(StoreError::NotFound { .. })),
        "{no_organization:?}"
    );
    assert!(matches!(same_key, Err(StoreError::Conflict { .. })), "{same_key:?}");
    assert!(matches!(same_guid, Err(StoreError::Conflict { .. })), "{same_guid:?}");
    assert!(other_organization.is_ok());
    assert_eq!(store.space("s1").await.expect("found"), created);
    assert!(matches!(store.space("s3").await, Err(StoreError::NotFound { .. })));
    assert_eq!(event_count(store).await, 2, "a refused create records no event");
}

/// `select_spaces`: filters, name order with ties, direction, window.
pub async fn a_selection_filters_orders_and_cuts_a_run_out_of_every_match(store: &impl CloudFoundryStore) {
    for org in ["o", "p"] {
        store
            .create_organization(organization(org, &org.to_uppercase()), None)
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
        store
            .create_space(space(guid, name, org), event(&format!("e-{guid}"), 1))
            .await
            .expect("created");
    }
    let named = |comparison, names: &[&str]| {
        SpaceFilter::Name(Condition {
            comparison,
            operands: names.iter().map(|n| key(n)).collect(),
        })
    };
    let cases = [
        (SpaceSelection::default(), 5, vec!["s1", "s2", "s3", "s4", "s5"]),
        // Name keys: alpha (s2), alpha2 (s4), beta (s1), beta (s5), gamma (s3); reversed (ties too), skip one.
        (
            SpaceSelection {
                order: Order::Name,
                descending: true,
                window: Window::page(1, 3),
                ..SpaceSelection::default()
            },
            5,
            vec!["s5", "s1", "s4"],
        ),
        (
            SpaceSelection {
                descending: true,
                window: Window::page(1, 2),
                ..SpaceSelection::default()
            },
            5,
            vec!["s4", "s3"],
        ),
        (
            SpaceSelection {
                window: Window { offset: 9, limit: None },
                ..SpaceSelection::default()
            },
            5,
            vec![],
        ),
        (
            SpaceSelection {
                filters: vec![
                    SpaceFilter::Organization(Condition::new(Comparison::Eq, "o".into())),
                    named(Comparison::In, &["ALPHA", "beta"]),
                ],
                ..SpaceSelection::default()
            },
            2,
            vec!["s1", "s2"],
        ),
        (
            SpaceSelection {
                filters: vec![SpaceFilter::Unkept],
                ..SpaceSelection::default()
            },
            0,
            vec![],
        ),
        (
            SpaceSelection {
                filters: vec![SpaceFilter::IsolationSegment(Condition::new(
                    Comparison::Eq,
                    "i".into(),
                ))],
                ..SpaceSelection::default()
            },
            0,
            vec![],
        ),
        (
            SpaceSelection {
                filters: vec![SpaceFilter::Guid(Condition::new(Comparison::Ge, "s4".into()))],
                ..SpaceSelection::default()
            },
            2,
            vec!["s4", "s5"],
        ),
        // beta, gamma and BETA count; none is copied.
        (
            SpaceSelection {
                filters: vec![named(Comparison::Ge, &["b"])],
                window: Window::page(0, 0),
                ..SpaceSelection::default()
            },
            3,
            vec![],
        ),
    ];

    for (selection, total, expected) in cases {
        let got = store.select_spaces(&selection).await.expect("selected");

        assert_eq!(
            (got.total, space_guids(&got)),
            (total, strings(&expected)),
            "{selection:?}"
        );
    }
}

/// `select_spaces` with filters an index can serve, checked against the same filters over every space.
pub async fn selections_narrowed_by_the_name_index_match_a_full_scan(store: &impl CloudFoundryStore) {
    for org in ["o", "p", "q"] {
        store
            .create_organization(organization(org, org), None)
            .await
            .expect("created");
    }
    let names = ["Dev", "dev-2", "PROD", "staging", "Ünïcode"];
    let mut n = 0;
    for (i, org) in ["o", "p", "q", "o", "p", "q", "o"].into_iter().enumerate() {
        for name in names.iter().skip(i % 2) {
            n += 1;
            let name = format!("{name}{}", if i < 3 { "" } else { "-x" });
            // Two rounds per organization: the second round's names clash and are refused.
            let _ = store
                .create_space(space(&format!("s{n}"), &name, org), event(&format!("e{n}"), 1))
                .await;
        }
    }
    let all = store
        .select_spaces(&SpaceSelection::default())
        .await
        .expect("selected")
        .items;
    let on_name = |comparison, names: &[&str]| {
        SpaceFilter::Name(Condition {
            comparison,
            operands: names.iter().map(|n| key(n)).collect(),
        })
    };
    let on_organization = |comparison, guids: &[&str]| {
        SpaceFilter::Organization(Condition {
            comparison,
            operands: strings(guids),
        })
    };
    let selections = [
        vec![on_name(Comparison::Eq, &["dev"])],
        vec![on_name(Comparison::Eq, &["ÜNÏCODE-X"])],
        vec![on_name(Comparison::In, &["prod", "STAGING", "nope"])],
        vec![on_organization(Comparison::Eq, &["p"])],
        vec![on_organization(Comparison::In, &["q", "o", "zz"])],
        vec![
            on_organization(Comparison::In, &["o", "q"]),
            on_name(Comparison::Eq, &["dev-2"]),
        ],
        vec![
            on_name(Comparison::In, &["dev", "prod"]),
            on_name(Comparison::Gt, &["e"]),
        ],
        vec![on_organization(Comparison::Eq, &["o"]), on_name(Comparison::Lt, &["p"])],
    ];
    for filters in selections {
        let selection = SpaceSelection {
            filters,
            ..SpaceSelection::default()
        };
        let expected: Vec<String> = all
            .iter()
            .filter(|s| selection.holds(s))
            .map(|s| s.guid.clone())
            .collect();

        let got = store.select_spaces(&selection).await.expect("selected");

        assert_eq!(space_guids(&got), expected, "{selection:?}");
        assert!(
            !expected.is_empty() || selection.filters.len() > 1,
            "{selection:?} selects something"
        );
    }
    assert!(all.len() > 20, "{} spaces", all.len());
}

/// `update_space`, `delete_space`.
pub async fn names_freed_by_renames_and_deletes_can_be_taken_again(store: &impl CloudFoundryStore) {
    store
        .create_organization(organization("o", "Org"), None)
        .await
        .expect("created");
    store
        .create_space(space("s1", "Dev", "o"), event("e1", 1))
        .await
        .expect("created");
    store
        .create_space(space("s9", "other", "o"), event("e2", 1))
        .await
        .expect("created");
    let rename = |name: &str| SpaceChanges {
        name: Some(Name::new(name)),
        allow_ssh: None,
    };

    let clash = store.create_space(space("s2", "dev", "o"), event("e3", 2)).await;
    let taken = store.update_space("s9", rename("DEV"), at(3), event("e4", 3)).await;
    let missing = store.update_space("nope", rename("x"), at(3), event("e5", 3)).await;
    let changes = SpaceChanges {
        name: Some(Name::new("prod")),
        allow_ssh: Some(false),
    };
    let renamed = store
        .update_space("s1", changes, at(4), event("e6", 4))
        .await
        .expect("renamed");
    let after_rename = store.create_space(space("s2", "DEV", "o"), event("e7", 5)).await;
    store.delete_space("s2", event("e8", 6)).await.expect("deleted");
    let deleted_again = store.delete_space("s2", event("e9", 7)).await;
    let after_delete = store.create_space(space("s3", "dev", "o"), event("e10", 8)).await;

    assert!(matches!(clash, Err(StoreError::Conflict { .. })), "{clash:?}");
    assert!(matches!(taken, Err(StoreError::Conflict { .. })), "{taken:?}");
    assert!(matches!(missing, Err(StoreError::NotFound { .. })), "{missing:?}");
    assert_eq!((renamed.name.as_str(), renamed.allow_ssh), ("prod", false));
    assert_eq!(renamed.updated_at, Some(at(4)));
    assert_eq!(store.space("s1").await.expect("found"), renamed);
    assert!(after_rename.is_ok(), "{after_rename:?}");
    assert!(
        matches!(deleted_again, Err(StoreError::NotFound { .. })),
        "{deleted_again:?}"
    );
    assert!(after_delete.is_ok(), "{after_delete:?}");
    assert_eq!(
        event_count(store).await,
        6,
        "creates, the rename and the delete; no refusal"
    );
    store
        .delete_organization("o", true, event("e11", 9))
        .await
        .expect("deleted");
    assert!(
        store.create_organization(organization("o2", "ORG"), None).await.is_ok(),
        "the org name is free again"
    );
}
