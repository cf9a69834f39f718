"""Client-library test: the real Python `cloudfoundry-client` against a running spaceport.

Run by .ci/clients/cloudfoundry_client.sh with SPACEPORT_URL set to a freshly started server that
has the default fixtures (user admin/admin). It uses the client the way a user would:

  discovery (GET /) and password login, then through the v2 entity managers: create two orgs and
  three spaces, list spaces filtered by org (one page, then page by page via next_url), look a
  space up by name and by guid, follow the space's links (organization, events, developers) and the
  organization's quota link, and expect a clean 404 for an unknown space guid.

Every name is unique per run, so the test also passes against a server that has seen other runs.
One line per step; on any failure it prints what went wrong and exits 1.
"""

import os
import signal
import sys
import traceback
import uuid
from http import HTTPStatus
from importlib.metadata import version

# Run as a script, this file's folder is sys.path[0], and the file's own name would then shadow the
# `cloudfoundry_client` package (ModuleNotFoundError: 'cloudfoundry_client' is not a package).
_HERE = os.path.dirname(os.path.realpath(__file__))
sys.path[:] = [p for p in sys.path if os.path.realpath(p or os.curdir) != _HERE]

# Everything must finish well inside CI's per-script limit. The client sets no HTTP timeouts,
# so a hanging request would otherwise block until CI kills the script without a message.
DEADLINE_SECONDS = 45


class StepFailed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise StepFailed(message)


def step(text):
    print(f"ok   {text}", flush=True)


_deadline_hit = False


def on_deadline(_signum, _frame):
    # Raised inside whatever request is blocking; requests/urllib3 may re-wrap it (ReadTimeout),
    # so main() reports the deadline from this flag rather than from the exception type.
    global _deadline_hit
    _deadline_hit = True
    raise TimeoutError(f"the test did not finish within {DEADLINE_SECONDS}s")


def check_space(space, *, guid, name, organization_guid, what):
    """Asserts the fields a client user reads from a v2 space resource."""
    metadata, entity = space["metadata"], space["entity"]
    check(metadata["guid"] == guid, f"{what}: metadata.guid is {metadata['guid']!r}, expected {guid!r}")
    check(
        metadata.get("url") == f"/v2/spaces/{guid}",
        f"{what}: metadata.url is {metadata.get('url')!r}, expected '/v2/spaces/{guid}'",
    )
    check(entity["name"] == name, f"{what}: entity.name is {entity['name']!r}, expected {name!r}")
    check(
        entity["organization_guid"] == organization_guid,
        f"{what}: entity.organization_guid is {entity['organization_guid']!r}, expected {organization_guid!r}",
    )
    check(
        entity.get("organization_url") == f"/v2/organizations/{organization_guid}",
        f"{what}: entity.organization_url is {entity.get('organization_url')!r}",
    )


