"""Strengths service pieces without the web app: KSIC sections, the synthetic set, layouts."""

from __future__ import annotations

import numpy as np
import pytest

from axpartners.analytics import compute_strengths, list_specialisations
from axpartners.codes import MANUFACTURING_DIVISIONS
from axpartners.errors import InputError
from axpartners.reports.charts.strengths import layout_network
from axpartners.services import _strengths_demo as demo, stats_import, strengths as service

pytestmark = pytest.mark.integration


@pytest.mark.parametrize(
    ("label", "section"),
    [("10~34", "C"), ("01~03", "A"), ("c", "C"), ("35", "D"), ("86~87", "Q"), ("제조업", "C")],
)
def test_kosis_industry_labels_become_ksic_sections(label, section):
    assert service.to_section(label) == section


def test_unknown_section_label_is_an_input_error():
    with pytest.raises(InputError) as caught:
        service.to_section("우주산업")
    assert caught.value.code == "codes.unknown_industry"


def test_section_file_keeps_sections_and_division_file_drops_letters():
    sections = stats_import.parse_stats_upload(
        "행정구역별,산업별,산업코드,연도,값\n부산,제조업,10~34,2024,5\n부산,건설업,41~42,2024,3\n"
        "울산광역시,제조업,10~34,2024,9\n".encode(),
        name="s.csv",
    )
    assert {(r.region, r.industry) for r in sections.records} == {
        ("26", "C"),
        ("26", "F"),
        ("31", "C"),
    }
    divisions = stats_import.parse_stats_upload(
        b"region,industry,value\n26,C25,1\n31,C31,4\n", name="d.csv"
    )
    assert [r.industry for r in divisions.records] == ["25", "31"]


def test_unknown_industry_and_long_measure_name_row_and_column():
    with pytest.raises(InputError) as caught:
        stats_import.parse_stats_upload(b"region,industry,value\n26,25,1\n31,Z42,4\n", name="u.csv")
    assert caught.value.location() == "u.csv:3:industry"
    long_measure = "m" * 41
    with pytest.raises(InputError) as caught:
        stats_import.parse_stats_upload(
            f"region,industry,measure,value\n26,25,{long_measure},1\n".encode(), name="m.csv"
        )
    assert caught.value.code == "strengths.label_too_long"
    assert caught.value.params["row"] == 2


def test_section_usecases_gather_the_divisions_most_common_fields():
    manufacturing = service.industry_usecases("C")
    assert 1 <= len(manufacturing) <= 3
    counts = {
        link.id: sum(
            any(u.id == link.id for u in service.industry_usecases(d))
            for d in MANUFACTURING_DIVISIONS
        )
        for link in manufacturing
    }
    assert list(counts.values()) == sorted(counts.values(), reverse=True)
    assert service.industry_usecases("25") != ()


def test_synthetic_set_is_deterministic_and_shows_busans_known_strengths():
    spec = demo.synthetic_spec()
    first = demo.synthetic_stats(spec)
    second = demo.synthetic_stats(spec)
    assert first.records == second.records
    assert {r.industry for r in first.records} == set(MANUFACTURING_DIVISIONS)
    matrix = first.select(year=2024)
    result = compute_strengths(matrix.values, matrix.regions, matrix.industries)
    busan = {s.industry for s in list_specialisations(result, region="26")}
    assert {"31", "25", "15"} <= busan
    assert "26" not in busan  # electronics is not a Busan specialisation
    ulsan = {s.industry for s in list_specialisations(result, region="31")}
    assert "19" in ulsan  # refining is concentrated in Ulsan, Jeonnam, Chungnam


def test_network_layout_is_deterministic_and_connects_every_industry():
    rng = np.random.default_rng(7)
    m = (rng.random((12, 15)) > 0.6).astype(float) + np.eye(12, 15)
    result = compute_strengths(m + 0.01, [f"r{k}" for k in range(12)], [f"i{k}" for k in range(15)])
    phi = result.proximity.toarray()
    coords, edges = layout_network(phi)
    again, _ = layout_network(phi)
    assert np.array_equal(coords, again)
    assert coords.shape == (15, 2)
    assert np.isfinite(coords).all()
    touched = {i for edge in edges for i in edge}
    assert touched == set(range(15))  # the spanning tree reaches every node
    assert len(edges) >= 14


def test_xlsx_and_kosis_wide_with_regions_as_columns():
    import io

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (
        ("산업별", "서울특별시", "부산광역시", "울산광역시"),
        ("식료품 제조업", 30, 12, 3),
        ("기타 운송장비 제조업", 1, 40, 55),
    ):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    stats = stats_import.parse_stats_upload(buffer.getvalue(), name="wide.xlsx")
    cells = {(r.region, r.industry): r.value for r in stats.records}
    assert cells == {
        ("11", "10"): 30.0,
        ("26", "10"): 12.0,
        ("31", "10"): 3.0,
        ("11", "31"): 1.0,
        ("26", "31"): 40.0,
        ("31", "31"): 55.0,
    }
    assert stats_import.preview_of(stats).level == "division"


def test_kosis_flags_are_errors_unless_read_as_zero():
    data = "시도별,산업별,연도,값,비고\n부산광역시,25,2024,,X\n울산광역시,25,2024,4,\n".encode()
    with pytest.raises(InputError) as caught:
        stats_import.parse_stats_upload(data, name="f.csv")
    assert caught.value.code == "stats.flag_value"
    assert caught.value.params["row"] == 2
    stats = stats_import.parse_stats_upload(data, name="f.csv", flags_as_zero=True)
    assert stats.flagged == 1
    assert [r.value for r in stats.records] == [0.0, 4.0]
