"""A linear classifier trained from confirmed labels, stacked on the zero-shot signal.

Features: the word and character TF-IDF blocks of :mod:`.features` plus the zero-shot
probabilities (scaled by ``zero_shot_weight``) as extra columns, so the model learns how far to
trust the taxonomy's own words. The model is multinomial logistic regression (L2, ``C``),
fitted with scikit-learn's L-BFGS solver; only the fitted arrays are kept, so prediction needs
no scikit-learn object and the model serialises to one ``.npz`` with a JSON header.

Labels never confirmed by staff are still reachable: the final probabilities are
``alpha · p_trained + (1 - alpha) · p_zero_shot`` with ``alpha = n / (n + prior_strength)`` for ``n``
training examples (a Bayesian-style shrinkage towards the zero-shot prior). ``prior_strength``
defaults to 60 (fitted on the real corpus's dev part with models trained on our own files:
dev macro-F1 after 30 / 100 / 300 labels 0.620 / 0.640 / 0.642 with 20, 0.658 / 0.660 / 0.640
with 60), so the first confirmed labels nudge the zero-shot ranking rather than replace it.
"""

from __future__ import annotations

import io
import json
import warnings
import zipfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import sparse

from axpartners.classify.exemplars import ConfirmedExemplars, ExemplarSet, seed_exemplars
from axpartners.classify.features import AnalysedText, FeatureSpace
from axpartners.classify.lexical import LexicalScorer
from axpartners.classify.zeroshot import softmax
from axpartners.errors import InputError

_FORMAT = "axpartners.classifier/1"
FloatMatrix = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class TrainedModel:
    """Fitted arrays of the supervised model (see the module docstring)."""

    labels: tuple[str, ...]
    """Taxonomy ids the model was trained on (rows of ``coef``)."""
    space: FeatureSpace
    coef: FloatMatrix
    intercept: FloatMatrix
    n_train: int
    zero_shot_weight: float = 1.0
    prior_strength: float = 20.0
    exemplars: ConfirmedExemplars | None = None
    """The confirmed needs as exemplars in the seed's space (label columns of the full taxonomy)."""

    @property
    def alpha(self) -> float:
        return self.n_train / (self.n_train + self.prior_strength)

    def design(self, text: sparse.csr_array, zs_proba: FloatMatrix) -> sparse.csr_array:
        """Feature matrix: text features (``space.transform``) then scaled zero-shot probabilities."""
        return sparse.hstack([text, sparse.csr_array(zs_proba * self.zero_shot_weight)]).tocsr()

    def predict_proba(
        self, docs: Sequence[AnalysedText], zs_proba: FloatMatrix, *, zs_labels: Sequence[str]
    ) -> FloatMatrix:
        """Combined probabilities over ``zs_labels`` (the full taxonomy), one row per doc."""
        return self.predict_proba_features(
            self.space.transform(docs), zs_proba, zs_labels=zs_labels
        )

    def predict_proba_features(
        self, text: sparse.csr_array, zs_proba: FloatMatrix, *, zs_labels: Sequence[str]
    ) -> FloatMatrix:
        """:meth:`predict_proba` from text features already computed by ``space.transform``."""
        trained = softmax(np.asarray(self.design(text, zs_proba) @ self.coef.T) + self.intercept)
        padded = np.zeros_like(zs_proba)
        positions = {label: i for i, label in enumerate(zs_labels)}
        for j, label in enumerate(self.labels):
            padded[:, positions[label]] = trained[:, j]
        return self.alpha * padded + (1.0 - self.alpha) * zs_proba

    def word_contributions(
        self, doc: AnalysedText, label: str, *, k: int = 5
    ) -> list[tuple[str, float]]:
        """Words whose feature value times weight pushed ``label`` up most, best first."""
        return self.feature_contributions(self.space.transform([doc]), label, k=k)

    def feature_contributions(
        self, x: sparse.csr_array, label: str, *, row: int = 0, k: int = 5
    ) -> list[tuple[str, float]]:
        """:meth:`word_contributions` from row ``row`` of ``space.transform`` output."""
        if label not in self.labels:
            return []
        weights = self.coef[self.labels.index(label)]
        lo, hi = x.indptr[row], x.indptr[row + 1]
        cols, values = x.indices[lo:hi], x.data[lo:hi]
        contributions = values * weights[cols]
        keep = self.space.is_word[cols] & (contributions > 0)
        cols, contributions = cols[keep], contributions[keep]
        out = [
            (self.space.vocab[c][2:].replace("_", " "), float(v))
            for c, v in zip(cols.tolist(), contributions.tolist(), strict=True)
        ]
        out.sort(key=lambda tw: (-tw[1], tw[0]))
        return out[:k]

    # -- persistence ----------------------------------------------------------------------
    def to_bytes(self) -> bytes:
        """``.npz`` bytes with a JSON header; no pickle."""
        header = {
            "format": _FORMAT,
            "labels": list(self.labels),
            "vocab": list(self.space.vocab),
            "char_weight": self.space.char_weight,
            "n_train": self.n_train,
            "zero_shot_weight": self.zero_shot_weight,
            "prior_strength": self.prior_strength,
            "exemplar_space": self.exemplars.space if self.exemplars is not None else None,
        }
        arrays: dict[str, npt.NDArray[np.generic]] = {
            "idf": self.space.idf,
            "coef": self.coef,
            "intercept": self.intercept,
        }
        if self.exemplars is not None:
            vectors = self.exemplars.vectors
            arrays |= {
                "ex_data": vectors.data,
                "ex_indices": vectors.indices,
                "ex_indptr": vectors.indptr,
                "ex_width": np.array(vectors.shape[1]),
                "ex_primary": self.exemplars.primary,
                "ex_secondary": self.exemplars.secondary,
            }
        buffer = io.BytesIO()
        np.savez_compressed(
            buffer,
            allow_pickle=False,
            header=np.frombuffer(json.dumps(header, ensure_ascii=False).encode(), dtype=np.uint8),
            **arrays,
        )
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes, *, name: str = "model") -> TrainedModel:
        """Inverse of :meth:`to_bytes`; foreign or damaged data is ``classify.bad_model``."""
        try:
            with np.load(io.BytesIO(data), allow_pickle=False) as npz:
                header = json.loads(npz["header"].tobytes().decode())
                idf, coef, intercept = npz["idf"], npz["coef"], npz["intercept"]
                # Models saved before the exemplar layer have no ex_* arrays.
                stored = {k: npz[k] for k in npz.files if k.startswith("ex_")}
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as exc:
            raise InputError("classify.bad_model", file=name, detail=str(exc)) from exc
        if not isinstance(header, dict) or header.get("format") != _FORMAT:
            raise InputError("classify.bad_model", file=name, detail="format")
        space = FeatureSpace(
            vocab=tuple(header["vocab"]), idf=idf, char_weight=float(header["char_weight"])
        )
        exemplars = None
        if stored:
            try:
                primary = stored["ex_primary"].astype(np.int64)
                vectors = sparse.csr_array(
                    (stored["ex_data"], stored["ex_indices"], stored["ex_indptr"]),
                    shape=(len(primary), int(stored["ex_width"])),
                )
                exemplars = ConfirmedExemplars(
                    vectors,
                    primary,
                    stored["ex_secondary"].astype(np.int64),
                    str(header["exemplar_space"]),
                )
            except (KeyError, ValueError, TypeError) as exc:
                raise InputError("classify.bad_model", file=name, detail=str(exc)) from exc
        return cls(
            labels=tuple(header["labels"]),
            space=space,
            coef=coef.astype(np.float64),
            intercept=intercept.astype(np.float64),
            n_train=int(header["n_train"]),
            zero_shot_weight=float(header["zero_shot_weight"]),
            prior_strength=float(header["prior_strength"]),
            exemplars=exemplars,
        )


