"""The JSON API's error responses, declared once in its OpenAPI for every operation.

Every refusal on ``/api/v1`` has the same body (``web/errors.py``): a stable ``code`` from the
message catalog, the message in Korean and English, and the values it refers to. Declaring the
statuses lets clients (and the schemathesis fuzzer's status-code check) know what to expect.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from axpartners.errors import AxError
from axpartners.i18n.catalog import render_error, translate


class ErrorBody(BaseModel):
    code: str = Field(description="Stable message code, e.g. `needs.text_required`.")
    message: str = Field(description="Korean message.")
    message_en: str = Field(description="English message.")
    params: dict[str, str | int | float] = Field(
        default_factory=dict, description="Values the message refers to (file, row, column…)."
    )


class ErrorOut(BaseModel):
    error: ErrorBody


class ValidationErrorOut(BaseModel):
    """FastAPI's own refusal of a request that does not match the schema."""

    detail: list[dict[str, Any]]


def _error(description: str) -> dict[str, Any]:
    return {"model": ErrorOut, "description": description}


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: _error("Unreadable input (a file, a table row or column)."),
    401: _error("Not logged in: send `Authorization: Bearer <token>` or the session cookie."),
    403: _error("Logged in without the role or organisation this needs, or a bad CSRF token."),
    404: _error("No such record."),
    409: _error("Conflicts with what is stored (duplicate, already done, changed meanwhile)."),
    413: _error("Upload larger than `AXP_MAX_UPLOAD_MB`."),
    422: {
        "model": ErrorOut | ValidationErrorOut,
        "description": "Invalid values: the catalog error, or FastAPI's validation detail.",
    },
    429: _error("Too many requests from this client; retry later."),
    503: _error("The database cannot be written right now (read-only, disk full, locked)."),
}


def error_json(
    err: AxError | str,
    status: int,
    *,
    locale: str = "ko",
    params: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    """The one JSON body of an API refusal (:class:`ErrorOut`).

    ``err`` is an :class:`AxError` (its code, located message and params) or a bare catalog
    code with its ``params`` (a refusal made below the services: storage, the size guard).
    """
    if isinstance(err, AxError):
        code, values = err.code, dict(err.params)
        message, message_en = render_error(err, locale), render_error(err, "en")
    else:
        code, values = err, dict(params or {})
        message, message_en = translate(err, locale, **values), translate(err, "en", **values)
    plain = {k: v for k, v in values.items() if isinstance(v, str | int | float)}
    body = {"code": code, "message": message, "message_en": message_en, "params": plain}
    return JSONResponse({"error": body}, status_code=status, headers=dict(headers or {}) or None)
