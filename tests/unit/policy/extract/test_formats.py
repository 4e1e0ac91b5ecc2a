"""Our own generated documents (tests/data/policy/make_samples.py) in every format."""

from __future__ import annotations

from pathlib import Path

import pytest

from axpartners.policy.extract import extract_document, extract_file
from axpartners.policy.extract.docx import format_number
from axpartners.policy.structure import structure_document

DATA = Path(__file__).resolve().parents[3] / "data" / "policy"
FILES = ["plan.hwpx", "plan.docx", "plan.pdf", "plan.html", "plan_utf8.txt", "plan_cp949.txt"]
EXPECTED_TABLE = [
    ("과제", "소관 부처", "2026년 예산(억원)"),
    ("AI 비전검사 보급", "중소벤처기업부", "120"),
    ("설비 예지보전", "해양수산부", "45"),
    ("제조 데이터 플랫폼", "과학기술정보통신부", "300"),
]
EXPECTED_PATHS = [
    "\u2160", "\u2160 > 1", "\u2160 > 1 > □1", "\u2160 > 1 > □1 > ○1", "\u2160 > 2", "\u2160 > 2 > □1",
    "Ⅱ", "Ⅱ > 1", "Ⅱ > 1 > 가", "Ⅱ > 1 > 가 > □1", "Ⅱ > 1 > 가 > □1 > ○1",
    "Ⅱ > 1 > 가 > □1 > ○1 > -1", "Ⅱ > 1 > 나", "Ⅱ > 1 > 나 > □1", "Ⅱ > 2", "Ⅱ > 2 > 가",
    "Ⅱ > 2 > 가 > □1", "Ⅲ",
]  # fmt: skip


@pytest.mark.parametrize("name", FILES)
def test_outline_is_the_same_in_every_format(name):
    items = structure_document(extract_file(DATA / name))
    assert [it.path for it in items if it.level > 0] == EXPECTED_PATHS
    by_path = {it.path: it for it in items}
    assert by_path["Ⅱ > 1 > 가"].title == "AI 비전검사 보급"
    assert (
        by_path["Ⅱ > 1 > 가 > □1"].title
        == "조선기자재 용접불량 검출에 비전검사 적용, 2026년 120억원 투입"
    )
    assert "※ 세부 예산은 국회 심의 결과에 따라 변동 가능" in by_path["Ⅱ > 2 > 가 > □1"].text
    assert by_path["Ⅱ > 1 > 가"].parent == by_path["Ⅱ > 1"].seq
    assert by_path["Ⅱ > 1 > 가"].role == "subtask"
    assert by_path["Ⅱ"].role == "chapter"


@pytest.mark.parametrize(
    "name", ["plan.hwpx", "plan.docx", "plan.pdf", "plan.html", "plan_utf8.txt"]
)
def test_budget_table_is_kept(name):
    doc = extract_file(DATA / name)
    if doc.format == "txt":
        assert "AI 비전검사 보급 | 중소벤처기업부 | 120" in doc.text
        return
    (table,) = doc.tables()
    assert list(table.rows) == EXPECTED_TABLE


def test_pdf_pages_and_ocr_report():
    doc = extract_file(DATA / "plan.pdf")
    assert doc.format == "pdf"
    assert doc.page_count == 3
    assert doc.pages_without_text == (3,)
    assert "policy.pdf_pages_without_text" in doc.warnings
    pages = {b.text: b.page for b in doc.blocks}
    assert pages["\u2160. 추진 배경"] == 1
    assert pages["Ⅱ. 추진 과제"] == 2
    assert "- 1 -" not in pages  # running footer dropped
    assert "중소벤처기업부" in doc.text


def test_hwpx_footnote_body():
    doc = extract_file(DATA / "plan.hwpx")
    notes = [b.text for b in doc.blocks if b.kind == "note"]
    assert notes == ["AI 활용률은 2025년 제조업 실태조사 기준"]


def test_docx_renders_automatic_numbering_and_headings():
    doc = extract_file(DATA / "plan.docx")
    texts = [b.text for b in doc.blocks]
    assert "1. 현황" in texts
    assert "가. AI 비전검사 보급" in texts
    assert "나. 설비 예지보전" in texts
    # numbering restarts in chapter Ⅱ (a new w:num with startOverride)
    assert texts.index("1. 제조 현장 AI 도입 지원") > texts.index("Ⅱ. 추진 과제")
    headings = [b for b in doc.blocks if b.kind == "heading"]
    assert [h.text for h in headings] == ["\u2160. 추진 배경", "Ⅱ. 추진 과제", "Ⅲ. 추진 체계"]
    assert {h.level for h in headings} == {1}


@pytest.mark.parametrize(
    ("n", "fmt", "expected"),
    [(1, "decimal", "1"), (2, "ganada", "나"), (14, "ganada", "하"), (3, "chosung", "ㄷ"),
     (1, "decimalEnclosedCircle", "①"), (4, "upperRoman", "IV"), (9, "lowerRoman", "ix"),
     (2, "upperLetter", "B")],
)  # fmt: skip
def test_docx_number_formats(n, fmt, expected):
    assert format_number(n, fmt) == expected


