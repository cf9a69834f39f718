"""Client-library test: the real Python `assembla` package (2.8.0) against a running spaceport.

Run by .ci/clients/assembla_client.sh (which installs the package into its own venv) with
SPACEPORT_URL set to a freshly started server that has the default fixtures. It uses the client the
way a user would:

  point the package at the server (its module-level `assembla.settings.API_ROOT_PATH`), log in with
  an API key and secret (`API(key=..., secret=...)`: X-Api-Key / X-Api-Secret headers), list spaces
  (204 and an empty body on a fresh server, 200 and a JSON array once there is one), create a space
  through the client's JSON post helper, read it back, update it by putting back the whole object
  it read, check the change, delete it, and check it is gone (404).

What the client offers for spaces, and so what this test calls (assembla 2.8.0 has no space
create/show/update/delete methods of its own; the package's own test-data builder and Ticket/WikiPage
.write() go through the same helpers):

  API.spaces(**filters)                  GET  /v1/spaces.json?page=1, filtered client-side by field
  API._post_json(Space(data=...))        POST /v1/spaces  body json.dumps(data), expects 201 + object
  API._put_json(space, id_field='id')    PUT  /v1/spaces/<id>.json  body: the whole object, unwrapped; expects 204
  API._delete_json(space, id_field='id') DELETE /v1/spaces/<id>.json  no body; expects 204
  API._get_json(Space, rel_path=...)     GET  <rel_path>.json?page=1, expects 200 + array or 204

(The client builds the last four URLs with a trailing '?' and an empty query; requests drops it.)

There is no way to show one space: `_get_json` on /v1/spaces/<id> iterates over the object's keys,
so "read it back" is API.spaces(id=...) (the client's filter), and "it is gone" is the 404 that
`_get_json` raises for /v1/spaces/<id> (plus a second delete that also gets 404).

The client sets no HTTP timeouts and raises a bare Exception("Code N returned from ...") for any
unexpected status. Every name is unique per run, so the test also passes against a server that has
seen other runs. One line per step; on any failure it prints what went wrong and exits 1.
"""

import json
import os
import signal
import sys
import traceback
import uuid
from importlib.metadata import version
from urllib.parse import urlsplit

# Run as a script, this file's folder is sys.path[0]. Nothing in it is named `assembla`, but it holds
# the other client tests (cloudfoundry_client.py, ...): keep it off sys.path so that only the venv's
# packages can be imported.
_HERE = os.path.dirname(os.path.realpath(__file__))
sys.path[:] = [p for p in sys.path if os.path.realpath(p or os.curdir) != _HERE]

DEADLINE_SECONDS = 45

# The fixtures' API key pair (fixtures/default.yaml): lenient mode, CI's default, accepts any
# non-empty pair; strict mode (SPACEPORT_ASSEMBLA_AUTH=strict) only this one.
API_KEY = "spaceport-key"
API_SECRET = "spaceport-secret"

# Every field of a space read back, as the spec lists them (openapi/assembla.yaml, Space.required).
SPACE_KEYS = {
    "banner_height", "status", "updated_at", "banner", "team_tab_role", "last_payer_changed_at",
    "created_at", "approved", "tabs_order", "team_permissions", "is_manager", "is_commercial",
    "share_permissions", "restricted", "banner_text", "can_join", "wiki_format", "name", "wiki_name",
    "public_permissions", "is_volunteer", "can_apply", "id", "description", "default_showpage",
    "parent_id", "style", "watcher_permissions", "restricted_date", "commercial_from", "banner_link",
}


class StepFailed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise StepFailed(message)


def step(text):
    print(f"ok   {text}", flush=True)


_deadline_hit = False


def on_deadline(_signum, _frame):
    global _deadline_hit
    _deadline_hit = True
    raise TimeoutError(f"the test did not finish within {DEADLINE_SECONDS}s")


