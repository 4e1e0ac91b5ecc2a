"""Evaluation of the classifiers: accuracy, macro-F1, per-label table, confusion pairs.

Precision, recall and F1 per label follow the usual definitions (F1 = 2PR / (P + R), 0 when
P + R = 0); macro-F1 is their unweighted mean over every label that occurs in the gold labels
or the predictions (scikit-learn's ``f1_score(average="macro")`` convention). The trained
mode is measured by stratified k-fold cross-validation (seeded, deterministic): each fold's
model is trained on the other folds only.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from axpartners.classify.classifier import NeedClassifier
from axpartners.classify.features import AnalysedText, analyse_many
from axpartners.classify.lexical import default_lexical
from axpartners.classify.supervised import train_model
from axpartners.errors import InputError


@dataclass(frozen=True, slots=True)
class LabelMetrics:
    label: str
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True, slots=True)
class EvalReport:
    """Scores of one evaluation; ``confusions`` are ``(gold, predicted, count)``, most first."""

    mode: str
    n: int
    accuracy: float
    macro_f1: float
    per_label: tuple[LabelMetrics, ...]
    confusions: tuple[tuple[str, str, int], ...]


def score_predictions(
    gold: Sequence[str], predicted: Sequence[str], *, mode: str = "", top_confusions: int = 10
) -> EvalReport:
    """Metrics of ``predicted`` against ``gold`` (same length, at least one item)."""
    if len(gold) != len(predicted) or not gold:
        raise InputError("classify.length_mismatch", texts=len(gold), labels=len(predicted))
    labels = sorted(set(gold) | set(predicted))
    pairs = Counter(zip(gold, predicted, strict=True))
    per_label = []
    for label in labels:
        tp = pairs[(label, label)]
        n_pred = sum(n for (_, p), n in pairs.items() if p == label)
        n_gold = sum(n for (g, _), n in pairs.items() if g == label)
        precision = tp / n_pred if n_pred else 0.0
        recall = tp / n_gold if n_gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_label.append(LabelMetrics(label, precision, recall, f1, n_gold))
    confusions = sorted(
        ((g, p, n) for (g, p), n in pairs.items() if g != p), key=lambda x: (-x[2], x[0], x[1])
    )
    return EvalReport(
        mode=mode,
        n=len(gold),
        accuracy=sum(n for (g, p), n in pairs.items() if g == p) / len(gold),
        macro_f1=sum(m.f1 for m in per_label) / len(per_label),
        per_label=tuple(per_label),
        confusions=tuple(confusions[:top_confusions]),
    )


def evaluate_zero_shot(texts: Sequence[str], gold: Sequence[str]) -> EvalReport:
    """The zero-shot classifier on labelled texts (it never sees the labels)."""
    classifier = NeedClassifier()
    predicted = [c.label for c in classifier.classify_analysed(analyse_many(texts))]
    return score_predictions(gold, predicted, mode="zero-shot")


def stratified_folds(labels: Sequence[str], *, folds: int, seed: int = 0) -> list[int]:
    """Fold number of each item: every label spread round-robin over folds, seeded order."""
    rng = random.Random(seed)
    by_label: dict[str, list[int]] = {}
    for i, label in enumerate(labels):
        by_label.setdefault(label, []).append(i)
    fold_of = [0] * len(labels)
    offset = 0
    for label in sorted(by_label):
        members = by_label[label]
        rng.shuffle(members)
        for j, i in enumerate(members):
            fold_of[i] = (offset + j) % folds
        offset += len(members)
    return fold_of


def cross_validate(
    texts: Sequence[str], gold: Sequence[str], *, folds: int = 5, seed: int = 0
) -> EvalReport:
    """Trained mode (supervised + zero-shot) measured by stratified ``folds``-fold CV."""
    if folds < 2 or len(texts) < folds:
        raise InputError("classify.too_few_rows", rows=len(texts), folds=folds)
    zero_shot = default_lexical()
    docs = analyse_many(texts)
    fold_of = stratified_folds(gold, folds=folds, seed=seed)
    predicted = [""] * len(texts)
    for fold in range(folds):
        train = [i for i in range(len(docs)) if fold_of[i] != fold]
        test = [i for i in range(len(docs)) if fold_of[i] == fold]
        model = train_model([docs[i] for i in train], [gold[i] for i in train], zero_shot=zero_shot)
        classifier = NeedClassifier(zero_shot=zero_shot, model=model)
        test_docs: list[AnalysedText] = [docs[i] for i in test]
        for i, result in zip(test, classifier.classify_analysed(test_docs), strict=True):
            predicted[i] = result.label
    return score_predictions(gold, predicted, mode=f"trained ({folds}-fold CV)")
