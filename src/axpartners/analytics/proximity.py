"""Proximity between industries (Hidalgo, Klinger, Barabási & Hausmann 2007, *Science* 317).

``φ(i, j) = min(P(M_i | M_j), P(M_j | M_i)) = Σ_r M[r, i] M[r, j] / max(k_i, k_j)`` with
ubiquity ``k_i``. The matrix is symmetric with ``φ(i, i) = 1``; whether the diagonal counts in
relatedness density is a convention (see :mod:`axpartners.analytics.density`).
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

from axpartners.analytics._blas import single_thread_blas
from axpartners.analytics._types import FloatArray, SparseMatrix


def build_proximity(
    m: SparseMatrix, *, ubiquity: FloatArray, dense: bool, dense_m: FloatArray | None = None
) -> FloatArray | SparseMatrix:
    """Co-occurrence proximity ``φ`` (industries x industries), dense or CSR.

    ``dense=True`` uses one BLAS product (fast when ``M`` is not very sparse and the number of
    industries is moderate); ``dense=False`` keeps only co-occurring pairs (scales to thousands
    of industries). Both give identical values. ``dense_m`` is ``M`` densified by the caller.
    """
    if dense:
        md = m.toarray() if dense_m is None else dense_m
        with single_thread_blas():
            cooc = md.T @ md
        return np.asarray(cooc / np.maximum(ubiquity[:, None], ubiquity[None, :]), dtype=np.float64)
    mc = sparse.csc_array(m)
    cooc = sparse.csr_array(mc.T @ mc)
    cooc.sum_duplicates()
    rows = np.repeat(np.arange(cooc.shape[0]), np.diff(cooc.indptr))
    data = cooc.data / np.maximum(ubiquity[rows], ubiquity[cooc.indices])
    return sparse.csr_array((data, cooc.indices, cooc.indptr), shape=cooc.shape)


def without_diagonal(phi: FloatArray | SparseMatrix) -> FloatArray | SparseMatrix:
    """A copy of ``φ`` with ``φ(i, i) = 0`` (the Stata ``ecomplexity`` convention)."""
    if sparse.issparse(phi):
        out = sparse.csr_array(phi, copy=True)
        out.setdiag(0.0)
        out.eliminate_zeros()
        return out
    dense = np.array(phi, dtype=np.float64, copy=True)
    np.fill_diagonal(dense, 0.0)
    return dense


def as_sparse(phi: FloatArray | SparseMatrix) -> SparseMatrix:
    """``φ`` as a CSR array (the form kept in results)."""
    if sparse.issparse(phi):
        return sparse.csr_array(phi, dtype=np.float64)
    dense = np.asarray(phi, dtype=np.float64)
    n_rows, n_cols = dense.shape
    flat = np.flatnonzero(dense)  # row-major: already in CSR order
    indptr = np.searchsorted(flat, np.arange(n_rows + 1, dtype=np.int64) * n_cols)
    indices = flat % n_cols if n_cols else flat
    return sparse.csr_array((dense.ravel()[flat], indices, indptr), shape=dense.shape)
