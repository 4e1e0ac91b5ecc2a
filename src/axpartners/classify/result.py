"""Result types shared by the classifiers."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Classification:
    """The taxonomy labels of one need.

    Attributes:
        label, score: best taxonomy id and its probability (0..1).
        label_2, score_2: runner-up id and its probability.
        confidence: how sure the classifier is (``score`` shrunk when the margin to
            ``score_2`` is small or no evidence was found), 0..1.
        needs_review: ``True`` when staff should confirm the label (low confidence, a close
            runner-up, or no known words in the text).
        explanation: the words that drove ``label``, strongest first.
        mode: ``"zero-shot"`` or ``"trained"``.
    """

    label: str
    score: float
    label_2: str
    score_2: float
    confidence: float
    needs_review: bool
    explanation: tuple[str, ...]
    mode: str
