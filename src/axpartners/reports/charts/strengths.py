"""The Strengths page's charts, drawn through the one canvas (:mod:`.canvas`: font, lock, SVG/PNG).

* ``network`` — product-space style graph of industries (Hidalgo et al. 2007): the maximum
  spanning tree of proximity φ plus the strongest links, laid out by classical MDS of the
  graph distances (deterministic), nodes coloured by the region's specialisation.
* ``scatter`` — relatedness density vs PCI of the region's candidate industries, split at the
  medians into Balland et al.'s (2019) quadrants.
* ``eci`` — regions ranked by ECI, the selected region highlighted.
* ``heatmap`` — log2 RCA, regions (by ECI) x industries (by PCI).
* ``trend`` — small multiples of the region's RCA by year for the industries it entered, left
  or held over the multi-year series (RCA = 1 dashed), each titled with its employment growth.

Every UI string is passed in (``labels``) already translated; nothing here reads the catalog.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

# matplotlib is imported with this module (the web app imports it at start), not on first use:
# its first import is not thread-safe, and the web server draws charts in a thread pool.
from matplotlib.patches import Rectangle
from scipy.sparse import csgraph, csr_array

from axpartners.analytics import Opportunity, RegionRank, StrengthsResult
from axpartners.analytics.trajectory import Trajectory
from axpartners.errors import AxError
from axpartners.reports.charts.canvas import ChartFormat, default_font, drawing, new_figure, save
from axpartners.text.clip import clip_words


class StrengthsView(Protocol):
    """What the charts read of a region's strengths (``services.strengths.RegionStrengths``)."""

    @property
    def region(self) -> str: ...
    @property
    def is_synthetic(self) -> bool: ...
    @property
    def result(self) -> StrengthsResult: ...
    @property
    def opportunities(self) -> tuple[Opportunity, ...]: ...
    @property
    def ranking(self) -> tuple[RegionRank, ...]: ...
    @property
    def trajectories(self) -> tuple[Trajectory, ...]: ...


CHARTS = ("network", "scatter", "eci", "heatmap", "trend")
COLOURS = {
    "specialised": "#2f9e5b",
    "opportunity": "#e08a1e",
    "other": "#b8c0c9",
    "edge": "#c9d1da",
    "region": "#c2413b",
    "bar": "#7fa7cf",
    "ideal": "#2f9e5b",
    "low_risk_low_gain": "#1f6fb2",
    "high_risk_high_gain": "#e08a1e",
    "least_attractive": "#9aa5b1",
}


def _fonts() -> tuple[Path, ...]:
    try:
        return (default_font().regular,)
    except AxError:  # no Korean font installed: the charts still draw, with matplotlib's own
        return ()


@contextmanager
def _style() -> Iterator[None]:
    with drawing(_fonts(), font_size=8, hashsalt="axpartners-strengths"):
        yield


def _save(fig: Any, fmt: ChartFormat) -> bytes:
    return save(fig, fmt, dpi=130)


def _footer(fig: Any, view: StrengthsView, labels: Mapping[str, str]) -> None:
    text = labels["source"]
    if view.is_synthetic and labels["synthetic"] not in text:
        text = f"{labels['synthetic']} · {text}"
    # supxlabel takes part in the constrained layout, so it never overlaps the axes.
    fig.supxlabel(text[:150], fontsize=6.5, color="#5b6876", x=0.01, ha="left")


def _spring(
    start: npt.NDArray[np.float64], weight: npt.NDArray[np.float64], *, iterations: int = 150
) -> npt.NDArray[np.float64]:
    """Fruchterman-Reingold refinement from a deterministic start (spreads dense clusters)."""
    pos = start - start.mean(axis=0)
    pos /= max(float(np.abs(pos).max()), 1e-9)
    n = pos.shape[0]
    k = 1.4 / np.sqrt(n)
    step = 0.1
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.maximum(np.linalg.norm(delta, axis=-1), 0.01)
        force = k * k / dist**2 - weight * dist / k
        np.fill_diagonal(force, 0.0)
        shift = (force[:, :, None] * delta).sum(axis=1)
        length = np.maximum(np.linalg.norm(shift, axis=1), 1e-9)
        pos += shift / length[:, None] * np.minimum(length, step)[:, None]
        step *= 0.97
    return np.asarray(pos, dtype=np.float64)


