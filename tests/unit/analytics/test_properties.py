"""Property tests (hypothesis): permutation and scale invariance, RCA and ECI identities."""

from __future__ import annotations

from random import Random

import numpy as np
from hypothesis import assume, given, settings, strategies as st

from axpartners.analytics import StrengthsResult, compute_strengths
from axpartners.analytics.rca import as_value_matrix, compute_rca
from axpartners.errors import AnalyticsError

SETTINGS = settings(max_examples=30, deadline=None)


@st.composite
def matrices(draw: st.DrawFn) -> np.ndarray:
    n_regions = draw(st.integers(3, 12))
    n_industries = draw(st.integers(3, 20))
    seed = draw(st.integers(0, 2**32 - 1))
    fill = draw(st.floats(0.3, 1.0))
    rng = np.random.default_rng(seed)
    values = rng.lognormal(2, 1.5, (n_regions, n_industries))
    values *= rng.random((n_regions, n_industries)) < fill
    values[np.arange(n_regions), rng.integers(0, n_industries, n_regions)] += 1.0
    values[rng.integers(0, n_regions, n_industries), np.arange(n_industries)] += 1.0
    return values


def _compute(values: np.ndarray, **kwargs: object) -> StrengthsResult:
    regions = [f"r{k}" for k in range(values.shape[0])]
    industries = [f"i{k}" for k in range(values.shape[1])]
    try:
        result = compute_strengths(values, regions, industries, **kwargs)  # type: ignore[arg-type]
    except AnalyticsError:
        assume(False)
        raise
    # The eigenvector is only defined up to rotation when the second eigenvalue is repeated.
    m = result.m.toarray()
    a = m / np.sqrt(result.diversity)[:, None] / np.sqrt(result.ubiquity)[None, :]
    spectrum = np.sort(np.linalg.eigvalsh(a @ a.T))[::-1]
    assume(spectrum[0] - spectrum[1] > 1e-6)
    assume(len(spectrum) < 3 or spectrum[1] - spectrum[2] > 1e-6)
    # Mirror-symmetric data (ECI uncorrelated with diversity) have no defined orientation.
    assume(np.ptp(result.diversity) > 0)
    assume(abs(np.corrcoef(result.eci, result.diversity)[0, 1]) > 1e-6)
    return result


@SETTINGS
@given(matrices(), st.randoms(use_true_random=False))
def test_permutation_invariance(values: np.ndarray, random: Random) -> None:
    base = _compute(values)
    rows = list(range(values.shape[0]))
    cols = list(range(values.shape[1]))
    random.shuffle(rows)
    random.shuffle(cols)
    permuted = compute_strengths(
        values[np.ix_(rows, cols)], [f"r{k}" for k in rows], [f"i{k}" for k in cols]
    )
    r_idx = [base.region_index(r) for r in permuted.regions]
    i_idx = [base.industry_index(i) for i in permuted.industries]
    np.testing.assert_allclose(permuted.eci, base.eci[r_idx], atol=1e-9)
    np.testing.assert_allclose(permuted.pci, base.pci[i_idx], atol=1e-9)
    np.testing.assert_allclose(permuted.coi, base.coi[r_idx], atol=1e-9)
    np.testing.assert_allclose(permuted.density, base.density[np.ix_(r_idx, i_idx)], atol=1e-12)
    np.testing.assert_allclose(permuted.cog, base.cog[np.ix_(r_idx, i_idx)], atol=1e-9)
    np.testing.assert_allclose(
        permuted.proximity.toarray(), base.proximity.toarray()[np.ix_(i_idx, i_idx)], atol=1e-15
    )


@SETTINGS
@given(matrices(), st.integers(-20, 20), st.sampled_from(["ecomplexity", "stata"]))
def test_scale_invariance(values: np.ndarray, exponent: int, convention: str) -> None:
    base = _compute(values, convention=convention)
    scaled = compute_strengths(
        values * 2.0**exponent,
        base.regions,
        base.industries,
        convention=convention,  # type: ignore[arg-type]
    )
    np.testing.assert_array_equal(scaled.m.toarray(), base.m.toarray())
    np.testing.assert_allclose(scaled.rca.toarray(), base.rca.toarray(), rtol=1e-13)
    np.testing.assert_allclose(scaled.eci, base.eci, atol=1e-9)
    np.testing.assert_allclose(scaled.pci, base.pci, atol=1e-9)
    np.testing.assert_allclose(scaled.cog, base.cog, atol=1e-9)


@SETTINGS
@given(matrices())
def test_rca_weighted_means_are_one(values: np.ndarray) -> None:
    rca = compute_rca(as_value_matrix(values)).toarray()
    world_share = values.sum(axis=0) / values.sum()
    region_share = values.sum(axis=1) / values.sum()
    np.testing.assert_allclose(rca @ world_share, 1.0, rtol=1e-10)
    np.testing.assert_allclose(region_share @ rca, 1.0, rtol=1e-10)
    assert (rca >= 1.0).any(axis=1).all()


@SETTINGS
@given(matrices(), st.sampled_from(["ecomplexity", "stata"]))
def test_eci_is_mean_pci_of_specialisations(values: np.ndarray, convention: str) -> None:
    result = _compute(values, convention=convention)
    mean_pci = (result.m @ result.pci) / result.diversity
    np.testing.assert_allclose(mean_pci, result.eci, atol=1e-9)
    assert np.corrcoef(result.eci, result.diversity)[0, 1] > 0
