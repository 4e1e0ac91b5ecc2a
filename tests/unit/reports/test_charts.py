from __future__ import annotations

from pathlib import Path

import pytest

from axpartners.errors import AxError
from axpartners.i18n.catalog import render_error
from axpartners.reports import charts
from axpartners.reports.pack import DemandMap


def test_find_korean_font_prefers_nanum_gothic():
    font = charts.find_korean_font()
    assert font.regular.name == "NanumGothic.ttf"
    assert font.bold.name == "NanumGothicBold.ttf"


def test_find_korean_font_searches_subfolders(tmp_path: Path) -> None:
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    source = charts.find_korean_font().regular
    (nested / "NanumGothic.ttf").write_bytes(source.read_bytes())
    font = charts.find_korean_font([tmp_path])
    assert font.regular == nested / "NanumGothic.ttf"
    assert font.bold == font.regular  # no bold face: regular is reused


def test_missing_font_names_the_debian_package(tmp_path: Path) -> None:
    with pytest.raises(AxError) as info:
        charts.find_korean_font([tmp_path, tmp_path / "missing"])
    assert info.value.code == "reports.font_missing"
    assert "fonts-nanum" in render_error(info.value, "ko")
    assert "apt-get install fonts-nanum" in str(info.value)


DEMAND = DemandMap.from_pairs([("금속", "비전"), ("금속", "비전"), ("조선", "로봇")])


def test_demand_map_counts_and_orders():
    assert DEMAND.industries == ("금속", "조선")
    assert DEMAND.use_cases == ("비전", "로봇")
    assert DEMAND.counts == ((2, 0), (0, 1))
    assert DEMAND.total == 3
    with pytest.raises(ValueError, match="len"):
        DemandMap(("a",), ("b", "c"), ((1,),))


def test_heatmap_png_and_svg():
    png = charts.demand_heatmap(DEMAND, fmt="png")
    assert png is not None
    assert png.startswith(b"\x89PNG")
    width, height = charts.chart_size(png)
    assert width > 300
    assert height > 200
    svg = charts.demand_heatmap(DEMAND, fmt="svg")
    assert svg is not None
    text = svg.decode()
    assert text.lstrip().startswith("<?xml")
    assert "<path" in text
    assert "<text" not in text  # glyphs drawn as paths: no font needed to view it


def test_empty_inputs_give_no_chart():
    assert charts.demand_heatmap(DemandMap((), (), ())) is None
    assert charts.score_bars([]) is None
    assert charts.opportunity_scatter([]) is None
    assert charts.pipeline_bars([("아이디어", 0), ("기획", 0)]) is None


def test_fit_box_keeps_ratio_and_never_enlarges():
    png = charts.pipeline_bars([("아이디어", 2), ("기획", 1)])
    assert png is not None
    w_px, h_px = charts.chart_size(png)
    w, _h = charts.fit_box(png, max_width=10_000, max_height=10_000)
    assert w == pytest.approx(w_px * 72 / charts.SAVE_DPI)
    w2, h2 = charts.fit_box(png, max_width=100, max_height=10_000)
    assert w2 == pytest.approx(100)
    assert w2 / h2 == pytest.approx(w_px / h_px)
