//! `specs/bodies.yaml`: wrapped JSON, Rails XML and form bodies merged with query parameters, a size limit;
//! nullable fields that keep `null` apart from absent; integer-or-digit strings; ordered maps; XML and JSON answers
//! with a header; the body rejections the glue produces.

#[allow(
    dead_code,
    reason = "the whole generated API is compiled; these tests use the part they exercise"
)]
mod api {
    include!("../output/bodies.rs");
}

use actix_web::{HttpResponse, test::TestRequest, web};
use api::{BodiesApi, Counts, CreateThingRequest, CreateThingResponse, Operation, Thing};
use serde_json::json;
use spaceport_runtime::Rejection;

use crate::{init, rejected, send};

struct Bodies;

impl BodiesApi for Bodies {
    async fn create_thing(&self, request: CreateThingRequest) -> CreateThingResponse {
        let body = request.body;
        let seen = format!(
            "level {:?}, note {:?}, size {:?}, tags {:?}",
            body.level,
            body.note,
            body.size.map(|s| s.0),
            body.tags
        );
        CreateThingResponse::Created {
            location: "/things/t1".to_owned(),
            body: Thing {
                id: "t1".to_owned(),
                name: body.name,
                note: Some(seen),
                created_at: "2026-01-02T03:04:05Z".to_owned(),
                counts: Counts([("z".to_owned(), 1), ("a".to_owned(), 2)].into_iter().collect()),
            },
        }
    }

    fn reject(&self, rejection: Rejection<Operation>) -> HttpResponse {
        rejected(rejection, Operation::id, api::JSON_MEDIA_TYPE)
    }
}

#[actix_web::test]
async fn a_form_under_a_base_path_with_a_suffix_answers_rails_xml() {
    let app = init(|config| api::configure(config, web::Data::new(Bodies))).await;
    let request = TestRequest::post()
        .uri("/api/v1/things.xml?thing[size]=42")
        .insert_header(("Content-Type", "application/x-www-form-urlencoded"))
        .set_payload("thing[name]=widget&thing[level]=&thing[tags][]=a&thing[tags][]=b");

    let reply = send(&app, request).await;

    assert_eq!(reply.status, 201, "{}", reply.text);
    assert_eq!(reply.location.as_deref(), Some("/things/t1"));
    assert_eq!(reply.content_type.as_deref(), Some("application/xml; charset=utf-8"));
    assert!(
        reply
            .text
            .starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<thing>\n"),
        "{}",
        reply.text
    );
    assert!(reply.text.contains("<name>widget</name>"), "{}", reply.text);
    assert!(
        reply
            .text
            .contains("<note>level Some(None), note None, size Some(42), tags Some([\"a\", \"b\"])</note>"),
        "a form's empty value is null for a nullable field, the query string fills in under the body: {}",
        reply.text
    );
    assert!(
        reply
            .text
            .contains("<created-at type=\"datetime\">2026-01-02T03:04:05Z</created-at>")
    );
    assert!(
        reply
            .text
            .contains("<z type=\"integer\">1</z>\n    <a type=\"integer\">2</a>"),
        "{}",
        reply.text
    );
}

#[actix_web::test]
async fn wrapped_json_keeps_null_apart_from_absent_and_reads_digit_strings() {
    let app = init(|config| api::configure(config, web::Data::new(Bodies))).await;
    let request = TestRequest::post()
        .uri("/things/")
        .insert_header(("Content-Type", "application/json"))
        .set_payload(r#"{"thing": {"name": "n", "note": null, "size": "7", "tags": "--- \n- x\n"}}"#);

    let reply = send(&app, request).await;

    assert_eq!(reply.status, 201, "{}", reply.text);
    assert_eq!(reply.content_type.as_deref(), Some("application/json; charset=utf-8"));
    let body = reply.json();
    assert_eq!(
        body["note"],
        json!("level None, note Some(None), size Some(7), tags Some([\"x\"])")
    );
    assert_eq!(
        serde_json::to_string(&body["counts"]).expect("serializes"),
        r#"{"z":1,"a":2}"#,
        "maps keep their order"
    );
}

#[actix_web::test]
async fn every_body_rejection_names_its_operation_and_kind() {
    let app = init(|config| api::configure(config, web::Data::new(Bodies))).await;
    let json = |request: TestRequest| request.insert_header(("Content-Type", "application/json"));

    let blank = send(
        &app,
        json(TestRequest::post().uri("/things")).set_payload(r#"{"name": " "}"#),
    )
    .await;
    let empty = send(&app, json(TestRequest::post().uri("/things"))).await;
    let malformed = send(&app, json(TestRequest::post().uri("/things")).set_payload("{")).await;
    let too_large = send(
        &app,
        json(TestRequest::post().uri("/things")).set_payload(format!(r#"{{"name": "{}"}}"#, "x".repeat(5000))),
    )
    .await;
    let text = send(
        &app,
        TestRequest::post()
            .uri("/things")
            .insert_header(("Content-Type", "text/plain"))
            .set_payload("name=x"),
    )
    .await;

    let kind = |reply: &crate::Reply| (reply.json()["operation"].clone(), reply.json()["kind"].clone());
    assert_eq!(kind(&blank), (json!("createThing"), json!("Body name:Pattern")));
    assert_eq!(kind(&empty), (json!("createThing"), json!("EmptyBody")));
    assert_eq!(
        kind(&malformed).1,
        json!("MalformedBody { media: \"application/json\" }")
    );
    assert_eq!(kind(&too_large).1, json!("BodyTooLarge { limit: 4096 }"));
    assert_eq!(kind(&text).1, json!("UnsupportedMediaType"));
}