def layout_network(
    phi: npt.NDArray[np.float64],
) -> tuple[npt.NDArray[np.float64], list[tuple[int, int]]]:
    """Node positions and edges: maximum spanning tree of φ plus links above its 85th percentile."""
    n = phi.shape[0]
    if n == 1:
        return np.zeros((1, 2)), []
    off = phi.copy()
    np.fill_diagonal(off, 0.0)
    length = np.where(off > 0, 1.0001 - off, 0.0)
    tree = csgraph.minimum_spanning_tree(csr_array(length)).toarray()
    edges = {(min(i, j), max(i, j)) for i, j in zip(*np.nonzero(tree), strict=True)}
    positive = off[np.triu_indices(n, 1)]
    positive = positive[positive > 0]
    if positive.size:
        cut = float(np.quantile(positive, 0.85))
        edges |= {(int(i), int(j)) for i, j in zip(*np.nonzero(np.triu(off) >= cut), strict=True)}
    graph = np.zeros((n, n))
    for i, j in edges:
        graph[i, j] = graph[j, i] = length[i, j] or 1.0
    dist = csgraph.shortest_path(csr_array(graph), directed=False)
    finite = dist[np.isfinite(dist)]
    dist[~np.isfinite(dist)] = (finite.max() if finite.size else 1.0) * 1.5
    # Classical MDS (Torgerson): deterministic, no random start.
    centre = np.eye(n) - 1.0 / n
    b = -0.5 * centre @ (dist**2) @ centre
    values, vectors = np.linalg.eigh(b)
    top = np.argsort(values)[::-1][:2]
    coords = vectors[:, top] * np.sqrt(np.clip(values[top], 1e-12, None))
    coords *= np.where(coords[np.abs(coords).argmax(axis=0), range(2)] < 0, -1.0, 1.0)
    weight = np.where(graph > 0, off, 0.0)
    return _spring(coords, weight), sorted(edges)


def network_chart(
    view: StrengthsView,
    *,
    labels: Mapping[str, str],
    name_of: Callable[[str], str],
    fmt: ChartFormat = "svg",
) -> bytes:
    result = view.result
    phi = result.proximity.toarray()
    coords, edges = layout_network(phi)
    row = result.region_index(view.region)
    held = result.m[[row], :].toarray().ravel() > 0
    top = {o.industry for o in view.opportunities[:5]}
    totals = np.asarray(result.values.sum(axis=0)).ravel()
    sizes = 40 + 400 * np.sqrt(totals / max(float(totals.max()), 1.0))
    colours = [
        COLOURS["specialised"]
        if held[k]
        else COLOURS["opportunity"]
        if label in top
        else COLOURS["other"]
        for k, label in enumerate(result.industries)
    ]
    with _style():
        fig = new_figure(7.5, 5.6)
        ax = fig.add_subplot()
        for i, j in edges:
            ax.plot(
                coords[[i, j], 0],
                coords[[i, j], 1],
                color=COLOURS["edge"],
                linewidth=0.6 + 2.5 * phi[i, j],
                zorder=1,
            )
        ax.scatter(
            coords[:, 0],
            coords[:, 1],
            s=sizes,
            c=colours,
            edgecolors="#1d2733",
            linewidths=0.5,
            zorder=2,
        )
        for k, label in enumerate(result.industries):
            ax.annotate(
                f"{label} {name_of(label).split('(')[0][:8]}",
                coords[k],
                fontsize=6.5,
                ha="center",
                va="bottom",
                xytext=(0, 6),
                textcoords="offset points",
                zorder=3,
            )
        for key in ("specialised", "opportunity", "other"):
            ax.scatter([], [], s=40, c=COLOURS[key], label=labels[key])
        fig.legend(loc="outside upper right", fontsize=7, frameon=False, ncols=3)
        ax.set_title(labels["title"])
        ax.set_axis_off()
        _footer(fig, view, labels)
        return _save(fig, fmt)


def scatter_chart(
    view: StrengthsView, *, labels: Mapping[str, str], fmt: ChartFormat = "svg"
) -> bytes:
    options = view.opportunities
    with _style():
        fig = new_figure(7.0, 5.0)
        ax = fig.add_subplot()
        if options:
            x = np.array([o.density for o in options])
            y = np.array([o.pci for o in options])
            ax.axvline(float(np.median(x)), color="#9aa5b1", linestyle="--", linewidth=0.8)
            ax.axhline(float(np.median(y)), color="#9aa5b1", linestyle="--", linewidth=0.8)
            for quadrant in (
                "ideal",
                "low_risk_low_gain",
                "high_risk_high_gain",
                "least_attractive",
            ):
                chosen = [o for o in options if o.quadrant == quadrant]
                if chosen:
                    ax.scatter(
                        [o.density for o in chosen],
                        [o.pci for o in chosen],
                        s=36,
                        c=COLOURS[quadrant],
                        label=labels[quadrant],
                        edgecolors="#1d2733",
                        linewidths=0.4,
                    )
            for o in options[:12]:
                ax.annotate(
                    o.industry,
                    (o.density, o.pci),
                    fontsize=7,
                    xytext=(3, 3),
                    textcoords="offset points",
                )
            ax.legend(fontsize=7, frameon=False, loc="best")
        ax.set_xlabel(labels["x"])
        ax.set_ylabel(labels["y"])
        ax.set_title(labels["title"])
        _footer(fig, view, labels)
        return _save(fig, fmt)


