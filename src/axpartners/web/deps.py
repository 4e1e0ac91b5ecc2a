"""FastAPI dependencies as ``Annotated`` aliases, and the page renderer."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from sqlalchemy.orm import Session, sessionmaker

from axpartners.config import Settings
from axpartners.db.tables import User
from axpartners.i18n.catalog import translate
from axpartners.memo import Memo
from axpartners.services.actors import ANONYMOUS, Actor
from axpartners.services.users import actor_for
from axpartners.web.security import TokenSigner, csrf_token


async def get_db(request: Request) -> AsyncIterator[Session]:
    """One transaction per request: committed when the handler returns, rolled back on error.

    A new session holds no connection until its first query, so it is made on the event loop;
    ending it (commit or rollback, and giving the connection back) runs in the thread pool in
    one call, and is a plain ``close`` when the request never began a transaction."""
    factory: sessionmaker[Session] = request.app.state.sessions
    session = factory()
    try:
        yield session
    except BaseException:
        await _end(session, commit=False)
        raise
    await _end(session, commit=True)


async def _end(session: Session, *, commit: bool) -> None:
    if not session.in_transaction() or (commit and _only_read_sqlite(session)):
        session.close()  # nothing began, or a read of SQLite: ending it is a local no-op
        return
    await run_in_threadpool(_finish, session, commit=commit)


def _only_read_sqlite(session: Session) -> bool:
    """True when the session only read from SQLite: nothing pending in the ORM and no write
    transaction on the connection (Python's ``sqlite3`` begins one only before a write, and
    ``in_transaction`` says so). Then there is nothing to commit and closing takes microseconds.
    PostgreSQL always ends its transaction in the thread pool (a round trip to the server)."""
    if session.new or session.dirty or session.deleted:
        return False
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return False
    return not connection.connection.dbapi_connection.in_transaction  # type: ignore[union-attr]


def _finish(session: Session, *, commit: bool) -> None:
    try:
        if commit:
            session.commit()
        else:
            session.rollback()
    finally:
        session.close()


# scope="function": commit before the response is sent, so a failed commit is a failed request.
SessionDep = Annotated[Session, Depends(get_db, scope="function")]


# The dependencies that only read the request are ``async``: FastAPI calls them on the event loop
# instead of sending each to the thread pool and back (a hop costs ~0.1 ms on a loaded 2-core
# machine, and a page used to take six of them). Whatever reads the database stays sync.
async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_settings)]


def get_actor(request: Request, db: SessionDep) -> Actor:
    """The caller from a bearer token or the session cookie; anonymous otherwise.

    The result is kept on ``request.state.actor`` so the error handler can tell "not logged in"
    (401, including a stale or forged token) from "logged in but not allowed" (403).
    """
    actor = _resolve_actor(request, db)
    request.state.actor = actor
    return actor


def _resolve_actor(request: Request, db: Session) -> Actor:
    user_id: int | None = None
    version: int | None = None
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        signer: TokenSigner = request.app.state.tokens
        claims = signer.read(header[7:].strip())
        if claims:
            user_id, version = claims
    elif "uid" in request.session:
        user_id, version = request.session.get("uid"), request.session.get("sv")
    if user_id is None:
        return ANONYMOUS
    user = db.get(User, user_id)
    if user is None or not user.is_active or user.session_version != version:
        request.session.pop("uid", None)
        return ANONYMOUS
    return actor_for(user)


ActorDep = Annotated[Actor, Depends(get_actor)]


def get_locale(request: Request) -> str:
    locale = request.session.get("locale") if "session" in request.scope else None
    return locale if locale in ("ko", "en") else "ko"


async def _locale_of(request: Request) -> str:
    return get_locale(request)


LocaleDep = Annotated[str, Depends(_locale_of)]


def _page_context(request: Request, context: dict[str, Any] | None, actor: Actor) -> dict[str, Any]:
    """The shared context of every template (translator, locale, actor, CSRF token, settings),
    under the route's own ``context``."""
    locale = get_locale(request)
    settings: Settings = request.app.state.settings

    def t(code: str, **params: Any) -> str:
        return translate(code, locale, **params)

    base = {
        "request": request,
        "t": t,
        "locale": locale,
        "actor": actor,
        "csrf_token": csrf_token(request),
        "settings": settings,
        "is_htmx": request.headers.get("hx-request") == "true",
    }
    base.update(context or {})
    return base


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    actor: Actor = ANONYMOUS,
    status_code: int = 200,
) -> HTMLResponse:
    """Render a page with the shared context: translator, locale, actor, CSRF token, settings."""
    response: HTMLResponse = request.app.state.templates.TemplateResponse(
        request, template, _page_context(request, context, actor), status_code=status_code
    )
    return response


def render_fragment(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    actor: Actor = ANONYMOUS,
) -> Markup:
    """A partial template as markup, with the same context as :func:`render`: for a page to
    embed as it is (``{{ fragment }}``) or a cache to keep."""
    templates: Jinja2Templates = request.app.state.templates
    html = templates.get_template(template).render(_page_context(request, context, actor))
    return Markup(html)  # the template autoescapes what it prints


# Rendered lines of a list, per worker, by template, locale and the row's values: a line shows
# its row and nothing else (no caller, no CSRF token), so the key is all it depends on and a
# line is never stale; the lines a page shares with earlier pages are not rendered again.
_lines: Memo[tuple[str, str, tuple[Any, ...]], Markup] = Memo(max_size=4096)


def render_lines(request: Request, template: str, rows: Sequence[Sequence[Any]]) -> list[Markup]:
    """Each row as the template's ``line(row)`` macro renders it, as no one (anonymous)."""
    locale = get_locale(request)
    keys = [(template, locale, tuple(row)) for row in rows]
    held = [_lines.get(key) for key in keys]
    if None in held:
        templates: Jinja2Templates = request.app.state.templates
        context = _page_context(request, {"csrf_token": ""}, ANONYMOUS)
        module = templates.get_template(template).make_module(context)
        macro = module.line  # type: ignore[attr-defined]  # a macro of the template
    lines = []
    for key, row, line in zip(keys, rows, held, strict=True):
        if line is None:
            line = Markup(macro(row))
            _lines.put(key, line)
        lines.append(line)
    return lines


# Lines by row id under a change counter (``needs_version``): any write changes the counter, so
# under one value a row, and its line, cannot change. A search page shows needs from all over
# the table; those an earlier page showed are neither read nor rendered again.
_lines_of: Memo[tuple[str, str, object, int], Markup] = Memo(max_size=4096)


def render_lines_of(
    request: Request,
    template: str,
    ids: Sequence[int],
    *,
    under: object,
    fetch: Callable[[list[int]], Sequence[Any]],
) -> list[Markup]:
    """:func:`render_lines` for the rows with these ids, in their order; ``fetch(ids)`` reads the
    rows (with an ``id``) of the ids no line is kept for. ``under`` must change with the rows."""
    locale = get_locale(request)
    keys = [(template, locale, under, row_id) for row_id in ids]
    held = [_lines_of.get(key) for key in keys]
    missing = [row_id for row_id, line in zip(ids, held, strict=True) if line is None]
    rows = fetch(missing) if missing else []
    fresh = dict(zip((row.id for row in rows), render_lines(request, template, rows), strict=True))
    lines = []
    for key, row_id, line in zip(keys, ids, held, strict=True):
        if line is None:
            line = fresh.get(row_id)
            if line is None:  # no such row (any more): no line
                continue
            _lines_of.put(key, line)
        lines.append(line)
    return lines
