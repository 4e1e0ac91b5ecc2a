"""Regional statistics import: long, KOSIS long and KOSIS wide layouts; validation messages."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from axpartners.errors import InputError
from axpartners.io.stats import parse_stats, read_stats, read_stats_file
from axpartners.io.tables import write_csv, write_xlsx

DATA = Path(__file__).parents[2] / "data" / "analytics"
KOSIS = Path(__file__).parents[3] / "src" / "axpartners" / "data" / "kosis"


def _csv(text: str) -> bytes:
    return text.strip().encode("utf-8")


def test_long_format_with_years() -> None:
    stats = read_stats(
        _csv(
            "region,industry,value,year\n부산,25,10,2023\n부산,30,5,2023\n서울,25,3,2023\n부산,25,12,2024"
        ),
        name="s.csv",
    )
    assert stats.layout == "long"
    assert stats.years() == (2023, 2024)
    latest = stats.select()
    assert latest.year == 2024
    assert latest.regions == ("부산",)
    y2023 = stats.select(year=2023)
    assert y2023.values.toarray().tolist() == [[10.0, 5.0], [3.0, 0.0]]
    assert y2023.industries == ("25", "30")


def test_cp949_and_thousands_separators() -> None:
    data = '지역,산업,값\n부산,조선,"1,234"\n서울,조선,5\n'.encode("cp949")
    stats = read_stats(data, name="k.csv")
    assert stats.select().values.toarray().ravel().tolist() == [1234.0, 5.0]


def test_xlsx_is_read_like_csv() -> None:
    data = write_xlsx(["region", "industry", "value"], [["a", "x", 1], ["b", "y", 2.5]])
    stats = read_stats(data, name="s.xlsx")
    assert stats.select().values.toarray().tolist() == [[1.0, 0.0], [0.0, 2.5]]


@pytest.mark.parametrize(
    ("row", "code", "column"),
    [
        ("부산,25,-3", "stats.negative_value", "value"),
        ("부산,25,abc", "stats.not_a_number", "value"),
        ("부산,25,nan", "stats.not_a_number", "value"),
        ("부산,25,X", "stats.flag_value", "value"),
        ("부산,25,-", "stats.flag_value", "value"),
        ("부산,25,*", "stats.flag_value", "value"),
        ("부산,25,", "import.required_value", "value"),
        (",25,3", "import.required_value", "region"),
    ],
)
def test_bad_values_name_file_row_and_column(row: str, code: str, column: str) -> None:
    data = _csv(f"region,industry,value\n서울,25,1\n{row}")
    with pytest.raises(InputError) as info:
        read_stats(data, name="bad.csv")
    assert info.value.code == code
    assert info.value.params["file"] == "bad.csv"
    assert info.value.params["row"] == 3
    assert info.value.params["column"] == column


def test_flags_can_be_read_as_zero() -> None:
    stats = read_stats(
        _csv("region,industry,value\n서울,25,1\n부산,25,-\n부산,30,X"), name="f.csv", on_flag="zero"
    )
    assert stats.flagged == 2
    assert stats.select().values.nnz == 1


def test_duplicate_cells_are_refused_with_first_row() -> None:
    data = _csv("region,industry,value,year\n부산,25,1,2024\n서울,25,1,2024\n부산,25,2,2024")
    with pytest.raises(InputError) as info:
        read_stats(data, name="d.csv")
    assert info.value.code == "stats.duplicate_cell"
    assert info.value.params["row"] == 4
    assert info.value.params["first_row"] == 2


def test_duplicates_found_after_normalisation() -> None:
    aliases = {"부산": "26", "부산광역시": "26", "서울": "11"}
    data = _csv("region,industry,value\n부산,25,1\n서울,25,1\n부산광역시,25,2")
    with pytest.raises(InputError) as info:
        read_stats(data, name="n.csv", normalize_region=lambda label: aliases[label])
    assert info.value.code == "stats.duplicate_cell"


def test_normaliser_errors_gain_location() -> None:
    def strict(label: str) -> str:
        if label != "부산":
            raise InputError(
                "import.bad_value", column="region", value=label, hint="unknown region"
            )
        return "26"

    with pytest.raises(InputError) as info:
        read_stats(
            _csv("region,industry,value\n부산,25,1\n화성,25,1"),
            name="r.csv",
            normalize_region=strict,
        )
    assert info.value.code == "import.bad_value"
    assert info.value.params["row"] == 3
    assert info.value.params["file"] == "r.csv"


def test_several_measures_need_a_choice() -> None:
    data = _csv(
        "region,industry,measure,value\n부산,25,종사자수,10\n부산,25,사업체수,2\n서울,25,종사자수,4"
    )
    stats = read_stats(data, name="m.csv")
    with pytest.raises(InputError) as info:
        stats.select()
    assert info.value.code == "stats.measure_required"
    assert stats.select(measure="종사자수").values.toarray().ravel().tolist() == [10.0, 4.0]
    with pytest.raises(InputError) as measure_info:
        stats.select(measure="매출액")
    assert measure_info.value.code == "stats.unknown_measure"
    with pytest.raises(InputError) as year_info:
        stats.select(measure="종사자수", year=1999)
    assert year_info.value.code == "stats.unknown_year"


def test_kosis_long_file_drops_totals_and_uses_codes() -> None:
    stats = read_stats_file(KOSIS / "kr_sido_section_estab_2021_2024.csv")
    assert stats.years() == (2021, 2022, 2023, 2024)
    assert set(stats.measures()) == {"사업체수", "종사자수", "매출액"}
    matrix = stats.select(measure="종사자수", year=2023)
    assert matrix.values.shape == (17, 19)
    assert "전국" not in matrix.regions
    assert "0" not in matrix.industries
    assert "10~34" in matrix.industries
    assert stats.dropped_totals > 0


def test_kosis_flags_in_note_column() -> None:
    with pytest.raises(InputError) as info:
        read_stats_file(KOSIS / "kr_sido_mining_mfg_total_2021_2024.csv")
    assert info.value.code == "stats.flag_value"
    assert info.value.params["value"] == "X"
    stats = read_stats_file(KOSIS / "kr_sido_mining_mfg_total_2021_2024.csv", on_flag="zero")
    assert stats.select(measure="종사자수").industries == ("05~08", "10~34")


def test_value_column_option_for_nonstandard_long_files() -> None:
    data = _csv(
        "region,industry,emp_2024H1_thousand,rse\n부산 중구,계,30,-\n부산 중구,제조업,5,-\n부산 서구,제조업,7,*"
    )
    stats = read_stats(data, name="e.csv", value_column="emp_2024H1_thousand")
    assert stats.select().values.toarray().ravel().tolist() == [5.0, 7.0]


def test_kosis_wide_regions_as_rows_with_item_header_row() -> None:
    stats = read_stats_file(DATA / "kosis_wide_regions_rows.csv")
    assert stats.layout == "wide"
    assert stats.years() == (2022, 2023)
    assert stats.measures() == ("사업체수", "종사자수")
    matrix = stats.select(measure="종사자수", year=2022)
    assert matrix.regions == ("서울특별시", "부산광역시")
    assert matrix.industries == ("제조업", "운수 및 창고업")
    np.testing.assert_array_equal(matrix.values.toarray(), [[50, 40], [150, 60]])
    panel = stats.panel(measure="사업체수")
    assert sorted(panel) == [2022, 2023]
    assert panel[2023].values.toarray()[1, 1] == 12


def test_kosis_wide_industries_as_rows_regions_as_columns() -> None:
    stats = read_stats_file(DATA / "kosis_wide_industries_rows.csv")
    matrix = stats.select()
    assert matrix.regions == ("서울특별시", "부산광역시", "대구광역시")
    assert matrix.industries == (
        "C 제조업(10~34)",
        "H 운수 및 창고업(49~52)",
        "J 정보통신업(58~63)",
    )
    np.testing.assert_array_equal(matrix.values.toarray()[:, 0], [10, 25, 15])


def test_kosis_wide_regions_rows_industries_columns_with_title_row() -> None:
    rows = [
        ["시도·산업별 종사자수", "", ""],
        ["행정구역별(1)", "제조업", "정보통신업"],
        ["부산광역시", "150", "-"],
        ["서울특별시", "50", "80"],
    ]
    data = write_csv(rows[0], rows[1:])
    stats = read_stats(data, name="w.csv", on_flag="zero")
    matrix = stats.select()
    assert matrix.regions == ("부산광역시", "서울특별시")
    np.testing.assert_array_equal(matrix.values.toarray(), [[150, 0], [50, 80]])


def test_wide_error_location_names_the_value_column() -> None:
    data = _csv('"행정구역별(1)","제조업","정보통신업"\n"부산광역시","150","-7"')
    with pytest.raises(InputError) as info:
        read_stats(data, name="w.csv")
    assert info.value.code == "stats.negative_value"
    assert (info.value.params["row"], info.value.params["column"]) == (2, "정보통신업")


def test_unrecognised_layout() -> None:
    with pytest.raises(InputError) as info:
        read_stats(_csv("a,b,c\n1,2,3"), name="x.csv")
    assert info.value.code == "stats.layout"


def test_only_totals_means_no_data() -> None:
    with pytest.raises(InputError) as info:
        read_stats(_csv("region,industry,value\n전국,계,10"), name="t.csv")
    assert info.value.code == "stats.no_data"


def test_kosis_wide_xlsx_with_repeated_period_headers() -> None:
    header = ["행정구역별(1)", "산업별(1)", "2023", "2023"]
    rows = [
        ["행정구역별(1)", "산업별(1)", "사업체수 (개)", "종사자수 (명)"],
        ["부산광역시", "제조업", 22, 158],
        ["서울특별시", "제조업", 11, 52],
        ["서울특별시", "정보통신업", 30, 300],
    ]
    stats = read_stats(write_xlsx(header, rows), name="kosis.xlsx")
    matrix = stats.select(measure="종사자수")
    assert matrix.year == 2023
    np.testing.assert_array_equal(matrix.values.toarray(), [[158, 0], [52, 300]])


def test_parse_stats_accepts_a_table_directly() -> None:
    from axpartners.io.tables import read_table

    table = read_table(_csv("region,industry,value\na,x,1\nb,y,2"), name="t.csv")
    assert parse_stats(table).select().values.nnz == 2


def test_kosis_wide_hierarchical_levels_and_extra_dimension() -> None:
    header = ["행정구역별(1)", "산업별(1)", "산업별(2)", "사업체구분별(1)", "2023"]
    rows = [
        ["행정구역별(1)", "산업별(1)", "산업별(2)", "사업체구분별(1)", "종사자수 (명)"],
        ["부산광역시", "제조업", "", "계", "999"],
        ["부산광역시", "제조업", "식료품 제조업", "계", "100"],
        ["부산광역시", "제조업", "식료품 제조업", "단독사업체", "60"],
        ["부산광역시", "제조업", "1차 금속 제조업", "계", "50"],
        ["서울특별시", "제조업", "식료품 제조업", "계", "70"],
        ["서울특별시", "제조업", "1차 금속 제조업", "계", "5"],
    ]
    stats = read_stats(write_csv(header, rows), name="h.csv")
    assert set(stats.measures()) == {"종사자수", "종사자수 / 단독사업체"}
    matrix = stats.select(measure="종사자수")
    assert matrix.industries == ("식료품 제조업", "1차 금속 제조업")
    np.testing.assert_array_equal(matrix.values.toarray(), [[100, 50], [70, 5]])
    assert stats.dropped_totals == 1


def test_kosis_wide_with_period_as_row_dimension() -> None:
    header = ["시점", "행정구역별(1)", "제조업", "운수업"]
    rows = [
        ["2022", "부산광역시", "10", "20"],
        ["2023", "부산광역시", "11", "21"],
        ["2023", "서울특별시", "5", "9"],
    ]
    stats = read_stats(write_csv(header, rows), name="p.csv")
    assert stats.years() == (2022, 2023)
    np.testing.assert_array_equal(stats.select().values.toarray(), [[11, 21], [5, 9]])
