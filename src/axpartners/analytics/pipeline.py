"""One call from a region x industry matrix to every strengths indicator (SPEC §6).

``compute_strengths`` runs RCA → M → diversity/ubiquity → ECI/PCI → proximity → density →
COI/COG and returns a frozen :class:`StrengthsResult`. Regions and industries are opaque labels.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from axpartners.analytics._types import (
    CONVENTIONS,
    AnalyticsWarning,
    Convention,
    FloatArray,
    SparseMatrix,
)
from axpartners.analytics.complexity import (
    compute_complexity_vectors,
    diversity_ubiquity,
    spread,
    standardisation,
)
from axpartners.analytics.density import blas_worthy, compute_density
from axpartners.analytics.outlook import compute_cog_raw, compute_coi_raw
from axpartners.analytics.proximity import as_sparse, build_proximity, without_diagonal
from axpartners.analytics.rca import as_value_matrix, binarize, compute_rca, row_col_totals
from axpartners.errors import AnalyticsError

_log = logging.getLogger(__name__)

DENSE_PROXIMITY_MAX = 4000
"""Up to this many industries proximity/density use dense BLAS products, beyond it CSR."""
_DENSE_MIN_FILL = 0.02  # below this share of ones in M the sparse path is faster anyway


@dataclass(frozen=True, slots=True, eq=False)
class StrengthsResult:
    """Every indicator for one region x industry matrix (one year).

    Rows are ``regions``, columns ``industries`` (after dropping all-zero rows/columns, listed
    in ``dropped_regions``/``dropped_industries``).

    Attributes:
        values: input values ``x[r, i]`` (CSR, float64).
        rca: Balassa RCA / location quotient (CSR, zero where the value is zero).
        m: binary specialisation ``RCA ≥ threshold`` (CSR, float64 0/1).
        diversity: ``k_r``, number of industries region ``r`` is specialised in.
        ubiquity: ``k_i``, number of regions specialised in industry ``i``.
        eci: economic complexity index per region (standardised, see ``convention``).
        pci: industry complexity index (standardised with ECI's mean and std).
        proximity: ``φ(i, j)``, symmetric CSR with a unit diagonal.
        density: relatedness density per region x industry (dense, in [0, 1]).
        coi: complexity outlook index per region (standardised).
        cog: complexity outlook gain per region x industry (dense, 0 where ``m`` is 1).
        eigenvalue: second eigenvalue of the region/industry network (near 1: disconnected).
        convention: ``"ecomplexity"`` or ``"stata"`` (SPEC §6).
        threshold: RCA threshold used for ``m``.
    """

    regions: tuple[str, ...]
    industries: tuple[str, ...]
    values: SparseMatrix
    rca: SparseMatrix
    m: SparseMatrix
    diversity: FloatArray
    ubiquity: FloatArray
    eci: FloatArray
    pci: FloatArray
    proximity: SparseMatrix
    density: FloatArray
    coi: FloatArray
    cog: FloatArray
    eigenvalue: float
    convention: Convention
    threshold: float
    dropped_regions: tuple[str, ...] = ()
    dropped_industries: tuple[str, ...] = ()

    def region_index(self, region: str) -> int:
        """Row of ``region``; ``analytics.unknown_region`` if it is not in the result."""
        try:
            return self.regions.index(region)
        except ValueError:
            raise AnalyticsError("analytics.unknown_region", region=region) from None

    def industry_index(self, industry: str) -> int:
        """Column of ``industry``; ``analytics.unknown_industry`` if absent."""
        try:
            return self.industries.index(industry)
        except ValueError:
            raise AnalyticsError("analytics.unknown_industry", industry=industry) from None


def _check_labels(labels: Sequence[str], *, size: int, axis: str) -> tuple[str, ...]:
    out = tuple(str(label) for label in labels)
    if len(out) != size:
        raise AnalyticsError("analytics.label_count", axis=axis, labels=len(out), size=size)
    if len(set(out)) != len(out):
        seen: set[str] = set()
        duplicate = next(label for label in out if label in seen or seen.add(label))  # type: ignore[func-returns-value]
        raise AnalyticsError("analytics.duplicate_label", axis=axis, label=duplicate)
    return out


def drop_empty(
    values: SparseMatrix, regions: tuple[str, ...], industries: tuple[str, ...]
) -> tuple[SparseMatrix, tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Remove all-zero regions and industries (their RCA is undefined), warning once."""
    row_total, col_total = row_col_totals(values)
    keep_r = row_total > 0
    keep_i = col_total > 0
    if not keep_r.any() or not keep_i.any():
        raise AnalyticsError("analytics.zero_matrix")
    dropped_r = tuple(r for r, k in zip(regions, keep_r, strict=True) if not k)
    dropped_i = tuple(i for i, k in zip(industries, keep_i, strict=True) if not k)
    if dropped_r or dropped_i:
        warnings.warn(
            f"dropped {len(dropped_r)} all-zero region(s) {list(dropped_r[:5])} and "
            f"{len(dropped_i)} all-zero industry(ies) {list(dropped_i[:5])}",
            AnalyticsWarning,
            stacklevel=3,
        )
        values = values[keep_r][:, keep_i]
        regions = tuple(r for r, k in zip(regions, keep_r, strict=True) if k)
        industries = tuple(i for i, k in zip(industries, keep_i, strict=True) if k)
    return values, regions, industries, dropped_r, dropped_i


def _standardise_outlook(
    coi_raw: FloatArray, *, n_industries: int, convention: Convention
) -> FloatArray:
    """COI standardised like ECI; all zeros when every region has the same outlook."""
    centred = coi_raw - coi_raw.mean()
    if not np.ptp(coi_raw) > 1e-12 * max(float(np.abs(coi_raw).max()), 1.0):
        return np.zeros_like(coi_raw)
    std = spread(coi_raw, n_repeats=n_industries, convention=convention)
    return np.asarray(centred / std, dtype=np.float64)


def compute_strengths(
    values: SparseMatrix | npt.ArrayLike,
    regions: Sequence[str],
    industries: Sequence[str],
    *,
    convention: Convention = "ecomplexity",
    threshold: float = 1.0,
) -> StrengthsResult:
    """RCA, M, diversity, ubiquity, ECI, PCI, proximity, density, COI and COG for one matrix.

    Args:
        values: non-negative region x industry values (dense array or ``scipy.sparse`` array).
        regions, industries: labels for the rows and columns (unique, opaque).
        convention: ``"ecomplexity"`` reproduces the Python ``ecomplexity`` 0.5.x package
            (population std over regions; ``φ(i, i) = 1`` counted in density and COG);
            ``"stata"`` reproduces the original Stata ``ecomplexity`` (sample std over all
            region x industry rows; ``φ(i, i) = 0`` in density and COG). SPEC §6.
        threshold: RCA threshold for ``M`` (default 1).

    Raises:
        AnalyticsError: negative/non-finite values, mismatched labels, nothing left after
            dropping all-zero rows/columns, or a degenerate network (e.g. one region).
    """
    if convention not in CONVENTIONS:
        raise AnalyticsError("analytics.bad_convention", convention=convention)
    matrix = as_value_matrix(values)
    region_labels = _check_labels(regions, size=matrix.shape[0], axis="regions")
    industry_labels = _check_labels(industries, size=matrix.shape[1], axis="industries")
    matrix, region_labels, industry_labels, dropped_r, dropped_i = drop_empty(
        matrix, region_labels, industry_labels
    )
    rca = compute_rca(matrix)
    m = binarize(rca, threshold=threshold)
    diversity, ubiquity = diversity_ubiquity(m)
    if not (diversity.all() and ubiquity.all()):
        # Only possible with a threshold above 1: some row/column has no specialisation.
        raise AnalyticsError(
            "analytics.zero_diversity",
            regions=int((diversity == 0).sum()),
            industries=int((ubiquity == 0).sum()),
        )
    n_industries = m.shape[1]
    fill = m.nnz / max(m.shape[0] * n_industries, 1)
    dense = n_industries <= DENSE_PROXIMITY_MAX and fill >= _DENSE_MIN_FILL
    # One dense copy of M for every BLAS product (Gram matrix, φ, M φ, M diag(w) φ).
    md = m.toarray() if dense else None
    vectors = compute_complexity_vectors(m, diversity=diversity, ubiquity=ubiquity, dense_m=md)
    if vectors.eigenvalue > 1.0 - 1e-9:
        # Logged, not warned: common in small tables and not an error (see ``eigenvalue``).
        _log.warning(
            "the region-industry network falls apart into disconnected groups (second "
            "eigenvalue 1): ECI/PCI then separate the groups rather than rank complexity"
        )
    phi = build_proximity(m, ubiquity=ubiquity, dense=dense, dense_m=md)
    phi_used = phi if convention == "ecomplexity" else without_diagonal(phi)
    md_blas = md if blas_worthy(m) else None
    density = compute_density(m, phi_used, dense_m=md_blas)
    coi_raw = compute_coi_raw(m, density=density, kp=vectors.kp)
    cog_raw = compute_cog_raw(m, phi=phi_used, kp=vectors.kp, dense_m=md_blas)
    scale = standardisation(vectors.kc, n_industries=n_industries, convention=convention)
    coi = _standardise_outlook(coi_raw, n_industries=n_industries, convention=convention)
    return StrengthsResult(
        regions=region_labels,
        industries=industry_labels,
        values=matrix,
        rca=rca,
        m=m,
        diversity=diversity,
        ubiquity=ubiquity,
        eci=(vectors.kc - scale.mean) / scale.std,
        pci=(vectors.kp - scale.mean) / scale.std,
        proximity=as_sparse(phi),
        density=density,
        coi=coi,
        cog=cog_raw / scale.std,
        eigenvalue=vectors.eigenvalue,
        convention=convention,
        threshold=float(threshold),
        dropped_regions=dropped_r,
        dropped_industries=dropped_i,
    )
