//! Cloud Foundry: log in with the password grant, then an organization and a space through their whole life
//! (create, read, list, update, relations, events, async delete and its job), and a 404 for the deleted space.

use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderValue};

use crate::calls::Calls;
use crate::clients::{
    self,
    cloud_foundry::{Client, types},
};
use crate::report::{Failure, Report, ensure};

const VIEW: &str = include_str!(concat!(env!("OUT_DIR"), "/cloud_foundry.progenitor.json"));

/// Runs the Cloud Foundry smoke test against `base`; `run` makes this run's names unique.
pub async fn smoke(base: &str, run: &str) -> Result<String, Failure> {
    let calls = Calls::default();
    let mut report = Report::new("cloud_foundry", VIEW, calls.clone());
    let anonymous = Client::new(base, calls.clone());

    let root = report.typed("getRoot", 200, anonymous.get_root().send().await)?;
    ensure!(
        root.links.self_.href == base,
        "getRoot: links.self is {}, not {base}",
        root.links.self_.href
    );
    let info = report.typed("getInfo", 200, anonymous.get_info().send().await)?;
    ensure!(
        info.token_endpoint == base,
        "getInfo: token_endpoint is {}, not {base}",
        info.token_endpoint
    );
    let token = anonymous
        .create_token()
        .body_map(|body| {
            body.grant_type(types::GrantType::Password)
                .username(Some("admin".to_owned()))
                .password(Some("admin".to_owned()))
        })
        .send()
        .await;
    let token = report.typed("createToken", 200, token)?;
    ensure!(
        token.token_type == "bearer",
        "createToken: token_type is {}",
        token.token_type
    );
    let client = Client::new_with_client(base, logged_in(&token.access_token)?, calls);

    let orgs = report.typed("listOrganizations", 200, client.list_organizations().send().await)?;
    ensure!(
        orgs.resources.iter().any(|org| org.entity.name == "docs-example-org"),
        "listOrganizations: the fixtures' docs-example-org is missing"
    );
    let org_name = format!("progenitor-org-{run}");
    let org = client
        .create_organization()
        .body_map(|body| body.name(org_name.as_str()))
        .send()
        .await;
    let org = report.typed("createOrganization", 201, org)?;
    let org_guid = org.metadata.guid.clone();
    ensure!(
        org.entity.name == org_name,
        "createOrganization: name is {}",
        org.entity.name
    );
    let got = report.typed(
        "getOrganization",
        200,
        client.get_organization().guid(&org_guid).send().await,
    )?;
    ensure!(
        got.entity.name == org_name,
        "getOrganization: name is {}",
        got.entity.name
    );
    let renamed_org = format!("{org_name}-renamed");
    let new_name: types::OrganizationUpdateName = renamed_org.parse().map_err(invalid)?;
    let updated = client
        .update_organization()
        .guid(&org_guid)
        .body_map(|body| body.name(Some(new_name)))
        .send()
        .await;
    let updated = report.typed("updateOrganization", 201, updated)?;
    ensure!(
        updated.entity.name == renamed_org,
        "updateOrganization: name is {}",
        updated.entity.name
    );

    let space_name = format!("progenitor-space-{run}");
    let space = client
        .create_space()
        .body_map(|body| body.name(space_name.as_str()).organization_guid(&org_guid))
        .send()
        .await;
    let space = report.typed("createSpace", 201, space)?;
    let space_guid = space.metadata.guid.clone();
    ensure!(
        space.entity.name == space_name,
        "createSpace: name is {}",
        space.entity.name
    );
    ensure!(
        space.entity.organization_guid == org_guid,
        "createSpace: organization_guid is {}",
        space.entity.organization_guid
    );
    let got = report.typed("getSpace", 200, client.get_space().guid(&space_guid).send().await)?;
    ensure!(got.entity.name == space_name, "getSpace: name is {}", got.entity.name);
    // The view's `q` pattern becomes a checked item type.
    let by_name: types::ListSpacesQItem = format!("name:{space_name}").parse().map_err(invalid)?;
    let listed = client.list_spaces().q(vec![by_name]).send().await;
    let listed = report.typed("listSpaces", 200, listed)?;
    ensure!(
        listed.total_results == 1 && listed.resources.first().map(|s| &s.metadata.guid) == Some(&space_guid),
        "listSpaces: q=name:{space_name} found {} spaces",
        listed.total_results
    );
    let in_org = report.typed(
        "listOrganizationSpaces",
        200,
        client.list_organization_spaces().guid(&org_guid).send().await,
    )?;
    ensure!(
        in_org.resources.iter().map(|s| &s.metadata.guid).eq([&space_guid]),
        "listOrganizationSpaces: the organization holds {} spaces",
        in_org.total_results
    );
    let renamed_space = format!("{space_name}-renamed");
    let new_name: types::SpaceUpdateName = renamed_space.parse().map_err(invalid)?;
    let updated = client
        .update_space()
        .guid(&space_guid)
        .body_map(|body| body.name(Some(new_name)))
        .send()
        .await;
    let updated = report.typed("updateSpace", 201, updated)?;
    ensure!(
        updated.entity.name == renamed_space,
        "updateSpace: name is {}",
        updated.entity.name
    );

    let relation = client
        .list_organization_relation()
        .guid(&org_guid)
        .relation(types::OrganizationRelation::Users);
    let users = report.typed("listOrganizationRelation", 200, relation.send().await)?;
    ensure!(
        users.total_results == 0,
        "listOrganizationRelation: {} users",
        users.total_results
    );
    let relation = client
        .list_space_relation()
        .guid(&space_guid)
        .relation(types::SpaceRelation::Developers);
    let developers = report.typed("listSpaceRelation", 200, relation.send().await)?;
    ensure!(
        developers.total_results == 0,
        "listSpaceRelation: {} developers",
        developers.total_results
    );

    let events = report.typed(
        "listSpaceEvents",
        200,
        client.list_space_events().guid(&space_guid).send().await,
    )?;
    let kinds: Vec<&str> = events.resources.iter().map(|e| e.entity.type_.as_str()).collect();
    ensure!(
        kinds == ["audit.space.create", "audit.space.update"],
        "listSpaceEvents: the space's events are {kinds:?}"
    );
    let actee: types::ListEventsQItem = format!("actee:{space_guid}").parse().map_err(invalid)?;
    let by_actee = client.list_events().q(vec![actee]).send().await;
    let by_actee = report.typed("listEvents", 200, by_actee)?;
    ensure!(
        by_actee.total_results == 2,
        "listEvents: q=actee:{space_guid} found {}",
        by_actee.total_results
    );
    let event_guid = &events.resources[0].metadata.guid;
    let event = report.typed("getEvent", 200, client.get_event().guid(event_guid).send().await)?;
    ensure!(
        event.entity.actee == space_guid && event.entity.actor_username == "admin",
        "getEvent: actee {} by {}",
        event.entity.actee,
        event.entity.actor_username
    );

    let quotas = report.typed(
        "listQuotaDefinitions",
        200,
        client.list_quota_definitions().send().await,
    )?;
    ensure!(
        quotas
            .resources
            .iter()
            .any(|q| q.metadata.guid == org.entity.quota_definition_guid),
        "listQuotaDefinitions: the organization's quota {} is missing",
        org.entity.quota_definition_guid
    );
    let quota = client
        .get_quota_definition()
        .guid(&org.entity.quota_definition_guid)
        .send()
        .await;
    let quota = report.typed("getQuotaDefinition", 200, quota)?;
    ensure!(
        quota.entity.name == "default",
        "getQuotaDefinition: name is {}",
        quota.entity.name
    );

    // deleteSpace answers 202 with a job or 204 with nothing: the view declares both as bytes.
    let deleted = client.delete_space().guid(&space_guid).async_(true).send().await;
    let job: types::JobResource = report.decoded("deleteSpace", 202, deleted).await?;
    let got = report.typed("getJob", 200, client.get_job().guid(&job.metadata.guid).send().await)?;
    ensure!(
        got.entity.status == "finished",
        "getJob: status is {}",
        got.entity.status
    );
    let deleted = client.delete_organization().guid(&org_guid).send().await;
    report.empty("deleteOrganization", 204, deleted).await?;

    let gone = client.get_space().guid(&space_guid).send().await;
    let error = report.documented_error("getSpace", 404, gone)?;
    ensure!(
        error.code == 40004 && error.error_code == "CF-SpaceNotFound",
        "getSpace of a deleted space: {} {}",
        error.code,
        error.error_code
    );
    report.finish()
}

/// A value the generated types refuse (this program's names are all valid).
fn invalid(error: types::error::ConversionError) -> Failure {
    Failure(format!("a name the generated type refuses: {error}"))
}

/// A reqwest client that sends the access token on every request.
fn logged_in(access_token: &str) -> Result<reqwest::Client, Failure> {
    let mut bearer = HeaderValue::try_from(format!("bearer {access_token}"))
        .map_err(|error| Failure(format!("createToken: the access token is no header value: {error}")))?;
    bearer.set_sensitive(true);
    clients::with_headers(HeaderMap::from_iter([(AUTHORIZATION, bearer)]))
}
