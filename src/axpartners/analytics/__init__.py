"""Regional strengths analytics: specialisation, relatedness and economic complexity.

Pure NumPy/SciPy; no database, no I/O. Entry points:

* :func:`compute_strengths` — one region x industry matrix → :class:`StrengthsResult`.
* :func:`rank_opportunities` — industries a region could move into, with their components.
* :func:`compute_strengths_by_year`, :func:`specialisation_changes` — several years.
"""

from __future__ import annotations

from axpartners.analytics._types import AnalyticsWarning, Convention
from axpartners.analytics.pipeline import StrengthsResult, compute_strengths

__all__ = [
    "AnalyticsWarning",
    "Convention",
    "StrengthsResult",
    "compute_strengths",
]
