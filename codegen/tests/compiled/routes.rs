//! `specs/routes.yaml`: a concrete path is matched before a templated one the spec declares earlier.

#[allow(
    dead_code,
    reason = "the whole generated API is compiled; these tests use the part they exercise"
)]
mod api {
    include!("../output/routes.rs");
}

use std::sync::Mutex;

use actix_web::{App, HttpResponse, test::TestRequest, web};
use api::{EventsRequest, EventsResponse, Operation, RelationRequest, RelationResponse, RoutesApi};
use spaceport_runtime::Rejection;

use crate::send;

#[derive(Default)]
struct Routes {
    served: Mutex<Vec<String>>,
}

impl Routes {
    fn record(&self, what: String) {
        self.served.lock().expect("not poisoned").push(what);
    }
}

impl RoutesApi for Routes {
    async fn relation(&self, request: RelationRequest) -> RelationResponse {
        self.record(format!("relation {} {}", request.path.id, request.path.relation));
        RelationResponse::NoContent
    }

    async fn events(&self, request: EventsRequest) -> EventsResponse {
        self.record(format!("events {}", request.path.id));
        EventsResponse::NoContent
    }

    fn reject(&self, _: Rejection<Operation>) -> HttpResponse {
        spaceport_runtime::Reply(spaceport_runtime::StatusCode::NOT_FOUND).empty(&[])
    }
}

#[actix_web::test]
async fn the_concrete_path_wins_and_the_template_takes_the_rest() {
    let routes = web::Data::new(Routes::default());
    let data = routes.clone();
    let app = actix_web::test::init_service(App::new().configure(move |config| api::configure(config, data))).await;

    let events = send(&app, TestRequest::get().uri("/things/a/events")).await;
    let relation = send(&app, TestRequest::get().uri("/things/b/apps")).await;
    let unknown = send(&app, TestRequest::get().uri("/things")).await;

    assert_eq!((events.status, relation.status, unknown.status), (204, 204, 404));
    assert_eq!(
        *routes.served.lock().expect("not poisoned"),
        ["events a".to_owned(), "relation b apps".to_owned()]
    );
}
