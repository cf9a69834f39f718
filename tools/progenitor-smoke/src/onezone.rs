//! Onezone: provider alpha creates a space with the API docs' space-creation token, provider beta supports it
//! with a support token and stops again, and then gets a 404 for it.

use std::num::NonZeroU64;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, LOCATION};

use crate::calls::Calls;
use crate::clients::{
    self,
    onezone::{Client, types},
};
use crate::report::{Failure, Report, ensure};

const VIEW: &str = include_str!(concat!(env!("OUT_DIR"), "/onezone.progenitor.json"));

/// The API docs' example space-creation token (its macaroon names user `8HfHARHg…`).
const DOCS_TOKEN: &str = "JKAxNWxvY2F0aW9uIG9uZXpvbmUKMDAzYmlkZW50aWZpZXIgOEhmSEFSSGdrbHFCa1pWSTRsNk1CVHZTU3Z0OThwcHA2OTQ4czhRN1NPawowMDFhY2lkIHRpbWUgPCAxNDk2MTQwMTQ0CjAwMmZzaWduYXR1cmUg88OIBmav38YI0Z2-dw-fvrZ3XP-J0HjCN0taT3_WungK";

/// The storage alpha grants the space it creates, in bytes.
const ALPHA_SIZE: NonZeroU64 = NonZeroU64::new(150).expect("not zero");

/// Runs the Onezone smoke test against `base` (served under the real base path); `run` makes this run's
/// providers new ones.
pub async fn smoke(base: &str, run: &str) -> Result<String, Failure> {
    let base = format!("{base}/api/v3/onezone");
    let calls = Calls::default();
    let mut report = Report::new("onezone", VIEW, calls.clone());
    let alpha = Client::new_with_client(&base, provider(&format!("progenitor-{run}-alpha"))?, calls.clone());
    let beta = Client::new_with_client(&base, provider(&format!("progenitor-{run}-beta"))?, calls);

    let name = format!("progenitor {run}");
    let created = alpha
        .create_provider_space()
        .body_map(|body| {
            body.name(name.as_str())
                .size(types::Size::Integer(ALPHA_SIZE))
                .token(DOCS_TOKEN)
        })
        .send()
        .await;
    let created = report.typed("createProviderSpace", 201, created)?;
    let location = created
        .headers()
        .get(LOCATION)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    let Some(id) = location.strip_prefix("/spaces/").map(str::to_owned) else {
        return Err(Failure(format!(
            "createProviderSpace: Location is {location:?}, not /spaces/{{id}}"
        )));
    };

    let space = report.typed("getSpace", 200, alpha.get_space().id(&id).send().await)?;
    ensure!(
        space.space_id == id && space.name == name,
        "getSpace: {} named {:?}",
        space.space_id,
        space.name
    );
    let supports: Vec<i64> = space.providers_supports.values().copied().collect();
    ensure!(supports == [150], "getSpace: the supports are {supports:?}");
    let supported = report.typed("getSupportedSpaces", 200, alpha.get_supported_spaces().send().await)?;
    ensure!(
        supported.spaces == [id.as_str()],
        "getSupportedSpaces: {:?}",
        supported.spaces
    );
    let got = report.typed(
        "getSupportedSpace",
        200,
        alpha.get_supported_space().sid(&id).send().await,
    )?;
    ensure!(got.space_id == id, "getSupportedSpace: {}", got.space_id);

    // The string form of `size`, as this API generation's real server took it.
    let size: types::SizeString = "2048".parse().map_err(|error| Failure(format!("size: {error}")))?;
    let support = beta
        .support_space()
        .body_map(|body| body.size(types::Size::String(size)).token(support_token(&id)))
        .send()
        .await;
    let support = report.typed("supportSpace", 201, support)?;
    let location = support.headers().get(LOCATION).and_then(|value| value.to_str().ok());
    let expected = format!("/provider/spaces/{id}");
    ensure!(
        location == Some(expected.as_str()),
        "supportSpace: Location is {location:?}, not {expected}"
    );
    let got = report.typed(
        "getSupportedSpace",
        200,
        beta.get_supported_space().sid(&id).send().await,
    )?;
    let mut supports: Vec<i64> = got.providers_supports.values().copied().collect();
    supports.sort_unstable();
    ensure!(
        supports == [150, 2048],
        "getSupportedSpace after supportSpace: the supports are {supports:?}"
    );

    report.typed(
        "removeSpaceSupport",
        202,
        beta.remove_space_support().sid(&id).send().await,
    )?;
    let gone = beta.get_supported_space().sid(&id).send().await;
    let error = report.documented_error("getSupportedSpace", 404, gone)?;
    ensure!(
        error.error == "not_found" && error.error_description == "The space was not found.",
        "getSupportedSpace after removeSpaceSupport: {error:?}"
    );
    report.finish()
}

/// A support token naming the space `id`: macaroon-shaped (the `identifier` and `signature` packets),
/// base64url, as spaceport reads support tokens.
fn support_token(id: &str) -> String {
    URL_SAFE_NO_PAD.encode(format!(
        "0015location onezone\n0030identifier {id}\n002fsignature xyz\n"
    ))
}

/// A reqwest client that authenticates as the provider `token` (lenient mode takes any non-blank one).
fn provider(token: &str) -> Result<reqwest::Client, Failure> {
    let mut value =
        HeaderValue::try_from(token).map_err(|error| Failure(format!("provider token {token:?}: {error}")))?;
    value.set_sensitive(true);
    clients::with_headers(HeaderMap::from_iter([(HeaderName::from_static("x-auth-token"), value)]))
}
