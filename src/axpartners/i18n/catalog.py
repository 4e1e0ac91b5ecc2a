"""Korean/English message catalog.

Messages live in ``messages/<area>.yaml`` files, one per product area, each mapping a stable
``code`` to ``{ko: ..., en: ...}`` templates with ``str.format`` placeholders. Korean is the
default locale, English the fallback. No user-facing sentence is written in Python code.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from axpartners.errors import AxError

_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

LOCALES = ("ko", "en")
DEFAULT_LOCALE = "ko"


@cache
def load_catalog() -> Mapping[str, Mapping[str, str]]:
    """All messages from every ``messages/*.yaml`` file, keyed by code."""
    merged: dict[str, dict[str, str]] = {}
    folder = resources.files("axpartners.i18n").joinpath("messages")
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if not entry.name.endswith(".yaml"):
            continue
        # libyaml's loader when PyYAML has it: the pure-Python one takes ~0.7 s for the catalog
        data = yaml.load(entry.read_text(encoding="utf-8"), Loader=_SafeLoader) or {}
        for code, texts in data.items():
            if code in merged:
                raise ValueError(f"message code {code!r} defined twice (in {entry.name})")
            merged[code] = {str(k): str(v) for k, v in texts.items()}
    return merged


class _Defaulting(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def translate(code: str, locale: str = DEFAULT_LOCALE, /, **params: Any) -> str:
    """The message for ``code`` in ``locale`` (falling back to en, then to the code itself)."""
    texts = load_catalog().get(code)
    if texts is None:
        return code
    template = texts.get(locale) or texts.get("en") or code
    return template.format_map(_Defaulting(params))


def render_error(err: AxError, locale: str = DEFAULT_LOCALE, *, located: bool = True) -> str:
    """One line: the message, prefixed with ``file:row:column`` where the error knows it.

    ``located=False`` leaves the prefix out, for forms where the field is right beside the message.
    """
    text = translate(err.code, locale, **dict(err.params))
    where = err.location() if located else ""
    return f"{where}: {text}" if where else text
