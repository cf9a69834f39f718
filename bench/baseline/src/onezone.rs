//! Onezone provider spaces: create (JSON in, a location out) and get by id.

use std::{collections::BTreeMap, sync::RwLock};

use actix_web::{
    HttpRequest, HttpResponse, get,
    http::header,
    post,
    web::{Bytes, Data, Path, ServiceConfig},
};
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use crate::{has_header, json_body};

/// The provider every space is supported by (spaceport's fixtures' provider).
const PROVIDER_ID: &str = "FI3pxaekTRnlbNmuGlVL9nhHr7DFj24S-imsfd_KmUA";

pub type Spaces = RwLock<IndexMap<String, Space>>;

pub fn routes(config: &mut ServiceConfig) {
    config.service(create).service(read);
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Space {
    space_id: String,
    name: String,
    providers_supports: BTreeMap<&'static str, u64>,
}

#[derive(Deserialize)]
struct Create {
    name: String,
    size: u64,
    #[serde(rename = "token")]
    _token: String,
}

#[post("/provider/spaces")]
async fn create(req: HttpRequest, store: Data<Spaces>, body: Bytes) -> HttpResponse {
    if !has_header(&req, "x-auth-token") {
        return HttpResponse::Unauthorized().finish();
    }
    let Ok(create) = serde_json::from_slice::<Create>(&body) else {
        return HttpResponse::BadRequest().finish();
    };
    let space_id = uuid::Uuid::new_v4().simple().to_string();
    let location = format!("/spaces/{space_id}");
    let space = Space {
        space_id: space_id.clone(),
        name: create.name,
        providers_supports: BTreeMap::from([(PROVIDER_ID, create.size)]),
    };
    store.write().unwrap_or_else(|e| e.into_inner()).insert(space_id, space);
    HttpResponse::Created()
        .insert_header((header::LOCATION, location))
        .finish()
}

#[get("/provider/spaces/{sid}")]
async fn read(req: HttpRequest, store: Data<Spaces>, sid: Path<String>) -> HttpResponse {
    if !has_header(&req, "x-auth-token") {
        return HttpResponse::Unauthorized().finish();
    }
    let spaces = store.read().unwrap_or_else(|e| e.into_inner());
    match spaces.get(sid.as_str()) {
        Some(space) => json_body(HttpResponse::Ok(), space),
        None => HttpResponse::NotFound().finish(),
    }
}
