"""What the HTML and PDF briefings share: the section order, the charts of a pack, and how
figures are written. Both renderers import it (the PDF renderer no longer imports the HTML one).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from axpartners.reports import charts
from axpartners.reports.charts import ChartFormat, KoreanFont
from axpartners.reports.pack import BriefingPack, ComponentView
from axpartners.units import format_mkrw

SECTIONS = (
    "policy", "needs", "opportunities", "leadmap", "candidates", "pipeline", "actions", "calls",
)  # fmt: skip
APPENDIX = "onepagers"
MAX_CHART_ITEMS = 10


@dataclass(frozen=True, slots=True)
class BriefingCharts:
    """Chart images of one pack (None where the section has no data)."""

    demand: bytes | None
    opportunities: bytes | None
    leadmap: bytes | None
    candidates: bytes | None
    pipeline: bytes | None


def render_charts(
    pack: BriefingPack, *, fmt: ChartFormat = "png", font: KoreanFont | None = None
) -> BriefingCharts:
    """Draw every chart of the pack in one format."""
    candidate_items: Sequence[tuple[str, Sequence[ComponentView]]] = [
        (c.title, c.components) for c in pack.candidates[:MAX_CHART_ITEMS]
    ]
    lead_items: Sequence[tuple[str, Sequence[ComponentView]]] = [
        (f"{f.industry} · {f.use_case}", f.components) for f in pack.lead_fields[:MAX_CHART_ITEMS]
    ]
    return BriefingCharts(
        demand=charts.demand_heatmap(pack.demand_map, fmt=fmt, font=font)
        if pack.demand_map
        else None,
        opportunities=charts.opportunity_scatter(
            pack.opportunities, is_synthetic=pack.opportunities_synthetic, fmt=fmt, font=font
        ),
        leadmap=charts.score_bars(lead_items, fmt=fmt, font=font),
        candidates=charts.score_bars(candidate_items, fmt=fmt, font=font),
        pipeline=charts.pipeline_bars(pack.pipeline_counts(), fmt=fmt, font=font),
    )


def format_number(value: float | None, digits: int = 2) -> str:
    """``1234.5`` → ``"1,234.50"``; None → ``"-"``."""
    return "-" if value is None else f"{value:,.{digits}f}"


def format_money(value: float | None, locale: str = "ko") -> str:
    """A budget given in 백만원, in the app's one money style (``450억원``, ``3,000만원``;
    ``KRW 45 billion``), or ``"-"``."""
    return "-" if value is None else format_mkrw(value, locale)
