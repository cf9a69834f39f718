//! What writes leave and the fixtures hold: audit events in time order, jobs, users and their tokens.

use serde_json::json;

use crate::conformance::{at, event, guids, organization, space, strings};
use crate::{
    CloudFoundryStore, Comparison, Condition, Name, NameKey, Slice, StoreError, Window,
    cloud_foundry::{EventFilter, EventSelection, Job, SpaceChanges, SpaceFilter, SpaceSelection, User},
};

/// `select_events`, `event`.
pub async fn events_list_in_time_order_even_after_the_clock_goes_back(store: &impl CloudFoundryStore) {
    for (org, seconds) in [("o1", 10), ("o2", 20), ("o3", 30)] {
        let mut recorded = event(&format!("e-{org}"), seconds);
        recorded.kind = "audit.organization.create".into();
        recorded.organization_guid = org.into();
        store
            .create_organization(organization(org, org), Some(recorded))
            .await
            .expect("created");
    }
    let newest_two = EventSelection {
        descending: true,
        window: Window::page(0, 2),
        ..EventSelection::default()
    };
    let in_order = store.select_events(&newest_two).await.expect("selected");
    store
        .create_organization(organization("o4", "o4"), Some(event("e-o4", 5)))
        .await
        .expect("created");
    let select = |filters: Vec<EventFilter>| EventSelection {
        filters,
        ..EventSelection::default()
    };

    let everything = store.select_events(&EventSelection::default()).await.expect("selected");
    let kind = store
        .select_events(&select(vec![EventFilter::Kind(Condition::new(
            Comparison::Eq,
            "audit.organization.create".into(),
        ))]))
        .await
        .expect("selected");
    let since = store
        .select_events(&select(vec![
            EventFilter::Timestamp(Condition::new(Comparison::Ge, at(20))),
            EventFilter::Organization(Condition::new(Comparison::Le, "o3".into())),
        ]))
        .await
        .expect("selected");
    let none = store
        .select_events(&select(vec![
            EventFilter::Space(Condition::new(Comparison::Eq, "s".into())),
            EventFilter::Actee(Condition::new(Comparison::Eq, "x".into())),
        ]))
        .await
        .expect("selected");

    let ids = |slice: &Slice<_>| guids(&slice.items, |e: &crate::cloud_foundry::Event| &e.guid);
    assert_eq!((in_order.total, ids(&in_order)), (3, strings(&["e-o3", "e-o2"])));
    assert_eq!(ids(&everything), strings(&["e-o4", "e-o1", "e-o2", "e-o3"]));
    assert_eq!(ids(&kind), strings(&["e-o1", "e-o2", "e-o3"]));
    assert_eq!(ids(&since), strings(&["e-o2", "e-o3"]));
    assert_eq!(none.total, 0);
    assert_eq!(store.event("e-o2").await.expect("found").timestamp, at(20));
    assert!(matches!(store.event("nope").await, Err(StoreError::NotFound { .. })));
}

/// `create_job`, `job`.
pub async fn jobs_are_recorded(store: &impl CloudFoundryStore) {
    let job = Job {
        guid: "j1".into(),
        created_at: at(1),
    };

    let created = store.create_job(job.clone()).await.expect("created");

    assert_eq!(created, job);
    assert_eq!(store.job("j1").await.expect("found"), job);
    assert!(matches!(store.job("j2").await, Err(StoreError::NotFound { .. })));
}

