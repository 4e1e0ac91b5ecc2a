from __future__ import annotations

import dataclasses
import io
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest

from axpartners.i18n.catalog import load_catalog
from axpartners.planning.provenance import Sentence, Source
from axpartners.reports.briefing import SECTIONS, render_briefing_pdf
from axpartners.reports.pack import (
    ActionItem,
    BriefingPack,
    DemandMap,
    LeadFieldView,
    NeedSummary,
    PolicyHighlight,
)

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")


@pytest.fixture(scope="module")
def pdf_path(small_pack: BriefingPack, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path: Path = tmp_path_factory.mktemp("pdf") / "briefing.pdf"
    path.write_bytes(render_briefing_pdf(small_pack))
    return path


def _text(path: Path, *args: str) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *args, str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def test_pdf_text_is_extractable_korean(pdf_path, small_pack):
    text = _text(pdf_path)
    catalog = load_catalog()
    for key in SECTIONS:
        assert catalog[f"reports.section.{key}"]["ko"] in text
    assert "금속가공 비전검사 실증" in text
    assert "조선 용접 로봇 실증" in text
    assert "합성 데이터(예시)" in text
    assert "기한 경과" in text
    assert "[데이터]" in text
    assert "[템플릿]" in text
    # appendix: the one-pager with all eight headings
    appendix = text[text.index("부록. 후보 과제 개요서", text.index("7. 미결 조치 사항")) :]
    for heading in ("배경", "문제", "목표", "추진체계", "일정", "예산(안)", "기대효과", "KPI"):
        assert heading in appendix
    assert small_pack.onepagers[0].title in appendix


def test_pdf_cover_has_council_name_and_date(pdf_path):
    cover = _text(pdf_path, "-f", "1", "-l", "1")
    assert "부산테크노파크 AI전략 파트너스 협의회" in cover
    assert "2025-12-30" in cover
    assert "제1차 AI전략 파트너스 협의회 회의" in cover


def test_pdf_pages_are_numbered(pdf_path):
    pages = len(pypdf.PdfReader(pdf_path).pages)
    assert pages >= 3
    for page in range(2, pages + 1):
        assert f"{page}쪽" in _text(pdf_path, "-f", str(page), "-l", str(page))


def test_pdf_fonts_are_embedded(pdf_path):
    out = subprocess.run(
        ["pdffonts", str(pdf_path)], check=True, capture_output=True, text=True
    ).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    assert rows
    assert any("NanumGothic" in row[0] for row in rows)
    for row in rows:
        # columns: name type [type] encoding emb sub uni id gen; emb is 5th from the end
        assert row[-5] == "yes", out


def test_pdf_contains_the_charts(pdf_path):
    reader = pypdf.PdfReader(pdf_path)
    images = sum(len(page.images) for page in reader.pages)
    assert images == 5
    listing = subprocess.run(
        ["pdfimages", "-list", str(pdf_path)], check=True, capture_output=True, text=True
    ).stdout
    assert sum(1 for line in listing.splitlines()[2:] if line.split()[2] == "image") == 5


def test_empty_pack_pdf_is_valid(empty_pack):
    data = render_briefing_pdf(empty_pack)
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 2
    assert sum(len(p.images) for p in reader.pages) == 0
    text = "".join(p.extract_text() for p in reader.pages)
    assert "자료 없음" in text


def test_huge_free_text_does_not_break_the_layout(small_pack):
    long_text = "아주 긴 정책 요약 문장입니다. " * 800
    pack = dataclasses.replace(
        small_pack,
        policy_highlights=(PolicyHighlight("긴 정책", "출처", (), long_text, None),),
        notes=(Sentence(long_text, Source.DATA),),
        actions=(ActionItem(long_text, "담당", None),),
        lead_fields=(
            LeadFieldView(
                "분야", "산업", 50.0, (), tuple(Sentence(long_text, Source.DATA) for _ in range(5))
            ),
        ),
        new_needs=(NeedSummary("n", "🚀 이모지가 들어간 수요 " + long_text, "회사🚀"),),
        demand_map=DemandMap.from_pairs([("산업🚀", "분야")]),
    )
    reader = pypdf.PdfReader(io.BytesIO(render_briefing_pdf(pack)))
    assert len(reader.pages) < 30
    assert "긴 정책" in "".join(p.extract_text() for p in reader.pages)


def test_rendering_is_deterministic(small_pack):
    assert render_briefing_pdf(small_pack) == render_briefing_pdf(small_pack)
