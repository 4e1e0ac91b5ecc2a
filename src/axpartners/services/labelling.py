"""Automatic labelling of needs into the AI use-case taxonomy (SPEC §2).

Zero-shot from the taxonomy on day one (a need with no supporting word is labelled
``unknown``, shown 미분류, and gets no partner recommendations); once staff have confirmed enough labels, a trained
model (stored in ``classifier_models``) is stacked on the zero-shot signal. Every process keeps
the current classifier in memory and reloads it when a newer model appears in the database, so
several app workers label the same way.
"""

from __future__ import annotations

import base64

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from axpartners.classify.classifier import NeedClassifier
from axpartners.classify.result import Classification
from axpartners.classify.supervised import TrainedModel
from axpartners.db.tables import ClassifierModel, Need
from axpartners.errors import InputError
from axpartners.memo import Memo
from axpartners.services import audit
from axpartners.services.actors import Actor, require_staff

# Keyed by the latest model id: a newly trained model replaces the cached classifier.
_classifiers: Memo[int | None, NeedClassifier] = Memo(max_size=1)
MIN_CONFIRMED = 30


def current_classifier(session: Session) -> NeedClassifier:
    latest = session.scalar(select(func.max(ClassifierModel.id)))

    def build() -> NeedClassifier:
        if latest is None:
            return NeedClassifier()
        payload = session.get(ClassifierModel, latest)
        assert payload is not None
        model = TrainedModel.from_bytes(base64.b64decode(payload.payload), name=f"model {latest}")
        return NeedClassifier(model=model)

    return _classifiers.get_or_build(latest, build)


def reset_classifier() -> None:
    """Forget the cached classifier (tests; the next call loads the latest model again)."""
    _classifiers.clear()


def classifier_is_loaded() -> bool:
    """Whether a classifier is in memory (the warm-up loads it before the first request)."""
    return len(_classifiers) > 0


def classify_texts(session: Session, texts: list[str]) -> list[Classification]:
    return current_classifier(session).classify_many(texts)


def retrain(session: Session, *, actor: Actor) -> ClassifierModel:
    """Train on every confirmed label, store the model, and relabel unconfirmed needs."""
    require_staff(actor)
    rows = session.execute(
        select(Need.text, Need.label).where(Need.label_confirmed, Need.label.is_not(None))
    ).all()
    if len(rows) < MIN_CONFIRMED:
        raise InputError("needs.too_few_confirmed", count=len(rows), minimum=MIN_CONFIRMED)
    classifier = NeedClassifier.train([r[0] for r in rows], [str(r[1]) for r in rows])
    assert classifier.model is not None
    record = ClassifierModel(
        n_examples=len(rows), payload=base64.b64encode(classifier.model.to_bytes()).decode()
    )
    session.add(record)
    session.flush()
    relabelled = relabel_unconfirmed(session, classifier)
    audit.record(
        session,
        actor=actor,
        action="retrain",
        entity_type="classifier",
        entity_id=record.id,
        detail={"examples": len(rows), "relabelled": relabelled},
    )
    return record


def relabel_unconfirmed(session: Session, classifier: NeedClassifier) -> int:
    needs = list(session.scalars(select(Need).where(Need.label_confirmed.is_(False))))
    if not needs:
        return 0
    for need, result in zip(needs, classifier.classify_many([n.text for n in needs]), strict=True):
        apply_classification(need, result)
    return len(needs)


def apply_classification(need: Need, result: Classification) -> None:
    need.label = result.label
    need.label_score = round(result.score, 4)
    need.label_2 = result.label_2 or None
    need.label_2_score = round(result.score_2, 4) if result.label_2 else None
    need.needs_review = result.needs_review
    need.explanation = list(result.explanation)
