"""The declared authorisation table: every route of the app × every role → expected outcome.

SPEC §1 (roles) and §5 (public pages, ``/api/v1``, 401 for anonymous, 403 for a wrong role).
``test_authz_matrix.py`` enumerates ``app.routes`` at run time and fails for any route that no
rule below matches, so a new route cannot ship without a decision about who may call it.

Rules are tried in order; the first whose method set and path pattern (a regular expression
matched in full against the route's path template, e.g. ``/needs/{need_id}``) match wins.
Access levels:

* ``public``    every role, anonymous included;
* ``member``    any logged-in user (partner, secretariat, admin);
* ``staff``     secretariat and admin;
* ``admin``     admin only;
* ``owner``     staff, plus a partner for its own organisation only (checked with both ids).

How a refusal looks depends on the caller (SPEC §5, ``web/errors.py``): anonymous ``GET`` of a
page → 303 to ``/login``; anonymous ``POST`` of a form or any anonymous API call → 401;
a logged-in user with the wrong role → 403.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

Role = Literal["anonymous", "partner", "secretariat", "admin"]
Access = Literal["public", "member", "staff", "admin", "owner"]
Outcome = Literal["allowed", "login", "401", "403"]

ROLES: tuple[Role, ...] = ("anonymous", "partner", "secretariat", "admin")
# The user logged in for each role (tests/integration/conftest.py creates them).
USERS: dict[Role, str | None] = {
    "anonymous": None,
    "partner": "partner_tu",
    "secretariat": "staff",
    "admin": "admin",
}
OWN_ORG = "tu"  # partner_tu's organisation
OTHER_ORG = "pnu"  # someone else's organisation
GET = frozenset({"GET", "HEAD"})
WRITE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
ANY = GET | WRITE

# Values for path parameters, by name (ids from the Busan demo data, ``services/demo.py``).
PATH_VALUES: dict[str, str] = {
    "partner_id": OTHER_ORG,
    "need_id": "1",
    "meeting_id": "1",
    "project_id": "1",
    "action_id": "1",
    "candidate_id": "1",
    "fmt": "csv",
    "locale": "en",
    "ref": "N-0001",
    "filename": "industries.csv",
    "job_id": "1",
}


_CONVERTER = re.compile(r"\{(\w+):\w+\}")


@dataclass(frozen=True)
class Rule:
    methods: frozenset[str]
    pattern: str
    access: Access
    # Statuses that count as "allowed" besides 2xx/3xx (e.g. 404 when the demo has no such row).
    also_ok: frozenset[int] = frozenset()
    # Path values for this route that differ from PATH_VALUES.
    values: dict[str, str] = field(default_factory=dict)
    # A request body that passes validation, when the automatic one does not.
    body: dict[str, Any] | None = None
    note: str = ""

    def matches(self, method: str, path: str) -> bool:
        template = _CONVERTER.sub(r"{\1}", path)  # /x/{id:int} → /x/{id}
        return method in self.methods and re.fullmatch(self.pattern, template) is not None


def R(methods: frozenset[str] | str, pattern: str, access: Access, **kw: Any) -> Rule:  # noqa: N802
    m = frozenset({methods}) if isinstance(methods, str) else methods
    return Rule(methods=m, pattern=pattern, access=access, **kw)


_ORG_FORM = {"name": "예시 기관", "kind": "university"}
_NO_DEMO_ROW = frozenset({404})  # the demo world has no such row (statistics, candidates)

RULES: tuple[Rule, ...] = (
    # --- infrastructure, public pages (SPEC §5: /, /partners, /needs/new, /cases) -----------
    R(GET, r"/api/v1/openapi\.json", "public", note="the API description is not secret"),
    R(GET, r"/static.*", "public"),
    R(GET, r"/healthz", "public", note="load balancers probe it without a session"),
    R(GET, r"/", "public"),
    R(GET, r"/cases", "public"),
    R(ANY, r"/login", "public"),
    R("POST", r"/logout", "public"),
    R(GET, r"/lang/\{locale\}", "public"),
    R(
        ANY,
        r"/api/v1/auth/login",
        "public",
        body={"username": "nobody", "password": "x"},
        also_ok=frozenset({401, 403}),
        note="a wrong password: 401, or 403 with a session",
    ),
    R(GET, r"/api/v1/auth/me", "member"),
    # --- partners: the directory is public, editing is the owner's or staff's -------------
    R(GET, r"/partners", "public"),
    R(GET, r"/partners/new", "staff"),
    R("POST", r"/partners/new", "staff"),
    R(ANY, r"/partners/import", "staff"),
    R(GET, r"/partners/export\.\{fmt\}", "member"),
    R(GET, r"/partners/\{partner_id\}", "public"),
    R(
        ANY,
        r"/partners/\{partner_id\}/edit",
        "owner",
        body=_ORG_FORM,
        note="a valid body, so an allowed caller gets past validation",
    ),
    R(GET, r"/partners/\{partner_id\}/inbox", "owner", note="matched needs of one member"),
    R("POST", r"/partners/\{partner_id\}/delete", "staff"),
    R(
        "PUT",
        r"/api/v1/partners/\{partner_id\}(/versioned)?",
        "owner",
        body={"id": OTHER_ORG, **_ORG_FORM},
        note="/versioned also needs If-Match (422 without)",
    ),
    R(GET, r"/api/v1/partners(/\{partner_id\}(/version)?)?", "member"),
    R(WRITE, r"/api/v1/partners(/\{partner_id\})?", "staff"),
    # --- needs: public intake, members read, staff manage (SPEC §1, §7) -------------------
    R(ANY, r"/needs/new", "public"),
    R(GET, r"/needs/thanks/\{ref\}", "public"),
    R("POST", r"/api/v1/public/needs", "public"),
    R(GET, r"/needs(/map|/map\.\{fmt\}|/clusters)?", "member"),
    R(ANY, r"/needs/(import(/.*)?|retrain)", "staff"),
    R(GET, r"/needs/export\.\{fmt\}", "staff"),
    R(GET, r"/needs/\{need_id\}", "member"),
    R("POST", r"/needs/\{need_id\}/(label|delete)", "staff"),
    R(GET, r"/api/v1/needs(/.*)?", "member"),
    R(ANY, r"/needs/\{need_id\}/consortium", "member", note="computes teams, stores nothing"),
    R("POST", r"/needs/\{need_id\}/consortium/save", "staff", note="stores a team for a candidate"),
    R("POST", r"/api/v1/consortia", "member", note="computes teams, stores nothing"),
    # --- council, projects, planning, strengths, policy: logged-in, staff edits ----------
    R(GET, r"/council/new", "staff"),
    R(GET, r"/council/briefing\.\{fmt\}", "member", values={"fmt": "html"}),
    R(GET, r"/council(/.*)?", "member"),
    R(WRITE, r"/council(/.*)?", "staff"),
    R(GET, r"/projects(/.*)?", "member"),
    R(WRITE, r"/projects(/.*)?", "staff"),
    R(GET, r"/api/v1/(projects|council|candidates)(/.*)?", "member"),
    R(GET, r"/planning", "public", note="only a redirect to /planning/candidates (login)"),
    R(GET, r"/planning/candidates/\{candidate_id\}.*", "member", also_ok=_NO_DEMO_ROW),
    R(GET, r"/planning(/.*)?", "member"),
    R(WRITE, r"/planning(/.*)?", "staff"),
    R(GET, r"/strengths/import", "staff"),
    R(GET, r"/strengths/(chart|export)/\{filename\}", "member", also_ok=_NO_DEMO_ROW),
    R(GET, r"/strengths(/.*)?", "member"),
    R(WRITE, r"/strengths(/.*)?", "staff"),
    R(GET, r"/api/v1/strengths(/.*)?", "member", also_ok=_NO_DEMO_ROW),
    R(GET, r"/policy(/.*)?", "member", also_ok=_NO_DEMO_ROW, note="no policy document in demo"),
    R(WRITE, r"/policy(/.*)?", "staff"),
    R(GET, r"/api/v1/policy(/.*)?", "member", also_ok=_NO_DEMO_ROW),
    R(WRITE, r"/api/v1/policy(/.*)?", "staff"),
    # --- calls for proposals: members read (board, fit, team, draft), staff upload/correct --
    R(
        GET,
        r"/calls/\{call_id\}/candidates/\{candidate_id\}/draft\.\{fmt\}",
        "member",
        values={"fmt": "hwpx"},
        note="the demo's real 2026 call × candidate 1",
    ),
    R(GET, r"(/api/v1)?/calls(/.*)?", "member"),
    R(WRITE, r"(/api/v1)?/calls(/.*)?", "staff"),
    # --- background jobs (imports, reports): staff; the job list of all users is admin's -----
    R(
        ANY,
        r"(/api/v1)?/jobs/\{job_id\}(/.*)?",
        "staff",
        also_ok=_NO_DEMO_ROW,
        note="no job 1 in the demo",
    ),
    R(ANY, r"(/api/v1)?/jobs(/.*)?", "staff"),
    # --- user management (SPEC §1: admin only) -------------------------------------------
    R(ANY, r"/admin(/.*)?", "admin"),
    R(ANY, r"/api/v1/users(/.*)?", "admin"),
)


def path_value(name: str) -> str | None:
    """The demo value for a path parameter; any ``*_id`` defaults to ``1`` (first row)."""
    return PATH_VALUES.get(name) or ("1" if name.endswith("_id") else None)


def rule_for(method: str, path: str) -> Rule | None:
    return next((rule for rule in RULES if rule.matches(method, path)), None)


def expected(rule: Rule, role: Role, *, method: str, path: str, own: bool = False) -> Outcome:
    """What ``role`` must get from ``method path`` under ``rule`` (``own``: the partner's org)."""
    allowed = {
        "public": True,
        "member": role != "anonymous",
        "staff": role in ("secretariat", "admin"),
        "admin": role == "admin",
        "owner": role in ("secretariat", "admin") or (role == "partner" and own),
    }[rule.access]
    if allowed:
        return "allowed"
    if role != "anonymous":
        return "403"
    if not path.startswith("/api/") and method in GET:
        return "login"
    return "401"
