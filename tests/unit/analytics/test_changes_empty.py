"""Regression: comparing a year with itself (no entries, no exits) returns no changes."""

from __future__ import annotations

import numpy as np

from axpartners.analytics import compute_strengths, specialisation_changes


def test_no_changes_between_identical_years():
    values = np.array([[5.0, 1.0, 0.0], [1.0, 4.0, 2.0], [0.0, 2.0, 6.0]])
    result = compute_strengths(values, ["a", "b", "c"], ["x", "y", "z"])
    assert specialisation_changes(result, result, year_from=2023, year_to=2024) == ()
