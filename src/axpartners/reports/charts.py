"""Offline charts for the briefing pack (matplotlib, Agg canvas, Korean font).

Charts are drawn with matplotlib's object API on an Agg canvas (``Figure`` +
``FigureCanvasAgg``), so no pyplot state or GUI backend is involved and rendering is safe in
threads. Text uses a Korean TrueType font found by :func:`find_korean_font` (Debian package
``fonts-nanum``). PNG is used in the PDF, SVG (glyphs as paths, so no font needed to view) in
the HTML.
"""

from __future__ import annotations

import io
import math
import threading
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

from axpartners.errors import AxError
from axpartners.reports.pack import ComponentView, DemandMap, Opportunity

FONT_DIRS: tuple[Path, ...] = (
    Path("/usr/share/fonts/truetype/nanum"),
    Path("/usr/share/fonts/truetype"),
    Path("/usr/share/fonts"),
    Path("/usr/local/share/fonts"),
)
# Preference order: NanumGothic first (the product's font), then other Nanum sans faces.
FONT_NAMES = ("NanumGothic", "NanumBarunGothic", "NanumSquareR")
GROUP_COLOURS = {
    "demand": "#1f6fb2",
    "policy": "#e08a1e",
    "advantage": "#2f9e5b",
    "partners": "#8e5bb5",
    "feasibility": "#c2413b",
    "strength": "#2f9e5b",
    "supply": "#8e5bb5",
}
ChartFormat = Literal["png", "svg"]
SAVE_DPI = 150


@dataclass(frozen=True, slots=True)
class KoreanFont:
    """Paths of a Korean TrueType family (bold may equal regular)."""

    name: str
    regular: Path
    bold: Path


def find_korean_font(dirs: Sequence[Path] = FONT_DIRS) -> KoreanFont:
    """The first Nanum gothic family under ``dirs`` (searched recursively, preference order).

    Raises ``AxError("reports.font_missing")`` naming the Debian package ``fonts-nanum``.
    """
    for name in FONT_NAMES:
        for folder in dirs:
            if not folder.is_dir():
                continue
            regular = _first(folder, f"{name}.ttf")
            if regular is None:
                continue
            bold = _first(regular.parent, f"{name}Bold.ttf") or _first(
                regular.parent, f"{name.removesuffix('R')}B.ttf"
            )
            return KoreanFont(name=name, regular=regular, bold=bold or regular)
    raise AxError(
        "reports.font_missing", package="fonts-nanum", searched=", ".join(str(d) for d in dirs)
    )


def _first(folder: Path, filename: str) -> Path | None:
    direct = folder / filename
    if direct.is_file():
        return direct
    return next(iter(sorted(folder.rglob(filename))), None)


@cache
def default_font() -> KoreanFont:
    """:func:`find_korean_font` on the standard folders, found once per process."""
    return find_korean_font()


# The one chart lock of the process: ``rc_context`` changes matplotlib's global rcParams, so
# every chart (briefing, strengths page, lead map) is drawn while holding it. Re-entrant, so a
# chart helper may nest inside another.
RENDER_LOCK = threading.RLock()


def _mpl() -> Any:
    """matplotlib with the parts the charts use (Agg canvas, figure, fonts, tickers) loaded."""
    # lazy: matplotlib takes ~0.5 s to import; a CLI run or a job without charts never needs it
    import matplotlib.backends.backend_agg, matplotlib.figure, matplotlib.font_manager, matplotlib.ticker  # noqa: E401, I001

    return matplotlib


@contextmanager
def _font_context(font: KoreanFont) -> Iterator[None]:
    mpl = _mpl()
    font_manager = mpl.font_manager
    font_manager.fontManager.addfont(str(font.regular))
    if font.bold != font.regular:
        font_manager.fontManager.addfont(str(font.bold))
    family = font_manager.FontProperties(fname=str(font.regular)).get_name()
    with (
        RENDER_LOCK,
        warnings.catch_warnings(),
        mpl.rc_context(
            {
                "font.family": [family],
                "axes.unicode_minus": False,  # Nanum fonts have no U+2212 MINUS SIGN
                "svg.fonttype": "path",
                "font.size": 9,
                "svg.hashsalt": "axpartners",  # deterministic SVG ids
            }
        ),
    ):
        # A character outside the font (an emoji in a company name) becomes a box, not an error.
        warnings.filterwarnings(
            "ignore", message=r"Glyph \d+ .*missing from font", category=UserWarning
        )
        yield


def _new_figure(width: float, height: float) -> Any:
    mpl = _mpl()
    fig = mpl.figure.Figure(figsize=(width, height), dpi=100, layout="constrained")
    mpl.backends.backend_agg.FigureCanvasAgg(fig)
    return fig


def _save(fig: Any, fmt: ChartFormat) -> bytes:
    buffer = io.BytesIO()
    metadata: dict[str, Any] = {"Software": None} if fmt == "png" else {"Date": None}
    fig.savefig(buffer, format=fmt, dpi=SAVE_DPI, metadata=metadata)
    return buffer.getvalue()


def demand_heatmap(
    demand: DemandMap, *, fmt: ChartFormat = "png", font: KoreanFont | None = None
) -> bytes | None:
    """Industry x use-case heat map of need counts, each cell annotated; None when empty."""
    if not demand.industries or not demand.use_cases or demand.total == 0:
        return None
    with _font_context(font or default_font()):
        rows, cols = len(demand.industries), len(demand.use_cases)
        fig = _new_figure(max(5.0, 1.0 + 0.55 * cols), max(2.5, 1.2 + 0.35 * rows))
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
        bar.locator = _mpl().ticker.MaxNLocator(integer=True)
        bar.update_ticks()
        return _save(fig, fmt)


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
        fig = _new_figure(7.0, max(2.0, 0.9 + 0.42 * len(items)))
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
        return _save(fig, fmt)


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
        fig = _new_figure(6.0, 4.0)
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
        return _save(fig, fmt)


def pipeline_bars(
    counts: Sequence[tuple[str, int]], *, fmt: ChartFormat = "png", font: KoreanFont | None = None
) -> bytes | None:
    """Projects per pipeline stage in stage order; None when there are no projects."""
    if not counts or sum(n for _, n in counts) == 0:
        return None
    with _font_context(font or default_font()):
        fig = _new_figure(6.0, 2.6)
        ax = fig.add_subplot()
        stages = [s for s, _ in counts]
        values = [n for _, n in counts]
        colours = ["#bbbbbb" if s == "중단" else "#1f6fb2" for s in stages]
        bars = ax.bar(stages, values, color=colours)
        ax.bar_label(bars, labels=[str(v) for v in values], fontsize=8)
        ax.set_ylabel("과제 수")
        ax.set_ylim(0, max(values) * 1.25 + 0.5)
        ax.yaxis.get_major_locator().set_params(integer=True)
        return _save(fig, fmt)


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
