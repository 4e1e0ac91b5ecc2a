from __future__ import annotations

from pathlib import Path

from axpartners.policy.document import ExtractedDocument
from axpartners.policy.extract import extract_document

SAMPLES = Path(__file__).resolve().parents[3] / "data" / "policy" / "hwp_samples"


def _extract(name: str) -> ExtractedDocument:
    return extract_document((SAMPLES / name).read_bytes(), filename=name)


def test_simple_table_with_merged_cells():
    doc = _extract("hwpxlib__testFile_reader_writer_SimpleTable.hwpx")
    assert doc.format == "hwpx"
    (table,) = doc.tables()
    assert table.rows == (("1", "", "2"), ("", "", "3"), ("5", "4", ""))


def test_score_table_and_text_box_title():
    doc = _extract("hwpxlib__testFile_tool_textextractor_Table.hwpx")
    assert doc.blocks[0].kind == "textbox"
    assert doc.blocks[0].text == "C반 기말고사"
    (table,) = doc.tables()
    assert table.rows[0] == ("이름", "국어", "영어", "수학")
    assert table.rows[1] == ("개똥이", "89", "65", "78")
    assert table.rows[4] == ("육손이", "66", "66", "66")
    assert table.rows[5][0] == "합계"


def test_runs_are_joined_within_a_paragraph():
    doc = _extract("hwpxlib__testFile_reader_writer_sample1.hwpx")
    assert [b.text for b in doc.blocks] == ["수학", "우리는 수학 이다.더"]


def test_multi_paragraph_news_text():
    doc = _extract("hwpxlib__testFile_tool_textextractor_multipara.hwpx")
    texts = [b.text for b in doc.blocks]
    assert texts[0] == "'어썸킴' 김하성(27·샌디에이고 파드리스)이 시원한 3점홈런을 폭발했다."
    assert len(texts) == 9
    assert texts[-1].startswith("한편 샌디에이고는 8-3으로 승리하면서 3연승을 질주")


def test_ministry_press_release_body_and_tables():
    doc = _extract("hwpxlib__testFile_error_20241104_mot.hwpx")
    texts = [b.text for b in doc.blocks]
    assert any(
        t.startswith("문화체육관광부(장관 유인촌, 이하 문체부) 장미란 제2차관은 1월 2일(화)")
        for t in texts
    )
    assert "※ 현장 사진 별도 배포 예정" in texts
    tables = doc.tables()
    assert tables[0].rows[0][:2] == ("문화체육관광부", "보도자료")
    assert tables[1].rows[0][1] == "2024. 1. 2.(화) 08:00"
    assert "2024 파리 올림픽·패럴림픽 준비하는 우리 선수단 격려한다" in tables[2].text
    assert tables[-1].rows[1] == (
        "(진천선수촌)",
        "체육정책과",
        "담당자",
        "사무관",
        "최준규",
        "(044-203-3129)",
    )


def test_shape_comment_is_not_body_text():
    doc = _extract("hwpxlib__testFile_error_20240305_2022.hwpx")
    assert doc.format == "hwpx"
    assert "사각형입니다." not in doc.text
    assert doc.blocks == ()


def test_pages_from_lineseg_positions():
    doc = _extract("hwpxlib__testFile_error_20241104_mot.hwpx")
    assert doc.page_count == 2
    assert doc.blocks[0].page == 1
    assert doc.tables()[-1].page == 2


def test_no_layout_means_no_pages():
    path = Path(__file__).resolve().parents[3] / "data" / "policy" / "plan.hwpx"
    doc = extract_document(path.read_bytes(), filename="plan.hwpx")
    assert doc.page_count is None
    assert {b.page for b in doc.blocks} == {None}


def test_switch_branches_are_read_once():
    import io
    import zipfile

    ns = 'xmlns:hp="http://www.hancom.co.kr/hwpml/2011/paragraph" xmlns:hs="http://www.hancom.co.kr/hwpml/2011/section"'
    cell = '<hp:tc><hp:subList><hp:p><hp:run><hp:t>셀</hp:t></hp:run></hp:p></hp:subList><hp:cellAddr colAddr="0" rowAddr="0"/></hp:tc>'
    table = f"<hp:tbl><hp:tr>{cell}</hp:tr></hp:tbl>"
    section = (
        f"<hs:sec {ns}><hp:p><hp:run><hp:t>가<hp:hyphen/>나</hp:t>"
        f"<hp:switch><hp:case>{table}</hp:case><hp:default>{table}</hp:default></hp:switch>"
        "</hp:run></hp:p></hs:sec>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("mimetype", "application/hwp+zip")
        zf.writestr("Contents/section0.xml", section)
    doc = extract_document(buf.getvalue(), filename="switch.hwpx")
    assert [(b.kind, b.text) for b in doc.blocks] == [("paragraph", "가-나"), ("table", "셀")]
