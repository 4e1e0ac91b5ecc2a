"""Result types shared by the classifiers."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Classification:
    """The taxonomy labels of one need.

    Attributes:
        label, score: best taxonomy id and its probability (0..1); ``unknown``
            (:data:`axpartners.taxonomy.UNKNOWN_ID`) when nothing in the text supports any
            use case, with the probability of that outcome.
        label_2, score_2: runner-up id and its probability, or ``""`` and 0 when the runner-up
            has no evidence of its own (never a 0.0000 label printed as if it meant something).
        confidence: how sure the classifier is (``score`` shrunk when the margin to
            ``score_2`` is small or no evidence was found), 0..1.
        needs_review: ``True`` when staff should confirm the label (low confidence, a close
            runner-up, or no known words in the text).
        explanation: the words that drove ``label``, strongest first.
        mode: ``"zero-shot"`` or ``"trained"``.
        labels: every supported id, best first (``label`` and any other use case with
            real support of its own, e.g. both fields of "AI 비전검사·AI 설비 예지보전");
            ``("unknown",)`` for an unclassified need.
    """

    label: str
    score: float
    label_2: str
    score_2: float
    confidence: float
    needs_review: bool
    explanation: tuple[str, ...]
    mode: str
    labels: tuple[str, ...] = ()
