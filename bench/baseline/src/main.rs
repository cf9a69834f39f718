//! The practical limit of spaceport's stack for the endpoints bench/run.sh drives: actix-web, one worker,
//! serde_json, and per request only the work spaceport cannot skip — parse the body, make an id, store under a
//! lock, render the vendor's shape. No validation beyond the fields read, no auth beyond reading the header.
//!
//! `spaceport-bench-baseline PORT` listens on 127.0.0.1:PORT.

mod assembla;
mod cf;
mod onezone;

use actix_web::{App, HttpRequest, HttpResponse, HttpResponseBuilder, HttpServer, get, web::Data};
use serde::Serialize;

fn now() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn has_header(req: &HttpRequest, name: &str) -> bool {
    req.headers().get(name).is_some_and(|v| !v.is_empty())
}

fn json_body<T: Serialize>(mut response: HttpResponseBuilder, body: &T) -> HttpResponse {
    match serde_json::to_vec(body) {
        Ok(bytes) => response.content_type("application/json").body(bytes),
        Err(_) => HttpResponse::InternalServerError().finish(),
    }
}

#[get("/healthz")]
async fn healthz() -> HttpResponse {
    HttpResponse::Ok().body("ok")
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let port: u16 = match std::env::args().nth(1).map(|p| p.parse()) {
        Some(Ok(port)) => port,
        _ => {
            eprintln!("usage: spaceport-bench-baseline PORT");
            std::process::exit(2);
        }
    };
    let cf = Data::new(cf::Store::default());
    let assembla = Data::new(assembla::Spaces::default());
    let onezone = Data::new(onezone::Spaces::default());
    HttpServer::new(move || {
        App::new()
            .app_data(cf.clone())
            .app_data(assembla.clone())
            .app_data(onezone.clone())
            .configure(cf::routes)
            .configure(assembla::routes)
            .configure(onezone::routes)
            .service(healthz)
    })
    .workers(1)
    .bind(("127.0.0.1", port))?
    .run()
    .await
}
