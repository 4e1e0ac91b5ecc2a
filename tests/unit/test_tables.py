"""CSV/XLSX reading: encodings, quoting, limits, locations in errors."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from axpartners.errors import InputError
from axpartners.io.tables import read_table, write_csv, write_xlsx

KOREAN = "id,name,kind\np1,부산대학교,university\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp949", "euc-kr"])
def test_csv_encodings_are_detected(encoding):
    table = read_table(KOREAN.encode(encoding), name="p.csv")
    assert table.header == ("id", "name", "kind")
    assert table.rows == (("p1", "부산대학교", "university"),)


def test_quoted_fields_blank_lines_and_row_numbers():
    data = 'id,text\n1,"줄바꿈이\n있는, 값"\n\n2,"따옴표 ""인용"""\n'.encode()
    table = read_table(data, name="n.csv")
    assert [r for r, _ in table.records()] == [2, 5]
    assert table.rows[0][1] == "줄바꿈이\n있는, 값"
    assert table.rows[1][1] == '따옴표 "인용"'


def test_xlsx_roundtrip_matches_csv():
    rows = [["p1", "부산대학교", "university"], ["p2", "(주)솔트룩스", "company"]]
    xlsx = read_table(write_xlsx(["id", "name", "kind"], rows), name="p.xlsx")
    csv = read_table(write_csv(["id", "name", "kind"], rows), name="p.csv")
    assert xlsx.rows == csv.rows
    assert xlsx.header == csv.header


@pytest.mark.parametrize(
    ("data", "code", "where"),
    [
        (b"", "import.empty", "e.csv"),
        (b"   \n", "import.empty", "e.csv"),
        (b'id,name\n1,"open\n', "import.bad_csv", "e.csv:"),
        (b"id,id\n1,2\n", "import.duplicate_column", "e.csv:1:id"),
        (b"id,name\n1,a,b,c\n", "import.extra_cells", "e.csv:2"),
        (bytes([0x81, 0x20, 0xFF, 0xFE, 0x00]) * 3, "import.bad_encoding", "e.csv"),
    ],
)
def test_bad_csv_errors_name_the_place(data, code, where):
    with pytest.raises(InputError) as info:
        read_table(data, name="e.csv")
    assert info.value.code == code
    assert str(info.value).startswith(where)


def test_size_limit():
    with pytest.raises(InputError) as info:
        read_table(b"a\n" * 1000, name="big.csv", max_bytes=100)
    assert info.value.code == "import.too_large"


def test_xlsx_zip_bomb_is_refused_before_inflating():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (260 * 2**20))
    with pytest.raises(InputError) as info:
        read_table(buffer.getvalue(), name="bomb.xlsx")
    assert info.value.code == "import.zip_bomb"


def test_corrupt_xlsx():
    book = openpyxl.Workbook()
    stream = io.BytesIO()
    book.save(stream)
    with pytest.raises(InputError) as info:
        read_table(stream.getvalue()[:200], name="cut.xlsx")
    assert info.value.code == "import.bad_xlsx"
