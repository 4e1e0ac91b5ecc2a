"""From scores to a ranked, calibrated decision: labels, abstention, second labels, review.

Zero-shot probabilities are a softmax of ``beta`` times the scores (lexical evidence plus the
exemplar vote of :mod:`.exemplars`) with one extra
candidate, *unclassified*, whose score is the constant ``tau``:
``p = softmax(beta · [s_1 … s_L, tau])``. A need whose best score does not beat ``tau`` — in
particular one with no taxonomy term at all ("안녕하세요", "AI") — is labelled
:data:`~axpartners.taxonomy.UNKNOWN_ID`. ``beta`` is fitted by temperature scaling: the lowest
mean of two negative log-likelihoods on a grid — the dev part of the real corpus, scored by
5-fold cross-validation (``tests/data/classify/real/cv_dev.py``), and our own labelled needs —
so that real words and our own phrasing weigh the same (β = 3: dev 1.11, own 0.29; the former
β = 5 gave dev 1.44 once the exemplar vote was added). ``tau`` = 0.15 keeps one low-reliability
word from deciding (the likelihood barely moves with it). See ``docs/evaluation.md``. In trained mode the probabilities are the model's (:mod:`.supervised`); the need is
unclassified only when neither a taxonomy term nor a learned word supports any label.

* ``label_2`` is the runner-up only when it has evidence of its own (a lexical score above 0,
  or in trained mode a probability of at least ``min_second``); otherwise it is empty.
* ``labels`` lists every use case the need names itself: its strongest term found weighs at
  least ``min_support`` and at least ``ratio`` times the best label's strongest term (trained
  mode: every label whose probability is at least ``ratio`` times the best one's).
* Confidence is ``p1 · min(1, (p1 - p2) / margin)``; a need is sent to review when the
  confidence is below ``review_below``, when it is unclassified, when the two best labels
  tie (a tie is never presented as a decision), or when the best label rests on one term while
  the runner-up has evidence too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from axpartners.taxonomy import UNKNOWN_ID

FloatArray = npt.NDArray[np.float64]
_TIE = 1e-6


@dataclass(frozen=True, slots=True)
class Policy:
    """Calibration and decision thresholds (defaults fitted as the module docstring says)."""

    beta: float = 3.0
    tau: float = 0.15
    ratio: float = 0.5
    min_support: float = 0.65
    # On dev: 49 extra labels listed, 57 % of them a gold label; 0.5 listed 135 at 30 %.
    min_second: float = 0.05
    margin: float = 0.2
    review_below: float = 0.6


def zero_shot_proba(scores: FloatArray, policy: Policy) -> FloatArray:
    """``softmax(beta · [scores, tau])`` row-wise; the last column is *unclassified*."""
    logits = np.hstack([scores, np.full((len(scores), 1), policy.tau)]) * policy.beta
    logits -= logits.max(axis=1, keepdims=True)
    e = np.exp(logits)
    return np.asarray(e / e.sum(axis=1, keepdims=True), dtype=np.float64)


@dataclass(frozen=True, slots=True)
class Decision:
    label: str
    score: float
    label_2: str
    score_2: float
    confidence: float
    needs_review: bool
    labels: tuple[str, ...]


def decide(
    proba: FloatArray,
    scores: FloatArray,
    labels: Sequence[str],
    policy: Policy,
    *,
    has_evidence: bool,
    p_unknown: float,
    trained: bool,
    strongest: FloatArray,
    support: int = 2,
) -> Decision:
    """The decision for one need from its label probabilities and lexical scores."""
    order = [int(i) for i in np.argsort(-proba, kind="stable")]
    first = order[0]
    p1 = float(proba[first])
    if not has_evidence or (not trained and p_unknown >= p1):
        # Without any evidence the need is unclassified for certain.
        score = round(p_unknown, 4) if has_evidence else 1.0
        return Decision(UNKNOWN_ID, score, "", 0.0, 0.0, True, (UNKNOWN_ID,))
    second = order[1] if len(order) > 1 else None
    p2 = float(proba[second]) if second is not None else 0.0
    backed = second is not None and (
        (trained and p2 >= policy.min_second) or (not trained and scores[second] > 0)
    )
    supported = [labels[first]]
    if trained:
        supported += [labels[i] for i in order[1:] if float(proba[i]) >= policy.ratio * p1]
    else:
        # A field the need names itself is listed even when the exemplars lean the other way:
        # its strongest term weighs at least ``min_support`` and ``ratio`` times the best
        # label's strongest term (single terms, not sums: "비전검사·품질검사 … 예지보전"
        # names predictive maintenance once, and that is enough).
        floor = max(policy.min_support, policy.ratio * float(strongest[first]))
        supported += [labels[i] for i in order[1:] if float(strongest[i]) >= floor]
    confidence = p1 * min(1.0, (p1 - p2) / policy.margin)
    tie = backed and p1 - p2 < _TIE
    # One word against another ("재고 전력") is a question for staff, not a decision.
    lone = backed and support <= 1
    return Decision(
        label=labels[first],
        score=round(p1, 4),
        label_2=labels[second] if backed and second is not None else "",
        score_2=round(p2, 4) if backed else 0.0,
        confidence=round(confidence, 4),
        needs_review=bool(confidence < policy.review_below or tie or lone),
        labels=tuple(supported),
    )
