"""Shared by the smoke programs of the openapi-python-client clients (see run.sh).

Each smoke program drives one vendor API through the client openapi-python-client generated from that API's
client view (`$VIEWS/<api>.client.json`, generated into `$OUT/<api>`, importable as `<api>` because run.sh puts
`$OUT` on PYTHONPATH). Every API call goes through the generated client; the control API (`/__spaceport/...`,
not under test here) is read with plain httpx to check what the server saw.

`Smoke` reads the view's operationIds, checks that each has a generated function, and wraps every call: it
asserts the status and that `response.parsed` is the expected generated model (or that a documented body-less
answer is empty), and records the operation. `finish()` asserts that every operation of the view was called,
cross-checks that against the server's request journal, and prints the one summary line.
"""

import json
import os
import re
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import GenericAlias, ModuleType
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx

HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}
TIMEOUT = httpx.Timeout(10.0)


class SmokeFailed(Exception):
    """A check failed; the message says which and why."""


def check(condition: object, message: str) -> None:
    if not condition:
        raise SmokeFailed(message)


def is_model(value: object, model: type) -> bool:
    """`isinstance`, also for a generated list type such as `list[Space]` (a schema of `type: array`)."""
    if isinstance(model, GenericAlias) and model.__origin__ is list:
        (item,) = model.__args__
        return isinstance(value, list) and all(isinstance(element, item) for element in value)
    return isinstance(value, model)


def model_name(model: type) -> str:
    return f"list[{model.__args__[0].__name__}]" if isinstance(model, GenericAlias) else model.__name__


def snake_case(operation_id: str) -> str:
    """The module name openapi-python-client gives an operationId (`listOrganizationSpaces` ->
    `list_organization_spaces`); enough for the camelCase ids of spaceport's specs."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", operation_id).lower()


@dataclass(frozen=True)
class Env:
    """run.sh's environment: where the API is, where the views and the generated code are."""

    base_url: str  # SPACEPORT_URL without a trailing slash, a tenant's prefix included
    control_root: str  # where /__spaceport lives: the server's root, without the tenant prefix
    tenant: str | None  # the tenant's name, if base_url is a tenant's
    views: Path
    out: Path

    @classmethod
    def from_environ(cls) -> "Env":
        missing = [name for name in ("SPACEPORT_URL", "VIEWS", "OUT") if not os.environ.get(name)]
        check(not missing, f"environment variable(s) not set: {', '.join(missing)}")
        base_url = os.environ["SPACEPORT_URL"].rstrip("/")
        parts = urlsplit(base_url)
        match = re.fullmatch(r"(.*)/t/([A-Za-z0-9_-]{1,64})", parts.path)
        root_path, tenant = (match.group(1), match.group(2)) if match else (parts.path, None)
        control_root = urlunsplit((parts.scheme, parts.netloc, root_path, "", ""))
        return cls(base_url, control_root, tenant, Path(os.environ["VIEWS"]), Path(os.environ["OUT"]))

    def journal(self, **filters: Any) -> list[dict[str, Any]]:
        """`GET /__spaceport/requests` for this world (openapi/control.yaml, listRequests), oldest first."""
        params = {key: value for key, value in filters.items() if value is not None}
        if self.tenant is not None:
            params["tenant"] = self.tenant
        url = f"{self.control_root}/__spaceport/requests"
        response = httpx.get(url, params=params, timeout=TIMEOUT)
        check(response.status_code == 200, f"GET {url} {params}: {response.status_code} {response.text[:300]}")
        return response.json()["requests"]

    def make_world(self) -> None:
        """Makes this world's tenant if it does not live yet (`PUT /__spaceport/tenants/{tenant}`, createTenant):
        the control API's reads never make one, so the journal is read only once the tenant lives."""
        if self.tenant is None:
            return
        url = f"{self.control_root}/__spaceport/tenants/{self.tenant}"
        response = httpx.put(url, timeout=TIMEOUT)
        check(response.status_code in (201, 204), f"PUT {url}: {response.status_code} {response.text[:300]}")

    def last_seq(self) -> int:
        """The `seq` of the newest journal entry of this world, 0 if there is none."""
        return max((entry["seq"] for entry in self.journal()), default=0)


