"""The strengths page says its selectors and chart codes in words (issue 16)."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.integration


def _options(html: str, select_id: str) -> list[tuple[str, str]]:
    block = html[html.index(f'<select id="{select_id}"') :].split("</select>")[0]
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', block)


def test_selectors_show_titles_and_method_names(world):
    html = world.login("staff").get("/strengths").text
    datasets = _options(html, "dataset")
    assert datasets
    for value, text in datasets:
        assert text.strip() != value, f"dataset {value} shown by its id"
        assert "DT_" not in text
        assert len(text) <= 70
    assert any("KOSIS" in text for _, text in datasets)
    conventions = dict(_options(html, "convention"))
    assert conventions["ecomplexity"].startswith("Python ecomplexity 방식")
    assert conventions["stata"].startswith("Stata ecomplexity 방식")


def test_every_chart_code_has_a_name_in_the_key(world):
    client = world.login("staff")
    for dataset in ("kosis-sido-section-estab", "kosis-mfg-division-2024"):
        html = client.get(f"/strengths?dataset={dataset}").text
        key = html[html.index('id="industry-key"') :].split("</details>")[0]
        pairs = re.findall(r"<dt>([^<]+)</dt><dd>([^<]+)</dd>", key)
        assert len(pairs) >= 5, dataset
        assert all(name.strip() and name.strip() != code for code, name in pairs), pairs
        if dataset == "kosis-sido-section-estab":
            assert ("C", "제조업(10~34)") in pairs  # letters on the heatmap axis get a key


def test_english_measures_and_conventions(world):
    client = world.login("staff")
    client.get("/lang/en?next=/", follow_redirects=False)
    html = client.get("/strengths?dataset=kosis-mfg-division-2024").text
    measures = dict(_options(html, "measure"))
    assert measures["종사자수"] == "Employees"
    assert dict(_options(html, "convention"))["stata"].startswith("Stata ecomplexity")
    key = html[html.index('id="industry-key"') :].split("</details>")[0]
    assert "Manufacture of fabricated metal products" in key