class Wire:
    """Records every HTTP exchange the client makes, without changing any of them.

    The client calls both `self.session.get` and the module-level `requests.post/put/delete`
    (each of which opens its own Session); all of them end in `Session.send`, so wrapping that one
    method sees everything. The test uses the records to check what went over the wire.
    """

    def __init__(self):
        import requests.sessions

        self.exchanges = []
        original = requests.sessions.Session.send
        wire = self

        def send(session, request, **kwargs):
            response = original(session, request, **kwargs)
            wire.exchanges.append((request, response))
            return response

        requests.sessions.Session.send = send

    def take(self, count, what):
        """The exchanges since the last call; there must be exactly `count`."""
        got, self.exchanges = self.exchanges, []
        check(
            len(got) == count,
            f"{what}: the client made {len(got)} HTTP requests, expected {count}: "
            + str([f"{req.method} {req.url} -> {resp.status_code}" for req, resp in got]),
        )
        return got


def describe(request, response):
    parts = urlsplit(request.url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    return f"{request.method} {target} -> {response.status_code}"


def check_request(request, response, *, method, path, query, status, what):
    """`path` is relative to the base URL's own path (a tenant's `/t/{tenant}`, or nothing)."""
    parts = urlsplit(request.url)
    path = urlsplit(os.environ.get("SPACEPORT_URL", "")).path.rstrip("/") + path
    check(
        (request.method, parts.path) == (method, path),
        f"{what}: the client sent {request.method} {parts.path}, expected {method} {path}",
    )
    check(parts.query == query, f"{what}: the query string is {parts.query!r}, expected {query!r}")
    check(
        request.headers.get("X-Api-Key") == API_KEY and request.headers.get("X-Api-Secret") == API_SECRET,
        f"{what}: the request does not carry X-Api-Key/X-Api-Secret: {dict(request.headers)}",
    )
    check(
        response.status_code == status,
        f"{what}: {describe(request, response)}, expected {status}; body {response.text[:300]!r}",
    )


def json_body(request, what):
    check(request.headers.get("Content-type") == "application/json", f"{what}: Content-Type is not application/json")
    body = request.body
    check(body is not None, f"{what}: the request has no body")
    return json.loads(body)


def expect_404(call, what):
    """Runs a client call that must fail with the client's exception for a 404."""
    try:
        result = call()
    except StepFailed:
        raise
    except Exception as e:  # the client raises a bare Exception("Code 404 returned from `...`")
        check(str(e).startswith("Code 404 "), f"{what} raised {type(e).__name__}: {e}; expected a 404")
        return str(e)
    raise StepFailed(f"{what} succeeded ({result!r}), expected a 404")


def run(url):
    import assembla
    from assembla import API, Space, settings

    step(f"assembla {version('assembla')} from {os.path.dirname(assembla.__file__)}")
    check(version("assembla") == "2.8.0", f"installed assembla is {version('assembla')}, expected 2.8.0")

    wire = Wire()

    # a. The package builds every URL from two module-level settings; there is no constructor
    #    argument for the server. Point it at the emulator as a user would at another host.
    default_root = settings.API_ROOT_PATH
    settings.API_ROOT_PATH = url
    api = API(key=API_KEY, secret=API_SECRET)
    step(f"settings.API_ROOT_PATH {default_root} -> {url}, API version {settings.API_VERSION}")

    # b. List spaces. The server's default fixtures have none, so a fresh server answers 204 with
    #    an empty body, which the client turns into [] without parsing (a server that has seen other
    #    runs answers 200 with an array). Both are fine; the 200 path is checked again in d.
    before = api.spaces()
    ((req, resp),) = wire.take(1, "api.spaces()")
    check_request(req, resp, method="GET", path="/v1/spaces.json", query="page=1", status=resp.status_code, what="list")
    check(resp.status_code in (200, 204), f"api.spaces(): {describe(req, resp)}, expected 200 or 204")
    if resp.status_code == 204:
        check(before == [], f"api.spaces() on a 204 returned {before!r}, expected []")
        check(resp.content == b"", f"the 204 has a body: {resp.content[:200]!r}")
    check(isinstance(before, list) and all(isinstance(s, Space) for s in before), f"api.spaces() returned {before!r}")
    step(f"api.spaces(): {describe(req, resp)}, {len(before)} spaces")

    # c. Create through the client's JSON post helper. The body is json.dumps(instance.data); like
    #    the package's own test-data builder (assembla/tests/build_test_space.py) it is wrapped in
    #    "space". The client expects 201 and wraps the returned object in a new Space.
    run_id = uuid.uuid4().hex[:12]
    name = f"assembla-client {run_id}"
    description = f"created by .ci/clients/assembla_client.py, run {run_id}"
    params = {"name": name, "description": description, "team_permissions": 3}
    created = api._post_json(Space(data={"space": dict(params)}))
    ((req, resp),) = wire.take(1, "api._post_json(Space)")
    # The client formats '{root}/v1/spaces?{urlencode({})}'; requests drops the empty '?'.
    check_request(req, resp, method="POST", path="/v1/spaces", query="", status=201, what="create")
    check(json_body(req, "create") == {"space": params}, f"create sent {req.body!r}")
    check(isinstance(created, Space), f"_post_json returned {created!r}, expected a Space")
    space_id = created["id"]
    missing = SPACE_KEYS - set(created.keys())
    check(not missing, f"the created space lacks {sorted(missing)}")
    check(
        (created["name"], created["description"], created["team_permissions"]) == (name, description, 3),
        f"the created space has name/description/team_permissions "
        f"{created['name']!r}/{created['description']!r}/{created['team_permissions']!r}",
    )
    check(created["wiki_name"] == space_id, f"wiki_name {created['wiki_name']!r} is not the new id {space_id!r}")
    check(
        resp.headers.get("Location") == f"{url}/v1/spaces/{space_id}",
        f"Location is {resp.headers.get('Location')!r}, expected {url}/v1/spaces/{space_id}",
    )
    step(f"api._post_json(Space(data={{'space': {{name, description, team_permissions}}}})): {describe(req, resp)}, id {space_id}")

    # d. The list now holds it (200 with a JSON array).
    listed = api.spaces()
    ((req, resp),) = wire.take(1, "api.spaces()")
    check_request(req, resp, method="GET", path="/v1/spaces.json", query="page=1", status=200, what="list")
    check(space_id in [s["id"] for s in listed], f"api.spaces() does not list {space_id}")
    step(f"api.spaces(): {describe(req, resp)}, {len(listed)} spaces, {space_id} among them")

    # e. Read it back. The client cannot show one space (see the module docstring): it lists and
    #    filters by field, here by id. The object read must be the object created.
    found = api.spaces(id=space_id)
    ((req, resp),) = wire.take(1, "api.spaces(id=...)")
    check(len(found) == 1, f"api.spaces(id={space_id!r}) found {len(found)} spaces, expected 1")
    space = found[0]
    check(space.data == created.data, f"the space read back differs from the one created:\n{space.data}\n{created.data}")
    step(f"api.spaces(id={space_id}): {describe(req, resp)}, the object equals the created one")

    # f. Update: change fields on the object read and put the whole object back (unwrapped: every
    #    key, read-only ones like id/created_at/is_manager included). Space has no write(), and
    #    _put_json's id_field defaults to a ticket's 'number', so it is given as 'id'.
    #    The space is created without tabs_order, which stays null: the emulator reads tabs_order
    #    back as a YAML string but only accepts an array on write (422 tabs_order "is invalid"), so a
    #    space that has one cannot be round-tripped this way.
    new_name = f"{name} renamed"
    new_description = f"updated by .ci/clients/assembla_client.py, run {run_id}"
    space["name"] = new_name
    space["description"] = new_description
    space["team_permissions"] = 1
    sent = dict(space.data)
    returned = api._put_json(space, id_field="id")
    ((req, resp),) = wire.take(1, "api._put_json(space)")
    check_request(req, resp, method="PUT", path=f"/v1/spaces/{space_id}.json", query="", status=204, what="update")
    check(resp.content == b"", f"the update's 204 has a body: {resp.content[:200]!r}")
    check(json_body(req, "update") == sent, f"update sent {req.body!r}, expected the whole object unwrapped")
    check(returned is space, "_put_json did not return the instance it was given")
    step(f"api._put_json(space, id_field='id') with the whole object ({len(sent)} keys, unwrapped): {describe(req, resp)}")

    # g. The change is visible; nothing else changed but updated_at.
    found = api.spaces(id=space_id)
    wire.take(1, "api.spaces(id=...)")
    check(len(found) == 1, f"api.spaces(id={space_id!r}) found {len(found)} spaces after the update, expected 1")
    after = found[0]
    check(
        (after["name"], after["description"], after["team_permissions"]) == (new_name, new_description, 1),
        f"after the update the space has name/description/team_permissions "
        f"{after['name']!r}/{after['description']!r}/{after['team_permissions']!r}",
    )
    changed = sorted(k for k in SPACE_KEYS if after[k] != created[k])
    check(
        set(changed) <= {"name", "description", "team_permissions", "updated_at"},
        f"the update also changed {changed}: {after.data}",
    )
    check(after["updated_at"] >= created["updated_at"], f"updated_at went back: {after['updated_at']}")
    step(f"api.spaces(id={space_id}): name, description and team_permissions changed (changed keys: {changed})")

    # h. Delete: the client sends Content-Type: application/json and no body, and expects 204.
    deleted = api._delete_json(after, id_field="id")
    ((req, resp),) = wire.take(1, "api._delete_json(space)")
    check_request(req, resp, method="DELETE", path=f"/v1/spaces/{space_id}.json", query="", status=204, what="delete")
    check(req.body is None, f"delete sent a body: {req.body!r}")
    check(deleted is True, f"_delete_json returned {deleted!r}, expected True")
    step(f"api._delete_json(space, id_field='id'): {describe(req, resp)}")

    # i. It is gone: not listed, a GET on it is 404, and deleting it again is 404.
    remaining = api.spaces()
    ((req, resp),) = wire.take(1, "api.spaces()")
    check(space_id not in [s["id"] for s in remaining], f"api.spaces() still lists {space_id}")
    step(f"api.spaces(): {describe(req, resp)}, {len(remaining)} spaces, {space_id} not among them")

    message = expect_404(lambda: api._get_json(Space, rel_path=f"spaces/{space_id}"), "api._get_json(Space, rel_path)")
    ((req, resp),) = wire.take(1, "api._get_json(Space, rel_path)")
    check_request(req, resp, method="GET", path=f"/v1/spaces/{space_id}.json", query="page=1", status=404, what="show")
    step(f"api._get_json(Space, rel_path='spaces/{space_id}'): {describe(req, resp)}: {message}")

    expect_404(lambda: api._delete_json(after, id_field="id"), "a second api._delete_json")
    ((req, resp),) = wire.take(1, "a second api._delete_json")
    step(f"api._delete_json(space, id_field='id') again: {describe(req, resp)}")


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
    except Exception as e:  # anything the client raised: Exception("Code N returned ..."), KeyError, ...
        traceback.print_exc()
        if _deadline_hit:
            print(f"FAIL: no answer within {DEADLINE_SECONDS}s: a request to {url} hung", file=sys.stderr)
        print(f"FAIL: {type(e).__module__}.{type(e).__name__}: {e}", file=sys.stderr)
        return 1
    finally:
        signal.alarm(0)
    print("PASS: assembla spaces flow", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
