"""The one entry point for labelling needs: zero-shot on day one, trained once staff confirm.

Confidence and review rule: ``confidence = p1 · min(1, (p1 - p2) / margin)`` — the top
probability, shrunk when the runner-up is close — and 0 when the text contains no word the
classifier knows. A need ``needs_review`` when its confidence is below ``review_below``
(default 0.6: on the labeled development set, zero-shot, this flags 16% of needs and 12 of
its 13 errors).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse

from axpartners.classify.features import AnalysedText, analyse_many
from axpartners.classify.lexical import LexicalScorer, default_lexical
from axpartners.classify.result import Classification
from axpartners.classify.supervised import TrainedModel, train_model
from axpartners.classify.zeroshot import FloatMatrix, softmax
from axpartners.errors import InputError

_EXPLAIN_WORDS = 5


class NeedClassifier:
    """Labels need statements with taxonomy ids (top two, confidence, explanation)."""

    def __init__(
        self,
        *,
        zero_shot: LexicalScorer | None = None,
        model: TrainedModel | None = None,
        review_below: float = 0.6,
        margin: float = 0.2,
    ) -> None:
        self.zero_shot = zero_shot or default_lexical()
        self.model = model
        self.review_below = review_below
        self.margin = margin
        if model is not None:
            unknown = set(model.labels) - set(self.zero_shot.labels)
            if unknown:
                raise InputError(
                    "classify.model_taxonomy_mismatch", value=", ".join(sorted(unknown))
                )

    @property
    def mode(self) -> str:
        return "zero-shot" if self.model is None else "trained"

    @property
    def labels(self) -> tuple[str, ...]:
        return self.zero_shot.labels

    @classmethod
    def train(cls, texts: Sequence[str], labels: Sequence[str], **kwargs: float) -> NeedClassifier:
        """A classifier whose model is trained on ``texts`` with confirmed ``labels``."""
        zero_shot = default_lexical()
        docs = analyse_many(texts)
        return cls(
            zero_shot=zero_shot, model=train_model(docs, labels, zero_shot=zero_shot, **kwargs)
        )

    def classify(self, text: str) -> Classification:
        """Labels of one need; blank text is an ``text.empty_text`` error."""
        return self.classify_many([text])[0]

    def classify_many(self, texts: Sequence[str]) -> list[Classification]:
        """Labels of many needs (Kiwi batch mode); row numbers in errors are 1-based."""
        for position, text in enumerate(texts, start=1):
            if not text or not text.strip():
                raise InputError("text.empty_text", row=position, column="text")
        return self.classify_analysed(analyse_many(texts))

    def probabilities(self, docs: Sequence[AnalysedText]) -> FloatMatrix:
        """Probabilities over :attr:`labels`, one row per analysed text."""
        return self._scores(docs)[0]

    def _scores(
        self, docs: Sequence[AnalysedText]
    ) -> tuple[FloatMatrix, FloatMatrix, sparse.csr_array | None]:
        """Final probabilities, raw zero-shot scores and (trained mode) text features."""
        raw = self.zero_shot.raw_scores_many(docs) if docs else None
        if raw is None:
            empty = np.zeros((0, len(self.labels)), dtype=np.float64)
            return empty, empty, None
        zs = softmax(raw * self.zero_shot.beta)
        if self.model is None:
            return zs, raw, None
        text = self.model.space.transform(docs)
        return self.model.predict_proba_features(text, zs, zs_labels=self.labels), raw, text

    def classify_analysed(self, docs: Sequence[AnalysedText]) -> list[Classification]:
        """:meth:`classify_many` on texts already analysed (for evaluation and batches)."""
        proba, raw, text = self._scores(docs)
        out = []
        for i, (doc, row) in enumerate(zip(docs, proba, strict=True)):
            order = np.argsort(-row, kind="stable")
            first, second = int(order[0]), int(order[1]) if len(order) > 1 else int(order[0])
            p1, p2 = float(row[first]), float(row[second]) if len(order) > 1 else 0.0
            label = self.labels[first]
            learned: list[tuple[str, float]] = []
            if self.model is not None and text is not None:
                learned = self.model.feature_contributions(text, label, row=i, k=_EXPLAIN_WORDS)
            words = self._explain(doc, label, learned)
            has_evidence = bool(raw[i].any()) or bool(learned)
            confidence = p1 * min(1.0, (p1 - p2) / self.margin) if has_evidence else 0.0
            out.append(
                Classification(
                    label=label,
                    score=round(p1, 4),
                    label_2=self.labels[second],
                    score_2=round(p2, 4),
                    confidence=round(confidence, 4),
                    needs_review=confidence < self.review_below,
                    explanation=words,
                    mode=self.mode,
                )
            )
        return out

    def _explain(
        self, doc: AnalysedText, label: str, learned: Sequence[tuple[str, float]]
    ) -> tuple[str, ...]:
        weights: dict[str, float] = {}
        evidence = self.zero_shot.evidence(doc)
        for word, w in [*self.zero_shot.explain(evidence, label, k=_EXPLAIN_WORDS), *learned]:
            weights[word] = weights.get(word, 0.0) + w
        ranked = sorted(weights.items(), key=lambda tw: (-tw[1], tw[0]))
        return tuple(word for word, _ in ranked[:_EXPLAIN_WORDS])
