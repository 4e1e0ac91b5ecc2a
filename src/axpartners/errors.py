"""The one exception tree of AX Partners.

    class                       HTTP  exit  meaning
    AxError                     400   2     base; carries a stable ``code`` and ``params``
    ├── InputError              422*  2     bad file, row, column or value supplied by a user
    │   └── UploadTooLarge      413   2     an upload over ``max_upload_mb``
    ├── NotFound                404   2     a referenced record does not exist
    ├── Conflict                409   2     a write would break uniqueness or a state rule
    ├── PermissionDenied        403*  2     the caller's role may not do this
    │   └── InvalidLogin        403*  2     unknown user or wrong password (one message for both)
    ├── CsrfError               403   2     a form post without the session's CSRF token
    ├── RateLimited             429   2     too many requests in the window
    │   └── LoginThrottled      429   2     too many login attempts
    ├── AnalyticsError          400   2     the data cannot be analysed (e.g. all-zero matrix)
    └── UpstreamFailed          502   2     an outside service (the optional LLM) failed

    * InputError answers 400 when it names a file (the upload was bad) and 422 otherwise;
      PermissionDenied answers 401 to a caller who is not logged in.

Each class carries its ``http_status`` and ``exit_code``; :meth:`AxError.status` is the one
mapping the web layer uses (``web/errors.py`` renders JSON and HTML from it), and the CLI exits
with ``exit_code``.

Errors carry a ``code`` (``"import.missing_column"``) and ``params`` rather than a rendered
sentence. The web layer and the CLI render them through the message catalog
(:mod:`axpartners.i18n`) in Korean, with English as the fallback; ``str(err)`` gives a plain
English rendering for logs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from axpartners.i18n.catalog import render_error

EXIT_USER_ERROR = 2


class AxError(Exception):
    """Base class: ``code`` is stable and machine-readable, ``params`` fill the message."""

    default_code = "error"
    http_status: ClassVar[int] = 400
    exit_code: ClassVar[int] = EXIT_USER_ERROR

    def __init__(self, code: str | None = None, /, **params: Any) -> None:
        self.code = code or self.default_code
        self.params: Mapping[str, Any] = params
        super().__init__(self.code)

    def __str__(self) -> str:
        return render_error(self, locale="en")

    def location(self) -> str:
        """``file:row:column`` for input errors that know where they happened, else ''."""
        parts = [str(self.params[k]) for k in ("file", "row", "column") if self.params.get(k)]
        return ":".join(parts)

    def status(self, *, authenticated: bool) -> int:  # noqa: ARG002 - one signature for all
        """The HTTP status this error answers with (``authenticated``: a user is logged in)."""
        return self.http_status


class InputError(AxError):
    default_code = "input.invalid"
    http_status = 422

    def status(self, *, authenticated: bool) -> int:  # noqa: ARG002 - one signature for all
        return self.http_status if self.params.get("file") is None else 400


class UploadTooLarge(InputError):
    default_code = "policy.too_large"
    http_status = 413

    def status(self, *, authenticated: bool) -> int:  # noqa: ARG002 - one signature for all
        return self.http_status


class NotFound(AxError):
    default_code = "not_found"
    http_status = 404


class Conflict(AxError):
    default_code = "conflict"
    http_status = 409


class PermissionDenied(AxError):
    default_code = "permission.denied"
    http_status = 403

    def status(self, *, authenticated: bool) -> int:
        return self.http_status if authenticated else 401


class InvalidLogin(PermissionDenied):
    default_code = "auth.invalid_login"


class CsrfError(AxError):
    default_code = "auth.csrf"
    http_status = 403


class RateLimited(AxError):
    default_code = "ratelimit.exceeded"
    http_status = 429


class LoginThrottled(RateLimited):
    default_code = "auth.throttled"


class AnalyticsError(AxError):
    default_code = "analytics.error"


class UpstreamFailed(AxError):
    """An outside service the caller asked for failed; ``code``/``params`` are its cause's."""

    default_code = "upstream.failed"
    http_status = 502
