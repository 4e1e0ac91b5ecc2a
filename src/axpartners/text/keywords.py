"""Characteristic terms of groups of documents: class-based TF-IDF.

c-TF-IDF (Grootendorst 2022, "BERTopic: Neural topic modeling with a class-based TF-IDF
procedure", eq. 1) treats all documents of a class ``c`` as one document::

    W(t, c) = tf(t, c) / |c| · ln(1 + A / f(t))

with ``tf(t, c)`` the count of term ``t`` in class ``c``, ``|c|`` the class's token count
(L1 normalisation), ``f(t)`` the count of ``t`` over all classes and ``A`` the mean number
of tokens per class. Terms frequent in one class and rare elsewhere score highest.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence


def class_tfidf(
    groups: Mapping[str, Sequence[Sequence[str]]],
) -> dict[str, dict[str, float]]:
    """``{class: {term: W(t, c)}}`` for every term present in each class."""
    counts = {name: Counter(t for doc in docs for t in doc) for name, docs in groups.items()}
    overall: Counter[str] = Counter()
    for c in counts.values():
        overall.update(c)
    non_empty = [c for c in counts.values() if c]
    if not non_empty:
        return {name: {} for name in groups}
    mean_size = sum(sum(c.values()) for c in non_empty) / len(non_empty)
    out: dict[str, dict[str, float]] = {}
    for name, c in counts.items():
        size = sum(c.values())
        out[name] = {t: n / size * math.log(1.0 + mean_size / overall[t]) for t, n in c.items()}
    return out


def top_terms(
    groups: Mapping[str, Sequence[Sequence[str]]],
    *,
    k: int = 10,
    min_count: int = 1,
) -> dict[str, list[tuple[str, float]]]:
    """The ``k`` highest c-TF-IDF terms of each class, best first (ties by term).

    Terms seen fewer than ``min_count`` times in the class are skipped, and a bigram token
    (``a_b``) is skipped when each of its parts weighs at least as much as the bigram.
    """
    weights = class_tfidf(groups)
    result: dict[str, list[tuple[str, float]]] = {}
    for name, docs in groups.items():
        counts = Counter(t for doc in docs for t in doc)
        ranked = sorted(
            ((t, w) for t, w in weights[name].items() if counts[t] >= min_count),
            key=lambda tw: (-tw[1], tw[0]),
        )
        own = weights[name]
        chosen: list[tuple[str, float]] = []
        for term, weight in ranked:
            if "_" in term and all(own.get(p, 0.0) >= weight for p in term.split("_")):
                continue
            chosen.append((term, weight))
            if len(chosen) == k:
                break
        result[name] = chosen
    return result
