"""The briefing pack's charts: need heat map, score bars, opportunity scatter, pipeline bars.
PNG goes into the PDF, SVG (glyphs as paths, so no font needed to view) into the HTML.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from axpartners.reports.charts.canvas import (
    ChartFormat,
    KoreanFont,
    default_font,
    drawing,
    mpl,
    new_figure,
    save,
)
from axpartners.reports.pack import ComponentView, DemandMap, Opportunity

GROUP_COLOURS = {
    "demand": "#1f6fb2",
    "policy": "#e08a1e",
    "advantage": "#2f9e5b",
    "partners": "#8e5bb5",
    "feasibility": "#c2413b",
    "strength": "#2f9e5b",
    "supply": "#8e5bb5",
}
SAVE_DPI = 150


@contextmanager
def _font_context(font: KoreanFont) -> Iterator[None]:
    with drawing((font.regular, font.bold), font_size=9, hashsalt="axpartners"):
        yield


def demand_heatmap(
    demand: DemandMap, *, fmt: ChartFormat = "png", font: KoreanFont | None = None
) -> bytes | None:
    """Industry x use-case heat map of need counts, each cell annotated; None when empty."""
    if not demand.industries or not demand.use_cases or demand.total == 0:
        return None
    with _font_context(font or default_font()):
        rows, cols = len(demand.industries), len(demand.use_cases)
        fig = new_figure(max(5.0, 1.0 + 0.55 * cols), max(2.5, 1.2 + 0.35 * rows))
        ax = fig.add_subplot()
        image = ax.imshow(demand.counts, cmap="Blues", aspect="auto", vmin=0)
        ax.set_xticks(range(cols), labels=list(demand.use_cases), rotation=40, ha="right")
        ax.set_yticks(range(rows), labels=list(demand.industries))
        peak = max(max(row) for row in demand.counts)
        for i, row in enumerate(demand.counts):
            for j, value in enumerate(row):
                if value:
                    colour = "white" if value > peak / 2 else "black"
                    ax.text(j, i, str(value), ha="center", va="center", color=colour, fontsize=8)
        bar = fig.colorbar(image, ax=ax, shrink=0.8, label="수요 건수")
        bar.locator = mpl().ticker.MaxNLocator(integer=True)
        bar.update_ticks()
        return save(fig, fmt, dpi=SAVE_DPI)


def score_bars(
    items: Sequence[tuple[str, Sequence[ComponentView]]],
    *,
    fmt: ChartFormat = "png",
    font: KoreanFont | None = None,
) -> bytes | None:
    """Horizontal stacked bars: one per item, one segment per score component (points)."""
    if not items:
        return None
    with _font_context(font or default_font()):
        fig = new_figure(7.0, max(2.0, 0.9 + 0.42 * len(items)))
        ax = fig.add_subplot()
        labels = [_shorten(label, 28) for label, _ in items]
        positions = list(range(len(items)))[::-1]
        seen: set[str] = set()
        for pos, (_, components) in zip(positions, items, strict=True):
            left = 0.0
            for c in components:
                colour = GROUP_COLOURS.get(c.key, "#888888")
                ax.barh(
                    pos,
                    c.points,
                    left=left,
                    color=colour,
                    edgecolor="white",
                    label=c.label if c.key not in seen else None,
                )
                seen.add(c.key)
                left += c.points
            ax.text(left + 0.8, pos, f"{left:.1f}", va="center", fontsize=8)
        ax.set_yticks(positions, labels=labels)
        ax.set_xlim(0, 100)
        ax.set_xlabel("점수 (구성요소별 점수의 합)")
        if seen:
            fig.legend(
                loc="outside lower center", fontsize=7, ncols=min(5, len(seen)), frameon=False
            )
        return save(fig, fmt, dpi=SAVE_DPI)


def opportunity_scatter(
    opportunities: Sequence[Opportunity],
    *,
    is_synthetic: bool = False,
    fmt: ChartFormat = "png",
    font: KoreanFont | None = None,
) -> bytes | None:
    """Relatedness density (x) against PCI (y), marker area ∝ score (Balland et al. 2019)."""
    points = [o for o in opportunities if o.density is not None and o.pci is not None]
    if not points:
        return None
    with _font_context(font or default_font()):
        fig = new_figure(6.0, 4.0)
        ax = fig.add_subplot()
        xs = [float(o.density or 0.0) for o in points]
        ys = [float(o.pci or 0.0) for o in points]
        sizes = [30.0 + 3.0 * max(0.0, o.score) for o in points]
        ax.scatter(xs, ys, s=sizes, alpha=0.6, color=GROUP_COLOURS["advantage"])
        for o, x, y in zip(points, xs, ys, strict=True):
            ax.annotate(
                _shorten(o.name, 14), (x, y), fontsize=7, xytext=(4, 3), textcoords="offset points"
            )
        ax.axhline(0.0, color="#999999", linewidth=0.8)
        ax.set_xlabel("연관 밀도 (실현 가능성)")
        ax.set_ylabel("산업 복잡도 PCI (가치)")
        if is_synthetic:
            ax.set_title("합성 데이터(예시)", fontsize=9, color="#c2413b")
        return save(fig, fmt, dpi=SAVE_DPI)


def pipeline_bars(
    counts: Sequence[tuple[str, int]], *, fmt: ChartFormat = "png", font: KoreanFont | None = None
) -> bytes | None:
    """Projects per pipeline stage in stage order; None when there are no projects."""
    if not counts or sum(n for _, n in counts) == 0:
        return None
    with _font_context(font or default_font()):
        fig = new_figure(6.0, 2.6)
        ax = fig.add_subplot()
        stages = [s for s, _ in counts]
        values = [n for _, n in counts]
        colours = ["#bbbbbb" if s == "중단" else "#1f6fb2" for s in stages]
        bars = ax.bar(stages, values, color=colours)
        ax.bar_label(bars, labels=[str(v) for v in values], fontsize=8)
        ax.set_ylabel("과제 수")
        ax.set_ylim(0, max(values) * 1.25 + 0.5)
        ax.yaxis.get_major_locator().set_params(integer=True)
        return save(fig, fmt, dpi=SAVE_DPI)


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def chart_size(png: bytes) -> tuple[int, int]:
    """Pixel width and height of a PNG (from its IHDR chunk)."""
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def fit_box(png: bytes, *, max_width: float, max_height: float) -> tuple[float, float]:
    """Width and height (points) that fit a PNG inside a box, keeping its aspect ratio and
    never enlarging it beyond its natural size (pixels at the 150 dpi it was saved with), so
    chart text keeps the font size it was drawn with."""
    w, h = chart_size(png)
    scale = min(max_width / w, max_height / h, 72.0 / SAVE_DPI)
    return (w * scale, h * scale) if math.isfinite(scale) else (max_width, max_height)
