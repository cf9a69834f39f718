//! Conformance of the whole-API exports, replacements and fills: a replacement puts exactly the exported records
//! back (indexes and orders rebuilt), one that breaks a rule changes nothing, and of racing fills one stores.

use super::{at, event, organization, race, space};
use crate::{
    AssemblaRecords, AssemblaStore, CloudFoundryStore, Comparison, Condition, Name, NameKey, OnezoneRecords,
    OnezoneSelection, OnezoneSpace, OnezoneStore, SpaceToken, Store, StoreError, Window,
    cloud_foundry::{CloudFoundryRecords, EventSelection, Job, SpaceFilter, SpaceSelection, StaticToken, User},
};

/// The records of every API, as one fill writes them.
#[derive(Debug)]
struct WorldRecords {
    cloud_foundry: CloudFoundryRecords,
    onezone: OnezoneRecords,
    assembla: AssemblaRecords,
}

/// Every record `store` holds.
async fn read(store: &impl Store) -> Result<WorldRecords, StoreError> {
    Ok(WorldRecords {
        cloud_foundry: store.export_cloud_foundry().await?,
        onezone: store.export_onezone().await?,
        assembla: store.export_assembla().await?,
    })
}

/// `export_cloud_foundry`, `replace_cloud_foundry`.
pub async fn cloud_foundry_records_replace_losslessly_or_not_at_all(store: &impl CloudFoundryStore) {
    for (guid, name) in [("o1", "One"), ("o2", "Two")] {
        store
            .create_organization(organization(guid, name), Some(event(&format!("e-{guid}"), 20)))
            .await
            .expect("created");
    }
    store
        .create_space(space("s1", "Dev", "o1"), event("e-s1", 10))
        .await
        .expect("created");
    store
        .create_job(Job {
            guid: "j1".into(),
            created_at: at(30),
        })
        .await
        .expect("created");
    let user = User {
        guid: "u1".into(),
        username: "admin".into(),
        password: "p".into(),
        email: String::new(),
        scopes: Vec::new(),
    };
    store.create_user(user).await.expect("created");
    store.create_token("t1".into(), "u1".into()).await.expect("registered");
    let original = store.export_cloud_foundry().await.expect("exported");
    let mut smaller = original.clone();
    smaller.spaces.clear();
    smaller.organizations.truncate(1);
    let mut broken = [original.clone(), original.clone(), original.clone(), original.clone()];
    broken[0].organizations[1].name = Name::new("ONE");
    broken[1].spaces[0].organization_guid = "nope".into();
    broken[2].tokens.push(StaticToken {
        token: "t2".into(),
        user_guid: "nobody".into(),
    });
    broken[3].events.push(broken[3].events[0].clone());

    store.replace_cloud_foundry(smaller.clone()).await.expect("replaced");
    let after_smaller = store.export_cloud_foundry().await.expect("exported");
    let refused_while_small = store.create_space(space("s2", "dev", "o2"), event("e-s2", 40)).await;
    store.replace_cloud_foundry(original.clone()).await.expect("replaced");
    let results = [
        store.replace_cloud_foundry(broken[0].clone()).await,
        store.replace_cloud_foundry(broken[1].clone()).await,
        store.replace_cloud_foundry(broken[2].clone()).await,
        store.replace_cloud_foundry(broken[3].clone()).await,
    ];

    assert_eq!(after_smaller, smaller);
    assert!(
        matches!(refused_while_small, Err(StoreError::NotFound { .. })),
        "o2 went with the replacement"
    );
    assert!(
        matches!(results[0], Err(StoreError::Conflict { .. })),
        "{:?}",
        results[0]
    );
    assert!(
        matches!(results[1], Err(StoreError::NotFound { .. })),
        "{:?}",
        results[1]
    );
    assert!(
        matches!(results[2], Err(StoreError::NotFound { .. })),
        "{:?}",
        results[2]
    );
    assert!(
        matches!(results[3], Err(StoreError::Conflict { .. })),
        "{:?}",
        results[3]
    );
    assert_eq!(
        store.export_cloud_foundry().await.expect("exported"),
        original,
        "refusals change nothing"
    );
    let by_name = SpaceSelection {
        filters: vec![SpaceFilter::Name(Condition::new(Comparison::Eq, NameKey::of("DEV")))],
        ..SpaceSelection::default()
    };
    assert_eq!(
        store.select_spaces(&by_name).await.expect("selected").total,
        1,
        "the name index is rebuilt"
    );
    let taken = store.create_space(space("s3", "dev", "o1"), event("e-s3", 50)).await;
    assert!(matches!(taken, Err(StoreError::Conflict { .. })), "{taken:?}");
    let events = store.select_events(&EventSelection::default()).await.expect("selected");
    let times: Vec<i64> = events.items.iter().map(|e| e.timestamp.timestamp()).collect();
    assert_eq!(times, vec![10, 20, 20], "events still list in time order");
    assert!(store.user_for_token("t1").await.expect("answers").is_some());
}

