//! Organizations: unique by name key, selected, updated and deleted with their audit events.

use super::{event_count, key, space_guids};
use crate::conformance::{at, event, guids, organization, space, strings};
use crate::{
    CloudFoundryStore, Comparison, Condition, Name, StoreError, Window,
    cloud_foundry::{Order, OrganizationChanges, OrganizationFilter, OrganizationSelection, SpaceSelection},
};

/// `create_organization`, `organization`.
pub async fn organizations_are_unique_by_name_key(store: &impl CloudFoundryStore) {
    let created = store
        .create_organization(organization("o1", "Org"), Some(event("e1", 1)))
        .await
        .expect("created");

    let same_key = store
        .create_organization(organization("o2", "ORG"), Some(event("e2", 2)))
        .await;
    let same_guid = store.create_organization(organization("o1", "other"), None).await;
    let without_event = store.create_organization(organization("o3", "Other"), None).await;

    assert_eq!(created.name.as_str(), "Org");
    assert!(matches!(same_key, Err(StoreError::Conflict { .. })), "{same_key:?}");
    assert!(matches!(same_guid, Err(StoreError::Conflict { .. })), "{same_guid:?}");
    assert!(without_event.is_ok());
    assert_eq!(store.organization("o1").await.expect("found"), created);
    assert!(matches!(
        store.organization("o2").await,
        Err(StoreError::NotFound { .. })
    ));
    assert_eq!(event_count(store).await, 1, "only the stored create recorded its event");
}

/// `select_organizations`.
pub async fn organizations_are_selected_by_filter_order_and_window(store: &impl CloudFoundryStore) {
    for (guid, name, status) in [
        ("o1", "beta", "active"),
        ("o2", "Alpha", "suspended"),
        ("o3", "gamma", "active"),
        ("o4", "alpha2", "active"),
    ] {
        let mut org = organization(guid, name);
        org.status = status.into();
        store.create_organization(org, None).await.expect("created");
    }
    store
        .create_space(space("s1", "dev", "o3"), event("e1", 1))
        .await
        .expect("created");
    let select = |filters: Vec<OrganizationFilter>, order, descending, window| OrganizationSelection {
        filters,
        order,
        descending,
        window,
    };
    let cases = [
        (
            select(Vec::new(), Order::Creation, false, Window::ALL),
            4,
            vec!["o1", "o2", "o3", "o4"],
        ),
        (
            select(Vec::new(), Order::Name, false, Window::ALL),
            4,
            vec!["o2", "o4", "o1", "o3"],
        ),
        (
            select(Vec::new(), Order::Name, true, Window::page(1, 2)),
            4,
            vec!["o1", "o4"],
        ),
        (
            select(
                vec![OrganizationFilter::Name(Condition::new(Comparison::Eq, key("ALPHA")))],
                Order::Creation,
                false,
                Window::ALL,
            ),
            1,
            vec!["o2"],
        ),
        (
            select(
                vec![OrganizationFilter::Name(Condition::new(Comparison::Ge, key("b")))],
                Order::Creation,
                false,
                Window::ALL,
            ),
            2,
            vec!["o1", "o3"],
        ),
        (
            select(
                vec![OrganizationFilter::Status(Condition::new(
                    Comparison::Eq,
                    "active".into(),
                ))],
                Order::Creation,
                true,
                Window::page(0, 1),
            ),
            3,
            vec!["o4"],
        ),
        (
            select(
                vec![OrganizationFilter::Guid(Condition {
                    comparison: Comparison::In,
                    operands: strings(&["o4", "o1", "x"]),
                })],
                Order::Creation,
                false,
                Window::ALL,
            ),
            2,
            vec!["o1", "o4"],
        ),
        (
            select(
                vec![OrganizationFilter::HoldsSpace(Condition::new(
                    Comparison::Eq,
                    "s1".into(),
                ))],
                Order::Creation,
                false,
                Window::ALL,
            ),
            1,
            vec!["o3"],
        ),
        (
            select(
                vec![OrganizationFilter::HoldsSpace(Condition::new(
                    Comparison::Gt,
                    "s9".into(),
                ))],
                Order::Creation,
                false,
                Window::ALL,
            ),
            0,
            vec![],
        ),
        (
            select(vec![OrganizationFilter::Unkept], Order::Creation, false, Window::ALL),
            0,
            vec![],
        ),
    ];

    for (selection, total, expected) in cases {
        let got = store.select_organizations(&selection).await.expect("selected");

        assert_eq!(
            (got.total, guids(&got.items, |o| &o.guid)),
            (total, strings(&expected)),
            "{selection:?}"
        );
    }
}

