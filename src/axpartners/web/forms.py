"""Small parsers for posted form fields shared by the page routes."""

from __future__ import annotations

from axpartners.errors import InputError


def optional_int(raw: object, *, column: str = "ref") -> int | None:
    """An optional whole number from a form field ("" → None); anything else is an InputError
    naming the field."""
    text = str(raw or "").strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise InputError("import.bad_value", column=column, value=text, hint="id") from None
