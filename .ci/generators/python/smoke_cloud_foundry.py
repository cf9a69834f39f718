"""Smoke test of the openapi-python-client client generated from the Cloud Foundry client view.

Follows a CF client's flow: discovery (`/`, `/v2/info`), the UAA password grant for the fixtures' admin
(fixtures/default.yaml), then an organization and a space through create / read / update / list / relations /
events, the default quota, and asynchronous deletes (202 and a job, so that every operation's answer has a body
to parse). The documented error: 404 CF-SpaceNotFound (code 40004) for an unknown space guid, parsed as CfError.
Names are unique per run, so a world that has seen other runs works too.
"""

import uuid

from cloud_foundry.api.discovery import create_token, get_info, get_root
from cloud_foundry.api.events import get_event, list_events
from cloud_foundry.api.jobs import get_job
from cloud_foundry.api.organizations import (
    create_organization,
    delete_organization,
    get_organization,
    list_organization_relation,
    list_organization_spaces,
    list_organizations,
    update_organization,
)
from cloud_foundry.api.quota_definitions import get_quota_definition, list_quota_definitions
from cloud_foundry.api.spaces import (
    create_space,
    delete_space,
    get_space,
    list_space_events,
    list_space_relation,
    list_spaces,
    update_space,
)
from cloud_foundry.client import AuthenticatedClient, Client
from cloud_foundry.models import (
    CfError,
    EventList,
    EventResource,
    GrantType,
    Info,
    JobResource,
    OrganizationCreate,
    OrganizationList,
    OrganizationRelation,
    OrganizationResource,
    OrganizationStatus,
    OrganizationUpdate,
    QuotaDefinitionList,
    QuotaDefinitionResource,
    RelatedList,
    Root,
    SpaceCreate,
    SpaceList,
    SpaceRelation,
    SpaceResource,
    SpaceUpdate,
    Token,
    TokenRequest,
)
from smoke_common import TIMEOUT, Smoke, check, run

# The fixtures' admin (fixtures/default.yaml): every cloud_controller scope.
ADMIN_USER, ADMIN_PASSWORD = "admin", "admin"
ADMIN_GUID = "0b0e5b1a-7e4d-4c0f-9d55-5f4c2b8a9e01"
FIXTURE_ORG = "docs-example-org"


def discover_and_log_in(smoke: Smoke) -> AuthenticatedClient:
    base = smoke.env.base_url
    anonymous = Client(base_url=base, timeout=TIMEOUT, raise_on_unexpected_status=True)

    root = smoke.call(get_root, 200, Root, client=anonymous).parsed
    # Absolute links carry the tenant's prefix (README, "Tenants").
    check(root.links.self_.href == base, f"getRoot: links.self is {root.links.self_.href}, expected {base}")
    check(root.links.cloud_controller_v2.href == f"{base}/v2", f"getRoot: {root.links.cloud_controller_v2.href}")

    info = smoke.call(get_info, 200, Info, client=anonymous).parsed
    check(info.token_endpoint == base, f"getInfo: token_endpoint {info.token_endpoint}, expected {base}")
    check(info.api_version.startswith("2."), f"getInfo: api_version {info.api_version}")

    grant = TokenRequest(grant_type=GrantType.PASSWORD, username=ADMIN_USER, password=ADMIN_PASSWORD)
    token = smoke.call(create_token, 200, Token, client=anonymous, body=grant).parsed
    check(token.token_type.lower() == "bearer", f"createToken: token_type {token.token_type}")
    check("cloud_controller.admin" in token.scope.split(), f"createToken: scope {token.scope!r}")
    check(token.access_token.count(".") == 2, "createToken: access_token is not a JWT")
    return AuthenticatedClient(
        base_url=base, token=token.access_token, timeout=TIMEOUT, raise_on_unexpected_status=True
    )


