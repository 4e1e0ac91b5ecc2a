"""The one place that turns an error into an HTTP response: JSON under ``/api/`` (one body,
``api_errors.error_json``), else an HTML page or, for htmx, a fragment.

* an :class:`AxError` answers with its class's status; a visitor who is not logged in and
  opens a page is sent to the login form, which says why (``auth.login_required``);
* a path that matches no route is an HTML page for browsers (``http.not_found``) and FastAPI's
  own JSON under ``/api/``.
"""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from axpartners.errors import AxError
from axpartners.i18n.catalog import render_error, translate
from axpartners.web.api_errors import error_json
from axpartners.web.deps import get_locale, render


def status_for(err: AxError, *, authenticated: bool) -> int:
    """The HTTP status of ``err``: each class of the tree carries its own (``errors.py``)."""
    return err.status(authenticated=authenticated)


LOGIN_REQUIRED = "required"
"""``reason`` of the login redirect: the login page then says a login is needed."""


def install(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def handle_http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404 and not request.url.path.startswith("/api/"):
            message = translate("http.not_found", get_locale(request))
            return render(
                request, "error.html", {"message": message, "status": 404}, status_code=404
            )
        return await http_exception_handler(request, exc)

    @app.exception_handler(AxError)
    async def handle_ax_error(request: Request, err: AxError) -> Response:
        actor = getattr(request.state, "actor", None)
        authenticated = bool(actor is not None and actor.is_authenticated)
        status = status_for(err, authenticated=authenticated)
        locale = get_locale(request)
        message = render_error(err, locale)
        if request.url.path.startswith("/api/"):
            headers = {"www-authenticate": "Bearer"} if status == 401 else None
            return error_json(err, status, locale=locale, headers=headers)
        if status == 401 and request.method == "GET":
            query = urlencode({"next": request.url.path, "reason": LOGIN_REQUIRED})
            return Response(status_code=303, headers={"location": f"/login?{query}"})
        template = (
            "_error_fragment.html" if request.headers.get("hx-request") == "true" else "error.html"
        )
        return render(request, template, {"message": message, "status": status}, status_code=status)
