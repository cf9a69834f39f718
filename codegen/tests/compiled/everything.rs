//! `specs/everything.yaml`: base paths, trailing slashes and format suffixes; AND-ed and optional security;
//! wrapped JSON, Rails XML and form bodies merged with query parameters; typed query and header parameters;
//! nullable fields that keep `null` apart from absent; integer-or-digit strings; ordered maps; XML and JSON
//! answers; every rejection kind the glue produces.

#[allow(
    dead_code,
    reason = "the whole generated API is compiled; these tests use the part they exercise"
)]
mod api {
    include!("../output/everything.rs");
}

use actix_web::{App, HttpResponse, test::TestRequest, web};
use api::{
    Counts, CreateThingRequest, CreateThingResponse, EverythingApi, GetCountsRequest, GetCountsResponse,
    GetThingRequest, GetThingResponse, ListThingsRequest, ListThingsResponse, Operation, Problem, PutThingRequest,
    PutThingResponse, Scheme, Thing, ThingList, WhoAmIRequest, WhoAmIResponse,
};
use serde_json::{Value, json};
use spaceport_runtime::{Rejection, RejectionKind};

use crate::send;

struct Everything;

fn thing(name: &str, note: Option<String>) -> Thing {
    Thing {
        id: "t1".to_owned(),
        name: name.to_owned(),
        note,
        level: None,
        created_at: "2026-01-02T03:04:05Z".to_owned(),
        born_on: None,
        counts: Counts([("z".to_owned(), 1), ("a".to_owned(), 2)].into_iter().collect()),
    }
}

impl EverythingApi for Everything {
    async fn list_things(&self, request: ListThingsRequest) -> ListThingsResponse {
        match request.query.tag {
            Some(tags) => ListThingsResponse::Ok(ThingList(tags.iter().map(|t| thing(t, None)).collect())),
            None => ListThingsResponse::NoContent,
        }
    }

    async fn create_thing(&self, request: CreateThingRequest) -> CreateThingResponse {
        let body = request.body;
        let seen = format!(
            "by {:?}: level {:?}, note {:?}, size {:?}, tags {:?}",
            request.credentials.scheme,
            body.level,
            body.note,
            body.size.map(|s| s.0),
            body.tags
        );
        CreateThingResponse::Created {
            location: "/things/t1".to_owned(),
            body: thing(&body.name, Some(seen)),
        }
    }

    async fn get_thing(&self, request: GetThingRequest) -> GetThingResponse {
        if request.path.id == "t1" {
            GetThingResponse::Ok(thing("one", None))
        } else {
            GetThingResponse::NotFound
        }
    }

    async fn put_thing(&self, request: PutThingRequest) -> PutThingResponse {
        match request.body {
            Some(_) => PutThingResponse::NoContent,
            None => PutThingResponse::NotFound,
        }
    }

    async fn get_counts(&self, _: GetCountsRequest) -> GetCountsResponse {
        GetCountsResponse::Ok(thing("c", None).counts)
    }

    async fn who_am_i(&self, request: WhoAmIRequest) -> WhoAmIResponse {
        let message = match request.credentials {
            Some(credentials) if credentials.scheme == Scheme::Token => format!("token {}", credentials.secret),
            _ => "anonymous".to_owned(),
        };
        WhoAmIResponse::Ok(Problem { message })
    }

    fn reject(&self, rejection: Rejection<Operation>) -> HttpResponse {
        let kind = match &rejection.kind {
            RejectionKind::Invalid { location, violations } => {
                let fields: Vec<String> = violations.iter().map(|v| format!("{}:{:?}", v.field, v.rule)).collect();
                format!("{location:?} {}", fields.join(" "))
            }
            other => format!("{other:?}"),
        };
        let body = json!({"operation": rejection.operation.map(Operation::id), "kind": kind});
        spaceport_runtime::respond_with_body(400, Vec::new(), api::JSON_MEDIA_TYPE, &body)
    }
}

fn keyed(request: TestRequest) -> TestRequest {
    request.insert_header(("X-Key", "k")).insert_header(("X-Secret", "s"))
}

async fn app() -> impl actix_web::dev::Service<
    actix_http::Request,
    Response = actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>,
    Error = actix_web::Error,
> {
    actix_web::test::init_service(App::new().configure(|config| api::configure(config, web::Data::new(Everything))))
        .await
}

