//! Cloud Foundry v2 spaces: create, get by guid, and the first page of the list, whole or by name.

use std::sync::RwLock;

use actix_web::{
    HttpRequest, HttpResponse, get,
    http::header,
    post,
    web::{Bytes, Data, Path, Query, ServiceConfig},
};
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use crate::{has_header, json_body, now};

pub type Store = RwLock<Spaces>;

pub fn routes(config: &mut ServiceConfig) {
    config.service(create).service(list).service(read);
}

/// Cloud Foundry spaces by guid in creation order (as spaceport keeps them), and their positions by name.
#[derive(Default)]
pub struct Spaces {
    spaces: IndexMap<String, Space>,
    by_name: IndexMap<String, Vec<usize>>,
}

struct Space {
    guid: String,
    name: String,
    organization_guid: String,
    created_at: String,
}

#[derive(Serialize)]
struct Resource<'a> {
    metadata: Metadata<'a>,
    entity: Entity<'a>,
}

#[derive(Serialize)]
struct Metadata<'a> {
    guid: &'a str,
    url: String,
    created_at: &'a str,
    updated_at: Option<&'a str>,
}

#[derive(Serialize)]
struct Entity<'a> {
    name: &'a str,
    organization_guid: &'a str,
    is_default: bool,
    space_quota_definition_guid: Option<&'a str>,
    isolation_segment_guid: Option<&'a str>,
    allow_ssh: bool,
    organization_url: String,
    developers_url: String,
    managers_url: String,
    auditors_url: String,
    apps_url: String,
    routes_url: String,
    domains_url: String,
    service_instances_url: String,
    app_events_url: String,
    events_url: String,
    security_groups_url: String,
    staging_security_groups_url: String,
}

impl Space {
    fn resource(&self) -> Resource<'_> {
        let url = format!("/v2/spaces/{}", self.guid);
        let link = |rel: &str| format!("{url}/{rel}");
        Resource {
            entity: Entity {
                name: &self.name,
                organization_guid: &self.organization_guid,
                is_default: false,
                space_quota_definition_guid: None,
                isolation_segment_guid: None,
                allow_ssh: true,
                organization_url: format!("/v2/organizations/{}", self.organization_guid),
                developers_url: link("developers"),
                managers_url: link("managers"),
                auditors_url: link("auditors"),
                apps_url: link("apps"),
                routes_url: link("routes"),
                domains_url: link("domains"),
                service_instances_url: link("service_instances"),
                app_events_url: link("app_events"),
                events_url: link("events"),
                security_groups_url: link("security_groups"),
                staging_security_groups_url: link("staging_security_groups"),
            },
            metadata: Metadata {
                guid: &self.guid,
                url,
                created_at: &self.created_at,
                updated_at: None,
            },
        }
    }
}

#[derive(Serialize)]
struct Page<'a> {
    total_results: usize,
    total_pages: usize,
    prev_url: Option<String>,
    next_url: Option<String>,
    resources: Vec<Resource<'a>>,
}

#[derive(Deserialize)]
struct Create {
    name: String,
    organization_guid: String,
}

#[derive(Deserialize)]
struct ListQuery {
    q: Option<String>,
    #[serde(rename = "results-per-page")]
    results_per_page: Option<usize>,
}

#[post("/v2/spaces")]
async fn create(req: HttpRequest, store: Data<Store>, body: Bytes) -> HttpResponse {
    if !has_header(&req, "authorization") {
        return HttpResponse::Unauthorized().finish();
    }
    let Ok(create) = serde_json::from_slice::<Create>(&body) else {
        return HttpResponse::BadRequest().finish();
    };
    let space = Space {
        guid: uuid::Uuid::new_v4().to_string(),
        name: create.name,
        organization_guid: create.organization_guid,
        created_at: now(),
    };
    let mut response = HttpResponse::Created();
    response.insert_header((header::LOCATION, format!("/v2/spaces/{}", space.guid)));
    let response = json_body(response, &space.resource());
    let mut cf = store.write().unwrap_or_else(|e| e.into_inner());
    let index = cf.spaces.len();
    cf.by_name.entry(space.name.clone()).or_default().push(index);
    cf.spaces.insert(space.guid.clone(), space);
    response
}

#[get("/v2/spaces/{guid}")]
async fn read(req: HttpRequest, store: Data<Store>, guid: Path<String>) -> HttpResponse {
    if !has_header(&req, "authorization") {
        return HttpResponse::Unauthorized().finish();
    }
    let cf = store.read().unwrap_or_else(|e| e.into_inner());
    match cf.spaces.get(guid.as_str()) {
        Some(space) => json_body(HttpResponse::Ok(), &space.resource()),
        None => HttpResponse::NotFound().finish(),
    }
}

#[get("/v2/spaces")]
async fn list(req: HttpRequest, store: Data<Store>, query: Query<ListQuery>) -> HttpResponse {
    if !has_header(&req, "authorization") {
        return HttpResponse::Unauthorized().finish();
    }
    let per_page = query.results_per_page.unwrap_or(50).clamp(1, 100);
    let cf = store.read().unwrap_or_else(|e| e.into_inner());
    let (total, first): (usize, Vec<&Space>) = match query.q.as_deref().and_then(|q| q.strip_prefix("name:")) {
        Some(name) => {
            let hits = cf.by_name.get(name).map_or(&[][..], Vec::as_slice);
            (hits.len(), hits.iter().take(per_page).map(|&i| &cf.spaces[i]).collect())
        }
        None => (cf.spaces.len(), cf.spaces.values().take(per_page).collect()),
    };
    let total_pages = total.div_ceil(per_page);
    let page = Page {
        total_results: total,
        total_pages,
        prev_url: None,
        next_url: (total_pages > 1)
            .then(|| format!("/v2/spaces?order-direction=asc&page=2&results-per-page={per_page}")),
        resources: first.into_iter().map(Space::resource).collect(),
    };
    json_body(HttpResponse::Ok(), &page)
}
