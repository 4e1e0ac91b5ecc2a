"""Sessions, bearer tokens, CSRF and security headers."""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated, Any

from fastapi import Depends
from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.datastructures import FormData, Headers, MutableHeaders
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from axpartners.errors import CsrfError
from axpartners.i18n.catalog import translate
from axpartners.web.api_errors import error_json

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


def csrf_token(request: Request) -> str:
    """The session's CSRF token, created on first use."""
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return str(token)


async def verify_csrf(request: Request) -> None:
    """Reject a state-changing form post whose token does not match the session's."""
    expected = request.session.get("csrf")
    supplied = request.headers.get(CSRF_HEADER)
    if supplied is None:
        form = await request.form()
        value = form.get(CSRF_FIELD)
        supplied = value if isinstance(value, str) else None
    if not expected or not supplied or not hmac.compare_digest(str(expected), supplied):
        raise CsrfError()


async def csrf_form(request: Request) -> FormData:
    """The posted form, once its CSRF token has been checked.

    As a dependency (:data:`CsrfForm`) it lets a form handler be a plain ``def``: the body is
    read on the event loop, then FastAPI runs the handler (database work, rendering) in its
    thread pool, so a slow write or a waiting row lock never stalls other requests.
    """
    await verify_csrf(request)
    return await request.form()


CsrfForm = Annotated[FormData, Depends(csrf_form)]
#: For a form handler that needs only the check: ``@router.post(..., dependencies=[CSRF])``.
CSRF = Depends(csrf_form)


class TokenSigner:
    """Stateless bearer tokens: a signed ``(user_id, session_version)`` with an expiry."""

    def __init__(self, secret: str, *, max_age_s: int) -> None:
        self._serializer = URLSafeTimedSerializer(secret, salt="axp-api-token")
        self._max_age_s = max_age_s

    def issue(self, user_id: int, session_version: int) -> str:
        return self._serializer.dumps([user_id, session_version])

    def read(self, token: str) -> tuple[int, int] | None:
        try:
            user_id, version = self._serializer.loads(token, max_age=self._max_age_s)
        except (BadSignature, ValueError, TypeError):
            return None
        return int(user_id), int(version)


def content_security_policy(*, style_nonce: str | None = None) -> str:
    """The app's CSP; ``style_nonce`` also admits the one ``<style nonce=…>`` of a generated
    document (the briefing pack), never ``'unsafe-inline'``."""
    style = f"'self' 'nonce-{style_nonce}'" if style_nonce else "'self'"
    return (
        f"default-src 'self'; script-src 'self'; style-src {style}; img-src 'self' data:; "
        "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
        "form-action 'self'; frame-ancestors 'none'"
    )


_HEADERS = {
    "content-security-policy": content_security_policy(),
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
    "cross-origin-opener-policy": "same-origin",
}


class SecurityHeaders:
    """Add the security headers to every HTTP response (a plain ASGI middleware: no extra task
    and body stream per request, unlike ``BaseHTTPMiddleware``)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        is_api = str(scope.get("path", "")).startswith("/api/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in _HEADERS.items():
                    if name not in headers:
                        headers[name] = value
                if is_api and "cache-control" not in headers:
                    headers["cache-control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_with_headers)


def client_key(request: Request) -> str:
    client: Any = request.client
    return str(client.host) if client else "unknown"


class UploadSizeGuard:
    """Refuse a request whose declared ``Content-Length`` exceeds the limit, before reading it.

    FastAPI's own body cap (``max_body_size``) still stops bodies that stream past the limit
    without declaring a length; this guard only adds a message people can read (ko and en).
    """

    def __init__(self, app: ASGIApp, *, max_bytes: int, limit_mb: int) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.limit_mb = limit_mb

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            declared = Headers(scope=scope).get("content-length", "")
            if declared.isdigit() and int(declared) > self.max_bytes:
                texts = {
                    loc: translate("upload.too_large", loc, limit_mb=self.limit_mb)
                    for loc in ("ko", "en")
                }
                response: Response
                if str(scope.get("path", "")).startswith("/api/"):
                    response = error_json(
                        "upload.too_large", 413, params={"limit_mb": self.limit_mb}
                    )
                else:
                    page = f"<!doctype html><meta charset=utf-8><title>413</title><p>{texts['ko']}</p><p lang=en>{texts['en']}</p>"
                    response = HTMLResponse(page, status_code=413)
                response.headers["connection"] = "close"
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
