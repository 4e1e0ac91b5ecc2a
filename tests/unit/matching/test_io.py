from __future__ import annotations

import pytest

from axpartners.errors import InputError
from axpartners.io.tables import Table, read_table
from axpartners.matching.io import (
    empty_partner_rows,
    needs_from_table,
    partners_from_table,
    qrels_from_table,
)

HEADER = "id,name,kind,description,capabilities,industries,region,homepage\n"


def _table(text: str, *, encoding: str = "utf-8") -> Table:
    return read_table(text.encode(encoding), name="t.csv")


def test_partners_parse_lists_and_kinds():
    table = _table(
        HEADER
        + 'p1,가,Company,"진동 분석","predictive-maintenance; vision-inspection","31;C29",26,\n'
    )
    (partner,) = partners_from_table(table)
    assert partner.kind == "company"
    assert partner.capabilities == ("predictive-maintenance", "vision-inspection")
    assert partner.industries == ("31", "C29")


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("company", "company"),
        ("Research", "research"),
        ("대학교", "university"),
        ("연구소", "research"),
        ("공공기관", "public"),
        ("기업", "company"),
    ],
)
def test_kind_spellings(kind, expected):
    (partner,) = partners_from_table(_table(HEADER + f"p1,가,{kind},진동,,,,\n"))
    assert partner.kind == expected


def test_korean_capability_labels_map_to_ids():
    (partner,) = partners_from_table(
        _table(
            HEADER
            + 'p1,가,company,진동,"예지보전; 비전 검사·불량 검출;PREDICTIVE-MAINTENANCE",,,\n'
        )
    )
    assert partner.capabilities == ("predictive-maintenance", "vision-inspection")


def test_cp949_partners_file():
    table = _table(HEADER + "p1,부산대학교,university,영상 인식 연구,,,26,\n", encoding="cp949")
    assert partners_from_table(table)[0].name == "부산대학교"


@pytest.mark.parametrize(
    ("rows", "code", "row", "column"),
    [
        ("p1,가,company,진동,,,,\np1,나,company,영상,,,,\n", "import.duplicate_id", 3, "id"),
        ("p1,가,startup,진동,,,,\n", "import.bad_value", 2, "kind"),
        ("p1,가,company,진동,telepathy,,,\n", "import.bad_value", 2, "capabilities"),
        (",가,company,진동,,,,\n", "import.required_value", 2, "id"),
    ],
)
def test_bad_partner_rows(rows, code, row, column):
    with pytest.raises(InputError) as info:
        partners_from_table(_table(HEADER + rows))
    assert info.value.code == code
    assert info.value.params["row"] == row
    assert info.value.params["column"] == column
    assert "t.csv" in str(info.value)


def test_partner_without_text_is_allowed_by_default_but_can_be_required():
    table = _table(HEADER + "p1,가,company,진동,,,,\np2,빈 기업,company,,,,,\n")
    partners = partners_from_table(table)
    assert [p.id for p in partners] == ["p1", "p2"]
    assert empty_partner_rows(table, partners) == [(3, "p2")]
    with pytest.raises(InputError) as info:
        partners_from_table(table, require_text=True)
    assert info.value.code == "matching.partner_no_text"
    assert info.value.location() == "t.csv:3:description"


def test_partner_missing_required_column():
    with pytest.raises(InputError) as info:
        partners_from_table(_table("id,name\np1,가\n"))
    assert info.value.code == "import.missing_column"


def test_needs_default_ids_and_labels():
    table = _table(
        "text,label,industry\n진동이 심합니다,predictive-maintenance,31\n외관 불량,,22\n"
    )
    first, second = needs_from_table(table)
    assert first.id == "row2"
    assert first.labels == ("predictive-maintenance",)
    assert second.id == "row3"
    assert second.labels == ()


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("id,text\nn1,\n", "import.required_value"),
        ("id,text\nn1,가\nn1,나\n", "import.duplicate_id"),
        ("id,text,label\nn1,가,telepathy\n", "import.bad_value"),
    ],
)
def test_bad_needs(text, code):
    with pytest.raises(InputError) as info:
        needs_from_table(_table(text))
    assert info.value.code == code


def test_qrels_grades():
    qrels = qrels_from_table(_table("need_id,partner_id,grade\nn1,p1,3\nn1,p2,0\n"))
    assert qrels == {"n1": {"p1": 3, "p2": 0}}
    with pytest.raises(InputError) as info:
        qrels_from_table(_table("need_id,partner_id,grade\nn1,p1,5\n"))
    assert info.value.code == "matching.bad_grade"
    with pytest.raises(InputError) as info:
        qrels_from_table(_table("need_id,partner_id,grade\nn9,p1,2\n"), need_ids={"n1": None})
    assert info.value.code == "matching.unknown_need"
