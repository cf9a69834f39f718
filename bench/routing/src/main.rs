//! How much a route lookup costs as a spec grows: the CF spec as it is and padded with 100 more operations,
//! lowered by codegen exactly as `build.rs` lowers it, then matched by spaceport's route table
//! (`spaceport_runtime::RouteTable`) and by actix-router holding the same patterns as one resource per pattern
//! family, which is how spaceport routed before the table. Prints one JSON line per router, spec size and path.
//!
//! `cargo run --release -- <openapi/cloud_foundry.yaml> [iterations]`

use std::{hint::black_box, time::Instant};

use actix_router::{Path, ResourceDef, Router, Url};
use actix_web::http::{Method, Uri};
use codegen::model::Api;
use openapiv3::{OpenAPI, ReferenceOr};
use spaceport_runtime::{RejectionKind, Route, RouteTable};

/// The padding: this many `GET /v2/padding_<n>/{guid}` operations, declared before every real path.
const PADDING: usize = 100;

/// The requests timed: the benchmark's own (`cf_get`, `cf_create`), a templated relation, and an unknown path.
const REQUESTS: &[(&str, &str, &str)] = &[
    ("get_space", "GET", "/v2/spaces/6a7b7b7e-4c1b-4f39-a0a6-3a2f0f3e3c11"),
    ("create_space", "POST", "/v2/spaces"),
    (
        "space_relation",
        "GET",
        "/v2/spaces/6a7b7b7e-4c1b-4f39-a0a6-3a2f0f3e3c11/routes",
    ),
    ("unknown", "GET", "/v2/nothing/here"),
];

fn main() {
    let mut args = std::env::args().skip(1);
    let file = args.next().unwrap_or_else(|| "openapi/cloud_foundry.yaml".to_owned());
    let iterations: u32 = args.next().and_then(|n| n.parse().ok()).unwrap_or(200_000);
    let source = std::fs::read_to_string(&file).unwrap_or_else(|error| panic!("{file}: {error}"));
    let spec = codegen::load(&file, &source).unwrap_or_else(|error| panic!("{error}"));
    for (label, spec) in [("spec", spec.clone()), ("padded", padded(spec))] {
        let api = codegen::lower::lower(&file, "cloud_foundry", &spec).unwrap_or_else(|error| panic!("{error}"));
        let table = table(&api);
        let actix = actix(&api);
        for &(name, method, path) in REQUESTS {
            let method = Method::from_bytes(method.as_bytes()).expect("a method");
            // actix decodes the URL once per request, before routing, so that is not timed.
            let url = Url::new(path.parse::<Uri>().expect("a path"));
            let expected = routed(table, path, &method);
            assert_eq!(
                expected,
                recognized(&actix, &url, &method),
                "{label} {name}: the routers disagree"
            );
            let table_ns = time(iterations, || routed(table, black_box(path), &method));
            let actix_ns = time(iterations, || recognized(&actix, black_box(&url), &method));
            for (router, ns) in [("table", table_ns), ("actix-router", actix_ns)] {
                println!(
                    "{}",
                    serde_json::json!({
                        "router": router, "spec": label, "operations": api.operations.len(),
                        "patterns": api.resources.iter().map(|r| r.patterns.len()).sum::<usize>(),
                        "request": name, "ns_per_lookup": (ns * 10.0).round() / 10.0, "answer": expected,
                    })
                );
            }
        }
    }
}

/// `spec` with [`PADDING`] more operations, each a copy of `getSpace` at its own path, ahead of the real ones.
fn padded(mut spec: OpenAPI) -> OpenAPI {
    let item = match spec.paths.paths.get("/v2/spaces/{guid}") {
        Some(ReferenceOr::Item(item)) => item.clone(),
        _ => panic!("the CF spec has /v2/spaces/{{guid}}"),
    };
    for n in 0..PADDING {
        let mut copy = item.clone();
        let mut get = copy.get.take().expect("getSpace");
        get.operation_id = Some(format!("getPadding{n}"));
        copy.get = Some(get);
        (copy.put, copy.delete, copy.patch, copy.post) = (None, None, None, None);
        spec.paths
            .paths
            .shift_insert(n, format!("/v2/padding_{n}/{{guid}}"), ReferenceOr::Item(copy));
    }
    spec
}

/// What a request reached, comparable across routers: an operation index, `405` or `404`.
fn routed(table: &'static RouteTable<usize>, path: &str, method: &Method) -> String {
    match table.route(path, method) {
        Ok(routed) => routed.operation.to_string(),
        Err(unrouted) => match unrouted.kind {
            RejectionKind::MethodNotAllowed { .. } => "405".to_owned(),
            _ => "404".to_owned(),
        },
    }
}

/// The route table codegen's lowering describes, built as the generated glue builds it.
fn table(api: &Api) -> &'static RouteTable<usize> {
    let routes: Vec<Route<usize>> = api
        .resources
        .iter()
        .map(|resource| Route {
            patterns: leak(resource.patterns.iter().map(|p| &*p.clone().leak()).collect()),
            format: None,
            operations: leak(resource.operations.iter().map(|&op| (method(api, op), op)).collect()),
        })
        .collect();
    let table = RouteTable::new(leak(routes), !api.format_suffixes.is_empty()).expect("codegen checked the table");
    Box::leak(Box::new(table))
}

/// actix-router over the same patterns: one resource per pattern family, tried in turn, then the method.
fn actix(api: &Api) -> Router<Vec<(Method, usize)>> {
    let mut router = Router::build();
    for resource in &api.resources {
        let operations = resource.operations.iter().map(|&op| (method(api, op), op)).collect();
        router.push(ResourceDef::new(resource.patterns.clone()), operations, ());
    }
    router.finish()
}

fn recognized(router: &Router<Vec<(Method, usize)>>, url: &Url, method: &Method) -> String {
    let mut path = Path::new(url.clone());
    match router.recognize(&mut path) {
        Some((operations, _)) => match operations.iter().find(|(served, _)| served == method) {
            Some((_, op)) => op.to_string(),
            None => "405".to_owned(),
        },
        None => "404".to_owned(),
    }
}

fn method(api: &Api, op: usize) -> Method {
    Method::from_bytes(api.operations[op].http_method.as_bytes()).expect("a method")
}

fn leak<T>(items: Vec<T>) -> &'static [T] {
    items.leak()
}

/// Nanoseconds per call of `lookup`, the median of 5 runs of `iterations` calls.
fn time<R>(iterations: u32, mut lookup: impl FnMut() -> R) -> f64 {
    let mut runs: Vec<f64> = (0..5)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..iterations {
                black_box(lookup());
            }
            start.elapsed().as_nanos() as f64 / f64::from(iterations)
        })
        .collect();
    runs.sort_by(f64::total_cmp);
    runs[2]
}
