"""The one entry point for labelling needs: zero-shot on day one, trained once staff confirm.

Zero-shot evidence comes from :mod:`.lexical` (taxonomy terms matched as whole words) plus
:mod:`.exemplars` (how close the need is to labelled examples: the shipped seed of real cases and,
once staff confirm labels, the confirmed needs); the ranked labels, calibrated probabilities, abstention (``unknown``), second labels and the review
rule come from :mod:`.ranking`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from scipy import sparse

from axpartners.classify.exemplars import ExemplarSet, ExemplarVote, seed_exemplars
from axpartners.classify.features import AnalysedText, analyse_many
from axpartners.classify.lexical import Evidence, LexicalScorer, default_lexical
from axpartners.classify.ranking import Policy, decide, zero_shot_proba
from axpartners.classify.result import Classification
from axpartners.classify.supervised import TrainedModel, train_model
from axpartners.classify.zeroshot import FloatMatrix
from axpartners.errors import InputError

_EXPLAIN_WORDS = 5


class NeedClassifier:
    """Labels need statements with taxonomy ids (top two, confidence, explanation)."""

    def __init__(
        self,
        *,
        zero_shot: LexicalScorer | None = None,
        model: TrainedModel | None = None,
        policy: Policy | None = None,
        vote: ExemplarVote | None = None,
        seed: ExemplarSet | None = None,
    ) -> None:
        self.zero_shot = zero_shot or default_lexical()
        self.model = model
        self.policy = policy or Policy()
        self.vote = vote or ExemplarVote()
        self.seed = seed if seed is not None else seed_exemplars(self.zero_shot.labels)
        # The examples that vote: the seed and (trained) the confirmed needs, resolved once.
        self._examples = [self.seed]
        if model is not None and model.exemplars is not None:
            confirmed = model.exemplars.in_space(self.seed)
            if confirmed is not None:
                self._examples.append(confirmed)
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
        seed = seed_exemplars(zero_shot.labels)
        model = train_model(docs, labels, zero_shot=zero_shot, seed=seed, **kwargs)
        return cls(zero_shot=zero_shot, model=model, seed=seed)

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
        return self._scores([self.zero_shot.evidence(d) for d in docs], docs)[0]

    def _scores(
        self, evidence: Sequence[Evidence], docs: Sequence[AnalysedText] = ()
    ) -> tuple[FloatMatrix, FloatMatrix, FloatMatrix, sparse.csr_array | None]:
        """Label probabilities, P(unclassified), lexical + exemplar scores, (trained) text features."""
        n = len(self.labels)
        if not evidence:
            empty = np.zeros((0, n), dtype=np.float64)
            return empty, np.zeros((0, 1)), empty, None
        lexical: FloatMatrix = np.vstack([e.scores for e in evidence])
        found = np.asarray(lexical.any(axis=1), dtype=np.bool_)
        raw: FloatMatrix = lexical + self._exemplar_scores(docs, found)
        zs = zero_shot_proba(raw, self.policy)
        if self.model is None:
            return zs[:, :n], zs[:, n:], raw, None
        text = self.model.space.transform(docs)
        # The calibrated zero-shot probabilities (without the unclassified column) are the
        # prior; the flatter softmax(2 · raw) let a model trained on 30 labels overrule them.
        prior = zs[:, :n] / np.maximum(zs[:, :n].sum(axis=1, keepdims=True), 1e-12)
        proba = self.model.predict_proba_features(text, prior, zs_labels=self.labels)
        return proba, np.zeros((len(docs), 1)), raw, text

    def _exemplar_scores(
        self, docs: Sequence[AnalysedText], lexical: npt.NDArray[np.bool_]
    ) -> FloatMatrix:
        """The exemplar vote over the seed and (trained) the confirmed needs, label columns."""
        return self.vote.scores(docs, self._examples, len(self.labels), lexical=lexical)

    def classify_analysed(self, docs: Sequence[AnalysedText]) -> list[Classification]:
        """:meth:`classify_many` on texts already analysed (for evaluation and batches)."""
        evidence = [self.zero_shot.evidence(d) for d in docs]
        proba, unknown, raw, text = self._scores(evidence, docs)
        # ``raw`` holds lexical scores plus the exemplar vote; second labels and the listed
        # labels rest on the need's own terms (``evidence``).
        out = []
        for i in range(len(docs)):
            best = self.labels[int(np.argmax(proba[i]))]
            learned: list[tuple[str, float]] = []
            if self.model is not None and text is not None:
                learned = self.model.feature_contributions(text, best, row=i, k=_EXPLAIN_WORDS)
            decision = decide(
                proba[i],
                evidence[i].scores,
                self.labels,
                self.policy,
                has_evidence=bool(raw[i].any()) or bool(learned),
                p_unknown=float(unknown[i, 0]),
                trained=self.model is not None,
                support=int(evidence[i].support[int(np.argmax(proba[i]))]),
                strongest=evidence[i].strongest,
            )
            words = (
                self._explain(evidence[i], decision.label, learned)
                if decision.label in self.labels
                else ()
            )
            out.append(
                Classification(
                    label=decision.label,
                    score=decision.score,
                    label_2=decision.label_2,
                    score_2=decision.score_2,
                    confidence=decision.confidence,
                    needs_review=decision.needs_review,
                    explanation=words,
                    mode=self.mode,
                    labels=decision.labels,
                )
            )
        return out

    def _explain(
        self, evidence: Evidence, label: str, learned: Sequence[tuple[str, float]]
    ) -> tuple[str, ...]:
        weights: dict[str, float] = {}
        for word, w in [*self.zero_shot.explain(evidence, label, k=_EXPLAIN_WORDS), *learned]:
            weights[word] = weights.get(word, 0.0) + w
        ranked = sorted(weights.items(), key=lambda tw: (-tw[1], tw[0]))
        return tuple(word for word, _ in ranked[:_EXPLAIN_WORDS])