/// `export_onezone`, `replace_onezone`.
pub async fn onezone_records_replace_losslessly_or_not_at_all(store: &impl OnezoneStore) {
    let space = |id: &str, providers: &[&str]| OnezoneSpace {
        id: id.into(),
        name: id.into(),
        owner: "u".into(),
        supports: providers.iter().map(|p| ((*p).to_owned(), 1)).collect(),
    };
    let records = OnezoneRecords {
        spaces: vec![space("a", &["p2", "p1"]), space("b", &["p1"])],
        provider_tokens: vec!["p".into()],
        space_tokens: vec![SpaceToken {
            token: "once".into(),
            user: "u".into(),
            single_use: true,
            used: true,
        }],
    };
    let mut broken = records.clone();
    broken.spaces.push(space("a", &[]));

    store.replace_onezone(records.clone()).await.expect("replaced");
    let refused = store.replace_onezone(broken).await;
    let exported = store.export_onezone().await.expect("exported");
    let by_p1 = OnezoneSelection {
        supported_by: Some("p1".into()),
        window: Window::ALL,
    };
    let supported = store.select_onezone_spaces(&by_p1).await.expect("selected");
    let used = store
        .create_onezone_space(space("c", &["p1"]), Some("once".into()))
        .await;

    assert!(matches!(refused, Err(StoreError::Conflict { .. })), "{refused:?}");
    assert_eq!(exported, records, "supports keep their order, a used token stays used");
    assert_eq!(
        supported.items.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(),
        vec!["a", "b"]
    );
    assert!(matches!(used, Err(StoreError::Conflict { .. })), "{used:?}");
    assert!(store.is_provider_token("p").await.expect("answers"));
}

/// `export_assembla`, `replace_assembla`, and the account: `create_assembla_token`, `is_assembla_token`,
/// `create_assembla_api_key`, `assembla_api_secret`, `set_assembla_portfolio`, `assembla_portfolio`.
pub async fn assembla_records_replace_losslessly_or_not_at_all(store: &impl AssemblaStore) {
    store.create_assembla_token("t".into()).await.expect("registered");
    store.create_assembla_token("t".into()).await.expect("registered again");
    let key = |key: &str, secret: &str| crate::ApiKey {
        key: key.into(),
        secret: secret.into(),
    };
    store.create_assembla_api_key(key("k", "s1")).await.expect("registered");
    store.create_assembla_api_key(key("k", "s2")).await.expect("kept");
    let unset = store.assembla_portfolio().await.expect("answers");
    store.set_assembla_portfolio(Some("folio".into())).await.expect("set");
    store
        .create_assembla_space(super::assembla::assembla_space("a", "alpha"))
        .await
        .expect("created");
    let account = store.export_assembla().await.expect("exported");
    let mut other = AssemblaRecords {
        portfolio: None,
        tokens: vec!["t2".into()],
        api_keys: Vec::new(),
        spaces: vec![super::assembla::assembla_space("b", "beta")],
    };
    let mut broken = other.clone();
    broken.spaces.push(super::assembla::assembla_space("c", "b"));

    store.replace_assembla(other.clone()).await.expect("replaced");
    let refused = store.replace_assembla(broken).await;

    assert_eq!(unset, None);
    assert!(store.is_assembla_token("t2").await.expect("answers"));
    assert!(
        !store.is_assembla_token("t").await.expect("answers"),
        "the old account went"
    );
    assert_eq!(store.assembla_api_secret("k").await.expect("answers"), None);
    assert!(matches!(refused, Err(StoreError::Conflict { .. })), "{refused:?}");
    assert_eq!(store.export_assembla().await.expect("exported"), other);
    assert_eq!(store.assembla_space("beta").await.expect("found by wiki name").id, "b");
    assert_eq!(
        (
            account.portfolio.as_deref(),
            account.tokens.as_slice(),
            account.api_keys.as_slice()
        ),
        (Some("folio"), &["t".to_owned()][..], &[key("k", "s1")][..]),
        "a token registered twice is one, an API key keeps its first secret"
    );
    store.replace_assembla(account.clone()).await.expect("replaced");
    other = store.export_assembla().await.expect("exported");
    assert_eq!(other, account);
    assert_eq!(
        store.assembla_api_secret("k").await.expect("answers"),
        Some("s1".into())
    );
    assert_eq!(store.assembla_portfolio().await.expect("answers"), Some("folio".into()));
}

/// `fill_cloud_foundry`, `fill_onezone`, `fill_assembla` racing: of many fills of an empty store one stores its
/// records, and none stores into a store that holds some.
pub async fn of_concurrent_fills_of_an_empty_store_one_stores(store: &impl Store) {
    let records = |i: usize| WorldRecords {
        cloud_foundry: CloudFoundryRecords {
            organizations: vec![organization(&format!("o{i}"), &format!("Org {i}"))],
            ..CloudFoundryRecords::default()
        },
        onezone: OnezoneRecords {
            provider_tokens: vec![format!("p{i}")],
            ..OnezoneRecords::default()
        },
        assembla: AssemblaRecords {
            portfolio: Some(format!("folio {i}")),
            ..AssemblaRecords::default()
        },
    };

    let filled = race(8, |i| async move {
        let records = records(i);
        (
            store.fill_cloud_foundry(records.cloud_foundry).await.expect("filled"),
            store.fill_onezone(records.onezone).await.expect("filled"),
            store.fill_assembla(records.assembla).await.expect("filled"),
        )
    });
    let again = (
        store.fill_cloud_foundry(records(8).cloud_foundry).await,
        store.fill_onezone(records(8).onezone).await,
        store.fill_assembla(records(8).assembla).await,
    );
    let held = read(store).await.expect("exported");

    let winner = |api: fn(&(bool, bool, bool)) -> bool| -> Vec<usize> {
        (0..filled.len()).filter(|&i| api(&filled[i])).collect()
    };
    let (cloud_foundry, onezone, assembla) = (winner(|f| f.0), winner(|f| f.1), winner(|f| f.2));
    assert_eq!(
        (cloud_foundry.len(), onezone.len(), assembla.len()),
        (1, 1, 1),
        "{filled:?}"
    );
    assert_eq!(held.cloud_foundry, records(cloud_foundry[0]).cloud_foundry);
    assert_eq!(held.onezone, records(onezone[0]).onezone);
    assert_eq!(held.assembla, records(assembla[0]).assembla);
    assert!(
        matches!(again, (Ok(false), Ok(false), Ok(false))),
        "a held store is not filled: {again:?}"
    );
}
