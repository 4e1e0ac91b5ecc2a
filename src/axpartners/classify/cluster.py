"""Groups of similar needs, named by their characteristic Korean terms.

Needs are TF-IDF vectors of their content morphemes (bigrams excluded, sublinear TF, smooth
IDF, L2-normalised), extended with their use-case probabilities (weight ``topic_weight``) and
normalised again. Up to ``_MAX_AGGLOMERATIVE`` needs per group are clustered by
agglomerative clustering with average linkage on cosine distance, cut at ``threshold``
(Manning, Raghavan & Schütze 2008, ch. 17): needs end in the same cluster only if their
average pairwise cosine similarity exceeds ``1 - threshold``. Larger groups fall back to
k-means with ``k = ceil(sqrt(n / 2))`` (seeded). Each cluster is named by its top class-based TF-IDF
terms (:func:`axpartners.text.keywords.top_terms`, one-syllable tokens skipped) and represented by the needs closest to
its centroid. Needs left in clusters smaller than ``min_size`` form one residual group with
``id = -1``.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from axpartners.classify.zeroshot import default_zero_shot
from axpartners.errors import InputError
from axpartners.text.keywords import top_terms
from axpartners.text.morph import tokenize_many

_MAX_AGGLOMERATIVE = 2000


@dataclass(frozen=True, slots=True)
class Cluster:
    """One group of needs.

    Attributes:
        id: 0, 1, … by decreasing size; -1 for the residual group of unclustered needs.
        label: the taxonomy id the cluster was formed within, or ``None`` across labels.
        members: positions of the needs in the input.
        terms: characteristic terms, most characteristic first.
        representatives: positions of the needs closest to the cluster centroid.
    """

    id: int
    label: str | None
    members: tuple[int, ...]
    terms: tuple[str, ...]
    representatives: tuple[int, ...]


def _tfidf(token_lists: Sequence[Sequence[str]]) -> npt.NDArray[np.float64]:
    df: Counter[str] = Counter()
    for tokens in token_lists:
        df.update(set(tokens))
    vocab = {t: i for i, t in enumerate(sorted(df))}
    n = len(token_lists)
    x = np.zeros((n, len(vocab)), dtype=np.float64)
    for row, tokens in enumerate(token_lists):
        for token, count in Counter(tokens).items():
            x[row, vocab[token]] = (1 + math.log(count)) * (math.log((1 + n) / (1 + df[token])) + 1)
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return np.asarray(np.divide(x, norms, out=np.zeros_like(x), where=norms > 0), dtype=np.float64)


def _assign(x: npt.NDArray[np.float64], *, threshold: float, seed: int) -> npt.NDArray[np.int64]:
    n = len(x)
    if n == 1:
        return np.zeros(1, dtype=np.int64)
    if n <= _MAX_AGGLOMERATIVE:
        # lazy: scikit-learn takes ~1 s to import; only clustering and training need it
        from sklearn.cluster import AgglomerativeClustering

        empty = ~x.any(axis=1)
        assignment = np.full(n, -1, dtype=np.int64)
        if (~empty).sum() >= 2:
            model = AgglomerativeClustering(
                n_clusters=None, distance_threshold=threshold, metric="cosine", linkage="average"
            )
            assignment[~empty] = model.fit_predict(x[~empty])
        elif (~empty).sum() == 1:
            assignment[~empty] = 0
        return assignment
    from sklearn.cluster import KMeans  # lazy: scikit-learn, as above

    k = math.ceil(math.sqrt(n / 2))
    return np.asarray(
        KMeans(n_clusters=k, n_init=3, random_state=seed).fit_predict(x), dtype=np.int64
    )


def _cluster_group(
    positions: Sequence[int],
    token_lists: Sequence[Sequence[str]],
    *,
    threshold: float,
    seed: int,
    topic: npt.NDArray[np.float64] | None,
) -> list[list[int]]:
    x = _tfidf([token_lists[p] for p in positions])
    if topic is not None:
        x = np.hstack([x, topic[list(positions)]])
        norms = np.linalg.norm(x, axis=1, keepdims=True)
        x = np.divide(x, norms, out=np.zeros_like(x), where=norms > 0)
    assignment = _assign(x, threshold=threshold, seed=seed)
    groups: dict[int, list[int]] = {}
    for local, cluster in enumerate(assignment.tolist()):
        groups.setdefault(int(cluster), []).append(positions[local])
    return [g for c, g in groups.items() if c >= 0] + [
        [positions[int(i)]] for i in np.flatnonzero(assignment < 0)
    ]


def cluster_needs(
    texts: Sequence[str],
    *,
    labels: Sequence[str] | None = None,
    threshold: float = 0.9,
    min_size: int = 2,
    n_terms: int = 5,
    n_representatives: int = 3,
    seed: int = 0,
    topic_weight: float = 0.5,
) -> list[Cluster]:
    """Cluster ``texts`` (within each of ``labels`` if given, else across all).

    The zero-shot use-case probabilities of each need, times ``topic_weight``, are appended
    to its word vector, so needs about the same problem in different words still meet
    (``topic_weight=0`` clusters on words alone).
    """
    token_lists = tokenize_many(texts)
    wanted = topic_weight > 0 and labels is None
    topic = default_zero_shot().predict_proba(token_lists) if wanted else None
    return cluster_tokens(
        token_lists,
        labels=labels,
        topic=topic,
        topic_weight=topic_weight,
        threshold=threshold,
        min_size=min_size,
        n_terms=n_terms,
        n_representatives=n_representatives,
        seed=seed,
    )


def cluster_tokens(
    token_lists: Sequence[Sequence[str]],
    *,
    labels: Sequence[str] | None = None,
    threshold: float = 0.9,
    min_size: int = 2,
    n_terms: int = 5,
    n_representatives: int = 3,
    seed: int = 0,
    topic: npt.NDArray[np.float64] | None = None,
    topic_weight: float = 0.5,
) -> list[Cluster]:
    """:func:`cluster_needs` on token lists already produced by ``tokenize``.

    ``topic`` is an optional matrix of label probabilities, one row per need (for example
    ``NeedClassifier.probabilities``), appended with weight ``topic_weight`` when clustering
    across labels (``labels is None``).
    """
    if labels is not None and len(labels) != len(token_lists):
        raise InputError("classify.length_mismatch", texts=len(token_lists), labels=len(labels))
    by_label: dict[str | None, list[int]] = {}
    for position in range(len(token_lists)):
        key = labels[position] if labels is not None else None
        by_label.setdefault(key, []).append(position)
    if topic is not None and len(topic) != len(token_lists):
        raise InputError("classify.length_mismatch", texts=len(token_lists), labels=len(topic))
    # Within one label the label probabilities are nearly constant and would glue every need
    # of the label together, so they only help when clustering across labels.
    use_topic = topic is not None and topic_weight > 0 and labels is None
    scaled = topic * topic_weight if use_topic and topic is not None else None
    raw: list[tuple[str | None, list[int]]] = []
    residual: list[int] = []
    for key in sorted(by_label, key=lambda k: (k is not None, k or "")):
        groups = _cluster_group(
            by_label[key], token_lists, threshold=threshold, seed=seed, topic=scaled
        )
        for group in groups:
            if len(group) >= min_size:
                raw.append((key, group))
            else:
                residual.extend(group)
    raw.sort(key=lambda kg: (-len(kg[1]), kg[1][0]))
    named = {str(i): [_nameable(token_lists[p]) for p in g] for i, (_, g) in enumerate(raw)}
    if residual:
        named["-1"] = [_nameable(token_lists[p]) for p in residual]
    terms = top_terms(named, k=n_terms)
    clusters = [
        Cluster(
            id=i,
            label=key,
            members=tuple(sorted(group)),
            terms=tuple(t for t, _ in terms[str(i)]),
            representatives=_representatives(group, token_lists, k=n_representatives),
        )
        for i, (key, group) in enumerate(raw)
    ]
    if residual:
        clusters.append(
            Cluster(
                id=-1,
                label=None,
                members=tuple(sorted(residual)),
                terms=tuple(t for t, _ in terms["-1"]),
                representatives=tuple(sorted(residual)[:n_representatives]),
            )
        )
    return clusters


def _nameable(tokens: Sequence[str]) -> list[str]:
    # One-syllable stems (가, 나, 맞) say nothing as a cluster name.
    return [t for t in tokens if len(t) > 1]


def _representatives(
    group: Sequence[int], token_lists: Sequence[Sequence[str]], *, k: int
) -> tuple[int, ...]:
    x = _tfidf([token_lists[p] for p in group])
    centroid = x.mean(axis=0)
    similarity = x @ centroid
    order = sorted(range(len(group)), key=lambda i: (-float(similarity[i]), group[i]))
    return tuple(group[i] for i in order[:k])
