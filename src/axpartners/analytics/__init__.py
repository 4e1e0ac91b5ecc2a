"""Regional strengths analytics: specialisation, relatedness and economic complexity.

Pure NumPy/SciPy; no database, no I/O. Entry points:

* :func:`compute_strengths` — one region x industry matrix → :class:`StrengthsResult`.
* :func:`rank_opportunities` — industries a region could move into, with their components;
  :func:`list_specialisations` — what it is specialised in now;
  :func:`summarise_region`, :func:`rank_regions` — the Strengths page in one call.
* :func:`compute_strengths_by_year`, :func:`specialisation_changes` — several years.
* :func:`usecases_for_industry` — AI use cases relevant to a KSIC code.
"""

from __future__ import annotations

from axpartners.analytics._types import CONVENTIONS, AnalyticsWarning, Convention
from axpartners.analytics.changes import (
    SpecialisationChange,
    compute_strengths_by_year,
    specialisation_changes,
)
from axpartners.analytics.opportunity import (
    Opportunity,
    Quadrant,
    Specialisation,
    list_specialisations,
    rank_opportunities,
)
from axpartners.analytics.pipeline import StrengthsResult, compute_strengths
from axpartners.analytics.summary import RegionRank, RegionSummary, rank_regions, summarise_region
from axpartners.analytics.usecases import UseCaseLink, load_ksic_usecases, usecases_for_industry

__all__ = [
    "CONVENTIONS",
    "AnalyticsWarning",
    "Convention",
    "Opportunity",
    "Quadrant",
    "RegionRank",
    "RegionSummary",
    "Specialisation",
    "SpecialisationChange",
    "StrengthsResult",
    "UseCaseLink",
    "compute_strengths",
    "compute_strengths_by_year",
    "list_specialisations",
    "load_ksic_usecases",
    "rank_opportunities",
    "rank_regions",
    "specialisation_changes",
    "summarise_region",
    "usecases_for_industry",
]
