"""Several years: per-year strengths and the entry/exit of specialisations between years.

Each year is computed on its own (as both reference ``ecomplexity`` packages do), so a region
or industry that is all zero in one year is dropped only in that year. A specialisation
*enters* when ``M`` goes from 0 (or absent) to 1 and *exits* when it goes from 1 to 0 (Neffke,
Henning & Boschma 2011 call these entry and exit of regional industries).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
from scipy import sparse

from axpartners.analytics._types import Convention, SparseMatrix
from axpartners.analytics.pipeline import StrengthsResult, compute_strengths


def compute_strengths_by_year(
    values_by_year: Mapping[int, SparseMatrix | npt.ArrayLike],
    regions: Sequence[str],
    industries: Sequence[str],
    *,
    convention: Convention = "ecomplexity",
    threshold: float = 1.0,
) -> dict[int, StrengthsResult]:
    """:func:`compute_strengths` for every year (same labels for every year's matrix)."""
    return {
        year: compute_strengths(
            values_by_year[year], regions, industries, convention=convention, threshold=threshold
        )
        for year in sorted(values_by_year)
    }


@dataclass(frozen=True, slots=True)
class SpecialisationChange:
    """A region gaining (``entry``) or losing (``exit``) a specialisation between two years."""

    region: str
    industry: str
    kind: Literal["entry", "exit"]
    year_from: int
    year_to: int
    rca_from: float
    rca_to: float


def _on_union(
    result: StrengthsResult, regions: dict[str, int], industries: dict[str, int]
) -> tuple[SparseMatrix, SparseMatrix]:
    row_map = np.array([regions[r] for r in result.regions], dtype=np.int64)
    col_map = np.array([industries[i] for i in result.industries], dtype=np.int64)
    shape = (len(regions), len(industries))

    def remap(matrix: SparseMatrix) -> SparseMatrix:
        coo = sparse.coo_array(matrix)
        return sparse.csr_array((coo.data, (row_map[coo.row], col_map[coo.col])), shape=shape)

    return remap(result.m), remap(result.rca)


def specialisation_changes(
    earlier: StrengthsResult, later: StrengthsResult, *, year_from: int, year_to: int
) -> tuple[SpecialisationChange, ...]:
    """Entries and exits of ``M`` between two results, sorted by region, kind, industry.

    Labels are matched by name; a region or industry missing in one year counts as ``M = 0``
    and RCA 0 there.
    """
    region_labels = sorted(set(earlier.regions) | set(later.regions))
    industry_labels = sorted(set(earlier.industries) | set(later.industries))
    regions = {label: k for k, label in enumerate(region_labels)}
    industries = {label: k for k, label in enumerate(industry_labels)}
    m_from, rca_from = _on_union(earlier, regions, industries)
    m_to, rca_to = _on_union(later, regions, industries)
    delta = sparse.coo_array(m_to - m_from)
    moved = delta.data != 0
    rows, cols, signs = delta.row[moved], delta.col[moved], delta.data[moved]
    if rows.size == 0:
        # Fancy indexing a sparse array with empty index arrays fails in scipy 1.17.
        return ()
    before = np.asarray(rca_from[rows, cols], dtype=np.float64).ravel()
    after = np.asarray(rca_to[rows, cols], dtype=np.float64).ravel()
    changes = [
        SpecialisationChange(
            region=region_labels[int(r)],
            industry=industry_labels[int(c)],
            kind="entry" if s > 0 else "exit",
            year_from=year_from,
            year_to=year_to,
            rca_from=float(b),
            rca_to=float(a),
        )
        for r, c, s, b, a in zip(rows, cols, signs, before, after, strict=True)
    ]
    changes.sort(key=lambda ch: (ch.region, ch.kind, ch.industry))
    return tuple(changes)
