//! Discovery, what clients call before anything else: `GET /` (absolute links to the v2 API, login and UAA from
//! the public URL) and `GET /v2/info` (with `user` when a token decodes).

use serde_json::json;

use super::CloudFoundry;
use crate::{
    generated::cloud_foundry::{GetInfoRequest, GetInfoResponse, GetRootResponse, Info, Link, Root, RootLinks},
    links,
    store::CloudFoundryStore,
};

/// The v2 API version spaceport reports.
pub const API_VERSION: &str = "2.293.0";

/// `GET /`.
pub(super) fn get_root<S>(api: &CloudFoundry<S>) -> GetRootResponse {
    let base = links::base_or(&api.public_url);
    let link = |href: String| Link { href, meta: None };
    let mut v2 = link(format!("{base}/v2"));
    v2.meta = json!({ "version": API_VERSION }).as_object().cloned();
    GetRootResponse::Ok(Root {
        links: RootLinks {
            self_: link(base.clone()),
            cloud_controller_v2: v2,
            login: link(base.clone()),
            uaa: link(base),
        },
    })
}

/// `GET /v2/info`.
pub(super) async fn get_info<S: CloudFoundryStore>(api: &CloudFoundry<S>, request: GetInfoRequest) -> GetInfoResponse {
    let user = match &request.credentials {
        Some(credentials) => api.identify(credentials).await.ok().map(|identity| identity.id),
        None => None,
    };
    let base = links::base_or(&api.public_url);
    GetInfoResponse::Ok(Info {
        name: "spaceport".to_owned(),
        build: env!("CARGO_PKG_VERSION").to_owned(),
        support: "https://github.com/spaceport".to_owned(),
        version: 2,
        description: "Cloud Foundry Cloud Controller v2, emulated by spaceport".to_owned(),
        authorization_endpoint: base.clone(),
        token_endpoint: base,
        min_cli_version: None,
        min_recommended_cli_version: None,
        app_ssh_endpoint: None,
        app_ssh_host_key_fingerprint: None,
        app_ssh_oauth_client: None,
        doppler_logging_endpoint: None,
        api_version: API_VERSION.to_owned(),
        osbapi_version: "2.15".to_owned(),
        user,
    })
}
