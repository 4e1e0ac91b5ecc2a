"""Offline charts (matplotlib on an Agg canvas, one Korean font, one render lock).

* :mod:`.canvas` — the font, the lock, matplotlib loaded once, a figure and its bytes;
* :mod:`.figures` — the briefing pack's charts (imported here);
* :mod:`.strengths` — the Strengths page's charts (imported by the web page that shows them).
"""

from __future__ import annotations

from axpartners.reports.charts.canvas import (
    FONT_DIRS,
    FONT_NAMES,
    RENDER_LOCK,
    ChartFormat,
    KoreanFont,
    default_font,
    find_korean_font,
)
from axpartners.reports.charts.figures import (
    GROUP_COLOURS,
    SAVE_DPI,
    chart_size,
    demand_heatmap,
    fit_box,
    opportunity_scatter,
    pipeline_bars,
    score_bars,
)

__all__ = [
    "FONT_DIRS",
    "FONT_NAMES",
    "GROUP_COLOURS",
    "RENDER_LOCK",
    "SAVE_DPI",
    "ChartFormat",
    "KoreanFont",
    "chart_size",
    "default_font",
    "demand_heatmap",
    "find_korean_font",
    "fit_box",
    "opportunity_scatter",
    "pipeline_bars",
    "score_bars",
]
