//! Health, served specs, Swagger UI, and the span each request is logged in.

use actix_web::test::TestRequest;
use serde_json::Value;

use crate::support::{app_with, send, settings};

#[actix_web::test]
async fn healthz_answers_ok() {
    let (_, app) = app_with(settings()).await;

    let reply = send(&app, TestRequest::get().uri("/healthz")).await;

    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("content-type"), Some("application/json"));
    assert_eq!(reply.json(), serde_json::json!({ "status": "ok" }));
}

#[actix_web::test]
async fn every_spec_is_served_as_json_and_as_its_raw_yaml() {
    let (_, app) = app_with(settings()).await;
    for spec in spaceport::specs::SPECS {
        let json = send(&app, TestRequest::get().uri(spec.json_path)).await;
        let yaml = send(&app, TestRequest::get().uri(&format!("/openapi/{}.yaml", spec.stem))).await;

        assert_eq!(json.status, 200);
        assert_eq!(json.header("content-type"), Some("application/json"));
        let document = json.json();
        assert_eq!(document["openapi"], Value::from("3.0.3"));
        assert_eq!(document, spec.document().expect("valid YAML"));
        assert_eq!(yaml.status, 200);
        assert_eq!(yaml.header("content-type"), Some("application/yaml; charset=utf-8"));
        assert_eq!(yaml.bytes, spec.yaml.as_bytes());
    }
}

#[actix_web::test]
async fn served_json_keeps_the_key_order_of_the_yaml() {
    let (_, app) = app_with(settings()).await;

    let reply = send(&app, TestRequest::get().uri("/openapi/cloud_foundry.json")).await;

    let text = String::from_utf8(reply.bytes).expect("UTF-8");
    let openapi = text.find("\"openapi\"").expect("has openapi");
    let info = text.find("\"info\"").expect("has info");
    let paths = text.find("\"paths\"").expect("has paths");
    assert!(openapi < info && info < paths, "keys keep the spec's order");
}

#[actix_web::test]
async fn swagger_ui_lists_every_spec() {
    let (_, app) = app_with(settings()).await;

    let index = send(&app, TestRequest::get().uri("/docs/")).await;
    let initializer = send(&app, TestRequest::get().uri("/docs/swagger-initializer.js")).await;
    let bare = send(&app, TestRequest::get().uri("/docs")).await;

    assert_eq!(index.status, 200);
    assert!(index.header("content-type").is_some_and(|c| c.starts_with("text/html")));
    assert!(String::from_utf8_lossy(&index.bytes).contains("swagger-ui"));
    let script = String::from_utf8_lossy(&initializer.bytes);
    for spec in spaceport::specs::SPECS {
        assert!(script.contains(spec.json_path), "{} is in the dropdown", spec.json_path);
    }
    assert_eq!(bare.status, 307);
    assert_eq!(bare.header("location"), Some("/docs/"));
}

#[actix_web::test]
async fn an_unknown_spec_is_not_found() {
    let (_, app) = app_with(settings()).await;

    let reply = send(&app, TestRequest::get().uri("/openapi/nope.yaml")).await;

    assert_eq!(reply.status, 404);
}

/// The `http.route` values recorded on request spans.
#[derive(Clone, Default)]
struct Routes(std::sync::Arc<std::sync::Mutex<Vec<String>>>);

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for Routes {
    fn on_record(
        &self,
        _span: &tracing::span::Id,
        values: &tracing::span::Record<'_>,
        _ctx: tracing_subscriber::layer::Context<'_, S>,
    ) {
        struct Route<'a>(&'a Routes);
        impl tracing::field::Visit for Route<'_> {
            fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
                if field.name() == "http.route" {
                    self.0.0.lock().expect("not poisoned").push(value.to_owned());
                }
            }
            fn record_debug(&mut self, _: &tracing::field::Field, _: &dyn std::fmt::Debug) {}
        }
        values.record(&mut Route(self));
    }
}

#[test]
fn each_request_span_names_the_operation_that_answered_it() {
    use tracing_subscriber::layer::SubscriberExt;
    let routes = Routes::default();
    let subscriber = tracing_subscriber::registry().with(routes.clone());

    tracing::subscriber::with_default(subscriber, || {
        actix_web::rt::System::new().block_on(async {
            let state = spaceport::app::AppState::new(settings())
                .await
                .expect("the fixtures load");
            let app = actix_web::test::init_service(
                spaceport::app::app(state)
                    .wrap(tracing_actix_web::TracingLogger::<spaceport::request_span::RequestSpan>::new()),
            )
            .await;
            let requests = [
                ("/v2/spaces/nope", 401),
                ("/t/a/v1/spaces/x.json", 401),
                ("/nowhere", 404),
                ("/healthz", 200),
            ];
            for (uri, status) in requests {
                assert_eq!(send(&app, TestRequest::get().uri(uri)).await.status, status, "{uri}");
            }
        });
    });

    let recorded = routes.0.lock().expect("not poisoned").clone();
    assert_eq!(recorded, ["getSpace", "getSpace", "default", "default"]);
}
