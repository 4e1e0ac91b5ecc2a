"""The counts every page shows about the project candidates, and whether they are current.

The home page, the candidates and quick-wins pages and the briefing pack all show
:func:`candidate_summary`: the stored candidates that are not dismissed and the quick wins among
them — the rows :func:`axpartners.services.planning_read.list_candidates` lists. The briefing used to
count a fresh generation from the current needs instead (15 candidates, 9 quick wins, after a
need came in) while the pages counted the stored rows (14, 8); the stored rows are now the one
source, and when the inputs moved on since they were built the summary says so
(:mod:`axpartners.services.freshness`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from axpartners.services.actors import Actor
from axpartners.services.freshness import changed_inputs
from axpartners.services.planning_read import list_candidates


@dataclass(frozen=True, slots=True)
class CandidateSummary:
    """``candidates``: stored, not dismissed (open and promoted); ``quick_wins``: those passing
    the quick-win rule; ``changed``: inputs that differ from the last rebuild (empty when
    current); ``built_at``: that rebuild (None when none was recorded)."""

    candidates: int
    quick_wins: int
    changed: tuple[str, ...]
    built_at: datetime | None

    @property
    def is_stale(self) -> bool:
        return bool(self.changed)


def candidate_summary(session: Session, *, actor: Actor) -> CandidateSummary:
    """Counts and freshness of the stored candidates (members only, like the list itself)."""
    ranked = list_candidates(session, actor=actor)
    changed, built_at = changed_inputs(session, has_candidates=bool(ranked))
    return CandidateSummary(
        candidates=len(ranked),
        quick_wins=sum(r.is_quick_win for r in ranked),
        changed=changed,
        built_at=built_at,
    )