def test_html_drops_script_and_style_and_keeps_title():
    doc = extract_file(DATA / "plan.html")
    assert doc.title == "2026년 제조 AI 전환(AX) 추진계획"
    assert "스크립트" not in doc.text
    assert "광고" not in doc.text
    assert "color" not in doc.text


def test_txt_cp949_equals_utf8():
    a = extract_file(DATA / "plan_utf8.txt")
    b = extract_file(DATA / "plan_cp949.txt")
    assert a.text == b.text
    assert "조선기자재 용접불량" in b.text


def test_html_detected_from_content_without_extension():
    data = "<html><body><p>\u2160. 개요</p><p>1. 목적</p></body></html>".encode()
    doc = extract_document(data, filename="upload")
    assert doc.format == "html"
    assert [b.text for b in doc.blocks] == ["\u2160. 개요", "1. 목적"]


def test_nested_html_table_kept_inside_cell():
    data = (
        "<table><tr><td>바깥</td><td><table><tr><td>안1</td><td>안2</td></tr></table></td></tr></table>"
    ).encode()
    doc = extract_document(data, filename="t.html")
    (table,) = doc.tables()
    assert table.rows == (("바깥", "안1 | 안2"),)


def test_hwpx_automatic_numbering_is_rendered():
    import zipfile

    section = zipfile.ZipFile(DATA / "plan.hwpx").read("Contents/section0.xml").decode()
    assert "<hp:t>현황</hp:t>" in section  # the label is not in the text …
    texts = [b.text for b in extract_file(DATA / "plan.hwpx").blocks]
    assert "1. 현황" in texts  # … the reader renders it from header.xml
    assert "나. 설비 예지보전" in texts
    assert texts.index("1. 제조 현장 AI 도입 지원") > texts.index("Ⅱ. 추진 과제")


def test_pdf_layout_lines_to_tables_and_paragraphs():
    from axpartners.policy.extract.pdf import layout_blocks

    text = "\n".join(
        [
            "  □ 본문   한 줄은   문단",  # a lone line with gaps is not a table
            "",
            " 구분        국비        지방비",
            " 2026년      100         50",
            "   - 7 -",
            " 합계        150         50",
            "○ 다음 문단",
        ]
    )
    blocks = layout_blocks(text, page=4)
    assert [b.kind for b in blocks] == ["paragraph", "table", "paragraph"]
    assert blocks[0].text == "□ 본문 한 줄은 문단"
    assert blocks[1].rows == (
        ("구분", "국비", "지방비"),
        ("2026년", "100", "50"),
        ("합계", "150", "50"),
    )
    assert {b.page for b in blocks} == {4}


@pytest.mark.parametrize(
    "name", ["plan.hwpx", "plan.docx", "plan.pdf", "plan.html", "plan_cp949.txt"]
)
def test_title_is_the_first_line(name):
    assert extract_file(DATA / name).title == "2026년 제조 AI 전환(AX) 추진계획"


def test_docx_text_box_read_once():
    import io
    import zipfile

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    box = "<w:txbxContent><w:p><w:r><w:t>상자 안 글</w:t></w:r></w:p></w:txbxContent>"
    body = (
        f'<w:document xmlns:w="{w}" xmlns:mc="{mc}"><w:body><w:p><w:r><w:t>본문</w:t></w:r>'
        f"<w:r><mc:AlternateContent><mc:Choice>{box}</mc:Choice><mc:Fallback>{box}</mc:Fallback>"
        "</mc:AlternateContent></w:r></w:p><w:p><w:r><w:t>둘째</w:t><w:delText>지운 글</w:delText></w:r></w:p>"
        "</w:body></w:document>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/document.xml", body)
    doc = extract_document(buf.getvalue(), filename="box.docx")
    assert [b.text for b in doc.blocks] == ["본문\n상자 안 글", "둘째"]


@pytest.mark.parametrize(
    ("text", "garbled"),
    [("정상적인 한국어 문장입니다", False), ("\x01\x02\x03\x04 가", True), ("\ufffd\ufffd\ufffd 가나", True),
     ("\ue001\ue002\ue003", True), ("□ 항목 \ue034 하나", False), ("", False)],
)  # fmt: skip
def test_garbled_text_layer(text, garbled):
    from axpartners.policy.extract.pdf import is_garbled

    assert is_garbled(text) is garbled


def test_utf16_text_and_html():
    doc = extract_document("1. 과제\n가. 세부".encode("utf-16"), filename="memo.txt")
    assert [b.text for b in doc.blocks] == ["1. 과제", "가. 세부"]
    page = extract_document(
        "<html><body><p>□ 항목</p></body></html>".encode("utf-16"), filename="p"
    )
    assert page.format == "html"
    assert [b.text for b in page.blocks] == ["□ 항목"]
