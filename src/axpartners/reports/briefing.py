"""Render a :class:`~axpartners.reports.pack.BriefingPack` as self-contained HTML or as PDF.

HTML: one Jinja2 template (``templates/briefing.html``) with inline CSS and charts embedded as
``data:image/svg+xml;base64`` URIs, so the file opens offline and refers to no other resource
(not even a favicon). Served by the app, the ``<style>`` carries the response's CSP nonce.
PDF: see :mod:`axpartners.reports.pdf` (reportlab, Korean TTF embedded).
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from axpartners.errors import InputError
from axpartners.i18n.catalog import translate
from axpartners.reports import charts
from axpartners.reports.briefing_calls import calls_html
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


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("axpartners.reports", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
    )
    return env


def format_number(value: float | None, digits: int = 2) -> str:
    """``1234.5`` → ``"1,234.50"``; None → ``"-"``."""
    return "-" if value is None else f"{value:,.{digits}f}"


def format_money(value: float | None, locale: str = "ko") -> str:
    """A budget given in 백만원, in the app's one money style (``450억원``, ``3,000만원``;
    ``KRW 45 billion``), or ``"-"``."""
    return "-" if value is None else format_mkrw(value, locale)


def _data_uri(svg: bytes | None) -> str | None:
    if svg is None:
        return None
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def render_briefing_html(
    pack: BriefingPack,
    *,
    locale: str = "ko",
    font: KoreanFont | None = None,
    style_nonce: str | None = None,
) -> str:
    """The pack as one self-contained HTML document (UTF-8 text); ``style_nonce`` goes on its
    ``<style>`` tag when a response's CSP admits inline styles by nonce."""
    drawn = render_charts(pack, fmt="svg", font=font)
    t: Callable[..., str] = lambda code, **params: translate(code, locale, **params)  # noqa: E731
    context: dict[str, Any] = {
        "pack": pack,
        "locale": locale,
        "style_nonce": style_nonce,
        "t": t,
        "fmt": format_number,
        "fmt_money": lambda value: format_money(value, locale),
        "sections": SECTIONS + ((APPENDIX,) if pack.onepagers else ()),
        "pipeline": pack.pipeline_counts(),
        "calls_section": calls_html(pack.open_calls, t=t, locale=locale),
        "charts": {
            "demand": _data_uri(drawn.demand),
            "opportunities": _data_uri(drawn.opportunities),
            "leadmap": _data_uri(drawn.leadmap),
            "candidates": _data_uri(drawn.candidates),
            "pipeline": _data_uri(drawn.pipeline),
        },
    }
    return _environment().get_template("briefing.html").render(context)


def render_briefing_pdf(
    pack: BriefingPack, *, locale: str = "ko", font: KoreanFont | None = None
) -> bytes:
    """The pack as a PDF (A4, Korean font embedded, charts as images, page numbers)."""
    from axpartners.reports.pdf import build_pdf

    return build_pdf(pack, locale=locale, font=font)


def render_briefing_file(
    pack: BriefingPack,
    *,
    filename: str,
    locale: str = "ko",
    font: KoreanFont | None = None,
    style_nonce: str | None = None,
) -> bytes:
    """PDF or UTF-8 HTML bytes chosen by the file name's suffix (``.pdf``, ``.html``/``.htm``).

    Raises ``InputError("reports.bad_output")`` for any other suffix.
    """
    suffix = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if suffix == "pdf":
        return render_briefing_pdf(pack, locale=locale, font=font)
    if suffix in {"html", "htm"}:
        html = render_briefing_html(pack, locale=locale, font=font, style_nonce=style_nonce)
        return html.encode("utf-8")
    raise InputError("reports.bad_output", file=filename)