@dataclass
class Smoke:
    """One API's smoke run: its view's operations, and what was called and parsed."""

    api: str
    env: Env
    operations: list[str] = field(init=False)  # the view's operationIds, in document order
    called: set[str] = field(init=False, default_factory=set)
    parsed: set[str] = field(init=False, default_factory=set)  # ops whose success answer was parsed into a model
    error: str | None = field(init=False, default=None)  # "<status> parsed as <Model>", once checked
    since: int = field(init=False)  # the journal's last seq before the run
    view: dict[str, Any] = field(init=False, repr=False)  # the client view, as JSON
    _by_module: dict[str, str] = field(init=False, repr=False)  # generated module name -> operationId

    def __post_init__(self) -> None:
        view_path = self.env.views / f"{self.api}.client.json"
        self.view = json.loads(view_path.read_text())
        self.operations = [
            operation["operationId"]
            for path_item in self.view["paths"].values()
            for method, operation in path_item.items()
            if method in HTTP_METHODS
        ]
        check(self.operations, f"{view_path} lists no operations")
        self._by_module = {snake_case(op): op for op in self.operations}
        generated = self.env.out / self.api / "api"
        no_function = [op for op in self.operations if not list(generated.glob(f"*/{snake_case(op)}.py"))]
        check(not no_function, f"no generated function under {generated} for: {', '.join(no_function)}")
        self.env.make_world()
        self.since = self.env.last_seq()

    def _operation(self, endpoint: ModuleType) -> str:
        name = endpoint.__name__.rsplit(".", 1)[-1]
        check(name in self._by_module, f"{endpoint.__name__} is not an operation of the {self.api} view")
        return self._by_module[name]

    def _send(
        self, endpoint: ModuleType, status: int, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> tuple[str, Any]:
        operation = self._operation(endpoint)
        response = endpoint.sync_detailed(*args, **kwargs)
        check(
            response.status_code == status,
            f"{operation}: status {int(response.status_code)}, expected {status}; body {response.content[:400]!r}",
        )
        self.called.add(operation)
        return operation, response

    def call(self, endpoint: ModuleType, status: int, model: type | None, *args: Any, **kwargs: Any) -> Any:
        """Calls `endpoint.sync_detailed(*args, **kwargs)`; asserts `status` and that `response.parsed` is a `model`
        (`model=None`: a documented body-less answer, asserted empty). Returns the generated Response."""
        operation, response = self._send(endpoint, status, args, kwargs)
        if model is None:
            check(response.content == b"", f"{operation}: {status} should be empty, got {response.content[:200]!r}")
            check(response.parsed is None, f"{operation}: parsed {response.parsed!r} from an empty {status}")
        else:
            check(
                is_model(response.parsed, model),
                f"{operation}: {status} parsed as {type(response.parsed).__name__}, expected {model_name(model)}",
            )
            self.parsed.add(operation)
        return response

    def call_error(self, endpoint: ModuleType, status: int, model: type, *args: Any, **kwargs: Any) -> Any:
        """Calls an operation expecting its documented error `status` parsed into the error `model`; returns
        the parsed error."""
        operation, response = self._send(endpoint, status, args, kwargs)
        check(
            isinstance(response.parsed, model),
            f"{operation}: error {status} parsed as {type(response.parsed).__name__}, expected {model.__name__}",
        )
        if self.error is None:  # the first documented error checked is the one the summary names
            self.error = f"{status} parsed as {model.__name__}"
        return response.parsed

    def finish(self) -> str:
        """Asserts every operation was called (by the client, and as the server's journal saw it) and the
        error was checked; returns the summary line."""
        not_called = [op for op in self.operations if op not in self.called]
        check(not not_called, f"operations of the view never called: {', '.join(not_called)}")
        check(self.error is not None, "no documented error was checked")
        served = {entry["operation"] for entry in self.env.journal(api=self.api, since=self.since)}
        not_served = [op for op in self.operations if op not in served]
        check(not not_served, f"the server's journal shows no request for: {', '.join(not_served)}")
        return (
            f"python {self.api}: {len(self.called)}/{len(self.operations)} operations called, "
            f"{len(self.parsed)} responses parsed, error {self.error}"
        )


def run(api: str, scenario: Callable[[Smoke], None]) -> None:
    """Runs `scenario` against a fresh `Smoke` for `api`, prints the summary line, exits 1 on any failure."""
    try:
        smoke = Smoke(api, Env.from_environ())
        scenario(smoke)
        print(smoke.finish(), flush=True)
    except SmokeFailed as failure:
        print(f"FAIL python {api}: {failure}", file=sys.stderr, flush=True)
        sys.exit(1)
    except Exception:  # a generated client that raises (bad model, unexpected status, ...) is a failure too
        traceback.print_exc()
        print(f"FAIL python {api}: unexpected exception (traceback above)", file=sys.stderr, flush=True)
        sys.exit(1)
