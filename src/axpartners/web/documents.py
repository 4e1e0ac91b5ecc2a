"""Generated documents served by the app (the briefing pack in HTML) under its CSP.

A briefing saved to disk must open offline, so its stylesheet stays inline; served by the app,
that ``<style>`` would be blocked by ``style-src 'self'``. Each response gets a fresh nonce: the
renderer writes it on the ``<style>`` tag and this response's policy admits exactly that tag,
so nothing else inline (an injected ``<style>`` or ``style=`` attribute) is allowed.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

from starlette.responses import Response

from axpartners.web.security import content_security_policy


def new_nonce() -> str:
    """A per-response nonce (128 random bits, URL-safe base64)."""
    return secrets.token_urlsafe(16)


def html_document(render: Callable[[str], bytes]) -> Response:
    """Serve the UTF-8 HTML that ``render(nonce)`` produces, with a CSP admitting its nonce."""
    nonce = new_nonce()
    return Response(
        render(nonce),
        media_type="text/html; charset=utf-8",
        headers={
            "content-security-policy": content_security_policy(style_nonce=nonce),
            "cache-control": "no-store",
        },
    )
