"""Hardening (issue 8 §7): headers, cookies, throttling, passwords, sessions, uploads, escaping.

The escaping test crawls every page route of the app (the route list comes from the app, as in
the authorisation matrix), so pages added later are checked for unescaped user text too.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from axpartners.db.session import make_session_factory, transaction
from axpartners.db.tables import Need, Organisation
from axpartners.errors import InputError
from axpartners.services import users
from axpartners.services.actors import SYSTEM
from axpartners.web.app import create_app
from tests.conftest import fresh_engine
from tests.integration.authz_rules import path_value
from tests.integration.conftest import PASSWORD, csrf_of, login
from tests.integration.test_authz_matrix import endpoints

pytestmark = pytest.mark.integration

PUBLIC_PAGES = ("/", "/partners", "/partners/tu", "/needs/new", "/cases", "/login")
STAFF_PAGES = (
    "/needs",
    "/needs/map",
    "/needs/1",
    "/council",
    "/projects",
    "/planning/candidates",
    "/strengths",
    "/policy",
    "/admin/users",
)
XSS = '<script>alert("xss-7f3a")</script><img src=x onerror="xss7f3a()">'
RAW_MARKERS = ('<script>alert("xss-7f3a")', 'onerror="xss7f3a', "<img src=x")


@pytest.fixture(scope="module")
def engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    # Headers, cookies and escaping do not depend on the backend (rate buckets are covered on
    # both by test_needs); SQLite keeps this module fast.
    yield from fresh_engine("sqlite", request, tmp_path_factory.mktemp("sqlite"))


def _app_client(world, **overrides: object) -> TestClient:  # type: ignore[no-untyped-def]
    settings = world.settings.model_copy(update=overrides)
    return TestClient(create_app(settings, engine=world.engine), base_url="http://testserver")


# --- headers ---------------------------------------------------------------------------------


def _check_headers(response, path: str) -> None:  # type: ignore[no-untyped-def]
    csp = response.headers.get("content-security-policy", "")
    assert csp, f"{path}: no CSP"
    directives = dict(
        [*part.strip().split(" ", 1), ""][:2] for part in csp.split(";") if part.strip()
    )
    assert "'unsafe-inline'" not in directives.get("script-src", directives.get("default-src"))
    assert "'unsafe-eval'" not in csp
    assert directives.get("frame-ancestors") == "'none'", path
    assert directives.get("object-src") == "'none'", path
    assert response.headers.get("referrer-policy") in {"same-origin", "no-referrer"}, path
    assert response.headers.get("x-content-type-options") == "nosniff", path


def test_security_headers_on_pages_api_and_errors(world):  # type: ignore[no-untyped-def]
    anonymous = world.client()
    for path in (*PUBLIC_PAGES, "/api/v1/openapi.json", "/healthz", "/static/app.css"):
        _check_headers(anonymous.get(path), path)
    _check_headers(anonymous.get("/api/v1/needs"), "/api/v1/needs (401)")
    _check_headers(anonymous.get("/no-such-page"), "404")
    admin = world.login("admin")
    for path in STAFF_PAGES:
        response = admin.get(path)
        assert response.status_code == 200, path
        _check_headers(response, path)
    api = admin.get("/api/v1/needs")
    _check_headers(api, "/api/v1/needs")
    assert api.headers.get("cache-control") == "no-store"


_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
_INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
_INLINE_STYLE = re.compile(r"<[^>]+\sstyle\s*=", re.IGNORECASE)


def test_pages_need_no_inline_script_or_style(world):  # type: ignore[no-untyped-def]
    """The CSP forbids inline code; a page that relies on it would silently break."""
    pages = [(world.client(), p) for p in PUBLIC_PAGES]
    admin = world.login("admin")
    pages += [(admin, p) for p in STAFF_PAGES]
    for client, path in pages:
        html = client.get(path).text
        for pattern, what in (
            (_INLINE_SCRIPT, "inline <script>"),
            (_INLINE_HANDLER, "on* handler attribute"),
            (_INLINE_STYLE, "style attribute"),
        ):
            found = pattern.search(html)
            assert found is None, f"{path}: {what}: {found.group(0) if found else ''}"


# --- cookies and sessions ------------------------------------------------------------------


def test_session_cookie_flags(world):  # type: ignore[no-untyped-def]
    client = _app_client(world, cookie_secure=True)
    client.base_url = client.base_url.copy_with(scheme="https")  # type: ignore[attr-defined]
    token = csrf_of(client)
    response = client.post(
        "/login",
        data={"username": "staff", "password": PASSWORD, "csrf_token": token, "next": "/"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    cookie = response.headers["set-cookie"].lower()
    assert "axp_session=" in cookie
    assert "; secure" in cookie
    assert "; httponly" in cookie
    assert "samesite=lax" in cookie
    plain = world.client().get("/login").headers["set-cookie"].lower()
    assert "; httponly" in plain
    assert "; secure" not in plain  # cookie_secure=False (default for local HTTP)


def test_session_and_token_expire(world):  # type: ignore[no-untyped-def]
    client = _app_client(world, session_max_age_s=1)
    login(client, "staff", PASSWORD)
    token = client.post(
        "/api/v1/auth/login", json={"username": "staff", "password": PASSWORD}
    ).json()["token"]
    assert client.get("/needs", follow_redirects=False).status_code == 200
    time.sleep(2.2)
    expired = client.get("/needs", follow_redirects=False)
    assert expired.status_code == 303
    assert expired.headers["location"].startswith("/login")
    bare = _app_client(world, session_max_age_s=1)
    refused = bare.get("/api/v1/needs", headers={"authorization": f"Bearer {token}"})
    assert refused.status_code == 401


def test_password_change_ends_other_sessions_and_tokens(world):  # type: ignore[no-untyped-def]
    factory = make_session_factory(world.engine)
    with transaction(factory) as session:
        users.create_user(
            session, actor=SYSTEM, username="rotating", password=PASSWORD, role="secretariat"
        )
    browser = world.login("rotating")
    api = world.client()
    token = api.post(
        "/api/v1/auth/login", json={"username": "rotating", "password": PASSWORD}
    ).json()["token"]
    bearer = {"authorization": f"Bearer {token}"}
    assert browser.get("/needs", follow_redirects=False).status_code == 200
    assert api.get("/api/v1/needs", headers=bearer).status_code == 200
    with transaction(factory) as session:
        users.set_password(session, actor=SYSTEM, username="rotating", password="new-Password-2")
    assert browser.get("/needs", follow_redirects=False).status_code == 303
    assert world.client().get("/api/v1/needs", headers=bearer).status_code == 401
    with transaction(factory) as session:
        users.set_active(session, actor=SYSTEM, username="rotating", active=False)
    fresh = world.client()
    response = fresh.post(
        "/api/v1/auth/login", json={"username": "rotating", "password": "new-Password-2"}
    )
    assert response.status_code == 401  # deactivated accounts cannot log in


def test_stale_bearer_token_is_401(world):  # type: ignore[no-untyped-def]
    response = world.client().get(
        "/api/v1/needs", headers={"authorization": "Bearer not-a-valid-token"}
    )
    assert response.status_code == 401
    assert response.headers.get("www-authenticate") == "Bearer"


# --- login throttling and passwords --------------------------------------------------------


def test_login_is_throttled_after_five_failures(world):  # type: ignore[no-untyped-def]
    factory = make_session_factory(world.engine)
    with transaction(factory) as session:
        users.create_user(
            session,
            actor=SYSTEM,
            username="throttled",
            password=PASSWORD,
            role="partner",
            organisation_id="tu",
        )
    client = world.client()
    for attempt in range(5):
        bad = client.post("/api/v1/auth/login", json={"username": "throttled", "password": "nope"})
        assert bad.status_code == 401, attempt
    good = client.post("/api/v1/auth/login", json={"username": "throttled", "password": PASSWORD})
    assert good.status_code == 429
    assert good.json()["error"]["code"] == "auth.throttled"
    token = csrf_of(client)
    form = client.post(
        "/login",
        data={"username": "throttled", "password": PASSWORD, "csrf_token": token, "next": "/"},
        follow_redirects=False,
    )
    assert form.status_code == 400
    assert "로그인 시도가 너무 많습니다" in form.text
    # Another account from the same client is not locked out by someone else's failures.
    assert (
        client.post(
            "/api/v1/auth/login", json={"username": "staff", "password": PASSWORD}
        ).status_code
        == 200
    )


@pytest.mark.parametrize(
    "password", ["short-1", "onlyletterslong", "12345678901234", "", "abcdefghi"]
)
def test_password_policy_rejects_weak_passwords(world, password):  # type: ignore[no-untyped-def]
    with pytest.raises(InputError) as err:
        users.check_password_policy(password)
    assert err.value.code == "users.weak_password"
    admin = world.login("admin")
    response = admin.post(
        "/api/v1/users",
        json={"username": "weakling", "password": password, "role": "secretariat"},
    )
    assert response.status_code == 422, response.text


# --- CSRF, redirects, uploads --------------------------------------------------------------


def test_forms_need_the_csrf_token_and_redirects_stay_on_site(world):  # type: ignore[no-untyped-def]
    staff = world.login("staff")
    response = staff.post("/partners/new", data={"id": "x-org", "name": "x", "kind": "company"})
    assert response.status_code == 403
    with make_session_factory(world.engine)() as session:
        assert session.get(Organisation, "x-org") is None
    anonymous = world.client()
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        lang = anonymous.get(f"/lang/en?next={quote(target)}", follow_redirects=False)
        location = lang.headers["location"]
        assert not location.startswith(("//", "http", "/\\")), location


def test_upload_limits(world):  # type: ignore[no-untyped-def]
    """Files over ``max_upload_mb`` are refused by the importer (400); bodies over the limit
    plus 1 MB of form slack are cut off while streaming (413), on every route."""
    client = _app_client(world, max_upload_mb=1)
    login(client, "staff", PASSWORD)
    token = csrf_of(client, "/partners/import")
    big = b"id,name,kind\n" + b"a,b,company\n" * 120_000  # ~1.4 MB
    response = client.post(
        "/partners/import",
        data={"csrf_token": token},
        files={"file": ("big.csv", big, "text/csv")},
    )
    assert response.status_code == 400
    assert "1 MB" in response.text
    huge_file = b"id,name,kind\n" + b"a,b,company\n" * 400_000  # ~4.8 MB
    response = client.post(
        "/partners/import",
        data={"csrf_token": token},
        files={"file": ("huge.csv", huge_file, "text/csv")},
    )
    assert response.status_code == 413
    # The public form and the public API: anonymous callers cannot stream in a huge body.
    anonymous = _app_client(world, max_upload_mb=1)
    token = csrf_of(anonymous, "/needs/new")
    huge = anonymous.post("/needs/new", data={"csrf_token": token, "text": "가" * 1_000_000})
    assert huge.status_code == 413, huge.status_code
    api = anonymous.post("/api/v1/public/needs", json={"text": "x" * 3_000_000})
    assert api.status_code == 413, api.status_code


# --- safe rendering of user text -----------------------------------------------------------


def test_user_text_is_escaped_on_every_page(world):  # type: ignore[no-untyped-def]
    factory = make_session_factory(world.engine)
    with transaction(factory) as session:
        session.add(Organisation(id="xss-org", name=f"기관{XSS}", kind="company", description=XSS))
        need = Need(
            ref="N-XSS-1",
            title=f"제목{XSS}",
            text=f"용접 검사 자동화 {XSS}",
            company=f"회사{XSS}",
            content_hash="f" * 64,
            label="vision-inspection",
        )
        session.add(need)
        session.flush()
        need_id = need.id
    admin = world.login("admin")
    values = {"partner_id": "xss-org", "need_id": str(need_id), "ref": quote(XSS, safe="")}
    checked = 0
    problems: list[str] = []
    app = admin.app
    for endpoint in endpoints(app):  # type: ignore[arg-type]
        if endpoint.method != "GET" or endpoint.is_api or endpoint.path == "/static":
            continue
        path = re.sub(
            r"\{(\w+)(?::\w+)?\}",
            lambda m: values.get(m.group(1)) or path_value(m.group(1)) or "1",
            endpoint.path,
        )
        response = admin.get(path, params={"q": XSS})
        if response.status_code >= 500:
            problems.append(f"{path}: {response.status_code}")
            continue
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        checked += 1
        for marker in RAW_MARKERS:
            if marker in response.text:
                problems.append(f"{path}: unescaped {marker!r}")
    assert checked > 20, f"only {checked} HTML pages crawled"
    assert not problems, problems
    # The escaped form is really on the pages that show these records.
    partner_page = admin.get("/partners/xss-org").text
    assert "&lt;script&gt;alert(" in partner_page
    need_page = admin.get(f"/needs/{need_id}").text
    assert "&lt;script&gt;alert(" in need_page
    listing = admin.get("/needs").text
    assert 'onerror="xss7f3a' not in listing
    with make_session_factory(world.engine)() as session:
        assert session.scalar(select(Need.text).where(Need.id == need_id)).endswith(XSS)


def test_logged_out_visitor_sent_to_login_is_told_why(world):
    client = world.client()
    sent = client.get("/council", follow_redirects=False)
    assert sent.status_code == 303
    assert sent.headers["location"] == "/login?next=%2Fcouncil&reason=required"
    page = client.get(sent.headers["location"])
    assert "로그인이 필요한 페이지입니다" in page.text
    assert 'name="next" value="/council"' in page.text
    client.get("/lang/en")
    assert "This page needs a login" in client.get(sent.headers["location"]).text
    assert 'id="login-required"' not in client.get("/login").text  # no reason, no notice


def test_unknown_page_is_an_html_page_and_unknown_api_path_json(world):
    client = world.client()
    page = client.get("/no-such-page", headers={"accept": "text/html"})
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert "페이지를 찾을 수 없습니다" in page.text
    api = client.get("/api/v1/no-such-path")
    assert api.status_code == 404
    assert api.json() == {"detail": "Not Found"}
