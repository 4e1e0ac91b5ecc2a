"""Compare every indicator with the PyPI ``ecomplexity`` 0.5.x package on generated data.

Documented convention differences: none for the ``ecomplexity`` convention. The reference keeps
all-zero rows/columns as NaN rows in its output; we drop them (with a warning), so only kept
labels are compared. Tolerance 1e-9 (SPEC §6); observed ≈1e-14.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from scipy import sparse

from axpartners.analytics import (
    AnalyticsWarning,
    complexity as complexity_module,
    compute_strengths,
    pipeline as pipeline_module,
)

TOL = 1e-9
ReferenceRunner = Callable[..., Any]


def _labels(prefix: str, n: int) -> list[str]:
    return [f"{prefix}{k:04d}" for k in range(n)]


def random_sparse(seed: int = 1) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return rng.lognormal(3, 2, (30, 80)) * (rng.random((30, 80)) < 0.3)


def dense_positive(seed: int = 2) -> np.ndarray:
    return np.random.default_rng(seed).lognormal(5, 1.5, (25, 60))


def with_zero_rows_cols(seed: int = 3) -> np.ndarray:
    values = random_sparse(seed)
    values[[2, 11]] = 0.0
    values[:, [0, 5, 40]] = 0.0
    return values


def integer_ties(seed: int = 4) -> np.ndarray:
    """Small integers; region 0 is the sum of the others, so its RCA is exactly 1 everywhere."""
    rng = np.random.default_rng(seed)
    values = rng.integers(0, 4, size=(20, 40)).astype(np.float64)
    values[:, 3] = values[:, 4]  # identical industries: ties in ubiquity and proximity
    values[0] = values[1:].sum(axis=0)
    return values


def tall(seed: int = 5) -> np.ndarray:
    """More regions than industries: the eigenproblem is solved on the industry side."""
    rng = np.random.default_rng(seed)
    return rng.lognormal(2, 1.5, (70, 25)) * (rng.random((70, 25)) < 0.5)


DATASETS = {
    "random_sparse": random_sparse,
    "dense": dense_positive,
    "zero_rows_cols": with_zero_rows_cols,
    "integer_ties": integer_ties,
    "tall": tall,
}


def _compare(
    reference: ReferenceRunner,
    values: np.ndarray,
    *,
    as_sparse: bool = False,
    threshold: float = 1.0,
) -> None:
    regions, industries = _labels("r", values.shape[0]), _labels("i", values.shape[1])
    expected = reference(values, regions, industries, threshold)
    matrix = sparse.csr_array(values) if as_sparse else values
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AnalyticsWarning)
        result = compute_strengths(
            matrix, regions, industries, convention="ecomplexity", threshold=threshold
        )
    assert list(result.regions) == expected.regions
    assert list(result.industries) == expected.industries
    np.testing.assert_array_equal(result.m.toarray(), expected.m)
    np.testing.assert_array_equal(result.diversity, expected.diversity)
    np.testing.assert_array_equal(result.ubiquity, expected.ubiquity)
    np.testing.assert_allclose(result.rca.toarray(), expected.rca, rtol=0, atol=TOL)
    np.testing.assert_allclose(result.eci, expected.eci, rtol=0, atol=TOL)
    np.testing.assert_allclose(result.pci, expected.pci, rtol=0, atol=TOL)
    np.testing.assert_allclose(result.proximity.toarray(), expected.proximity, rtol=0, atol=TOL)
    np.testing.assert_allclose(result.density, expected.density, rtol=0, atol=TOL)
    np.testing.assert_allclose(result.coi, expected.coi, rtol=0, atol=TOL)
    np.testing.assert_allclose(result.cog, expected.cog, rtol=0, atol=TOL)


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_matches_py_ecomplexity(name: str, reference: ReferenceRunner) -> None:
    _compare(reference, DATASETS[name]())


@pytest.mark.parametrize("name", ["random_sparse", "zero_rows_cols", "tall"])
def test_sparse_paths_match_py_ecomplexity(
    name: str, monkeypatch: pytest.MonkeyPatch, reference: ReferenceRunner
) -> None:
    """Force CSR proximity/density and the ARPACK eigensolver: same numbers."""
    monkeypatch.setattr(pipeline_module, "DENSE_PROXIMITY_MAX", 0)
    monkeypatch.setattr(complexity_module, "DENSE_EIGEN_MAX", 0)
    _compare(reference, DATASETS[name](), as_sparse=True)


def test_zero_rows_are_dropped_with_a_warning() -> None:
    values = with_zero_rows_cols()
    regions, industries = _labels("r", 30), _labels("i", 80)
    with pytest.warns(AnalyticsWarning, match="all-zero"):
        result = compute_strengths(values, regions, industries)
    assert result.dropped_regions == ("r0002", "r0011")
    assert result.dropped_industries == ("i0000", "i0005", "i0040")
    assert result.m.shape == (28, 77)


@pytest.mark.parametrize("threshold", [0.75, 1.3])
def test_other_thresholds_match_py_ecomplexity(
    threshold: float, reference: ReferenceRunner
) -> None:
    _compare(reference, dense_positive(7), threshold=threshold)
