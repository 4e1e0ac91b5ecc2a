"""Economic and product complexity (ECI/PCI) by the eigenvector method.

Hidalgo & Hausmann (2009), "The building blocks of economic complexity", PNAS 106(26); in the
matrix form of the Atlas of Economic Complexity (Hausmann et al. 2014): with diversity
``k_r = Σ_i M[r, i]`` and ubiquity ``k_i = Σ_r M[r, i]``,

    M̃_ii' = Σ_r M[r, i] M[r, i'] / (k_i k_r)          (industries x industries)
    M̃_rr' = Σ_i M[r, i] M[r', i] / (k_r k_i)          (regions x regions)

PCI is the eigenvector of ``M̃_ii'`` for the second largest eigenvalue, ECI the one of
``M̃_rr'``; they are linked by ``ECI ∝ D⁻¹ M PCI``. Both matrices are similar to a symmetric
positive semi-definite matrix (``A Aᵀ`` and ``Aᵀ A`` with ``A = D^-½ M U^-½``), so we solve the
*smaller* symmetric problem with ``numpy.linalg.eigh`` (or ``scipy.sparse.linalg.eigsh`` on a
deflated operator when it is large) and map the vector to the other side. We never form the
dense industries x industries matrix of the reference implementation.

Sign: chosen so that ECI correlates positively with diversity (as in the reference packages).
Standardisation is convention-dependent, see :func:`standardise`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import linalg as scipy_linalg, sparse

from axpartners.analytics._blas import single_thread_blas
from axpartners.analytics._types import Convention, FloatArray, SparseMatrix
from axpartners.errors import AnalyticsError

DENSE_EIGEN_MAX = 2000
"""Use a dense symmetric eigensolver up to this many rows of the smaller side, ARPACK beyond."""
_SEED = 20090626  # fixed start vector for ARPACK: results are deterministic


@dataclass(frozen=True, slots=True)
class ComplexityVectors:
    """Raw (unstandardised) eigenvector solution, sign already fixed.

    Attributes:
        kc: region vector ``D⁻¹ M kp`` (raw ECI), length = number of regions.
        kp: industry eigenvector of ``M̃_ii'`` (raw PCI), length = number of industries. Its
            scale is arbitrary; every published quantity is invariant to it.
        eigenvalue: the second largest eigenvalue (≤ 1); near 1 means the region–industry
            network is almost disconnected.
    """

    kc: FloatArray
    kp: FloatArray
    eigenvalue: float


@dataclass(frozen=True, slots=True)
class Standardisation:
    """``eci = (kc - mean) / std`` and ``pci = (kp - mean) / std`` with these ``mean``/``std``."""

    mean: float
    std: float


def diversity_ubiquity(m: SparseMatrix) -> tuple[FloatArray, FloatArray]:
    """Diversity ``k_r = Σ_i M[r, i]`` and ubiquity ``k_i = Σ_r M[r, i]`` (float64 counts)."""
    diversity = np.asarray(m.sum(axis=1), dtype=np.float64).ravel()
    ubiquity = np.asarray(m.sum(axis=0), dtype=np.float64).ravel()
    return diversity, ubiquity


def _dense(matrix: SparseMatrix | FloatArray) -> FloatArray:
    if isinstance(matrix, np.ndarray):
        return matrix
    return np.asarray(matrix.toarray(), dtype=np.float64)


def _second_eigenvector(
    a: SparseMatrix | FloatArray, *, degree: FloatArray, left: bool
) -> tuple[FloatArray, float]:
    """Unit eigenvector of ``A Aᵀ`` (left) or ``Aᵀ A`` for its second largest eigenvalue.

    ``degree`` is the diversity (left) or ubiquity: the top eigenvector is ``∝ sqrt(degree)``
    with eigenvalue 1. A dense ``A`` makes the Gram matrix one BLAS ``syrk`` (0.03 s at
    1,000 x 1,200 against 0.08 s for the sparse product).
    """
    n = a.shape[0] if left else a.shape[1]
    if n <= DENSE_EIGEN_MAX:
        with single_thread_blas():
            product = (a @ a.T) if left else (a.T @ a)
            gram = _dense(product)
            # Only the top two eigenpairs (MRRR, LAPACK ?syevr): much cheaper than a full eigh.
            # The Gram matrix is ours to overwrite, and finite because M is.
            values, vectors = scipy_linalg.eigh(
                gram,
                subset_by_index=[n - 2, n - 1],
                driver="evr",
                overwrite_a=True,
                check_finite=False,
            )
        return np.ascontiguousarray(vectors[:, 0]), float(values[0])
    # Deflate the known top eigenpair (eigenvalue 1, vector ∝ sqrt of the degree) and ask
    # ARPACK for the largest remaining one, from a fixed start vector.
    # lazy: scipy.sparse.linalg adds ~0.03 s to every strengths run; only > 2,000 rows need it
    from scipy.sparse import linalg as sparse_linalg

    top = np.sqrt(degree)
    top /= np.linalg.norm(top)
    at = sparse.csr_array(a.T) if sparse.issparse(a) else np.ascontiguousarray(a.T)

    def matvec(x: FloatArray) -> FloatArray:
        x = np.ravel(x)
        y = a @ (at @ x) if left else at @ (a @ x)
        return np.asarray(y - top * (top @ x), dtype=np.float64)

    operator = sparse_linalg.LinearOperator((n, n), matvec=matvec, dtype=np.float64)
    start = np.random.default_rng(_SEED).standard_normal(n)
    values, vectors = sparse_linalg.eigsh(operator, k=1, which="LA", v0=start, tol=0)
    return np.ascontiguousarray(vectors[:, 0]), float(values[0])


def compute_complexity_vectors(
    m: SparseMatrix,
    *,
    diversity: FloatArray,
    ubiquity: FloatArray,
    dense_m: FloatArray | None = None,
) -> ComplexityVectors:
    """Solve the eigenproblem on the smaller side and return signed raw ``kc``, ``kp``.

    ``diversity`` and ``ubiquity`` must be positive (drop empty rows/columns first).
    ``dense_m`` is ``M`` as a dense array if the caller already has one (faster products).
    """
    n_regions, n_industries = m.shape
    if n_regions < 2 or n_industries < 2:
        raise AnalyticsError("analytics.too_small", regions=n_regions, industries=n_industries)
    inv_sqrt_d = 1.0 / np.sqrt(diversity)
    inv_sqrt_u = 1.0 / np.sqrt(ubiquity)
    a: SparseMatrix | FloatArray
    if dense_m is not None:
        a = dense_m * inv_sqrt_d[:, None]
        a *= inv_sqrt_u[None, :]
    else:
        a = sparse.csr_array(m.multiply(inv_sqrt_d[:, None]).multiply(inv_sqrt_u[None, :]))
    region_side = n_regions <= n_industries
    vector, eigenvalue = _second_eigenvector(
        a, degree=diversity if region_side else ubiquity, left=region_side
    )
    if region_side:
        kc0 = vector * inv_sqrt_d
        kp = np.asarray(m.T @ kc0, dtype=np.float64) / ubiquity
    else:
        kp = vector * inv_sqrt_u
    # kc = D⁻¹ M kp, exactly as the reference derives ECI from the PCI eigenvector.
    kc = np.asarray(m @ kp, dtype=np.float64) / diversity
    avg_ubiquity = np.asarray(m @ ubiquity, dtype=np.float64) / diversity
    sign = _orientation(kc, diversity, avg_ubiquity)
    return ComplexityVectors(kc=sign * kc, kp=sign * kp, eigenvalue=eigenvalue)


def _orientation(kc: FloatArray, diversity: FloatArray, avg_ubiquity: FloatArray) -> float:
    """+1/-1 so that ECI correlates positively with diversity.

    When every region is equally diverse (where the reference packages return NaN) we use,
    in turn, a negative correlation with the mean ubiquity of the region's industries (the
    next step of the method of reflections) and a positive skew; all are invariant to the
    order of rows and columns.
    """
    if not np.ptp(kc) > 1e-10 * float(np.abs(kc).max()):
        # Every region gets the same ECI up to rounding: the ranking would be noise.
        raise AnalyticsError("analytics.degenerate", reason="flat_eci")
    for reference, direction in ((diversity, 1.0), (avg_ubiquity, -1.0)):
        if np.ptp(reference) > 0:
            with np.errstate(divide="ignore", invalid="ignore"):
                corr = float(np.corrcoef(reference, kc)[0, 1])
            if np.isfinite(corr) and abs(corr) > 1e-12:
                return direction if corr > 0 else -direction
    skew = float(np.sum((kc - kc.mean()) ** 3))
    return -1.0 if skew < 0 else 1.0


def standardisation(
    kc: FloatArray, *, n_industries: int, convention: Convention
) -> Standardisation:
    """Mean and std used to standardise ECI, PCI (and to scale COG).

    * ``ecomplexity`` (Python package 0.5.x): mean of ``kc`` over regions and the *population*
      std (ddof 0) over regions.
    * ``stata`` (original Stata ``ecomplexity``): the same mean, but the *sample* std (ddof 1)
      over all region x industry rows of the long data set, i.e.
      ``sqrt(P · Σ_r (kc_r - mean)² / (R·P - 1))``.

    PCI is standardised with ECI's mean and std, which keeps ``ECI_r`` equal to the mean PCI of
    the region's specialisations (up to the eigenvalue factor).
    """
    mean = float(kc.mean())
    return Standardisation(mean=mean, std=spread(kc, n_repeats=n_industries, convention=convention))


def spread(vector: FloatArray, *, n_repeats: int, convention: Convention) -> float:
    """Std of a per-region vector under ``convention`` (see :func:`standardisation`)."""
    centred = vector - vector.mean()
    if convention == "ecomplexity":
        std = float(np.sqrt(np.mean(centred**2)))
    else:
        std = float(np.sqrt(n_repeats * np.sum(centred**2) / (vector.size * n_repeats - 1)))
    if not std > 0:
        raise AnalyticsError("analytics.degenerate", reason="zero_std")
    return std