def run(url):
    from cloudfoundry_client.client import CloudFoundryClient
    from cloudfoundry_client.errors import InvalidStatusCode

    step(f"cloudfoundry-client {version('cloudfoundry-client')} against {url}")

    # a. Discovery (GET /) happens in the constructor; login is a password grant on the login link.
    #    TLS verification only matters for https; the emulator serves plain http.
    client = CloudFoundryClient(url, verify=not url.startswith("https://"))
    check(client.info.api_v2_url is not None, "GET / has no links.cloud_controller_v2, so the client has no v2 API")
    check(
        client.info.api_v2_url.rstrip("/").endswith("/v2"),
        f"links.cloud_controller_v2.href is {client.info.api_v2_url!r}, expected an absolute URL ending in /v2",
    )
    step(
        f"discovery: cloud_controller_v2={client.info.api_v2_url} "
        f"token endpoint={client.service_information.token_service}"
    )

    client.init_with_user_credentials("admin", "admin")
    check(client.refresh_token, "the token response gave no refresh_token")
    step("login as admin (password grant)")

    # b. Create an org, then spaces in it, through the v2 entity managers. The v2 organization and
    #    space managers have no typed create(); _create(body) (a JSON POST to the collection) is
    #    the package's way in, and what its own CLI's `cloudfoundry-client create_space` calls.
    run_id = uuid.uuid4().hex[:12]
    org_name = f"cfclient-org-{run_id}"
    org = client.v2.organizations._create({"name": org_name})
    org_guid = org["metadata"]["guid"]
    check(org["entity"]["name"] == org_name, f"created org has name {org['entity']['name']!r}, expected {org_name!r}")
    step(f"create organization {org_name} -> {org_guid}")

    other_org = client.v2.organizations._create({"name": f"cfclient-other-{run_id}"})
    other_org_guid = other_org["metadata"]["guid"]
    step(f"create a second organization {other_org['entity']['name']} -> {other_org_guid}")

    space_name = f"cfclient-space-{run_id}"
    space = client.v2.spaces._create({"name": space_name, "organization_guid": org_guid})
    space_guid = space["metadata"]["guid"]
    check_space(space, guid=space_guid, name=space_name, organization_guid=org_guid, what="created space")
    step(f"create space {space_name} in {org_name} -> {space_guid}")

    sibling_name = f"cfclient-sibling-{run_id}"
    sibling = client.v2.spaces._create({"name": sibling_name, "organization_guid": org_guid})
    sibling_guid = sibling["metadata"]["guid"]
    check_space(sibling, guid=sibling_guid, name=sibling_name, organization_guid=org_guid, what="created space")
    step(f"create space {sibling_name} in {org_name} -> {sibling_guid}")

    # A space in the other org must never show up in the filtered lists below.
    decoy = client.v2.spaces._create({"name": f"cfclient-decoy-{run_id}", "organization_guid": other_org_guid})
    decoy_guid = decoy["metadata"]["guid"]
    step(f"create space {decoy['entity']['name']} in the second organization -> {decoy_guid}")

    # c. List spaces filtered by the org: exactly our two spaces, nothing from other orgs.
    expected = {space_guid: space_name, sibling_guid: sibling_name}
    listing = client.v2.spaces.list(organization_guid=org_guid)
    listed = list(listing)
    check(
        all(s["entity"]["organization_guid"] == org_guid for s in listed),
        "list(organization_guid=...) returned spaces of other orgs: "
        + str([(s["metadata"]["guid"], s["entity"]["organization_guid"]) for s in listed]),
    )
    got = {s["metadata"]["guid"]: s["entity"]["name"] for s in listed}
    check(got == expected, f"list(organization_guid=...) returned {got}, expected {expected}")
    check(listing.total_results == 2, f"list(organization_guid=...) has total_results={listing.total_results}, expected 2")
    step(f"list spaces of {org_name}: {len(listed)} spaces, total_results={listing.total_results}")

    # The same list one resource per page: the client follows next_url until it is null.
    paged = client.v2.spaces.list(organization_guid=org_guid, **{"results-per-page": 1})
    paged_guids = [s["metadata"]["guid"] for s in paged]
    check(
        sorted(paged_guids) == sorted(expected),
        f"paging with results-per-page=1 gave {paged_guids}, expected both of {sorted(expected)} once each",
    )
    check(paged.total_results == 2, f"paged list has total_results={paged.total_results}, expected 2")
    step(f"list spaces of {org_name} with results-per-page=1: followed next_url, got {len(paged_guids)} spaces")

    # d. Look the space up by name.
    found = client.v2.spaces.get_first(name=space_name)
    check(found is not None, f"get_first(name={space_name!r}) found nothing")
    check_space(found, guid=space_guid, name=space_name, organization_guid=org_guid, what="get_first(name=...)")
    step(f"get_first(name={space_name}) -> {found['metadata']['guid']}")

    missing_name = f"cfclient-no-such-space-{run_id}"
    check(
        client.v2.spaces.get_first(name=missing_name) is None,
        f"get_first(name={missing_name!r}) should find nothing",
    )
    step(f"get_first(name={missing_name}) -> None")

    # e. Get the space by guid, and follow its organization link the way the client offers it.
    by_guid = client.v2.spaces.get(space_guid)
    check_space(by_guid, guid=space_guid, name=space_name, organization_guid=org_guid, what="get(guid)")
    step(f"get({space_guid}) -> {by_guid['entity']['name']}")

    parent = by_guid.organization()
    check(
        parent["metadata"]["guid"] == org_guid and parent["entity"]["name"] == org_name,
        f"space.organization() returned {parent['metadata']['guid']!r} / {parent['entity'].get('name')!r}, "
        f"expected {org_guid!r} / {org_name!r}",
    )
    step(f"space.organization() via organization_url -> {org_name}")

    # The client turns every *_url into a method: the space's audit events (its create), an empty role
    # collection, and the organization's quota.
    events = list(by_guid.events())
    kinds = [(e["entity"]["type"], e["entity"]["actee"]) for e in events]
    check(kinds == [("audit.space.create", space_guid)], f"space.events() returned {kinds}")
    step(f"space.events() via events_url -> {len(events)} event: audit.space.create")

    developers = by_guid.developers()
    listed_developers = list(developers)
    check(
        listed_developers == [] and developers.total_results == 0,
        f"space.developers() returned {listed_developers} (total_results={developers.total_results})",
    )
    step("space.developers() via developers_url -> an empty page")

    quota = parent.quota_definition()
    check(
        quota["metadata"]["guid"] == parent["entity"]["quota_definition_guid"] and quota["entity"]["name"] == "default",
        f"organization.quota_definition() returned {quota['metadata']['guid']!r} / {quota['entity'].get('name')!r}",
    )
    step(f"organization.quota_definition() via quota_definition_url -> {quota['entity']['name']}")

    # f. An unknown space guid is a clean 404 with the v2 error body.
    unknown = str(uuid.uuid4())
    try:
        client.v2.spaces.get(unknown)
    except InvalidStatusCode as e:
        check(e.status_code == HTTPStatus.NOT_FOUND, f"get(unknown guid) raised status {e.status_code!r}, expected 404")
        body = e.body
        check(isinstance(body, dict), f"the 404 body is not a JSON object: {body!r}")
        check(body.get("code") == 40004, f"the 404 body has code {body.get('code')!r}, expected 40004: {body}")
        check(
            body.get("error_code") == "CF-SpaceNotFound",
            f"the 404 body has error_code {body.get('error_code')!r}, expected 'CF-SpaceNotFound': {body}",
        )
        check(unknown in str(body.get("description", "")), f"the 404 description does not name the guid: {body}")
        step(f"get({unknown}) -> 404 {body['error_code']} {body['code']}: {body.get('description')}")
    else:
        raise StepFailed(f"get({unknown}) succeeded, expected a 404")


def main():
    url = os.environ.get("SPACEPORT_URL", "").rstrip("/")
    if not url:
        print("FAIL: SPACEPORT_URL is not set", file=sys.stderr)
        return 1
    signal.signal(signal.SIGALRM, on_deadline)
    signal.alarm(DEADLINE_SECONDS)
    try:
        run(url)
    except StepFailed as e:
        print(f"FAIL: {e}", file=sys.stderr)
        return 1
    except Exception as e:  # anything the client raised: InvalidStatusCode, OAuthError, KeyError, ...
        traceback.print_exc()
        if _deadline_hit:
            print(f"FAIL: no answer within {DEADLINE_SECONDS}s: a request to {url} hung", file=sys.stderr)
        print(f"FAIL: {type(e).__module__}.{type(e).__name__}: {e}", file=sys.stderr)
        return 1
    finally:
        signal.alarm(0)
    print("PASS: cloudfoundry-client v2 flow", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
