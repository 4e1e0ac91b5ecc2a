"""Every error code raised by the analytics and statistics modules has ko and en messages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from axpartners.i18n.catalog import load_catalog

SRC = Path(__file__).parents[3] / "src" / "axpartners"
FILES = [
    *sorted((SRC / "analytics").glob("*.py")),
    *sorted((SRC / "io").glob("stats*.py")),
    SRC / "cli" / "strengths.py",
]
CODE = re.compile(r"""["']((?:analytics|stats|import)\.[a-z_.]+[a-z])["']""")


def _codes() -> set[str]:
    found: set[str] = set()
    for path in FILES:
        found |= set(CODE.findall(path.read_text(encoding="utf-8")))
    return found


def test_codes_were_found() -> None:
    assert {"analytics.zero_matrix", "stats.duplicate_cell"} <= _codes()


@pytest.mark.parametrize("code", sorted(_codes()))
def test_code_has_korean_and_english(code: str) -> None:
    entry = load_catalog().get(code)
    assert entry is not None, code
    assert entry.get("ko")
    assert entry.get("en")


def test_quadrant_labels_exist() -> None:
    for quadrant in ("ideal", "low_risk_low_gain", "high_risk_high_gain", "least_attractive"):
        assert f"analytics.quadrant.{quadrant}" in load_catalog()
