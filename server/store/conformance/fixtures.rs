//! Conformance of fixture loading on a backend: a second load into the same store (a restart on persisted state)
//! changes nothing, and a used single-use token stays used.

use crate::{
    fixtures::Fixtures,
    sources::Sources,
    store::{Store, Window, cloud_foundry::OrganizationSelection},
};

const FIXTURES: &str = "
cloud_foundry:
  organizations: [{guid: o1, name: One}, {guid: o2, name: Two}]
  users: [{guid: u1, username: admin, password: admin, scopes: [cloud_controller.admin]}]
  tokens: [{value: t1, user: admin}]
assembla:
  portfolio: folio
  tokens: [t]
  api_keys: [{key: k, secret: s}]
onezone:
  providers: [{token: p}]
  space_tokens: [{token: once, user: u1, single_use: true}]
";

/// `Fixtures::load` twice.
pub(crate) async fn loading_fixtures_twice_changes_nothing(store: &impl Store) {
    let fixtures = Fixtures::parse(FIXTURES).expect("the fixtures parse");
    let sources = Sources::system();
    fixtures.load(store, &sources).await.expect("loaded");
    let used = crate::store::OnezoneSpace {
        id: "s".into(),
        name: "s".into(),
        owner: "u1".into(),
        supports: [("p".to_owned(), 1)].into_iter().collect(),
    };
    store
        .create_onezone_space(used, Some("once".into()))
        .await
        .expect("the token is used");

    let again = fixtures.load(store, &sources).await;

    assert!(again.is_ok(), "{again:?}");
    let organizations = store
        .select_organizations(&OrganizationSelection {
            window: Window::ALL,
            ..OrganizationSelection::default()
        })
        .await
        .expect("selected");
    assert_eq!(organizations.total, 2);
    assert!(store.user_by_name("admin").await.expect("answers").is_some());
    assert_eq!(
        store.user_for_token("t1").await.expect("answers").map(|u| u.guid),
        Some("u1".to_owned())
    );
    assert!(store.is_provider_token("p").await.expect("answers"));
    assert!(store.is_assembla_token("t").await.expect("answers"));
    assert_eq!(store.assembla_api_secret("k").await.expect("answers"), Some("s".into()));
    assert_eq!(store.assembla_portfolio().await.expect("answers"), Some("folio".into()));
    let token = store.space_token("once").await.expect("answers").expect("registered");
    assert!(token.used, "a reload does not make a used token new");
}