def scenario(smoke: Smoke) -> None:
    client = discover_and_log_in(smoke)
    run_id = uuid.uuid4().hex[:12]

    info = smoke.call(get_info, 200, Info, client=client).parsed
    check(info.user == ADMIN_GUID, f"getInfo with a token: user {info.user!r}, expected {ADMIN_GUID}")

    orgs = smoke.call(list_organizations, 200, OrganizationList, client=client).parsed
    names = [org.entity.name for org in orgs.resources]
    check(FIXTURE_ORG in names, f"listOrganizations: {FIXTURE_ORG} missing from {names}")

    # Organization: create, read, rename.
    org_name = f"python-org-{run_id}"
    org = smoke.call(
        create_organization, 201, OrganizationResource, client=client, body=OrganizationCreate(name=org_name)
    ).parsed
    org_guid = org.metadata.guid
    check(org.entity.name == org_name, f"createOrganization: name {org.entity.name!r}, expected {org_name!r}")
    check(org.entity.status == OrganizationStatus.ACTIVE, f"createOrganization: status {org.entity.status}")
    check(org.metadata.url == f"/v2/organizations/{org_guid}", f"createOrganization: url {org.metadata.url}")

    read = smoke.call(get_organization, 200, OrganizationResource, org_guid, client=client).parsed
    check(read.metadata.guid == org_guid and read.entity.name == org_name, "getOrganization: another organization")

    org_name = f"python-org-renamed-{run_id}"
    renamed = smoke.call(
        update_organization,
        201,
        OrganizationResource,
        org_guid,
        client=client,
        body=OrganizationUpdate(name=org_name),
    ).parsed
    check(renamed.entity.name == org_name, f"updateOrganization: name {renamed.entity.name!r}")
    check(renamed.metadata.updated_at is not None, "updateOrganization: updated_at still null")

    # Space: create, read, rename, find.
    space_name = f"python-space-{run_id}"
    space = smoke.call(
        create_space,
        201,
        SpaceResource,
        client=client,
        body=SpaceCreate(name=space_name, organization_guid=org_guid, allow_ssh=False),
    ).parsed
    space_guid = space.metadata.guid
    check(space.entity.name == space_name, f"createSpace: name {space.entity.name!r}, expected {space_name!r}")
    check(space.entity.organization_guid == org_guid, f"createSpace: organization {space.entity.organization_guid}")
    check(space.entity.allow_ssh is False, f"createSpace: allow_ssh {space.entity.allow_ssh}")

    read = smoke.call(get_space, 200, SpaceResource, space_guid, client=client).parsed
    check(read.metadata.guid == space_guid and read.entity.name == space_name, "getSpace: another space")

    space_name = f"python-space-renamed-{run_id}"
    renamed = smoke.call(
        update_space, 201, SpaceResource, space_guid, client=client, body=SpaceUpdate(name=space_name)
    ).parsed
    check(renamed.entity.name == space_name, f"updateSpace: name {renamed.entity.name!r}")

    found = smoke.call(list_spaces, 200, SpaceList, client=client, q=[f"name:{space_name}"]).parsed
    guids = [s.metadata.guid for s in found.resources]
    check(found.total_results == 1 and guids == [space_guid], f"listSpaces q=name: {found.total_results} {guids}")

    in_org = smoke.call(list_organization_spaces, 200, SpaceList, org_guid, client=client).parsed
    guids = [s.metadata.guid for s in in_org.resources]
    check(guids == [space_guid], f"listOrganizationSpaces: {guids}, expected [{space_guid}]")

    users = smoke.call(
        list_organization_relation, 200, RelatedList, org_guid, OrganizationRelation.USERS, client=client
    ).parsed
    check(users.total_results == 0 and users.resources == [], f"listOrganizationRelation users: {users}")
    apps = smoke.call(list_space_relation, 200, RelatedList, space_guid, SpaceRelation.APPS, client=client).parsed
    check(apps.total_results == 0 and apps.resources == [], f"listSpaceRelation apps: {apps}")

    # Events: the space's audit trail, then one event by guid.
    events = smoke.call(list_space_events, 200, EventList, space_guid, client=client).parsed
    types = [event.entity.type_ for event in events.resources]
    check("audit.space.create" in types and "audit.space.update" in types, f"listSpaceEvents: types {types}")
    by_actee = smoke.call(list_events, 200, EventList, client=client, q=[f"actee:{space_guid}"]).parsed
    create_events = [e for e in by_actee.resources if e.entity.type_ == "audit.space.create"]
    check(len(create_events) == 1, f"listEvents q=actee: {len(create_events)} audit.space.create events")
    event_guid = create_events[0].metadata.guid
    event = smoke.call(get_event, 200, EventResource, event_guid, client=client).parsed
    check(event.entity.actee == space_guid, f"getEvent: actee {event.entity.actee}, expected {space_guid}")
    check(event.entity.actor == ADMIN_GUID, f"getEvent: actor {event.entity.actor}, expected {ADMIN_GUID}")
    check(event.entity.organization_guid == org_guid, f"getEvent: organization {event.entity.organization_guid}")

    # The deployment's one quota, the one the organization is attached to.
    quotas = smoke.call(list_quota_definitions, 200, QuotaDefinitionList, client=client).parsed
    check([q.entity.name for q in quotas.resources] == ["default"], f"listQuotaDefinitions: {quotas.resources}")
    quota_guid = org.entity.quota_definition_guid
    quota = smoke.call(get_quota_definition, 200, QuotaDefinitionResource, quota_guid, client=client).parsed
    check(quota.metadata.guid == quota_guid and quota.entity.name == "default", f"getQuotaDefinition: {quota}")

    # Asynchronous deletes: 202 with a finished job.
    job = smoke.call(delete_space, 202, JobResource, space_guid, client=client, async_=True).parsed
    job_guid = job.metadata.guid
    again = smoke.call(get_job, 200, JobResource, job_guid, client=client).parsed
    check(again.entity.guid == job_guid and again.entity.status == "finished", f"getJob: {again.entity}")
    job = smoke.call(delete_organization, 202, JobResource, org_guid, client=client, recursive=True, async_=True).parsed
    check(job.entity.status == "finished", f"deleteOrganization async: job status {job.entity.status}")

    # The documented error: an unknown space guid.
    unknown = str(uuid.uuid4())
    error = smoke.call_error(get_space, 404, CfError, unknown, client=client)
    check(error.code == 40004, f"getSpace unknown: code {error.code}, expected 40004")
    check(error.error_code == "CF-SpaceNotFound", f"getSpace unknown: error_code {error.error_code}")
    check(unknown in error.description, f"getSpace unknown: description {error.description!r}")
    # ... and the deleted space is gone.
    gone = smoke.call_error(get_space, 404, CfError, space_guid, client=client)
    check(gone.error_code == "CF-SpaceNotFound", f"getSpace deleted: error_code {gone.error_code}")


if __name__ == "__main__":
    run("cloud_foundry", scenario)
