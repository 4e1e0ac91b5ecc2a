"""Revealed comparative advantage (Balassa 1965) and the binary specialisation matrix ``M``.

``RCA[r, i] = (x[r, i] / Σ_i x[r, i]) / (Σ_r x[r, i] / Σ x)`` — the location quotient. The
operations are ordered as in the Growth Lab ``ecomplexity`` package (share of the region divided
by the world share of the industry) so that cells with RCA exactly 1 in exact arithmetic (ties)
get the same ``M`` as the reference.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from scipy import sparse

from axpartners.analytics._types import FloatArray, SparseMatrix
from axpartners.errors import AnalyticsError


def as_value_matrix(values: SparseMatrix | npt.ArrayLike) -> SparseMatrix:
    """The region x industry values as a float64 CSR array; refuse negative or non-finite cells."""
    if sparse.issparse(values):
        matrix = sparse.csr_array(values, dtype=np.float64)
    else:
        dense = np.asarray(values, dtype=np.float64)
        if dense.ndim != 2:
            raise AnalyticsError("analytics.bad_shape", shape=str(dense.shape))
        matrix = sparse.csr_array(dense)
    matrix.sum_duplicates()
    data = matrix.data
    if not np.all(np.isfinite(data)):
        raise AnalyticsError("analytics.not_finite")
    if np.any(data < 0):
        raise AnalyticsError("analytics.negative_value")
    matrix.eliminate_zeros()
    return matrix


def row_col_totals(values: SparseMatrix) -> tuple[FloatArray, FloatArray]:
    """``(Σ_i x[r, i], Σ_r x[r, i])`` as float64 vectors."""
    rows = np.asarray(values.sum(axis=1), dtype=np.float64).ravel()
    cols = np.asarray(values.sum(axis=0), dtype=np.float64).ravel()
    return rows, cols


def compute_rca(values: SparseMatrix) -> SparseMatrix:
    """Balassa RCA with the sparsity pattern of ``values`` (a zero value has RCA 0).

    Rows or columns whose total is zero must have been removed first (their RCA is undefined).
    """
    x = sparse.csr_array(values, dtype=np.float64)
    row_total, col_total = row_col_totals(x)
    world_share = col_total / col_total.sum()
    rows = np.repeat(np.arange(x.shape[0]), np.diff(x.indptr))
    data = (x.data / row_total[rows]) / world_share[x.indices]
    return sparse.csr_array((data, x.indices.copy(), x.indptr.copy()), shape=x.shape)


def binarize(rca: SparseMatrix, *, threshold: float = 1.0) -> SparseMatrix:
    """``M[r, i] = 1`` where ``RCA[r, i] ≥ threshold`` (float64 0/1, CSR, explicit zeros removed)."""
    if not threshold > 0:
        raise AnalyticsError("analytics.bad_threshold", threshold=threshold)
    m = sparse.csr_array(rca, dtype=np.float64, copy=True)
    m.data = (m.data >= threshold).astype(np.float64)
    m.eliminate_zeros()
    return m
