"""README's pytest fixture with the real `cloudfoundry-client`: what the client sent, read from the journal."""

import json
from urllib.parse import parse_qsl

import requests
from cloudfoundry_client.client import CloudFoundryClient


def journal(base, **filters):
    reply = requests.get(f"{base}/__spaceport/requests", params=filters, timeout=10)
    reply.raise_for_status()
    return reply.json()["requests"]


def logged_in(base):
    client = CloudFoundryClient(base)
    client.init_with_user_credentials("admin", "admin")
    return client


def test_the_client_logs_in_with_a_password_grant_the_password_masked(spaceport):
    logged_in(spaceport)

    (login,) = journal(spaceport, operation="createToken")
    assert login["method"] == "POST" and login["path"] == "/oauth/token" and login["status"] == 200
    form = dict(parse_qsl(login["body"]))
    assert (form["grant_type"], form["username"], form["password"]) == ("password", "admin", "***")
    token = json.loads(login["response_body"])
    assert token["access_token"] == "***" and token["refresh_token"] == "***"


def test_the_client_creates_a_space_with_a_bearer_token_and_the_body_it_was_given(spaceport):
    client = logged_in(spaceport)
    org = client.v2.organizations._create({"name": "pytest-org"})
    org_guid = org["metadata"]["guid"]

    client.v2.spaces._create({"name": "pytest-space", "organization_guid": org_guid})

    (create,) = journal(spaceport, operation="createSpace")
    assert (create["method"], create["path"], create["status"]) == ("POST", "/v2/spaces", 201)
    assert create["headers"]["authorization"] == "Bearer ***"
    assert json.loads(create["body"]) == {"name": "pytest-space", "organization_guid": org_guid}
    created = json.loads(create["response_body"])
    assert created["entity"]["name"] == "pytest-space"


def test_each_test_starts_from_the_fixtures(spaceport):
    assert journal(spaceport) == []
    client = logged_in(spaceport)
    names = [org["entity"]["name"] for org in client.v2.organizations.list()]
    assert "pytest-org" not in names, "the reset removed the organization an earlier test created"
