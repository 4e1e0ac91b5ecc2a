"""``create_app(settings)``: pages and the JSON API over the same service layer."""

from __future__ import annotations

import logging
from importlib import resources
from types import ModuleType

from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp

from axpartners import __version__
from axpartners.codes import industry_name, region_name
from axpartners.config import Settings
from axpartners.db.session import make_engine, make_session_factory
from axpartners.i18n.catalog import translate
from axpartners.taxonomy import label_name, load_taxonomy
from axpartners.web import display, errors
from axpartners.web.api_errors import ERROR_RESPONSES, error_json
from axpartners.web.deps import get_locale, render
from axpartners.web.routes import (
    auth,
    calls,
    council,
    jobs,
    matching,
    needs,
    needs_api,
    pages,
    partner_versions,
    partners,
    planning,
    policy,
    projects,
    strengths,
    users,
)
from axpartners.web.security import SecurityHeaders, TokenSigner, UploadSizeGuard


class AxApp(FastAPI):
    """FastAPI with the upload-size guard outside everything (before FastAPI's own body cap)."""

    def build_middleware_stack(self) -> ASGIApp:
        settings: Settings = self.state.settings
        return UploadSizeGuard(
            super().build_middleware_stack(),
            max_bytes=(settings.max_upload_mb + 1) * 2**20,
            limit_mb=settings.max_upload_mb,
        )


def create_app(settings: Settings | None = None, *, engine: Engine | None = None) -> FastAPI:
    settings = settings or Settings()
    engine = engine or _make_app_engine(settings.database_url)
    app = AxApp(
        title="AX Partners API",
        version=__version__,
        openapi_url="/api/v1/openapi.json",
        # The hosted Swagger/ReDoc pages load scripts from a CDN; closed networks can't reach it.
        docs_url=None,
        redoc_url=None,
        # Refuse oversized bodies while they stream in (413), before Starlette spools a
        # multipart upload to disk; 1 MB of slack for form fields and multipart framing.
        max_body_size=(settings.max_upload_mb + 1) * 2**20,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessions = make_session_factory(engine)
    app.state.tokens = TokenSigner(settings.secret_key, max_age_s=settings.session_max_age_s)
    templates_dir = resources.files("axpartners.web").joinpath("templates")
    app.state.templates = Jinja2Templates(directory=str(templates_dir))
    app.state.templates.env.globals.update(template_globals())
    display.install(app.state.templates.env)
    # Outside development the templates don't change while serving: skip the mtime check
    # Jinja would otherwise make on every render.
    app.state.templates.env.auto_reload = settings.environment == "development"

    app.add_middleware(SecurityHeaders)
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret_key,
        session_cookie="axp_session",
        max_age=settings.session_max_age_s,
        same_site="lax",
        https_only=settings.cookie_secure,
    )
    errors.install(app)
    _install_storage_errors(app)
    static_dir = resources.files("axpartners.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static_dir)), name="static")

    for module in route_modules():
        if hasattr(module, "router"):
            app.include_router(module.router)
        if hasattr(module, "api"):
            app.include_router(module.api, prefix="/api/v1", responses=ERROR_RESPONSES)
    return app


def template_globals() -> dict[str, object]:
    """Names every template may use, registered once (routes pass only their page's data)."""
    taxonomy = load_taxonomy()
    return {
        "version": __version__,
        "industry_name": industry_name,
        "region_name": region_name,
        "taxonomy": taxonomy,  # the use cases in taxonomy order (pickers)
        "labels": {u.id: u for u in taxonomy},  # use case by id (tags)
        "label_name": label_name,  # any label id, `unknown` included (미분류 / Unclassified)
    }


def _make_app_engine(url: str) -> Engine:
    """The web app's engine, with a connection pool larger than the request thread pool.

    Handlers run in anyio's thread pool (40 threads; form handlers read the body on the event
    loop, then do their database work there too, see ``security.CsrfForm``) and each holds a
    connection for its request. With SQLAlchemy's default pool (5 + 10 overflow) requests
    queued for a connection and the server stalled under 50 concurrent browsers (found by
    ``bench/bench_load.py``). 10 kept + 50 on demand covers every thread.
    """
    if ":memory:" in url:
        return make_engine(url)
    return make_engine(url, pool_size=10, max_overflow=50, pool_timeout=30)


def _plain_error(request: Request, code: str, status: int) -> Response:
    """A catalog message as JSON (API) or the error page, for errors raised below the services."""
    locale = get_locale(request)
    if request.url.path.startswith("/api/"):
        headers = {"retry-after": "60"} if status == 503 else None
        return error_json(code, status, locale=locale, headers=headers)
    message = translate(code, locale)
    return render(request, "error.html", {"message": message, "status": status}, status_code=status)


def _install_storage_errors(app: FastAPI) -> None:
    """A database that cannot be written (read-only file or directory, disk full, lock timeout)
    answers 503 with a clear message instead of a bare 500; the request's transaction was
    rolled back, so nothing is half-written. An integer beyond 64 bits in a path or query
    (``/needs/99999999999999999999``) cannot exist in the database: 422, not a 500 from the
    SQLite driver (found by the API fuzzer)."""

    @app.exception_handler(OperationalError)
    async def storage_error(request: Request, err: OperationalError) -> Response:
        logging.getLogger("axpartners.web").error(
            "database error on %s: %s", request.url.path, err.orig
        )
        return _plain_error(request, "ops.storage_unavailable", 503)

    @app.exception_handler(OverflowError)
    async def out_of_range(request: Request, _err: OverflowError) -> Response:
        return _plain_error(request, "ops.out_of_range", 422)


# Every router of the app, one module per resource, in name order (the order routes match in).
# A new module in web/routes is added here; tests/unit/test_architecture.py checks none is missing.
ROUTE_MODULES: tuple[ModuleType, ...] = (
    auth,
    calls,
    council,
    jobs,
    matching,
    needs,
    needs_api,
    pages,
    partner_versions,
    partners,
    planning,
    policy,
    projects,
    strengths,
    users,
)


def route_modules() -> list[ModuleType]:
    """Every module in ``web/routes`` (one per resource), in name order."""
    return list(ROUTE_MODULES)
