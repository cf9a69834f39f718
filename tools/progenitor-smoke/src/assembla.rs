//! Assembla: a space created, read, listed, updated, copied and deleted, the list answered with and without
//! spaces (200 or 204, both declared as bytes), and a 422 for a wiki name already taken.

use progenitor_client::{ByteStream, Error, ResponseValue};
use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderValue, LOCATION};

use crate::calls::Calls;
use crate::clients::{
    self,
    assembla::{Client, types},
};
use crate::report::{Failure, Report, ensure};

const VIEW: &str = include_str!(concat!(env!("OUT_DIR"), "/assembla.progenitor.json"));

/// Runs the Assembla smoke test against `base`; `run` makes this run's names unique.
pub async fn smoke(base: &str, run: &str) -> Result<String, Failure> {
    let calls = Calls::default();
    let mut report = Report::new("assembla", VIEW, calls.clone());
    let client = Client::new_with_client(base, authorized()?, calls);

    // A fresh world has no space: 204. Another run's world may have some: 200.
    let before = list(&mut report, client.list_spaces().send().await).await?;

    let name = format!("progenitor {run}");
    let wiki_name = format!("progenitor-{run}");
    let wiki: types::NewSpaceParamsWikiName = wiki_name
        .parse()
        .map_err(|error| Failure(format!("a wiki name the generated type refuses: {error}")))?;
    let created = client
        .create_space()
        .body_map(|body| body.name(name.as_str()).wiki_name(Some(wiki.clone())))
        .send()
        .await;
    let created = report.typed("createSpace", 201, created)?;
    let id = created.id.clone();
    ensure!(
        created.name == name && created.wiki_name == wiki_name,
        "createSpace: name {:?}, wiki_name {:?}",
        created.name,
        created.wiki_name
    );
    let location = created.headers().get(LOCATION).and_then(|value| value.to_str().ok());
    let expected = format!("{base}/v1/spaces/{id}");
    ensure!(
        location == Some(expected.as_str()),
        "createSpace: Location is {location:?}, not {expected}"
    );

    let got = report.typed("getSpace", 200, client.get_space().id(id.as_str()).send().await)?;
    ensure!(got.name == name, "getSpace: name is {:?}", got.name);
    let by_wiki_name = report.typed("getSpace", 200, client.get_space().id(wiki_name.as_str()).send().await)?;
    ensure!(
        by_wiki_name.id == id,
        "getSpace by wiki name: id is {}",
        by_wiki_name.id
    );

    let listed = list(&mut report, client.list_spaces().send().await).await?;
    ensure!(
        listed.len() == before.len() + 1 && listed.iter().any(|space| space.id == id),
        "listSpaces: {} spaces after creating one, {} before",
        listed.len(),
        before.len()
    );

    let description = "Described by the progenitor client.";
    let updated = client
        .update_space()
        .id(id.as_str())
        .body_map(|body| body.description(Some(description.to_owned())))
        .send()
        .await;
    report.typed("updateSpace", 204, updated)?;
    let got = report.typed("getSpace", 200, client.get_space().id(id.as_str()).send().await)?;
    ensure!(
        got.description.as_deref() == Some(description),
        "getSpace after updateSpace: description is {:?}",
        got.description
    );

    let copy_name = format!("{name} copy");
    let copy = client
        .copy_space()
        .id(id.as_str())
        .body_map(|body| body.name(copy_name.as_str()))
        .send()
        .await;
    let copy = report.typed("copySpace", 201, copy)?;
    ensure!(
        copy.id != id && copy.name == copy_name && copy.description.as_deref() == Some(description),
        "copySpace: id {}, name {:?}, description {:?}",
        copy.id,
        copy.name,
        copy.description
    );

    // The generated type refuses a blank name before anything is sent; the server's 422 is reached with a
    // wiki name already taken.
    let blank = client.create_space().body_map(|body| body.name(" ")).send().await;
    ensure!(
        matches!(blank, Err(Error::InvalidRequest(_))),
        "createSpace with a blank name: the generated client sent it"
    );
    let taken = client
        .create_space()
        .body_map(|body| body.name("another").wiki_name(Some(wiki)))
        .send()
        .await;
    let error = report.documented_error("createSpace", 422, taken)?;
    let types::CreateSpaceError::ValidationErrors(errors) = error else {
        return Err(Failure(format!(
            "createSpace 422: parsed as {error:?}, not ValidationErrors"
        )));
    };
    ensure!(
        errors
            .get("wiki_name")
            .is_some_and(|messages| messages == &["has already been taken"]),
        "createSpace 422: {errors:?}"
    );

    for space in [&copy.id, &id] {
        report.typed(
            "deleteSpace",
            204,
            client.delete_space().id(space.as_str()).send().await,
        )?;
    }
    let after = list(&mut report, client.list_spaces().send().await).await?;
    ensure!(
        after.len() == before.len() && !after.iter().any(|space| space.id == id || space.id == copy.id),
        "listSpaces after deleting: {} spaces, {} before",
        after.len(),
        before.len()
    );
    report.finish()
}

/// The spaces of a list answer: 200 with the `SpaceList` schema or an empty 204, as the view's description says.
async fn list(
    report: &mut Report,
    answer: Result<ResponseValue<ByteStream>, Error<types::ListSpacesError>>,
) -> Result<Vec<types::Space>, Failure> {
    if let Err(error) = &answer {
        return Err(Failure(format!("listSpaces: expected 200 or 204, got {error}")));
    }
    if answer.as_ref().is_ok_and(|value| value.status().as_u16() == 204) {
        report.empty("listSpaces", 204, answer).await?;
        return Ok(Vec::new());
    }
    let spaces: types::SpaceList = report.decoded("listSpaces", 200, answer).await?;
    ensure!(
        !spaces.is_empty(),
        "listSpaces: 200 with no space (an empty list is 204)"
    );
    Ok(spaces.0)
}

/// A reqwest client that sends a bearer token (lenient mode takes any).
fn authorized() -> Result<reqwest::Client, Failure> {
    let mut bearer = HeaderValue::from_static("Bearer progenitor-smoke");
    bearer.set_sensitive(true);
    clients::with_headers(HeaderMap::from_iter([(AUTHORIZATION, bearer)]))
}
