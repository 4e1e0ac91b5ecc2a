"""Suppressed statistics cells: missing, not zero (issue 15).

KOSIS hides a region x industry figure ('X') when it would reveal a single firm. Reading such
a cell as 0 invents a gap: a region loses part of an industry it has, and its RCA elsewhere
moves. The product uses **one treatment**, the same for every dataset:

* **Estimate from the region total** where it is known. The region's published total minus
  its known cells is what the suppressed cells hold together (exact when only one is
  suppressed); that residual is split over them in proportion to a never-suppressed weight
  of the same cell (establishments, when the survey publishes them), else equally.
* **Leave the pair out** where the region total is unknown: the pair has no value, so it
  counts in neither its region's nor its industry's total (in a sparse matrix: no entry).

Industries with a known positive value in fewer than ``min_regions`` regions are left out of
the analysis altogether (KSIC 12 담배: one to three 시·도): their RCA jumps with every
suppressed cell, and an industry almost nobody has tells nothing about relatedness.

Every treated cell is counted in :class:`Treatment`, which the views show.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

Cell = tuple[str, str]
"""``(region, industry)``."""

MIN_REGIONS = 5
"""An industry needs a known positive value in at least this many regions."""


@dataclass(frozen=True, slots=True)
class Treatment:
    """What :func:`treat_suppressed` did to one measure of one year.

    Attributes:
        suppressed: cells that were suppressed (no value given).
        estimated: of those, cells given a value from their region's total.
        left_out: of those, cells left out (region total unknown or fully known already).
        dropped_industries: industries left out for being known in too few regions.
    """

    suppressed: int
    estimated: int
    left_out: int
    dropped_industries: tuple[str, ...]


def thin_industries(
    cells: Mapping[Cell, float | None], *, min_regions: int = MIN_REGIONS
) -> set[str]:
    """Industries with a known positive value in fewer than ``min_regions`` regions."""
    known: dict[str, set[str]] = defaultdict(set)
    industries: set[str] = set()
    for (region, industry), value in cells.items():
        industries.add(industry)
        if value is not None and value > 0:
            known[industry].add(region)
    return {i for i in industries if len(known.get(i, ())) < min_regions}


def treat_suppressed(
    cells: Mapping[Cell, float | None],
    *,
    region_totals: Mapping[str, float] | None = None,
    weights: Mapping[Cell, float] | None = None,
    drop: set[str] | frozenset[str] = frozenset(),
) -> tuple[dict[Cell, float], Treatment]:
    """Known cells plus estimates for suppressed ones (``None``), without ``drop`` industries.

    Args:
        cells: every published cell; ``None`` = suppressed. Pairs absent here had no row in
            the source (no establishment) and stay absent.
        region_totals: each region's published total over *all* its industries (including
            dropped ones), when known.
        weights: a never-suppressed companion figure per cell for splitting the residual.
        drop: industries to leave out (after estimating, since they are part of the totals).
    """
    totals = region_totals or {}
    shares = weights or {}
    out: dict[Cell, float] = {}
    hidden: dict[str, list[Cell]] = defaultdict(list)
    known_sum: dict[str, float] = defaultdict(float)
    for cell, value in cells.items():
        if value is None:
            hidden[cell[0]].append(cell)
        else:
            out[cell] = float(value)
            known_sum[cell[0]] += float(value)
    estimated = left_out = 0
    for region, pairs in sorted(hidden.items()):
        residual = totals.get(region, 0.0) - known_sum[region] if region in totals else 0.0
        if residual <= 0:
            left_out += len(pairs)
            continue
        w = [max(shares.get(cell, 0.0), 0.0) for cell in pairs]
        if sum(w) <= 0:
            w = [1.0] * len(pairs)
        scale = residual / sum(w)
        for cell, weight in zip(pairs, w, strict=True):
            out[cell] = weight * scale
        estimated += len(pairs)
    kept = {cell: value for cell, value in out.items() if cell[1] not in drop}
    return kept, Treatment(
        suppressed=sum(len(p) for p in hidden.values()),
        estimated=estimated,
        left_out=left_out,
        dropped_industries=tuple(sorted(drop)),
    )