/// `create_user`, `user`, `user_by_name`, `create_token`, `user_for_token`.
pub async fn users_and_their_tokens(store: &impl CloudFoundryStore) {
    let user = |guid: &str, username: &str| User {
        guid: guid.into(),
        username: username.into(),
        password: "secret".into(),
        email: format!("{username}@example.com"),
        scopes: strings(&["cloud_controller.read"]),
    };
    let admin = store.create_user(user("u1", "admin")).await.expect("created");
    let auditor = store.create_user(user("u2", "auditor")).await.expect("created");

    let same_name = store.create_user(user("u3", "admin")).await;
    let same_guid = store.create_user(user("u1", "root")).await;
    let unknown_user = store.create_token("t0".into(), "nobody".into()).await;
    store.create_token("t1".into(), "u1".into()).await.expect("registered");
    let first = store.user_for_token("t1").await.expect("answers");
    store.create_token("t1".into(), "u2".into()).await.expect("re-pointed");

    assert!(matches!(same_name, Err(StoreError::Conflict { .. })), "{same_name:?}");
    assert!(matches!(same_guid, Err(StoreError::Conflict { .. })), "{same_guid:?}");
    assert!(
        matches!(unknown_user, Err(StoreError::NotFound { .. })),
        "{unknown_user:?}"
    );
    assert_eq!(store.user("u1").await.expect("answers"), Some(admin.clone()));
    assert_eq!(store.user("u3").await.expect("answers"), None);
    assert_eq!(store.user_by_name("admin").await.expect("answers"), Some(admin.clone()));
    assert_eq!(
        store.user_by_name("Admin").await.expect("answers"),
        None,
        "user names are exact"
    );
    assert_eq!(first, Some(admin));
    assert_eq!(store.user_for_token("t1").await.expect("answers"), Some(auditor));
    assert_eq!(store.user_for_token("t0").await.expect("answers"), None);
}

/// `create_space`, `space`, `update_space`, `event`, `select_events`, `export_cloud_foundry`: whatever form a
/// backend keeps them in, guids (UUIDs in any case, or none), names and event metadata come back as written.
pub async fn records_come_back_exactly_as_written(store: &impl CloudFoundryStore) {
    let organization_guid = "6A4E2C2E-3A0F-4C1B-9D1E-2F6C1B0A9E11";
    let mut space = space("0b6f7a2c-91d4-4e0e-8c55-3f1d2a7b9c10", "Dev Ünïcode", organization_guid);
    space.isolation_segment_guid = Some("{d3c1e2f4-5a6b-4c7d-8e9f-0a1b2c3d4e5f}".into());
    space.space_quota_definition_guid = Some("d3c1e2f4-5a6b-4c7d-8e9f-0a1b2c3d4e5f".into());
    let mut created = event("e1a2b3c4-d5e6-4f70-8192-a3b4c5d6e7f8", 7);
    created.kind = "audit.space.create".into();
    created.actor = "uaa-id-1".into();
    created.actor_type = "user".into();
    created.actor_name = "admin@example.com".into();
    created.actee = space.guid.clone();
    created.actee_type = "space".into();
    created.actee_name = space.name.as_str().into();
    created.space_guid = space.guid.clone();
    created.organization_guid = organization_guid.into();
    created.metadata = json!({"request": {"name": "Dev Ünïcode", "allow_ssh": true, "z": [1.5, null, {"b": "a"}]}});
    store
        .create_organization(organization(organization_guid, "Org"), None)
        .await
        .expect("created");

    let stored = store
        .create_space(space.clone(), created.clone())
        .await
        .expect("created");
    let read = store.space(&space.guid).await.expect("found");
    let by_name = store
        .select_spaces(&SpaceSelection {
            filters: vec![SpaceFilter::Name(Condition::new(
                Comparison::Eq,
                NameKey::of("dev ünïcode"),
            ))],
            ..SpaceSelection::default()
        })
        .await
        .expect("selected");
    let mut renamed = event("e2", 8);
    renamed.metadata = json!({"request": {"name": "Ops"}});
    let updated = store
        .update_space(
            &space.guid,
            SpaceChanges {
                name: Some(Name::new("Ops")),
                allow_ssh: None,
            },
            at(8),
            renamed.clone(),
        )
        .await
        .expect("updated");
    let exported = store.export_cloud_foundry().await.expect("exported");

    assert_eq!((stored, read), (space.clone(), space.clone()));
    assert_eq!(by_name.items, vec![space.clone()]);
    assert_eq!(updated.name, Name::new("Ops"));
    assert_eq!(updated.updated_at, Some(at(8)));
    assert_eq!(
        (updated.guid.as_str(), updated.isolation_segment_guid.as_deref()),
        (space.guid.as_str(), space.isolation_segment_guid.as_deref())
    );
    assert_eq!(store.event(&created.guid).await.expect("found"), created);
    assert_eq!(exported.spaces, vec![updated]);
    assert_eq!(exported.events, vec![created, renamed]);
    assert_eq!(exported.organizations[0].guid, organization_guid);
}
