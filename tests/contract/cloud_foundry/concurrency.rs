//! The store under parallel requests: many clients racing for one name get exactly one space, and lists read
//! consistent pages while spaces are being created.

use std::{sync::Arc, thread};

use actix_web::rt::System;
use chrono::Utc;
use futures_util::future::join_all;
use serde_json::Value;
use spaceport::{
    app::AppState,
    store::{
        CloudFoundryStore, MemoryStore, Name, StoreError,
        cloud_foundry::{Event, Organization, Space},
    },
};

use crate::support::{SEED_ORG, SEED_TOKEN, all_events, all_spaces, serve, settings};

#[actix_web::test]
async fn sixteen_clients_creating_one_name_get_one_201_and_fifteen_40002() {
    let state = AppState::new(settings()).await.expect("the fixtures load");
    let (address, handle) = serve(&state);
    let client = awc::Client::default();
    let url = format!("http://{address}/v2/spaces");
    let body = format!(r#"{{"name":"race","organization_guid":"{SEED_ORG}"}}"#);

    let replies = join_all((0..16).map(|_| {
        client
            .post(url.as_str())
            .insert_header(("Authorization", format!("bearer {SEED_TOKEN}")))
            .send_body(body.clone())
    }))
    .await;

    let mut created = 0;
    let mut taken = 0;
    for reply in replies {
        let mut reply = reply.expect("the server answers");
        let json: Value = serde_json::from_slice(&reply.body().await.expect("a body")).expect("JSON");
        match reply.status().as_u16() {
            201 => created += 1,
            400 if json["code"] == 40002 => taken += 1,
            other => panic!("unexpected {other}: {json}"),
        }
    }
    handle.stop(true).await;
    assert_eq!((created, taken), (1, 15));
    assert_eq!(all_spaces(&*state.store).await.len(), 1);
    let creates = all_events(&*state.store).await;
    assert_eq!(creates.iter().filter(|e| e.kind == "audit.space.create").count(), 1);
}

#[actix_web::test]
async fn lists_read_consistent_pages_while_spaces_are_being_created() {
    let state = AppState::new(settings()).await.expect("the fixtures load");
    let (address, handle) = serve(&state);
    let client = awc::Client::default();
    let base = format!("http://{address}");
    let auth = ("Authorization", format!("bearer {SEED_TOKEN}"));

    // 64 creates and 64 lists (by organization and by name), interleaved, all in flight at once. Each
    // future reads its body, so its connection goes back to the client's pool.
    let call = |list: Option<usize>, request: awc::ClientRequest, body: Option<String>| async move {
        let reply = match body {
            Some(body) => request.send_body(body).await,
            None => request.send().await,
        };
        let mut reply = reply.expect("the server answers");
        let json: Value = serde_json::from_slice(&reply.body().await.expect("a body")).expect("JSON");
        (list, reply.status().as_u16(), json)
    };
    let mut requests = Vec::new();
    for i in 0..64 {
        let create = client.post(format!("{base}/v2/spaces")).insert_header(auth.clone());
        let body = format!(r#"{{"name":"busy-{i}","organization_guid":"{SEED_ORG}"}}"#);
        requests.push(call(None, create, Some(body)));
        let uri = if i % 2 == 0 {
            format!("{base}/v2/spaces?q=organization_guid:{SEED_ORG}&results-per-page=100")
        } else {
            format!("{base}/v2/spaces?q=name:busy-{}", i / 2)
        };
        requests.push(call(Some(i), client.get(uri).insert_header(auth.clone()), None));
    }
    let replies = join_all(requests).await;

    for (list, status, json) in replies {
        match list {
            None => assert_eq!(status, 201, "{json}"),
            Some(i) => {
                assert_eq!(status, 200, "{json}");
                let resources = json["resources"].as_array().expect("resources");
                // A page is one snapshot: its count is its total, and each space appears once.
                assert_eq!(json["total_results"], Value::from(resources.len()), "{json}");
                let mut names: Vec<&str> = resources
                    .iter()
                    .map(|r| r["entity"]["name"].as_str().expect("a name"))
                    .collect();
                names.sort_unstable();
                names.dedup();
                assert_eq!(names.len(), resources.len(), "{json}");
                assert!(resources.len() <= if i % 2 == 0 { 64 } else { 1 }, "{json}");
            }
        }
    }
    let after = client
        .get(format!(
            "{base}/v2/spaces?q=organization_guid:{SEED_ORG}&results-per-page=100"
        ))
        .insert_header(auth)
        .send()
        .await;
    let json: Value = serde_json::from_slice(&after.expect("an answer").body().await.expect("a body")).expect("JSON");
    handle.stop(true).await;
    assert_eq!(json["total_results"], Value::from(64));
}

fn space(guid: usize, name: &str) -> (Space, Event) {
    let now = Utc::now();
    let space = Space {
        guid: format!("s-{guid}"),
        name: Name::new(name),
        organization_guid: "o".to_owned(),
        allow_ssh: true,
        isolation_segment_guid: None,
        space_quota_definition_guid: None,
        created_at: now,
        updated_at: None,
    };
    let event = Event {
        guid: format!("e-{guid}"),
        kind: "audit.space.create".to_owned(),
        actor: "a".to_owned(),
        actor_type: "user".to_owned(),
        actor_name: String::new(),
        actor_username: String::new(),
        actee: space.guid.clone(),
        actee_type: "space".to_owned(),
        actee_name: name.to_owned(),
        timestamp: now,
        metadata: Value::Null,
        space_guid: space.guid.clone(),
        organization_guid: "o".to_owned(),
    };
    (space, event)
}

#[test]
fn the_memory_store_keeps_names_unique_across_threads() {
    let store = Arc::new(MemoryStore::new());
    System::new().block_on(async {
        let org = Organization {
            guid: "o".to_owned(),
            name: Name::new("o"),
            status: "active".to_owned(),
            billing_enabled: false,
            quota_definition_guid: "q".to_owned(),
            created_at: Utc::now(),
            updated_at: None,
        };
        store.create_organization(org, None).await.expect("stored");
    });

    let outcomes: Vec<Result<Space, StoreError>> = (0..16)
        .map(|i| {
            let store = store.clone();
            thread::spawn(move || {
                let (space, event) = space(i, if i % 2 == 0 { "Even" } else { "odd" });
                System::new().block_on(store.create_space(space, event))
            })
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|t| t.join().expect("no thread panics"))
        .collect();

    assert_eq!(outcomes.iter().filter(|o| o.is_ok()).count(), 2);
    assert_eq!(
        outcomes
            .iter()
            .filter(|o| matches!(o, Err(StoreError::Conflict { .. })))
            .count(),
        14
    );
    let (spaces, events) = System::new().block_on(async { (all_spaces(&*store).await, all_events(&*store).await) });
    assert_eq!(spaces.len(), 2);
    assert_eq!(events.len(), 2, "no event without its space");
}
