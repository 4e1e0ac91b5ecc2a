"""compute_strengths: shapes, conventions, edge cases and errors."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import numpy as np
import pytest
from scipy import sparse

from axpartners.analytics import AnalyticsWarning, Convention, compute_strengths
from axpartners.errors import AnalyticsError


def _data(seed: int = 0, shape: tuple[int, int] = (15, 40)) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return rng.lognormal(3, 1.5, shape) * (rng.random(shape) < 0.5)


def _labels(n: int, prefix: str) -> list[str]:
    return [f"{prefix}{k}" for k in range(n)]


def test_result_is_frozen_and_shaped() -> None:
    values = _data()
    result = compute_strengths(values, _labels(15, "r"), _labels(40, "i"))
    assert result.density.shape == result.cog.shape == (15, 40)
    assert result.proximity.shape == (40, 40)
    assert result.eci.shape == result.coi.shape == (15,)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.threshold = 2.0  # type: ignore[misc]


def test_eci_is_standardised_and_correlates_with_diversity() -> None:
    result = compute_strengths(_data(1), _labels(15, "r"), _labels(40, "i"))
    assert result.eci.mean() == pytest.approx(0.0, abs=1e-12)
    assert result.eci.std() == pytest.approx(1.0, rel=1e-12)
    assert np.corrcoef(result.eci, result.diversity)[0, 1] > 0


def test_stata_std_uses_all_region_industry_rows() -> None:
    result = compute_strengths(_data(2), _labels(15, "r"), _labels(40, "i"), convention="stata")
    n = 15 * 40
    sample_std = np.sqrt(40 * np.sum(result.eci**2) / (n - 1))
    assert sample_std == pytest.approx(1.0, rel=1e-12)


def test_proximity_is_symmetric_with_unit_diagonal_and_density_in_unit_interval() -> None:
    result = compute_strengths(_data(3), _labels(15, "r"), _labels(40, "i"))
    phi = result.proximity.toarray()
    np.testing.assert_allclose(phi, phi.T)
    np.testing.assert_array_equal(np.diag(phi), 1.0)
    assert phi.min() >= 0
    assert phi.max() <= 1
    assert result.density.min() >= 0
    assert result.density.max() <= 1 + 1e-12


def test_cog_is_zero_where_specialised() -> None:
    result = compute_strengths(_data(4), _labels(15, "r"), _labels(40, "i"))
    held = result.m.toarray() > 0
    assert np.all(result.cog[held] == 0)
    assert np.any(result.cog[~held] != 0)


def test_sparse_and_dense_inputs_agree() -> None:
    values = _data(5)
    dense = compute_strengths(values, _labels(15, "r"), _labels(40, "i"))
    from_sparse = compute_strengths(sparse.csr_array(values), _labels(15, "r"), _labels(40, "i"))
    np.testing.assert_allclose(dense.eci, from_sparse.eci, atol=1e-12)
    np.testing.assert_allclose(dense.cog, from_sparse.cog, atol=1e-12)


def test_all_zero_matrix_raises() -> None:
    with pytest.raises(AnalyticsError) as info:
        compute_strengths(np.zeros((3, 4)), _labels(3, "r"), _labels(4, "i"))
    assert info.value.code == "analytics.zero_matrix"


def test_nothing_left_but_one_region_raises_after_warning() -> None:
    values = np.zeros((3, 4))
    values[0] = [1.0, 2.0, 3.0, 4.0]
    with pytest.warns(AnalyticsWarning), pytest.raises(AnalyticsError) as info:
        compute_strengths(values, _labels(3, "r"), _labels(4, "i"))
    assert info.value.code == "analytics.too_small"


@pytest.mark.parametrize(
    ("regions", "industries", "code"),
    [
        (["a", "b"], ["x", "y", "z"], "analytics.label_count"),
        (["a", "a", "b"], ["x", "y", "z"], "analytics.duplicate_label"),
    ],
)
def test_label_errors(regions: list[str], industries: list[str], code: str) -> None:
    with pytest.raises(AnalyticsError) as info:
        compute_strengths(np.ones((3, 3)), regions, industries)
    assert info.value.code == code


def test_unknown_convention_raises() -> None:
    with pytest.raises(AnalyticsError, match="convention"):
        compute_strengths(_data(), _labels(15, "r"), _labels(40, "i"), convention="r")  # type: ignore[arg-type]


def test_too_high_threshold_raises_zero_diversity() -> None:
    with pytest.raises(AnalyticsError) as info:
        compute_strengths(_data(6), _labels(15, "r"), _labels(40, "i"), threshold=50.0)
    assert info.value.code == "analytics.zero_diversity"


def test_identical_regions_are_degenerate() -> None:
    values = np.tile(np.array([[1.0, 2.0, 3.0]]), (4, 1))
    with pytest.raises(AnalyticsError) as info:
        compute_strengths(values, _labels(4, "r"), _labels(3, "i"))
    assert info.value.code == "analytics.degenerate"


def test_result_lookups() -> None:
    result = compute_strengths(_data(), _labels(15, "r"), _labels(40, "i"))
    assert result.region_index("r3") == 3
    assert result.industry_index("i7") == 7
    with pytest.raises(AnalyticsError, match="nowhere"):
        result.region_index("nowhere")


def test_disconnected_network_is_logged(caplog: pytest.LogCaptureFixture) -> None:
    values = np.zeros((6, 6))
    values[:3, :3] = np.random.default_rng(0).lognormal(1, 1, (3, 3))
    values[3:, 3:] = np.random.default_rng(1).lognormal(1, 1, (3, 3))
    result = compute_strengths(values, _labels(6, "r"), _labels(6, "i"))
    assert result.eigenvalue == pytest.approx(1.0)
    assert "disconnected" in caplog.text


def test_stata_convention_same_on_sparse_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    from axpartners.analytics import complexity, pipeline

    values = _data(8, (20, 50))
    dense = compute_strengths(values, _labels(20, "r"), _labels(50, "i"), convention="stata")
    monkeypatch.setattr(pipeline, "DENSE_PROXIMITY_MAX", 0)
    monkeypatch.setattr(complexity, "DENSE_EIGEN_MAX", 0)
    forced = compute_strengths(values, _labels(20, "r"), _labels(50, "i"), convention="stata")
    np.testing.assert_allclose(forced.eci, dense.eci, atol=1e-10)
    np.testing.assert_allclose(forced.density, dense.density, atol=1e-12)
    np.testing.assert_allclose(forced.cog, dense.cog, atol=1e-10)
    np.testing.assert_allclose(forced.coi, dense.coi, atol=1e-10)


def test_stata_isolated_industry_gets_zero_density_not_nan() -> None:
    """With φ(i, i) = 0 an industry that co-occurs with nothing has no related industries."""
    values = _data(9, (10, 12))
    values[0] = 0.0
    values[0, 0] = 5.0  # region 0 only does industry 0 ...
    values[1:, 0] = 0.0  # ... and nobody else does it
    result = compute_strengths(values, _labels(10, "r"), _labels(12, "i"), convention="stata")
    assert np.all(np.isfinite(result.density))
    assert np.all(np.isfinite(result.cog))
    assert np.all(result.density[:, 0] == 0.0)


def test_results_are_deterministic(monkeypatch: pytest.MonkeyPatch) -> None:
    from axpartners.analytics import complexity

    monkeypatch.setattr(complexity, "DENSE_EIGEN_MAX", 0)
    values = _data(10, (30, 60))
    first = compute_strengths(values, _labels(30, "r"), _labels(60, "i"))
    second = compute_strengths(values, _labels(30, "r"), _labels(60, "i"))
    np.testing.assert_array_equal(first.eci, second.eci)
    np.testing.assert_array_equal(first.cog, second.cog)


@pytest.mark.parametrize("convention", ["ecomplexity", "stata"])
@pytest.mark.parametrize("share", [0.04, 0.5])
def test_shared_dense_m_matches_sparse_products(
    monkeypatch: pytest.MonkeyPatch, convention: Convention, share: float
) -> None:
    """One dense copy of M feeds every BLAS product; the all-sparse path gives the same numbers.

    ``share`` 0.04 leaves M with 2-5 % ones (dense φ, sparse M φ), 0.5 with more (all BLAS).
    """
    from axpartners.analytics import complexity, pipeline

    rng = np.random.default_rng(11)
    values = rng.lognormal(3, 1.5, (60, 200)) * (rng.random((60, 200)) < share)
    values[np.arange(60), rng.integers(0, 200, 60)] += 1.0
    values[rng.integers(0, 60, 200), np.arange(200)] += 1.0
    regions, industries = _labels(60, "r"), _labels(200, "i")
    shared = compute_strengths(values, regions, industries, convention=convention)
    fill = shared.m.nnz / (60 * 200)
    assert (0.02 <= fill < 0.05) if share < 0.1 else fill >= 0.05
    monkeypatch.setattr(pipeline, "DENSE_PROXIMITY_MAX", 0)
    monkeypatch.setattr(complexity, "DENSE_EIGEN_MAX", 0)
    forced = compute_strengths(values, regions, industries, convention=convention)
    for name in ("eci", "pci", "density", "coi", "cog"):
        np.testing.assert_allclose(getattr(forced, name), getattr(shared, name), atol=1e-9)
    np.testing.assert_allclose(forced.proximity.toarray(), shared.proximity.toarray(), atol=1e-15)


def test_arpack_is_imported_only_for_large_eigenproblems() -> None:
    """``scipy.sparse.linalg`` stays out of a strengths run that never needs ARPACK."""
    code = (
        "import sys; import numpy as np; from axpartners.analytics import compute_strengths; "
        "v = np.random.default_rng(0).lognormal(3, 1, (12, 20)); "
        "compute_strengths(v, [f'r{k}' for k in range(12)], [f'i{k}' for k in range(20)]); "
        "print('scipy.sparse.linalg' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
