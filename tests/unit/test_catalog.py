"""Every message code has Korean and English text, and every code raised in src/ is in the catalog."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from axpartners.errors import InputError
from axpartners.i18n.catalog import load_catalog, render_error, translate

SRC = Path(__file__).resolve().parents[2] / "src" / "axpartners"
# Error("code", …) and translate("code", …) call sites in the source tree.
RAISED = re.compile(
    r"""(?:Error|NotFound|Conflict|Denied|Limited|translate)\(\s*["']([a-z_]+(?:\.[a-z0-9_]+)+)["']"""
)


def test_every_code_has_korean_and_english():
    missing = [
        code for code, texts in load_catalog().items() if not texts.get("ko") or not texts.get("en")
    ]
    assert not missing


def test_every_raised_code_is_in_the_catalog():
    catalog = load_catalog()
    used = {
        m.group(1)
        for path in SRC.rglob("*.py")
        for m in RAISED.finditer(path.read_text(encoding="utf-8"))
    }
    used |= {
        m.group(1)
        for path in SRC.rglob("*.py")
        for m in re.finditer(r'default_code = "([a-z_.]+)"', path.read_text(encoding="utf-8"))
    }
    assert used, "the scan found no codes: the pattern is broken"
    assert sorted(used - set(catalog)) == []


def test_templates_use_known_ui_codes():
    catalog = load_catalog()
    templates = SRC / "web" / "templates"
    used = {
        m.group(1)
        for path in templates.rglob("*.html")
        for m in re.finditer(r"t\('(ui\.[a-z0-9_.]*[a-z0-9_])'", path.read_text(encoding="utf-8"))
    }
    assert len(used) > 20
    assert sorted(used - set(catalog)) == []


@pytest.mark.parametrize(
    ("locale", "expected"), [("ko", "필수 열 'kind'"), ("en", "Required column 'kind'")]
)
def test_render_error_has_location_and_locale(locale, expected):
    err = InputError("import.missing_column", file="p.csv", row=1, column="kind", found="id, name")
    text = render_error(err, locale)
    assert text.startswith("p.csv:1:kind: ")
    assert expected in text


def test_unknown_code_and_missing_params_do_not_crash():
    assert translate("no.such.code") == "no.such.code"
    assert "{column}" in translate("import.required_value", "en")
