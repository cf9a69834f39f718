//! Conformance of [`AssemblaStore`]: spaces found by id or wiki name, no wiki name another space's id or wiki
//! name (also under concurrency), updates that move a wiki name, concurrent updates of different fields that both
//! survive, deletes, and windows in creation order.

use super::{at, race};
use crate::{AssemblaSpace, AssemblaSpaceChanges, AssemblaStore, StoreError, Window};

/// A space with the docs' defaults.
pub fn assembla_space(id: &str, wiki_name: &str) -> AssemblaSpace {
    AssemblaSpace {
        id: id.to_owned(),
        name: format!("space {id}"),
        wiki_name: wiki_name.to_owned(),
        description: None,
        public_permissions: 1,
        team_permissions: 2,
        watcher_permissions: 1,
        share_permissions: true,
        status: 1,
        team_tab_role: 0,
        default_showpage: "Wiki".to_owned(),
        tabs_order: None,
        banner: None,
        banner_height: None,
        banner_text: None,
        banner_link: None,
        style: None,
        approved: false,
        can_join: false,
        wiki_format: None,
        parent_id: None,
        created_at: at(1),
        updated_at: at(1),
        commercial_from: None,
    }
}

/// Changes that move a space to `wiki_name`.
fn wiki_name(wiki_name: &str) -> AssemblaSpaceChanges {
    AssemblaSpaceChanges {
        wiki_name: Some(wiki_name.to_owned()),
        ..AssemblaSpaceChanges::default()
    }
}

/// `create_assembla_space`, `assembla_space`, `select_assembla_spaces`, `update_assembla_space`,
/// `delete_assembla_space`.
pub async fn spaces_are_found_by_id_or_wiki_name(store: &impl AssemblaStore) {
    for (id, wiki_name) in [("a", "alpha"), ("b", "b"), ("c", "gamma")] {
        store
            .create_assembla_space(assembla_space(id, wiki_name))
            .await
            .expect("created");
    }

    let wiki_is_an_id = store.create_assembla_space(assembla_space("d", "b")).await;
    let wiki_is_a_wiki = store.create_assembla_space(assembla_space("e", "alpha")).await;
    let same_id = store.create_assembla_space(assembla_space("a", "other")).await;
    let page = store
        .select_assembla_spaces(Window::page(1, 5))
        .await
        .expect("selected");
    let moved = store
        .update_assembla_space(
            "alpha",
            AssemblaSpaceChanges {
                description: Some(Some("moved".into())),
                ..wiki_name("omega")
            },
            at(1),
        )
        .await
        .expect("updated");
    let taken = store.update_assembla_space("c", wiki_name("omega"), at(2)).await;
    let missing = store.update_assembla_space("zz", wiki_name("zz"), at(2)).await;
    let reused = store.create_assembla_space(assembla_space("f", "alpha")).await;
    store
        .delete_assembla_space("gamma")
        .await
        .expect("deleted by wiki name");
    let deleted_again = store.delete_assembla_space("c").await;

    for refused in [&wiki_is_an_id, &wiki_is_a_wiki, &same_id, &taken] {
        assert!(matches!(refused, Err(StoreError::Conflict { .. })), "{refused:?}");
    }
    assert!(matches!(missing, Err(StoreError::NotFound { .. })), "{missing:?}");
    assert!(reused.is_ok(), "a moved wiki name is free: {reused:?}");
    assert!(
        matches!(deleted_again, Err(StoreError::NotFound { .. })),
        "{deleted_again:?}"
    );
    assert_eq!(
        (page.total, page.items.iter().map(|s| s.id.as_str()).collect::<Vec<_>>()),
        (3, vec!["b", "c"])
    );
    assert_eq!(store.assembla_space("omega").await.expect("found by wiki name"), moved);
    assert_eq!(store.assembla_space("a").await.expect("found by id"), moved);
    assert!(matches!(store.assembla_space("alpha").await, Ok(space) if space.id == "f"));
    let all = store.select_assembla_spaces(Window::ALL).await.expect("selected");
    assert_eq!(
        all.items.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(),
        vec!["a", "b", "f"]
    );
}

/// Many threads claiming one wiki name at once: one space is created.
pub async fn one_of_many_concurrent_claims_of_a_wiki_name_wins(store: &impl AssemblaStore) {
    let results = race(16, |i| {
        store.create_assembla_space(assembla_space(&format!("s{i}"), "wiki"))
    });

    let refused = results
        .iter()
        .filter(|r| matches!(r, Err(StoreError::Conflict { .. })))
        .count();
    assert_eq!((results.iter().filter(|r| r.is_ok()).count(), refused), (1, 15));
    assert_eq!(
        store.select_assembla_spaces(Window::ALL).await.expect("selected").total,
        1
    );
}

/// Two updates of different fields of one space racing on threads, 16 times: both changes survive every time
/// (each is applied to the space as the other left it, never to a copy read before).
pub async fn concurrent_updates_of_different_fields_both_survive(store: &impl AssemblaStore) {
    for round in 0..16 {
        let id = format!("r{round}");
        store
            .create_assembla_space(assembla_space(&id, &id))
            .await
            .expect("created");

        let updates = race(2, |i| {
            let changes = if i == 0 {
                AssemblaSpaceChanges {
                    name: Some("renamed".into()),
                    ..AssemblaSpaceChanges::default()
                }
            } else {
                AssemblaSpaceChanges {
                    description: Some(Some("described".into())),
                    ..AssemblaSpaceChanges::default()
                }
            };
            store.update_assembla_space(&id, changes, at(2))
        });

        assert!(updates.iter().all(Result::is_ok), "round {round}: {updates:?}");
        let space = store.assembla_space(&id).await.expect("found");
        assert_eq!(
            (space.name.as_str(), space.description.as_deref()),
            ("renamed", Some("described")),
            "round {round}: an update was lost"
        );
    }
}
