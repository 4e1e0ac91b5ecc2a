"""The one exception tree of AX Partners.

    AxError                     base; carries a stable ``code`` and ``params``
    ├── InputError              bad file, row, column or value supplied by a user
    ├── NotFound                a referenced record does not exist
    ├── Conflict                a write would break uniqueness or a state rule
    ├── PermissionDenied        the caller's role may not do this
    └── AnalyticsError          the data cannot be analysed (e.g. all-zero matrix)

Errors carry a ``code`` (``"import.missing_column"``) and ``params`` rather than a rendered
sentence. The web layer and the CLI render them through the message catalog
(:mod:`axpartners.i18n`) in Korean, with English as the fallback; ``str(err)`` gives a plain
English rendering for logs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class AxError(Exception):
    """Base class: ``code`` is stable and machine-readable, ``params`` fill the message."""

    default_code = "error"

    def __init__(self, code: str | None = None, /, **params: Any) -> None:
        self.code = code or self.default_code
        self.params: Mapping[str, Any] = params
        super().__init__(self.code)

    def __str__(self) -> str:
        # Imported lazily: the catalog imports nothing from here, but keep errors.py leaf-level.
        from axpartners.i18n.catalog import render_error

        return render_error(self, locale="en")

    def location(self) -> str:
        """``file:row:column`` for input errors that know where they happened, else ''."""
        parts = [str(self.params[k]) for k in ("file", "row", "column") if self.params.get(k)]
        return ":".join(parts)


class InputError(AxError):
    default_code = "input.invalid"


class NotFound(AxError):
    default_code = "not_found"


class Conflict(AxError):
    default_code = "conflict"


class PermissionDenied(AxError):
    default_code = "permission.denied"


class AnalyticsError(AxError):
    default_code = "analytics.error"
