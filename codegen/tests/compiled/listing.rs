//! `specs/listing.yaml`: typed query and header parameters, under base paths, trailing slashes and format
//! suffixes; a list answered in JSON or XML as `Accept` asks, or an empty 204.

#[allow(
    dead_code,
    reason = "the whole generated API is compiled; these tests use the part they exercise"
)]
mod api {
    include!("../output/listing.rs");
}

use actix_web::{HttpResponse, test::TestRequest, web};
use std::convert::Infallible;

use api::{Counts, ListThingsRequest, ListThingsResponse, ListingApi, Operation, Scheme, Thing, ThingList};
use serde_json::json;
use spaceport_runtime::{Credentials, Rejection};

use crate::{init, keyed, rejected, send};

struct Listing;

impl ListingApi for Listing {
    type Caller = ();
    type Denied = Infallible;

    async fn authenticate(&self, _: Operation, _: Credentials<Scheme>) -> Result<(), Infallible> {
        Ok(())
    }

    async fn list_things(&self, (): (), request: ListThingsRequest) -> ListThingsResponse {
        let thing = |name: &String| Thing {
            id: "t1".to_owned(),
            name: name.clone(),
            note: None,
            level: None,
            created_at: "2026-01-02T03:04:05Z".to_owned(),
            born_on: None,
            counts: Counts([("z".to_owned(), 1), ("a".to_owned(), 2)].into_iter().collect()),
        };
        match request.query.tag {
            Some(tags) => ListThingsResponse::Ok(ThingList(tags.iter().map(thing).collect())),
            None => ListThingsResponse::NoContent,
        }
    }

    fn reject(&self, rejection: Rejection<Operation>) -> HttpResponse {
        rejected(rejection, Operation::id, api::JSON_MEDIA_TYPE)
    }
}

#[actix_web::test]
async fn query_parameters_and_accept_pick_the_answer() {
    let app = init(|config| api::configure(config, web::Data::new(Listing))).await;

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
