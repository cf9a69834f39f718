//! Assembla v1 spaces: create (a form) and get by id.

use std::sync::RwLock;

use actix_web::{
    HttpRequest, HttpResponse, get,
    http::header,
    post,
    web::{Bytes, Data, Path, ServiceConfig},
};
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use crate::{has_header, json_body, now};

pub type Spaces = RwLock<IndexMap<String, Space>>;

pub fn routes(config: &mut ServiceConfig) {
    config.service(create).service(read);
}

#[derive(Serialize)]
pub struct Space {
    id: String,
    name: String,
    wiki_name: String,
    description: Option<String>,
    status: u8,
    public_permissions: u8,
    team_permissions: u8,
    watcher_permissions: u8,
    share_permissions: bool,
    team_tab_role: u8,
    default_showpage: &'static str,
    parent_id: Option<String>,
    is_manager: bool,
    is_volunteer: bool,
    is_commercial: bool,
    commercial_from: String,
    can_join: bool,
    can_apply: bool,
    restricted: bool,
    restricted_date: Option<String>,
    approved: bool,
    created_at: String,
    updated_at: String,
    last_payer_changed_at: Option<String>,
    banner: Option<String>,
    banner_text: Option<String>,
    banner_link: Option<String>,
    banner_height: Option<u32>,
    tabs_order: Option<String>,
    style: Option<String>,
    wiki_format: Option<u8>,
}

#[derive(Deserialize)]
struct Create {
    #[serde(rename = "space[name]")]
    name: String,
}

#[post("/v1/spaces.json")]
async fn create(req: HttpRequest, store: Data<Spaces>, body: Bytes) -> HttpResponse {
    if !has_header(&req, "authorization") {
        return HttpResponse::Unauthorized().finish();
    }
    let Ok(create) = serde_urlencoded::from_bytes::<Create>(&body) else {
        return HttpResponse::UnprocessableEntity().finish();
    };
    let id = uuid::Uuid::new_v4().simple().to_string();
    let now = now();
    let space = Space {
        wiki_name: id.clone(),
        id,
        name: create.name,
        description: None,
        status: 1,
        public_permissions: 1,
        team_permissions: 2,
        watcher_permissions: 1,
        share_permissions: true,
        team_tab_role: 0,
        default_showpage: "Wiki",
        parent_id: None,
        is_manager: true,
        is_volunteer: false,
        is_commercial: true,
        commercial_from: now.clone(),
        can_join: false,
        can_apply: true,
        restricted: false,
        restricted_date: None,
        approved: false,
        created_at: now.clone(),
        updated_at: now,
        last_payer_changed_at: None,
        banner: None,
        banner_text: None,
        banner_link: None,
        banner_height: None,
        tabs_order: None,
        style: None,
        wiki_format: None,
    };
    let mut response = HttpResponse::Created();
    response.insert_header((header::LOCATION, format!("/v1/spaces/{}", space.id)));
    let response = json_body(response, &space);
    let mut spaces = store.write().unwrap_or_else(|e| e.into_inner());
    spaces.insert(space.id.clone(), space);
    response
}

#[get("/v1/spaces/{id}.json")]
async fn read(req: HttpRequest, store: Data<Spaces>, id: Path<String>) -> HttpResponse {
    if !has_header(&req, "authorization") {
        return HttpResponse::Unauthorized().finish();
    }
    let spaces = store.read().unwrap_or_else(|e| e.into_inner());
    match spaces.get(id.as_str()) {
        Some(space) => json_body(HttpResponse::Ok(), space),
        None => HttpResponse::NotFound().finish(),
    }
}
