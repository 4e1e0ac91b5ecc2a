"""RCA and binary specialisation."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse

from axpartners.analytics.rca import as_value_matrix, binarize, compute_rca
from axpartners.errors import AnalyticsError


def test_rca_is_the_location_quotient() -> None:
    values = np.array([[10.0, 0.0, 30.0], [5.0, 5.0, 0.0], [1.0, 2.0, 3.0]])
    rca = compute_rca(as_value_matrix(values)).toarray()
    total = values.sum()
    for r in range(3):
        for i in range(3):
            expected = (values[r, i] / values[r].sum()) / (values[:, i].sum() / total)
            assert rca[r, i] == pytest.approx(expected, rel=1e-14)


def test_rca_keeps_sparsity_and_zero_cells_have_zero_rca() -> None:
    values = sparse.random_array((40, 60), density=0.1, random_state=3, format="csr") * 100
    rca = compute_rca(as_value_matrix(values))
    assert rca.nnz == as_value_matrix(values).nnz


def test_share_weighted_mean_of_rca_is_one() -> None:
    """Σ_i s_i RCA[r, i] = 1 for every region (s_i = world share) and Σ_r w_r RCA[r, i] = 1."""
    rng = np.random.default_rng(7)
    values = rng.lognormal(2, 1, (12, 30)) * (rng.random((12, 30)) < 0.6) + 1e-3
    rca = compute_rca(as_value_matrix(values)).toarray()
    world_share = values.sum(axis=0) / values.sum()
    region_share = values.sum(axis=1) / values.sum()
    np.testing.assert_allclose(rca @ world_share, 1.0, rtol=1e-12)
    np.testing.assert_allclose(region_share @ rca, 1.0, rtol=1e-12)


@pytest.mark.parametrize(
    ("threshold", "expected"),
    [(1.0, [[1, 0, 1], [0, 1, 0]]), (0.5, [[1, 1, 1], [1, 1, 0]]), (3.0, [[0, 0, 0], [0, 0, 0]])],
)
def test_binarize_threshold(threshold: float, expected: list[list[int]]) -> None:
    rca = sparse.csr_array(np.array([[1.0, 0.5, 2.0], [0.9, 1.5, 0.0]]))
    np.testing.assert_array_equal(binarize(rca, threshold=threshold).toarray(), expected)


@pytest.mark.parametrize(
    ("values", "code"),
    [
        ([[1.0, -1.0], [2.0, 3.0]], "analytics.negative_value"),
        ([[1.0, np.nan], [2.0, 3.0]], "analytics.not_finite"),
        ([1.0, 2.0], "analytics.bad_shape"),
    ],
)
def test_bad_values_are_refused(values: list[object], code: str) -> None:
    with pytest.raises(AnalyticsError) as info:
        as_value_matrix(values)
    assert info.value.code == code


def test_threshold_must_be_positive() -> None:
    with pytest.raises(AnalyticsError, match="threshold"):
        binarize(sparse.csr_array(np.eye(2)), threshold=0.0)
