"""Several years: entries and exits of specialisations."""

from __future__ import annotations

import numpy as np
import pytest

from axpartners.analytics import (
    AnalyticsWarning,
    compute_strengths_by_year,
    specialisation_changes,
)

REGIONS = ["a", "b", "c", "d"]
INDUSTRIES = ["x", "y", "z", "w"]


def _panel() -> dict[int, np.ndarray]:
    y1 = np.array(
        [[9.0, 1.0, 2.0, 1.0], [1.0, 7.0, 1.0, 3.0], [2.0, 1.0, 9.0, 1.0], [2.0, 4.0, 1.0, 9.0]]
    )
    y2 = y1.copy()
    y2[0] = [1.0, 9.0, 2.0, 1.0]  # region a moves from x to y
    return {2022: y2, 2021: y1}


def test_by_year_is_sorted_and_independent() -> None:
    results = compute_strengths_by_year(_panel(), REGIONS, INDUSTRIES)
    assert list(results) == [2021, 2022]
    assert results[2021].m.toarray()[0, 0] == 1
    assert results[2022].m.toarray()[0, 0] == 0


def test_entries_and_exits() -> None:
    results = compute_strengths_by_year(_panel(), REGIONS, INDUSTRIES)
    changes = specialisation_changes(results[2021], results[2022], year_from=2021, year_to=2022)
    m1, m2 = results[2021].m.toarray(), results[2022].m.toarray()
    expected = {
        (REGIONS[r], INDUSTRIES[i], "entry" if m2[r, i] > m1[r, i] else "exit")
        for r, i in zip(*np.nonzero(m1 != m2), strict=True)
    }
    assert {(c.region, c.industry, c.kind) for c in changes} == expected
    a_changes = {(c.industry, c.kind) for c in changes if c.region == "a"}
    assert ("x", "exit") in a_changes
    assert ("y", "entry") in a_changes
    for c in changes:
        assert (c.rca_to >= 1.0) == (c.kind == "entry")
        assert (c.rca_from >= 1.0) == (c.kind == "exit")


def test_region_missing_in_one_year_counts_as_zero() -> None:
    panel = _panel()
    panel[2021][3] = 0.0  # region d has no data in 2021
    with pytest.warns(AnalyticsWarning):
        results = compute_strengths_by_year(panel, REGIONS, INDUSTRIES)
    changes = specialisation_changes(results[2021], results[2022], year_from=2021, year_to=2022)
    d_entries = [c for c in changes if c.region == "d"]
    assert d_entries
    assert all(c.kind == "entry" and c.rca_from == 0.0 for c in d_entries)
