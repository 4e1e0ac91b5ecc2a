"""Every route × every role against the declared table in ``authz_rules.py`` (issue 8 §3).

The routes are read from the app at run time, so a route added by anyone later is checked
without editing this file, and a route that no rule covers fails the build.

Order inside the matrix test: all reads first, then the refused writes (which must leave the
audit log untouched), then the allowed writes (deletes last), so no write changes what an
earlier check saw. The full matrix is written to ``test-artifacts/authz-matrix.md``.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from axpartners.config import Settings
from axpartners.db.session import make_session_factory
from axpartners.db.tables import AuditEntry
from axpartners.web.app import create_app
from tests.conftest import fresh_engine
from tests.integration.authz_rules import (
    GET,
    OWN_ORG,
    ROLES,
    USERS,
    Role,
    Rule,
    expected,
    path_value,
    rule_for,
)
from tests.integration.conftest import csrf_of

pytestmark = pytest.mark.integration

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
_PARAM = re.compile(r"\{(\w+)(?::\w+)?\}")


@pytest.fixture(scope="module")
def engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    # Authorisation does not depend on the database backend: SQLite only keeps this module fast
    # (the partners/needs modules already run their permission tests on both backends).
    yield from fresh_engine("sqlite", request, tmp_path_factory.mktemp("sqlite"))


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str  # template, e.g. /needs/{need_id}
    route: Any  # the effective route (has .dependant) or a Mount

    @property
    def is_api(self) -> bool:
        return self.path.startswith("/api/")


def endpoints(app: FastAPI) -> list[Endpoint]:
    """Every (method, path template) the app serves, flattening included routers."""

    def walk(routes: list[Any]) -> Iterator[Any]:
        for route in routes:
            if hasattr(route, "effective_route_contexts"):  # FastAPI ≥ 0.16x included router
                yield from route.effective_route_contexts()
            else:
                yield route

    found: dict[tuple[str, str], Endpoint] = {}
    for route in walk(list(app.routes)):
        methods = getattr(route, "methods", None) or {"GET"}  # a Mount serves GET
        for method in methods:
            if method == "HEAD":
                continue  # Starlette answers HEAD with the GET handler
            found.setdefault((method, route.path), Endpoint(method, route.path, route))
    return sorted(found.values(), key=lambda e: (e.path, e.method))


def _bare_app(tmp_path: Path) -> FastAPI:
    settings = Settings(
        environment="test", data_dir=tmp_path, secret_key="authz-matrix-secret-key-for-tests"
    )
    return create_app(settings)


def test_every_route_has_a_rule(tmp_path: Path) -> None:
    app = _bare_app(tmp_path)
    found = endpoints(app)
    assert len(found) > 40, "route enumeration found too few routes: is the walk broken?"
    missing = [f"{e.method} {e.path}" for e in found if rule_for(e.method, e.path) is None]
    assert not missing, (
        "routes without an authorisation rule (add them to tests/integration/authz_rules.py):\n  "
        + "\n  ".join(missing)
    )
    unknown = sorted(
        {
            f"{e.path}: {{{name}}}"
            for e in found
            for name in _PARAM.findall(e.path)
            if path_value(name) is None
        }
    )
    assert not unknown, f"path parameters without a demo value in PATH_VALUES: {unknown}"


# --- request construction ------------------------------------------------------------------


def concrete_path(endpoint: Endpoint, rule: Rule, *, own: bool = False) -> str:
    if endpoint.path == "/static":
        return "/static/app.css"
    values = {**rule.values, **({"partner_id": OWN_ORG} if own else {})}
    return _PARAM.sub(
        lambda m: values.get(m.group(1)) or path_value(m.group(1)) or "", endpoint.path
    )


def example_of(schema: dict[str, Any], defs: dict[str, Any]) -> Any:
    """A small instance of a JSON schema (required properties only), good enough to validate."""
    if "$ref" in schema:
        return example_of(defs[schema["$ref"].rsplit("/", 1)[-1]], defs)
    if "default" in schema:
        return schema["default"]
    if "enum" in schema:
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            options = [s for s in schema[key] if s.get("type") != "null"] or schema[key]
            return example_of(options[0], defs)
    kind = schema.get("type", "object")
    if kind == "string":
        if schema.get("format") == "email":
            return "someone@example.com"
        return "예시 요청 텍스트 " + "x" * max(0, int(schema.get("minLength", 1)) - 9)
    if kind == "integer":
        return int(schema.get("minimum", 1))
    if kind == "number":
        return float(schema.get("minimum", 1))
    if kind == "boolean":
        return False
    if kind == "array":
        item = example_of(schema.get("items", {"type": "string"}), defs)
        return [item] * int(schema.get("minItems", 0))
    props = schema.get("properties", {})
    return {name: example_of(props[name], defs) for name in schema.get("required", [])}


def body_kwargs(endpoint: Endpoint, rule: Rule, csrf: str) -> dict[str, Any]:
    dependant = getattr(endpoint.route, "dependant", None)
    params = list(getattr(dependant, "body_params", []) or [])
    has_files = any(type(p.field_info).__name__ == "File" for p in params)
    if endpoint.is_api and not has_files:
        if rule.body is not None:
            return {"json": rule.body}
        for param in params:
            annotation = param.field_info.annotation
            if hasattr(annotation, "model_json_schema"):
                schema = annotation.model_json_schema()
                return {"json": example_of(schema, schema.get("$defs", {}))}
        return {}
    data: dict[str, Any] = {"csrf_token": csrf, **(rule.body or {})}
    files: dict[str, Any] = {}
    for param in params:
        kind = type(param.field_info).__name__
        if kind == "File":
            files[param.alias] = ("empty.csv", b"text\n", "text/csv")
        elif param.field_info.is_required() and param.alias not in data:
            data[param.alias] = "x"
    return {"data": data, "files": files} if files else {"data": data}


# --- outcome classification ----------------------------------------------------------------


def outcome_of(status: int, location: str, rule: Rule, expect: str) -> str:
    if status >= 500:
        return f"5xx({status})"
    if status in (301, 302, 303, 307) and location.startswith("/login"):
        return "login"
    if status in (401, 403):
        return str(status)
    if status < 400 or status in rule.also_ok:
        return "allowed"
    return f"other({status})"


def write_is_allowed_outcome(status: int, location: str, rule: Rule) -> bool:
    """An allowed write may still fail validation or find nothing; it must not be refused."""
    if status in rule.also_ok:
        return True
    return status < 500 and status not in (401, 403) and not location.startswith("/login")


@dataclass(frozen=True)
class Case:
    endpoint: Endpoint
    rule: Rule
    role: Role
    own: bool

    @property
    def expect(self) -> str:
        return expected(
            self.rule, self.role, method=self.endpoint.method, path=self.endpoint.path, own=self.own
        )


def cases_for(app: FastAPI) -> list[Case]:
    cases: list[Case] = []
    for endpoint in endpoints(app):
        rule = rule_for(endpoint.method, endpoint.path)
        assert rule is not None, f"no rule for {endpoint.method} {endpoint.path}"
        for role in ROLES:
            cases.append(Case(endpoint, rule, role, own=False))
            if rule.access == "owner" and role == "partner":
                cases.append(Case(endpoint, rule, role, own=True))
    return cases


def _audit_count(engine: Engine) -> int:
    with make_session_factory(engine)() as session:
        return int(session.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def test_authorisation_matrix(world, engine: Engine) -> None:  # type: ignore[no-untyped-def]
    clients: dict[Role, TestClient] = {}
    tokens: dict[Role, str] = {}
    for role in ROLES:
        user = USERS[role]
        clients[role] = world.login(user) if user else world.client()
        tokens[role] = csrf_of(clients[role], "/login")
    app = clients["anonymous"].app
    assert isinstance(app, FastAPI)
    cases = cases_for(app)

    def send(case: Case) -> tuple[int, str]:
        client = clients[case.role]
        path = concrete_path(case.endpoint, case.rule, own=case.own)
        kwargs = (
            {}
            if case.endpoint.method in GET
            else body_kwargs(case.endpoint, case.rule, tokens[case.role])
        )
        started = time.perf_counter()
        response = client.request(case.endpoint.method, path, follow_redirects=False, **kwargs)
        elapsed_ms.append(
            (
                f"{case.endpoint.method} {path} as {case.role}",
                (time.perf_counter() - started) * 1000,
            )
        )
        if path == "/logout":  # the session is gone: log back in, fetch a new CSRF token
            user = USERS[case.role]
            clients[case.role] = world.login(user) if user else world.client()
            tokens[case.role] = csrf_of(clients[case.role], "/login")
        return response.status_code, response.headers.get("location", "")

    reads = [c for c in cases if c.endpoint.method in GET]
    writes = [c for c in cases if c.endpoint.method not in GET]
    refused = [c for c in writes if c.expect != "allowed"]
    permitted = sorted(
        (c for c in writes if c.expect == "allowed"),
        key=lambda c: ("delete" in c.endpoint.path or c.endpoint.method == "DELETE", c.role),
    )

    rows: list[str] = []
    failures: list[str] = []
    elapsed_ms: list[tuple[str, float]] = []

    for case in reads:
        status, location = send(case)
        got = outcome_of(status, location, case.rule, case.expect)
        rows.append(
            f"| {case.endpoint.method} | {case.endpoint.path} | {case.role}"
            f"{' (own)' if case.own else ''} | {case.expect} | {status} |"
        )
        if got != case.expect:
            failures.append(
                f"{case.endpoint.method} {concrete_path(case.endpoint, case.rule, own=case.own)} "
                f"as {case.role}: expected {case.expect}, got {got} ({status} {location})"
            )

    before = _audit_count(engine)
    for case in refused:
        status, location = send(case)
        got = outcome_of(status, location, case.rule, case.expect)
        rows.append(
            f"| {case.endpoint.method} | {case.endpoint.path} | {case.role}"
            f"{' (own)' if case.own else ''} | {case.expect} | {status} |"
        )
        if got != case.expect:
            failures.append(
                f"{case.endpoint.method} {concrete_path(case.endpoint, case.rule, own=case.own)} "
                f"as {case.role}: expected {case.expect}, got {got} ({status} {location})"
            )
    # Nothing refused may have changed anything (every change is audited, SPEC §7).
    assert _audit_count(engine) == before, "a refused request wrote to the audit log"

    for case in permitted:
        status, location = send(case)
        rows.append(
            f"| {case.endpoint.method} | {case.endpoint.path} | {case.role}"
            f"{' (own)' if case.own else ''} | allowed | {status} |"
        )
        if not write_is_allowed_outcome(status, location, case.rule):
            failures.append(
                f"{case.endpoint.method} {concrete_path(case.endpoint, case.rule, own=case.own)} "
                f"as {case.role}: expected allowed, got {status} {location}"
            )

    slowest = sorted(elapsed_ms, key=lambda kv: -kv[1])[:15]
    rows.append("\nslowest requests (ms):\n")
    rows.extend(f"- {label}: {ms:.0f}" for label, ms in slowest)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "authz-matrix.md").write_text(
        "| method | route | role | expected | status |\n|---|---|---|---|---|\n"
        + "\n".join(rows)
        + "\n",
        encoding="utf-8",
    )
    assert not failures, f"{len(failures)} authorisation mismatches:\n  " + "\n  ".join(failures)


def test_static_files_resolve() -> None:
    # The matrix requests /static/app.css for the static mount; keep that file present.
    assert resources.files("axpartners.web").joinpath("static/app.css").is_file()