def train_model(
    docs: Sequence[AnalysedText],
    labels: Sequence[str],
    *,
    zero_shot: LexicalScorer,
    c: float = 10.0,
    zero_shot_weight: float = 1.0,
    prior_strength: float = 60.0,
    seed: ExemplarSet | None = None,
) -> TrainedModel:
    """Fit the supervised model on analysed texts and their confirmed taxonomy ids.

    The confirmed needs are also kept as exemplars in the space of ``seed`` (default: the
    shipped seed of :func:`~.exemplars.seed_exemplars`).
    """
    # lazy: scikit-learn takes ~1 s to import; classifying with a trained model never needs it
    from sklearn.linear_model import LogisticRegression

    known = set(zero_shot.labels)
    for position, label in enumerate(labels, start=1):
        if label not in known:
            raise InputError("classify.unknown_label", row=position, value=label)
    if len(docs) != len(labels):
        raise InputError("classify.length_mismatch", texts=len(docs), labels=len(labels))
    classes = sorted(Counter(labels))
    if len(classes) < 2:
        raise InputError("classify.too_few_labels", found=len(classes))
    space = FeatureSpace.fit(docs)
    zs_proba = zero_shot.predict_proba(docs)
    draft = TrainedModel(
        labels=tuple(classes),
        space=space,
        coef=np.zeros((len(classes), 0)),
        intercept=np.zeros(len(classes)),
        n_train=len(docs),
        zero_shot_weight=zero_shot_weight,
        prior_strength=prior_strength,
    )
    x = draft.design(space.transform(docs), zs_proba)
    model = LogisticRegression(C=c, max_iter=2000)
    with warnings.catch_warnings():
        # lbfgs may stop a hair before its tolerance on tiny label sets; the fit is still usable.
        warnings.simplefilter("ignore", category=UserWarning)
        from sklearn.exceptions import ConvergenceWarning  # lazy: scikit-learn, as above

        warnings.simplefilter("ignore", category=ConvergenceWarning)
        model.fit(x, np.array(labels))
    coef = np.asarray(model.coef_, dtype=np.float64)
    intercept = np.asarray(model.intercept_, dtype=np.float64)
    if len(classes) == 2:
        # Binary logistic regression stores one row; expand to the softmax form (-w/2, +w/2).
        coef = np.vstack([-coef[0] / 2, coef[0] / 2])
        intercept = np.array([-intercept[0] / 2, intercept[0] / 2])
    column = {label: i for i, label in enumerate(zero_shot.labels)}
    return TrainedModel(
        labels=tuple(str(c_) for c_ in model.classes_),
        space=space,
        coef=coef,
        intercept=intercept,
        n_train=len(docs),
        zero_shot_weight=zero_shot_weight,
        prior_strength=prior_strength,
        exemplars=ConfirmedExemplars.build(
            docs,
            [column[x] for x in labels],
            seed if seed is not None else seed_exemplars(zero_shot.labels),
        ),
    )
