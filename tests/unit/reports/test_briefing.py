from __future__ import annotations

import base64
import re

import pytest

from axpartners.errors import InputError
from axpartners.i18n.catalog import load_catalog
from axpartners.reports.briefing import SECTIONS, render_briefing_file, render_briefing_html
from axpartners.reports.pack import BriefingPack


@pytest.fixture(scope="module")
def html(small_pack: BriefingPack) -> str:
    return render_briefing_html(small_pack)


def test_html_is_self_contained(html):
    assert not re.search(r"https?://", html)
    assert not re.search(r"""(?:src|href)\s*=\s*["'](?!data:|#)""", html)
    # The only <link> is an empty data: icon, so a browser asks for no /favicon.ico (a 404).
    assert re.findall(r"<link[^>]*>", html) == ['<link rel="icon" href="data:,">']
    assert "<script" not in html


def test_style_nonce_goes_on_the_one_style_tag(small_pack):
    assert re.findall(r"<style[^>]*>", render_briefing_html(small_pack)) == ["<style>"]
    tagged = render_briefing_html(small_pack, style_nonce="abc123-_XYZ")
    assert re.findall(r"<style[^>]*>", tagged) == ['<style nonce="abc123-_XYZ">']
    assert " style=" not in tagged  # nothing inline that a nonce would not cover


def test_html_embeds_every_chart_as_svg_data_uri(html):
    uris = re.findall(r'src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"', html)
    assert len(uris) == 5  # demand, opportunities, lead map, candidates, pipeline
    for uri in uris:
        assert base64.b64decode(uri).lstrip().startswith(b"<?xml")


def test_html_sections_and_content(html, small_pack):
    catalog = load_catalog()
    for key in SECTIONS:
        assert catalog[f"reports.section.{key}"]["ko"] in html
    assert small_pack.cover.council_name in html
    assert "금속가공 비전검사 실증" in html
    assert "합성 데이터(예시)" in html
    assert "기한 경과" in html
    # escaped, not interpreted
    assert "제조 AI 전환 지원 &lt;확대&gt;" in html
    # money in the app's one style: 5,000백만원 is 50억원
    assert '<td class="num">50억원</td>' in html
    assert "백만원" not in html.split('id="policy"', 1)[1].split("</section>", 1)[0]
    assert "KRW 5 billion" in render_briefing_html(small_pack, locale="en")


def test_html_shows_score_components_that_add_up(html, small_pack):
    cand = small_pack.candidates[0]
    assert f"{cand.score:.1f}" in html
    for comp in cand.components:
        assert f"{comp.label} <b>{comp.points:.1f}</b>" in html
    assert sum(c.points for c in cand.components) == pytest.approx(cand.score)


def test_html_marks_data_and_template_sentences(html):
    assert re.search(r'class="s s-data"[^>]*>연관 밀도가 0.62입니다.<sup>데이터</sup>', html)
    assert re.search(r'class="s s-template"[^>]*>선도 가능 분야입니다.<sup>템플릿</sup>', html)


def test_html_appendix_has_the_onepager(html, small_pack):
    onepager = small_pack.onepagers[0]
    assert '<section id="onepagers">' in html
    assert f"<h3>{onepager.title}</h3>" in html
    for section in onepager.sections:
        assert f"<dt>{section.heading}</dt>" in html


def test_empty_pack_renders_placeholders(empty_pack):
    html = render_briefing_html(empty_pack)
    assert html.count("자료 없음") >= 5
    assert "data:image" not in html
    assert "빈 회의" in html
    assert "onepagers" not in html


def test_english_locale(small_pack):
    html = render_briefing_html(small_pack, locale="en")
    assert "Top project candidates" in html
    assert 'lang="en"' in html


def test_render_briefing_file_by_suffix(empty_pack):
    assert render_briefing_file(empty_pack, filename="out/Briefing.HTML").startswith(
        b"<!doctype html>"
    )
    assert render_briefing_file(empty_pack, filename="b.pdf").startswith(b"%PDF-")
    for bad in ("b.docx", "briefing"):
        with pytest.raises(InputError) as info:
            render_briefing_file(empty_pack, filename=bad)
        assert info.value.code == "reports.bad_output"
        assert info.value.params["file"] == bad
