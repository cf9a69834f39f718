//! The span each request is logged in: tracing-actix-web's fields (OpenTelemetry's names), but `http.route` is
//! the operation that answered (its `operationId`, or `default` when none did), recorded at the end.
//! tracing-actix-web's own builder fills `http.route` before routing by asking actix for the matched pattern,
//! which tests the request path against every registered pattern a second time; that was a fifth of the CPU of
//! `GET /v2/spaces/{guid}` under load (`perf record`, see CONTRIBUTING.md's "Benchmarks").

use actix_web::{
    Error, HttpMessage,
    body::MessageBody,
    dev::{ServiceRequest, ServiceResponse},
};
use tracing::{Span, field::Empty};
use tracing_actix_web::{DefaultRootSpanBuilder, RequestId, RootSpanBuilder};

use crate::rt::Matched;

/// The [`RootSpanBuilder`] of the production server.
#[derive(Debug)]
pub struct RequestSpan;

impl RootSpanBuilder for RequestSpan {
    fn on_request_start(request: &ServiceRequest) -> Span {
        // Below the span's level (`RUST_LOG=warn`) nothing is recorded, so nothing is worked out for it.
        if !tracing::enabled!(tracing::Level::INFO) {
            return Span::none();
        }
        let connection = request.connection_info();
        let user_agent = request
            .headers()
            .get("User-Agent")
            .and_then(|value| value.to_str().ok())
            .unwrap_or("");
        let request_id = request.extensions().get::<RequestId>().copied();
        tracing::info_span!(
            "HTTP request",
            http.method = %request.method(),
            http.route = Empty,
            http.flavor = ?request.version(),
            http.scheme = %connection.scheme(),
            http.host = %connection.host(),
            http.client_ip = %connection.realip_remote_addr().unwrap_or(""),
            http.user_agent = %user_agent,
            http.target = %request.uri().path_and_query().map(|p| p.as_str()).unwrap_or(""),
            http.status_code = Empty,
            otel.name = Empty,
            otel.kind = "server",
            otel.status_code = Empty,
            request_id = request_id.map(tracing::field::display),
            exception.message = Empty,
            exception.details = Empty,
        )
    }

    fn on_request_end<B: MessageBody>(span: Span, outcome: &Result<ServiceResponse<B>, Error>) {
        if let Ok(response) = outcome {
            let request = response.request();
            let route = request
                .extensions()
                .get::<Matched>()
                .map_or("default", |matched| matched.0);
            span.record("http.route", route);
            span.record(
                "otel.name",
                tracing::field::display(format_args!("{} {route}", request.method())),
            );
        }
        DefaultRootSpanBuilder::on_request_end(span, outcome);
    }
}