/// `update_organization`.
pub async fn organization_updates_rename_and_record_their_event(store: &impl CloudFoundryStore) {
    for (guid, name) in [("o1", "one"), ("o2", "two")] {
        store
            .create_organization(organization(guid, name), None)
            .await
            .expect("created");
    }
    let rename = |name: &str| OrganizationChanges {
        name: Some(Name::new(name)),
        ..OrganizationChanges::default()
    };

    let taken = store
        .update_organization("o1", rename("TWO"), at(5), event("e1", 5))
        .await;
    let missing = store
        .update_organization("nope", rename("x"), at(5), event("e2", 5))
        .await;
    let events_after_refusals = event_count(store).await;
    let changes = OrganizationChanges {
        name: Some(Name::new("ONE")),
        status: Some("suspended".into()),
        billing_enabled: Some(true),
    };
    let updated = store
        .update_organization("o1", changes, at(6), event("e3", 6))
        .await
        .expect("updated");
    store
        .update_organization("o2", rename("renamed"), at(7), event("e4", 7))
        .await
        .expect("renamed");
    let freed = store.create_organization(organization("o3", "two"), None).await;

    assert!(matches!(taken, Err(StoreError::Conflict { .. })), "{taken:?}");
    assert!(matches!(missing, Err(StoreError::NotFound { .. })), "{missing:?}");
    assert_eq!(events_after_refusals, 0);
    assert_eq!(
        updated.name.as_str(),
        "ONE",
        "its own name in another case is no conflict"
    );
    assert_eq!((updated.status.as_str(), updated.billing_enabled), ("suspended", true));
    assert_eq!(updated.updated_at, Some(at(6)));
    assert_eq!(store.organization("o1").await.expect("found"), updated);
    assert!(freed.is_ok(), "a rename frees the old name: {freed:?}");
    assert_eq!(event_count(store).await, 2);
}

/// `delete_organization`.
pub async fn organizations_holding_spaces_are_deleted_only_recursively(store: &impl CloudFoundryStore) {
    store
        .create_organization(organization("o1", "Org"), None)
        .await
        .expect("created");
    store
        .create_organization(organization("o2", "Kept"), None)
        .await
        .expect("created");
    for (guid, org) in [("s1", "o1"), ("s2", "o1"), ("s3", "o2")] {
        store
            .create_space(space(guid, &format!("dev-{guid}"), org), event(&format!("e-{guid}"), 1))
            .await
            .expect("created");
    }

    let not_empty = store.delete_organization("o1", false, event("d1", 2)).await;
    let still_there = store.space("s1").await.is_ok();
    let events_after_refusal = event_count(store).await;
    store
        .delete_organization("o1", true, event("d2", 3))
        .await
        .expect("deleted");
    let gone = store.delete_organization("o1", true, event("d3", 4)).await;

    assert!(matches!(not_empty, Err(StoreError::NotEmpty { .. })), "{not_empty:?}");
    assert!(still_there);
    assert_eq!(events_after_refusal, 3);
    assert!(matches!(gone, Err(StoreError::NotFound { .. })), "{gone:?}");
    assert!(matches!(store.space("s2").await, Err(StoreError::NotFound { .. })));
    assert!(store.space("s3").await.is_ok(), "another organization's space stays");
    let all = store.select_spaces(&SpaceSelection::default()).await.expect("selected");
    assert_eq!(space_guids(&all), strings(&["s3"]));
    assert!(store.create_organization(organization("o4", "ORG"), None).await.is_ok());
    store
        .create_space(space("s4", "dev", "o4"), event("e-s4", 5))
        .await
        .expect("the deleted spaces' names are free");
    assert_eq!(event_count(store).await, 5);
}
