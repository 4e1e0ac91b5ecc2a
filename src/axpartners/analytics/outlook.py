"""Complexity outlook: COI and COG (Hausmann et al. 2014, *The Atlas of Economic Complexity*).

* Complexity outlook index of region ``r``:
  ``COI_r = Σ_i density[r, i] (1 - M[r, i]) PCI_i`` — how much complexity lies near what the
  region already does.
* Complexity outlook gain of region ``r`` in industry ``i``:
  ``COG[r, i] = (1 - M[r, i]) Σ_j (1 - M[r, j]) φ(i, j) / Σ_k φ(j, k) · PCI_j`` — how much
  entering ``i`` would raise the density of the complex industries still missing.

As in both reference implementations, these sums use the *raw* signed eigenvector ``kp``; COI
is then standardised and COG divided by ECI's std (see :mod:`axpartners.analytics.pipeline`).
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

from axpartners.analytics._types import FloatArray, SparseMatrix
from axpartners.analytics.density import proximity_row_sums, times_proximity


def _nonzero_cells(m: SparseMatrix) -> tuple[np.ndarray, np.ndarray]:
    coo = sparse.coo_array(m)
    return np.asarray(coo.row, dtype=np.int64), np.asarray(coo.col, dtype=np.int64)


def compute_coi_raw(m: SparseMatrix, *, density: FloatArray, kp: FloatArray) -> FloatArray:
    """``Σ_i density[r, i] (1 - M[r, i]) kp_i`` for every region (unstandardised)."""
    rows, cols = _nonzero_cells(m)
    present = np.bincount(rows, weights=density[rows, cols] * kp[cols], minlength=m.shape[0])
    return np.asarray(density @ kp - present, dtype=np.float64)


def compute_cog_raw(
    m: SparseMatrix,
    *,
    phi: FloatArray | SparseMatrix,
    kp: FloatArray,
    dense_m: FloatArray | None = None,
) -> FloatArray:
    """Dense regions x industries COG before scaling, 0 where the region is specialised.

    Uses ``(1 - M) W = 1ᵀW - M W`` with ``W[j, i] = φ(j, i) kp_j / Σ_k φ(j, k)`` so that the
    dense ``1 - M`` is never multiplied, and ``M W = (M diag(w)) φ`` so ``W`` is never formed.
    ``dense_m`` is ``M`` already densified by the caller (used with a dense ``φ``).
    """
    totals = proximity_row_sums(phi)
    with np.errstate(divide="ignore", invalid="ignore"):
        weight = np.where(totals > 0, kp / totals, 0.0)
    # M W = (M diag(w)) φ: scale the columns of the sparse M rather than copying φ.
    reach = np.asarray(phi.T @ weight, dtype=np.float64).ravel()
    if dense_m is not None and not sparse.issparse(phi):
        held = times_proximity(m, phi, dense_m=dense_m * weight[None, :])
    else:
        held = times_proximity(sparse.csr_array(m.multiply(weight[None, :])), phi)
    cog = np.subtract(reach[None, :], held, out=held)
    rows, cols = _nonzero_cells(m)
    cog[rows, cols] = 0.0
    return np.asarray(cog, dtype=np.float64)