def eci_chart(
    view: StrengthsView,
    *,
    labels: Mapping[str, str],
    name_of: Callable[[str], str],
    fmt: ChartFormat = "svg",
) -> bytes:
    ranking = list(reversed(view.ranking))
    with _style():
        fig = new_figure(6.0, 0.6 + 0.24 * len(ranking))
        ax = fig.add_subplot()
        colours = [
            COLOURS["region"] if r.region == view.region else COLOURS["bar"] for r in ranking
        ]
        ax.barh([name_of(r.region) for r in ranking], [r.eci for r in ranking], color=colours)
        ax.axvline(0.0, color="#5b6876", linewidth=0.6)
        ax.set_xlabel(labels["x"])
        ax.set_title(labels["title"])
        _footer(fig, view, labels)
        return _save(fig, fmt)


def trend_chart(
    view: StrengthsView,
    *,
    labels: Mapping[str, str],
    name_of: Callable[[str], str],
    fmt: ChartFormat = "svg",
    most: int = 12,
) -> bytes:
    shown = [t for t in view.trajectories if t.kind != "absent"][:most]
    columns = 4
    rows = max(1, -(-len(shown) // columns))
    kind_colour = {"entered": "#1a7f37", "left": "#c0392b", "held": "#2f5d8a"}
    with _style():
        fig = new_figure(8.0, 0.6 + 1.55 * rows)
        fig.suptitle(labels["title"], fontsize=9)
        if not shown:
            fig.text(0.5, 0.5, labels["empty"], ha="center")
        for k, t in enumerate(shown):
            ax = fig.add_subplot(rows, columns, k + 1)
            years = sorted(t.rca)
            ax.plot(years, [t.rca[y] for y in years], marker="o", markersize=2.5,
                    color=kind_colour.get(t.kind, COLOURS["bar"]), linewidth=1.2)  # fmt: skip
            ax.axhline(1.0, color="#5b6876", linewidth=0.6, linestyle="--")
            ax.set_xticks(years, [f"'{y % 100:02d}" for y in years], fontsize=6)
            ax.tick_params(axis="y", labelsize=6)
            growth = "" if t.growth is None else f" {t.growth * 100:+.0f}%"
            ax.set_title(f"{t.industry} {clip_words(name_of(t.industry), 10)}\n{labels[t.kind]}{growth}",
                         fontsize=6.5)  # fmt: skip
        _footer(fig, view, labels)
        return _save(fig, fmt)


def heatmap_chart(
    view: StrengthsView,
    *,
    labels: Mapping[str, str],
    name_of: Callable[[str], str],
    fmt: ChartFormat = "svg",
) -> bytes:
    result = view.result
    order_r = [result.region_index(r.region) for r in view.ranking]
    order_i = np.argsort(-result.pci, kind="stable")
    rca = result.rca.toarray()[np.ix_(np.asarray(order_r, dtype=np.int64), order_i)]
    with np.errstate(divide="ignore"):
        grid = np.clip(np.log2(np.where(rca > 0, rca, 2.0**-3)), -3.0, 3.0)
    with _style():
        fig = new_figure(max(6.0, 0.32 * len(order_i) + 2.0), 0.9 + 0.26 * len(order_r))
        ax = fig.add_subplot()
        image = ax.imshow(grid, cmap="RdBu_r", vmin=-3.0, vmax=3.0, aspect="auto")
        ax.set_xticks(range(len(order_i)), [result.industries[k] for k in order_i], fontsize=7)
        ax.set_yticks(
            range(len(order_r)), [name_of(result.regions[k]) for k in order_r], fontsize=7
        )
        selected = [result.regions[k] for k in order_r].index(view.region)
        ax.add_patch(
            Rectangle(
                (-0.5, selected - 0.5),
                len(order_i),
                1,
                fill=False,
                edgecolor="#1d2733",
                linewidth=1.5,
            )
        )
        bar = fig.colorbar(image, ax=ax, shrink=0.8)
        bar.set_label(labels["scale"])
        ax.set_title(labels["title"])
        _footer(fig, view, labels)
        return _save(fig, fmt)
