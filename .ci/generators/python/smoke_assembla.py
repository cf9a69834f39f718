"""Smoke test of the openapi-python-client client generated from the Assembla client view.

A space through create / read / update / list / copy / delete, with any non-empty bearer token (lenient mode).
The documented error: 422 for a blank name, parsed as ValidationErrors (`{"name": ["can't be blank"]}`).

A nullable enum sent as null: createSpace and updateSpace go out with `team_permissions=None` set explicitly on
the generated model (not UNSET), and the server's request journal (control API) must show
`"team_permissions": null` in the body. The spec's handling: null counts as absent, so create answers 201 with
the default 2, and an update keeps the current value (team_permissions cannot be empty). This needs the view to
list null in the enum (`enum: [1, 2, 3, null]`): openapi-python-client only lets an enum property be None then
(a `nullable: true` enum without null in its list generates a type without None and `to_dict` fails on it,
openapi-python-client#1405). The run checks that first and says so if it is missing.
"""

import json
import typing
import uuid
from enum import IntEnum

from assembla.api.spaces import copy_space, create_space, delete_space, get_space, list_spaces, update_space
from assembla.client import AuthenticatedClient
from assembla.models import NewSpaceParams, Space, SpaceParams, ValidationErrors
from smoke_common import TIMEOUT, Smoke, check, run

PORTFOLIO = "brlpYIz2Sr4zBIadbNA33N"  # fixtures/default.yaml: every new space's parent_id
DEFAULT_TEAM_PERMISSIONS = 2  # "the API docs' defaults for a commercial account"


def require_null_in_enum(smoke: Smoke, schema: str, prop: str) -> None:
    values = smoke.view["components"]["schemas"][schema]["properties"][prop].get("enum", [])
    check(
        None in values,
        f"the view's {schema}.{prop} enum is {values}: without null in it the generated client cannot send None "
        "(openapi-python-client ignores `nullable: true` on an enum, #1405); the spec must say enum: [..., null]",
    )


def enum_type(model: type, prop: str) -> type[IntEnum]:
    """The generated IntEnum class of `model.prop`. Read from the annotation, because with `nullable: true` and
    null in the enum openapi-python-client emits three identical classes (`...Type1`, `...Type2Type1`,
    `...Type3Type1`, openapi-python-client#1120) whose names would tie this test to that bug."""
    for member in typing.get_args(typing.get_type_hints(model)[prop]):
        if isinstance(member, type) and issubclass(member, IntEnum):
            return member
    raise AssertionError(f"{model.__name__}.{prop} has no generated IntEnum type")


def journaled_body(smoke: Smoke, operation: str, name: str) -> dict:
    """The JSON body of the one journaled `operation` request (of this run) that sent `name`."""
    entries = smoke.env.journal(api="assembla", operation=operation, since=smoke.since)
    bodies = [json.loads(entry["body"]) for entry in entries if entry["body"]]
    matching = [body for body in bodies if body.get("name") == name]
    check(len(matching) == 1, f"journal: {len(matching)} {operation} requests with name {name!r}, expected 1")
    return matching[0]


def scenario(smoke: Smoke) -> None:
    base = smoke.env.base_url
    client = AuthenticatedClient(base_url=base, token="python-smoke", timeout=TIMEOUT, raise_on_unexpected_status=True)
    run_id = uuid.uuid4().hex[:12]
    require_null_in_enum(smoke, "NewSpaceParams", "team_permissions")
    require_null_in_enum(smoke, "SpaceParams", "team_permissions")

    # Create with team_permissions explicitly null: 201, the default.
    name = f"python space {run_id}"
    body = NewSpaceParams(name=name, description="made by the python smoke", team_permissions=None)
    check(body.to_dict().get("team_permissions", "absent") is None, f"NewSpaceParams.to_dict(): {body.to_dict()}")
    created = smoke.call(create_space, 201, Space, client=client, body=body)
    space: Space = created.parsed
    space_id = space.id
    check(space.name == name, f"createSpace: name {space.name!r}, expected {name!r}")
    check(space.description == "made by the python smoke", f"createSpace: description {space.description!r}")
    check(
        space.team_permissions == DEFAULT_TEAM_PERMISSIONS,
        f"createSpace with team_permissions null: {space.team_permissions}, expected the default 2",
    )
    check(space.wiki_name == space_id, f"createSpace: wiki_name {space.wiki_name!r}, expected the id {space_id!r}")
    check(space.parent_id == PORTFOLIO, f"createSpace: parent_id {space.parent_id!r}, expected {PORTFOLIO}")
    location = created.headers.get("location")
    check(location == f"{base}/v1/spaces/{space_id}", f"createSpace: Location {location!r}")
    sent = journaled_body(smoke, "createSpace", name)
    check("team_permissions" in sent and sent["team_permissions"] is None, f"createSpace sent {sent}")

    read = smoke.call(get_space, 200, Space, space_id, client=client).parsed
    check(read.id == space_id and read.name == name, f"getSpace: {read.id} {read.name!r}")

    # Set a value through the generated enum, then update with null: the value is kept, a null description
    # (a field that may be empty) is cleared.
    team_permissions = enum_type(SpaceParams, "team_permissions")
    smoke.call(update_space, 204, None, space_id, client=client, body=SpaceParams(team_permissions=team_permissions(3)))
    read = smoke.call(get_space, 200, Space, space_id, client=client).parsed
    check(read.team_permissions == 3, f"updateSpace team_permissions 3: read back {read.team_permissions}")

    renamed = f"python space renamed {run_id}"
    body = SpaceParams(name=renamed, team_permissions=None, description=None)
    check(body.to_dict().get("team_permissions", "absent") is None, f"SpaceParams.to_dict(): {body.to_dict()}")
    smoke.call(update_space, 204, None, space_id, client=client, body=body)
    sent = journaled_body(smoke, "updateSpace", renamed)
    check("team_permissions" in sent and sent["team_permissions"] is None, f"updateSpace sent {sent}")
    read = smoke.call(get_space, 200, Space, space_id, client=client).parsed
    check(read.name == renamed, f"updateSpace: name {read.name!r}, expected {renamed!r}")
    check(read.team_permissions == 3, f"updateSpace with team_permissions null: {read.team_permissions}, kept 3?")
    check(read.description is None, f"updateSpace with description null: {read.description!r}, expected None")

    spaces = smoke.call(list_spaces, 200, list[Space], client=client).parsed
    check(space_id in [s.id for s in spaces], f"listSpaces: {space_id} missing")

    # Copy: a new id and wiki name, the fields given applied, the rest from the source.
    copy_name = f"python copy {run_id}"
    copy = smoke.call(copy_space, 201, Space, space_id, client=client, body=NewSpaceParams(name=copy_name)).parsed
    check(copy.id != space_id and copy.wiki_name == copy.id, f"copySpace: id {copy.id}, wiki_name {copy.wiki_name}")
    check(copy.name == copy_name, f"copySpace: name {copy.name!r}, expected {copy_name!r}")
    check(copy.team_permissions == 3, f"copySpace: team_permissions {copy.team_permissions}, expected the source's 3")

    smoke.call(delete_space, 204, None, copy.id, client=client)
    smoke.call(delete_space, 204, None, space_id, client=client)
    smoke.call(get_space, 404, None, space_id, client=client)  # documented as an empty body

    # The documented error: a blank name.
    errors = smoke.call_error(create_space, 422, ValidationErrors, client=client, body=NewSpaceParams(name="   "))
    check(errors.additional_properties == {"name": ["can't be blank"]}, f"422: {errors.additional_properties}")


if __name__ == "__main__":
    run("assembla", scenario)
