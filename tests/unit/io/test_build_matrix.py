"""``build_matrix``: cells in row-major order take a direct CSR path; any order gives the same
matrix as SciPy's COO conversion (values, explicit zeros dropped, canonical indices)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from scipy import sparse

from axpartners.io.stats_model import build_matrix


def _reference(rows, cols, values, shape):  # type: ignore[no-untyped-def]
    matrix = sparse.csr_array((values, (rows, cols)), shape=shape)
    matrix.eliminate_zeros()
    matrix.sort_indices()
    return matrix


@settings(max_examples=150, deadline=None)
@given(
    shape=st.tuples(st.integers(1, 25), st.integers(1, 25)),
    seed=st.integers(0, 2**32 - 1),
    ordered=st.booleans(),
    fill=st.floats(0, 1),
)
def test_same_matrix_as_scipy_in_any_order(shape, seed, ordered, fill) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(seed)
    m, n = shape
    cells = rng.choice(m * n, size=int(fill * m * n), replace=False)
    if ordered:
        cells = np.sort(cells)
    rows, cols = cells // n, cells % n
    values = rng.integers(0, 3, cells.size).astype(np.float64)  # a third are zeros
    got = build_matrix(rows, cols, values, shape=(m, n))
    want = _reference(rows, cols, values, (m, n))
    assert got.has_canonical_format
    assert got.nnz == want.nnz
    assert np.array_equal(got.indptr, want.indptr)
    assert np.array_equal(got.indices, want.indices)
    assert np.array_equal(got.data, want.data)


@pytest.mark.parametrize("ordered", [True, False])
def test_last_rows_empty_and_no_cells(ordered: bool) -> None:
    rows, cols = np.array([0, 1]), np.array([2, 0])
    if not ordered:
        rows, cols = rows[::-1], cols[::-1]
    matrix = build_matrix(rows, cols, np.array([5.0, 7.0])[:: 1 if ordered else -1], shape=(4, 3))
    assert matrix.toarray().tolist() == [[0, 0, 5], [7, 0, 0], [0, 0, 0], [0, 0, 0]]
    empty = build_matrix(
        np.array([], dtype=int), np.array([], dtype=int), np.array([]), shape=(2, 2)
    )
    assert empty.nnz == 0
    assert empty.shape == (2, 2)
