from __future__ import annotations

import re
from pathlib import Path

import pytest

from axpartners.i18n.catalog import load_catalog

SRC = Path(__file__).parents[3] / "src" / "axpartners"
FILES = [
    *sorted((SRC / "text").glob("*.py")),
    *sorted((SRC / "classify").glob("*.py")),
    SRC / "cli" / "classify.py",
]
CODE = re.compile(r"InputError\(\s*\"([a-z_.]+)\"")


def _codes() -> list[str]:
    return sorted({c for f in FILES for c in CODE.findall(f.read_text(encoding="utf-8"))})


def test_codes_were_found() -> None:
    assert "text.bad_index" in _codes()
    assert "classify.bad_model" in _codes()


@pytest.mark.parametrize("code", _codes())
def test_every_raised_code_has_korean_and_english(code: str) -> None:
    entry = load_catalog().get(code)
    assert entry is not None, code
    assert entry.get("ko")
    assert entry.get("en")
