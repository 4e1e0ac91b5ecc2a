"""The one chart canvas of the app: the Korean font, the render lock, matplotlib loaded once,
an Agg figure and its bytes. The briefing charts (:mod:`.figures`) and the Strengths page
charts (:mod:`.strengths`) both draw through it.

Charts are drawn with matplotlib's object API on an Agg canvas (``Figure`` +
``FigureCanvasAgg``), so no pyplot state or GUI backend is involved and rendering is safe in
threads. Text uses a Korean TrueType font found by :func:`find_korean_font` (Debian package
``fonts-nanum``).
"""

from __future__ import annotations

import io
import threading
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

from axpartners.errors import AxError

FONT_DIRS: tuple[Path, ...] = (
    Path("/usr/share/fonts/truetype/nanum"),
    Path("/usr/share/fonts/truetype"),
    Path("/usr/share/fonts"),
    Path("/usr/local/share/fonts"),
)
# Preference order: NanumGothic first (the product's font), then other Nanum sans faces.
FONT_NAMES = ("NanumGothic", "NanumBarunGothic", "NanumSquareR")
ChartFormat = Literal["png", "svg"]


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


def mpl() -> Any:
    """matplotlib with the parts the charts use (Agg canvas, figure, fonts, tickers) loaded."""
    # lazy: matplotlib takes ~0.5 s to import; a CLI run or a job without charts never needs it
    import matplotlib.backends.backend_agg, matplotlib.figure, matplotlib.font_manager, matplotlib.ticker  # noqa: E401, I001

    return matplotlib


@contextmanager
def drawing(fonts: Sequence[Path], *, font_size: float, hashsalt: str) -> Iterator[None]:
    """Hold the render lock with the chart style: the first of ``fonts`` as the family (the
    others registered too; matplotlib's own font when empty), glyphs as SVG paths,
    deterministic SVG ids from ``hashsalt``."""
    lib = mpl()
    params: dict[str, Any] = {
        "axes.unicode_minus": False,  # Nanum fonts have no U+2212 MINUS SIGN
        "svg.fonttype": "path",
        "font.size": font_size,
        "svg.hashsalt": hashsalt,  # deterministic SVG ids
    }
    for path in dict.fromkeys(fonts):
        lib.font_manager.fontManager.addfont(str(path))
    if fonts:
        params["font.family"] = [lib.font_manager.FontProperties(fname=str(fonts[0])).get_name()]
    with RENDER_LOCK, warnings.catch_warnings(), lib.rc_context(params):
        # A character outside the font (an emoji in a company name) becomes a box, not an error.
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing", category=UserWarning)
        yield


def new_figure(width: float, height: float) -> Any:
    """An empty figure (inches, constrained layout) on its own Agg canvas."""
    lib = mpl()
    fig = lib.figure.Figure(figsize=(width, height), dpi=100, layout="constrained")
    lib.backends.backend_agg.FigureCanvasAgg(fig)
    return fig


def save(fig: Any, fmt: ChartFormat, *, dpi: int) -> bytes:
    """The figure as PNG or SVG bytes, without a software stamp or date (reproducible)."""
    buffer = io.BytesIO()
    metadata: dict[str, Any] = {"Software": None} if fmt == "png" else {"Date": None}
    fig.savefig(buffer, format=fmt, dpi=dpi, metadata=metadata)
    return buffer.getvalue()
