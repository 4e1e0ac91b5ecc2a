"""The one place that turns an :class:`AxError` into an HTTP response (JSON, fragment or page)."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import Response

from axpartners.errors import AxError
from axpartners.i18n.catalog import render_error
from axpartners.web.api_errors import error_json
from axpartners.web.deps import get_locale, render


def status_for(err: AxError, *, authenticated: bool) -> int:
    """The HTTP status of ``err``: each class of the tree carries its own (``errors.py``)."""
    return err.status(authenticated=authenticated)


def install(app: FastAPI) -> None:
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
            return Response(
                status_code=303, headers={"location": f"/login?next={request.url.path}"}
            )
        template = (
            "_error_fragment.html" if request.headers.get("hx-request") == "true" else "error.html"
        )
        return render(request, template, {"message": message, "status": status}, status_code=status)
