"""Every message code the planning and reports code uses exists in Korean and English."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from axpartners.i18n.catalog import load_catalog
from axpartners.planning.candidates import DEFAULT_PROFILES
from axpartners.planning.leadmap import LEAD_GROUPS
from axpartners.planning.onepager import SECTION_KEYS
from axpartners.reports.briefing import SECTIONS

SRC = Path(__file__).parents[3] / "src" / "axpartners"
LITERAL = re.compile(r"""["']((?:planning|reports)\.[a-z_.\-]+[a-z_\-])["']""")


def _literal_codes() -> set[str]:
    codes: set[str] = set()
    for folder in ("planning", "reports"):
        for path in (SRC / folder).rglob("*"):
            if path.suffix in {".py", ".html"}:
                codes.update(LITERAL.findall(path.read_text(encoding="utf-8")))
    return codes


SAY = re.compile(r"""say\(\s*f?["']([a-z_.\-]+)["']""")
SAY_PREFIX = {"leadmap.py": "planning.leadmap.", "onepager.py": "planning.onepager."}


def _say_codes() -> set[str]:
    codes: set[str] = set()
    for name, prefix in SAY_PREFIX.items():
        text = (SRC / "planning" / name).read_text(encoding="utf-8")
        codes |= {prefix + c for c in SAY.findall(text) if not c.endswith(".")}
    codes |= {f"planning.leadmap.growth_{k}" for k in ("up", "down", "flat")}
    codes |= {"planning.leadmap.rca_high", "planning.leadmap.rca_low", "planning.leadmap.pci_low"}
    return codes


def _dynamic_codes() -> set[str]:
    codes = {f"reports.section.{k}" for k in SECTIONS}
    codes |= {f"planning.onepager.heading.{k}" for k in SECTION_KEYS}
    codes |= {f"planning.onepager.kpi.{k}" for k in DEFAULT_PROFILES}
    for group, leaves in LEAD_GROUPS.items():
        codes |= {f"planning.component.{k}" for k in (group, *leaves)}
    codes |= {f"planning.leadmap.verdict.{k}" for k in LEAD_GROUPS}
    codes |= {f"planning.leadmap.level.{k}" for k in ("high", "mid", "low")}
    codes |= {f"reports.marker.{k}" for k in ("data", "template", "llm")}
    codes |= {f"reports.legend.{k}" for k in ("data", "template", "llm")}
    return codes


@pytest.mark.parametrize("code", sorted(_literal_codes() | _dynamic_codes() | _say_codes()))
def test_code_has_korean_and_english(code):
    entry = load_catalog().get(code)
    assert entry is not None, code
    assert entry.get("ko")
    assert entry.get("en")


def test_scan_found_codes():
    assert len(_literal_codes()) > 20
    assert "planning.leadmap.rank" in _say_codes()
    assert "planning.onepager.budget.split" in _say_codes()
