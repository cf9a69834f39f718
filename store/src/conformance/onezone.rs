//! Conformance of [`OnezoneStore`]: spaces listed per supporting provider in creation order, support added,
//! resized and removed, provider tokens, and single-use space tokens used up with their space, once.

use super::{race, strings};
use crate::{OnezoneSelection, OnezoneSpace, OnezoneStore, SpaceToken, StoreError, Window};

fn onezone_space(id: &str, provider: &str, size: i64) -> OnezoneSpace {
    OnezoneSpace {
        id: id.to_owned(),
        name: format!("space {id}"),
        owner: "u".to_owned(),
        supports: [(provider.to_owned(), size)].into_iter().collect(),
    }
}

async fn supported_by(store: &impl OnezoneStore, provider: &str, window: Window) -> (usize, Vec<String>) {
    let selection = OnezoneSelection {
        supported_by: Some(provider.to_owned()),
        window,
    };
    let slice = store.select_onezone_spaces(&selection).await.expect("selected");
    (slice.total, slice.items.into_iter().map(|s| s.id).collect())
}

/// `create_onezone_space`, `onezone_space`, `select_onezone_spaces`, `support_onezone_space`,
/// `remove_onezone_support`.
pub async fn spaces_are_listed_per_supporting_provider_in_creation_order(store: &impl OnezoneStore) {
    for (id, provider) in [("a", "p1"), ("b", "p2"), ("c", "p1")] {
        store
            .create_onezone_space(onezone_space(id, provider, 10), None)
            .await
            .expect("created");
    }

    let same_id = store.create_onezone_space(onezone_space("a", "p3", 1), None).await;
    let supported = store.support_onezone_space("b", "p1", 20).await.expect("supported");
    let resized = store.support_onezone_space("a", "p1", 30).await.expect("resized");
    let unknown = store.support_onezone_space("zz", "p1", 1).await;
    let p1 = supported_by(store, "p1", Window::ALL).await;
    let p1_page = supported_by(store, "p1", Window::page(1, 1)).await;
    store.remove_onezone_support("a", "p1").await.expect("removed");
    let not_supporting = store.remove_onezone_support("a", "p1").await;
    let no_space = store.remove_onezone_support("zz", "p1").await;
    let everything = store
        .select_onezone_spaces(&OnezoneSelection::default())
        .await
        .expect("selected");

    assert!(matches!(same_id, Err(StoreError::Conflict { .. })), "{same_id:?}");
    assert_eq!(
        supported.supports.into_iter().collect::<Vec<_>>(),
        vec![("p2".to_owned(), 10), ("p1".to_owned(), 20)],
        "supports keep the order they began in"
    );
    assert_eq!(resized.supports.get("p1"), Some(&30));
    assert!(matches!(unknown, Err(StoreError::NotFound { .. })), "{unknown:?}");
    assert_eq!(p1, (3, strings(&["a", "b", "c"])), "creation order, not support order");
    assert_eq!(p1_page, (3, strings(&["b"])));
    assert!(
        matches!(not_supporting, Err(StoreError::NotFound { .. })),
        "{not_supporting:?}"
    );
    assert!(matches!(no_space, Err(StoreError::NotFound { .. })), "{no_space:?}");
    assert_eq!(supported_by(store, "p1", Window::ALL).await, (2, strings(&["b", "c"])));
    assert_eq!(supported_by(store, "p9", Window::ALL).await, (0, Vec::new()));
    assert_eq!(everything.total, 3, "a space no provider supports goes on existing");
    assert!(store.onezone_space("a").await.expect("found").supports.is_empty());
    assert!(matches!(
        store.onezone_space("zz").await,
        Err(StoreError::NotFound { .. })
    ));
}

/// `create_provider_token`, `is_provider_token`, `create_space_token`, `space_token`, and consuming a token in
/// `create_onezone_space`.
pub async fn single_use_tokens_are_used_up_with_their_space(store: &impl OnezoneStore) {
    store.create_provider_token("p".into()).await.expect("registered");
    store.create_provider_token("p".into()).await.expect("registered again");
    for (token, single_use) in [("once", true), ("always", false)] {
        store
            .create_space_token(SpaceToken {
                token: token.into(),
                user: "u1".into(),
                single_use,
                used: false,
            })
            .await
            .expect("registered");
    }

    let first = store
        .create_onezone_space(onezone_space("a", "p", 1), Some("once".into()))
        .await;
    let second = store
        .create_onezone_space(onezone_space("b", "p", 1), Some("once".into()))
        .await;
    let unknown = store
        .create_onezone_space(onezone_space("c", "p", 1), Some("nope".into()))
        .await;
    let reusable = [
        store
            .create_onezone_space(onezone_space("d", "p", 1), Some("always".into()))
            .await,
        store
            .create_onezone_space(onezone_space("e", "p", 1), Some("always".into()))
            .await,
    ];
    store
        .create_space_token(SpaceToken {
            token: "once".into(),
            user: "u2".into(),
            single_use: true,
            used: false,
        })
        .await
        .expect("registering again changes nothing");

    assert!(first.is_ok());
    assert!(matches!(second, Err(StoreError::Conflict { .. })), "{second:?}");
    assert!(matches!(unknown, Err(StoreError::NotFound { .. })), "{unknown:?}");
    assert!(reusable.iter().all(Result::is_ok));
    for refused in ["b", "c"] {
        assert!(matches!(
            store.onezone_space(refused).await,
            Err(StoreError::NotFound { .. })
        ));
    }
    let once = store.space_token("once").await.expect("answers").expect("registered");
    assert_eq!((once.user.as_str(), once.used), ("u1", true));
    assert_eq!(store.space_token("nope").await.expect("answers"), None);
    assert!(store.is_provider_token("p").await.expect("answers"));
    assert!(!store.is_provider_token("q").await.expect("answers"));
}

/// One single-use token, consumed by many threads at once: one space is created.
pub async fn one_of_many_concurrent_uses_of_a_single_use_token_wins(store: &impl OnezoneStore) {
    store
        .create_space_token(SpaceToken {
            token: "once".into(),
            user: "u".into(),
            single_use: true,
            used: false,
        })
        .await
        .expect("registered");

    let results = race(16, |i| {
        store.create_onezone_space(onezone_space(&format!("s{i}"), "p", 1), Some("once".into()))
    });

    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1);
    assert_eq!(supported_by(store, "p", Window::ALL).await.0, 1);
}
