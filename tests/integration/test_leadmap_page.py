"""The lead map reads on one screen, in one money style, in the chosen language (issue 16)."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.integration

HANGUL = re.compile(r"[가-힣]")


def _rows(html: str) -> list[str]:
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    return body.split("<tr>")[1:]


def _visible(fragment: str) -> str:
    """Text a reader sees: tags and their attributes (titles, hrefs) removed."""
    return re.sub(r"<[^>]+>", " ", fragment)


def test_boilerplate_is_explained_once_above_the_table(world):
    html = world.login("staff").get("/planning/leadmap").text
    rows = _rows(html)
    assert len(rows) >= 10
    assert html.count('id="leadmap-key"') == 1
    assert html.index('id="leadmap-key"') < html.index("<tbody>")
    # The verdicts and the measure explanations are not repeated per row any more.
    for sentence in ("가장 큰 근거로", "전국 평균보다", "관련 산업 기반이"):
        assert sum(sentence in r for r in rows) == 0, sentence
    # Each row still says its evidence, in short facts, and names its main reason.
    first = _visible(rows[0])
    assert "특화도(RCA)" in first
    assert "주된 근거:" in first
    assert all(len(_visible(r).split()) < 90 for r in rows), "rows stay short"


def test_industries_go_by_short_names_and_money_by_eok(world):
    html = world.login("staff").get("/planning/leadmap").text
    assert "백만원" not in html
    fields = re.findall(r'<td class="field">(.*?)</td>', html, flags=re.S)
    assert fields
    for cell in fields:
        name = re.search(r"<span title=\"[^\"]*\">([^<]+)</span>", cell)
        assert name, cell
        assert len(name.group(1)) <= 12, name.group(1)  # 금속가공, not the whole KSIC title
    # The full KSIC name is kept as the hover title, never cut after "및".
    titles = re.findall(r'<span title="(\d\d [^"]+)">', html)
    assert titles
    assert not any(t.rstrip().endswith("및") for t in titles)


def test_english_lead_map_has_english_generated_text(world):
    client = world.login("staff")
    client.get("/lang/en?next=/", follow_redirects=False)
    html = client.get("/planning/leadmap").text
    assert "Where we can lead in AI — Busan" in html
    for row in _rows(html):
        # Visible text of a row is English; partner and policy names stay in hover titles.
        assert not HANGUL.search(_visible(row)), _visible(row)
    sources = html[html.index('id="leadmap-sources"') :].split("</ul>")[0]
    assert "Demand:" in sources
    assert "Supply:" in sources
    exported = client.get("/planning/leadmap/export.csv").content.decode("utf-8-sig")
    assert "specialisation (RCA)" in exported
    assert "백만원" not in exported
