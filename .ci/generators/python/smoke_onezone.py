"""Smoke test of the openapi-python-client client generated from the Onezone client view.

Two providers (lenient mode: any non-blank token in `X-Auth-Token` is a provider, its id the token's SHA-256 in
base64url, 43 characters). Provider A creates a space for a user with the API docs' space-creation token
(fixtures/default.yaml) and reads it every way; provider B supports it with a support token (macaroon-shaped,
its identifier the space id, as the spec describes), sizing it with the string form of `size`, then stops
supporting it. The documented error: B then gets 404 on getSupportedSpace, parsed as Error.
"""

import base64
import hashlib
import os
import uuid

from onezone.api.provider import (
    create_provider_space,
    get_supported_space,
    get_supported_spaces,
    remove_space_support,
    support_space,
)
from onezone.api.spaces import get_space
from onezone.client import AuthenticatedClient
from onezone.models import Error, Space, SpaceCreate, SpaceIds, SpaceSupport
from smoke_common import TIMEOUT, Smoke, check, run

# The API docs' example space-creation token; its macaroon identifier is the user who will own the space.
DOCS_SPACE_TOKEN = (
    "JKAxNWxvY2F0aW9uIG9uZXpvbmUKMDAzYmlkZW50aWZpZXIgOEhmSEFSSGdrbHFCa1pWSTRsNk1CVHZTU3Z0OThwcHA2OTQ4czhRN1NPaw"
    "owMDFhY2lkIHRpbWUgPCAxNDk2MTQwMTQ0CjAwMmZzaWduYXR1cmUg88OIBmav38YI0Z2-dw-fvrZ3XP-J0HjCN0taT3_WungK"
)


def provider_id(token: str) -> str:
    """What the spec says a provider's id is: SHA-256 of its token, base64url, 43 characters."""
    return base64.urlsafe_b64encode(hashlib.sha256(token.encode()).digest()).decode().rstrip("=")[:43]


def macaroon(identifier: str) -> str:
    """A macaroon-shaped token (v1 packets: 4 hex digits of packet length, then `key value\\n`), base64url."""

    def packet(key: str, value: bytes) -> bytes:
        line = key.encode() + b" " + value + b"\n"
        return b"%04x" % (len(line) + 4) + line

    raw = (
        packet("location", b"onezone") + packet("identifier", identifier.encode()) + packet("signature", os.urandom(32))
    )
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def provider(base_url: str, token: str) -> AuthenticatedClient:
    return AuthenticatedClient(
        base_url=base_url,
        token=token,
        prefix="",
        auth_header_name="X-Auth-Token",
        timeout=TIMEOUT,
        raise_on_unexpected_status=True,
    )


def scenario(smoke: Smoke) -> None:
    run_id = uuid.uuid4().hex[:12]
    token_a, token_b = f"python-provider-a-{run_id}", f"python-provider-b-{run_id}"
    a, b = provider(smoke.env.base_url, token_a), provider(smoke.env.base_url, token_b)

    # A creates a space for the token's user: 201, no body, Location /spaces/{id}.
    name = f"python space {run_id}"
    created = smoke.call(
        create_provider_space, 201, None, client=a, body=SpaceCreate(name=name, token=DOCS_SPACE_TOKEN, size=150)
    )
    location = created.headers.get("location", "")
    check(location.startswith("/spaces/"), f"createProviderSpace: Location {location!r}, expected /spaces/<id>")
    space_id = location.removeprefix("/spaces/")

    space = smoke.call(get_space, 200, Space, space_id, client=a).parsed
    check(space.space_id == space_id and space.name == name, f"getSpace: {space.space_id} {space.name!r}")
    supports = space.providers_supports.additional_properties
    check(supports == {provider_id(token_a): 150}, f"getSpace: providersSupports {supports}")

    ids = smoke.call(get_supported_spaces, 200, SpaceIds, client=a).parsed
    check(ids.spaces == [space_id], f"getSupportedSpaces (A): {ids.spaces}, expected [{space_id}]")
    supported = smoke.call(get_supported_space, 200, Space, space_id, client=a).parsed
    check(supported.space_id == space_id and supported.name == name, f"getSupportedSpace: {supported}")

    # B supports it too (size as a digit string, the other branch of Size's anyOf), then stops.
    support = smoke.call(support_space, 201, None, client=b, body=SpaceSupport(token=macaroon(space_id), size="2048"))
    location = support.headers.get("location")
    check(location == f"/provider/spaces/{space_id}", f"supportSpace: Location {location!r}")
    both = smoke.call(get_space, 200, Space, space_id, client=b).parsed.providers_supports.additional_properties
    expected = {provider_id(token_a): 150, provider_id(token_b): 2048}
    check(both == expected, f"getSpace after supportSpace: providersSupports {both}, expected {expected}")
    ids = smoke.call(get_supported_spaces, 200, SpaceIds, client=b).parsed
    check(ids.spaces == [space_id], f"getSupportedSpaces (B): {ids.spaces}, expected [{space_id}]")

    smoke.call(remove_space_support, 202, None, space_id, client=b)
    ids = smoke.call(get_supported_spaces, 200, SpaceIds, client=b).parsed
    check(ids.spaces == [], f"getSupportedSpaces (B) after removeSpaceSupport: {ids.spaces}")

    # The documented error: B no longer supports the space.
    error = smoke.call_error(get_supported_space, 404, Error, space_id, client=b)
    check(error.error == "not_found", f"getSupportedSpace (B): error {error.error!r}, expected not_found")
    check(bool(error.error_description), "getSupportedSpace (B): empty error_description")
    denied = smoke.call_error(get_space, 403, Error, space_id, client=b)
    check(denied.error == "forbidden", f"getSpace (B): error {denied.error!r}, expected forbidden")

    # The space goes on existing for A.
    left = smoke.call(get_space, 200, Space, space_id, client=a).parsed.providers_supports.additional_properties
    check(left == {provider_id(token_a): 150}, f"getSpace (A) after B left: providersSupports {left}")


if __name__ == "__main__":
    run("onezone", scenario)
