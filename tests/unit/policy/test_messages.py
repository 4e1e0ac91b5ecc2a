"""Every error/warning code the policy core can produce has a Korean and an English message."""

from __future__ import annotations

import re
from pathlib import Path

import axpartners.policy
from axpartners.i18n.catalog import load_catalog

SRC = Path(axpartners.policy.__file__).resolve().parent


def test_every_policy_code_has_ko_and_en():
    codes = set()
    for path in SRC.rglob("*.py"):
        codes |= set(re.findall(r'"(policy\.[a-z_]+)"', path.read_text(encoding="utf-8")))
    assert len(codes) >= 15
    catalog = load_catalog()
    for code in sorted(codes):
        assert code in catalog, code
        assert catalog[code].get("ko"), code
        assert catalog[code].get("en"), code