#[actix_web::test]
async fn a_form_under_a_base_path_with_a_suffix_answers_rails_xml() {
    let app = app().await;
    let request = keyed(TestRequest::post().uri("/api/v1/things.xml?thing[size]=42"))
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
            .contains("<note>by Key: level Some(None), note None, size Some(42), tags Some([\"a\", \"b\"])</note>"),
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
    let app = app().await;
    let request = TestRequest::post()
        .uri("/things/")
        .insert_header(("Authorization", "Bearer tk"))
        .insert_header(("Content-Type", "application/json"))
        .set_payload(r#"{"thing": {"name": "n", "note": null, "size": "7", "tags": "--- \n- x\n"}}"#);

    let reply = send(&app, request).await;

    assert_eq!(reply.status, 201, "{}", reply.text);
    assert_eq!(reply.content_type.as_deref(), Some("application/json; charset=utf-8"));
    let body = reply.json();
    assert_eq!(
        body["note"],
        json!("by Token: level None, note Some(None), size Some(7), tags Some([\"x\"])")
    );
    assert_eq!(
        serde_json::to_string(&body["counts"]).expect("serializes"),
        r#"{"z":1,"a":2}"#,
        "maps keep their order"
    );
}

#[actix_web::test]
async fn query_parameters_and_accept_pick_the_answer() {
    let app = app().await;

    let none = send(&app, keyed(TestRequest::get().uri("/things"))).await;
    let xml = send(
        &app,
        keyed(TestRequest::get().uri("/api/v1/things/?tag=a&tag=b&page=2&color=dark-blue"))
            .insert_header(("Accept", "application/xml"))
            .insert_header(("X-Trace", "t")),
    )
    .await;
    let bad_page = send(&app, keyed(TestRequest::get().uri("/things?page=0"))).await;
    let bad_color = send(&app, keyed(TestRequest::get().uri("/things?color=green"))).await;

    assert_eq!((none.status, none.text.as_str()), (204, ""));
    assert_eq!(xml.status, 200);
    assert!(
        xml.text
            .contains("<things type=\"array\">\n  <thing>\n    <id>t1</id>\n    <name>a</name>"),
        "{}",
        xml.text
    );
    assert_eq!(xml.text.matches("<thing>").count(), 2);
    assert_eq!(
        bad_page.json()["kind"],
        json!("Query page:Range { min: Some(1.0), max: Some(100.0), above: false }")
    );
    assert_eq!(bad_color.json()["kind"], json!("Query color:NotInEnum"));
}

#[actix_web::test]
async fn every_rejection_names_its_operation_and_kind() {
    let app = app().await;
    let json = |request: TestRequest| request.insert_header(("Content-Type", "application/json"));

    let half_a_key = send(&app, TestRequest::get().uri("/things/t1").insert_header(("X-Key", "k"))).await;
    let bad_path = send(&app, keyed(TestRequest::get().uri("/things/UPPER"))).await;
    let wrong_method = send(&app, keyed(TestRequest::delete().uri("/things"))).await;
    let blank = send(
        &app,
        json(keyed(TestRequest::post().uri("/things"))).set_payload(r#"{"name": " "}"#),
    )
    .await;
    let empty = send(&app, json(keyed(TestRequest::post().uri("/things")))).await;
    let malformed = send(&app, json(keyed(TestRequest::post().uri("/things"))).set_payload("{")).await;
    let too_large = send(
        &app,
        json(keyed(TestRequest::post().uri("/things"))).set_payload(format!(r#"{{"name": "{}"}}"#, "x".repeat(5000))),
    )
    .await;
    let text = send(
        &app,
        keyed(TestRequest::post().uri("/things"))
            .insert_header(("Content-Type", "text/plain"))
            .set_payload("name=x"),
    )
    .await;

    let kind = |reply: &crate::Reply| (reply.json()["operation"].clone(), reply.json()["kind"].clone());
    assert_eq!(kind(&half_a_key), (json!("getThing"), json!("MissingCredentials")));
    assert_eq!(kind(&bad_path), (json!("getThing"), json!("Path id:Pattern")));
    assert_eq!(
        kind(&wrong_method),
        (Value::Null, json!("MethodNotAllowed { allow: [\"GET\", \"POST\"] }"))
    );
    assert_eq!(kind(&blank), (json!("createThing"), json!("Body name:Pattern")));
    assert_eq!(kind(&empty), (json!("createThing"), json!("EmptyBody")));
    assert_eq!(
        kind(&malformed).1,
        json!("MalformedBody { media: \"application/json\" }")
    );
    assert_eq!(kind(&too_large).1, json!("BodyTooLarge { limit: 4096 }"));
    assert_eq!(kind(&text).1, json!("UnsupportedMediaType"));
}

#[actix_web::test]
async fn optional_bodies_optional_credentials_and_open_operations() {
    let app = app().await;

    let put = send(
        &app,
        keyed(TestRequest::put().uri("/things/t1"))
            .insert_header(("Content-Type", "text/plain"))
            .set_payload(r#"{"name": "n"}"#),
    )
    .await;
    let put_nothing = send(&app, keyed(TestRequest::put().uri("/things/t1"))).await;
    let missing = send(&app, keyed(TestRequest::get().uri("/things/t2.json"))).await;
    let counts = send(&app, TestRequest::get().uri("/counts/")).await;
    let anonymous = send(&app, TestRequest::get().uri("/whoami")).await;
    let known = send(
        &app,
        TestRequest::get()
            .uri("/whoami")
            .insert_header(("Authorization", "bearer abc")),
    )
    .await;

    assert_eq!(
        put.status, 204,
        "the body is JSON whatever Content-Type says: {}",
        put.text
    );
    assert_eq!(put_nothing.status, 404, "no body is none");
    assert_eq!((missing.status, missing.text.as_str()), (404, ""));
    assert_eq!(counts.text, r#"{"z":1,"a":2}"#);
    assert_eq!(anonymous.json(), json!({"message": "anonymous"}));
    assert_eq!(known.json(), json!({"message": "token abc"}));
}
