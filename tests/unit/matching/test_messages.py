from __future__ import annotations

import re
from pathlib import Path

import axpartners.cli.match
import axpartners.matching
from axpartners.i18n.catalog import load_catalog

SOURCES = [
    *Path(axpartners.matching.__file__).parent.glob("*.py"),
    Path(axpartners.cli.match.__file__),
]
CODE = re.compile(r'"((?:matching|import)\.[a-z_.]+)"')


def test_every_code_used_has_ko_and_en():
    catalog = load_catalog()
    used = {code for path in SOURCES for code in CODE.findall(path.read_text(encoding="utf-8"))}
    assert "matching.partner_no_text" in used
    missing = [
        c
        for c in sorted(used)
        if not (catalog.get(c, {}).get("ko") and catalog.get(c, {}).get("en"))
    ]
    assert missing == []
