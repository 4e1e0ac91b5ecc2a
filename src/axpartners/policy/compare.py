"""Compare two versions of a policy document: which items are new, gone or changed.

Items are paired by the similarity of their normalised titles (character-bigram Dice
coefficient, ``2|A∩B| / (|A|+|B|)`` over multisets of adjacent-character pairs, which suits
Korean where word boundaries and particles vary between years). Pairs are chosen greedily,
most similar first, each item used once; a pair needs ``threshold`` similarity. A paired item
is *changed* when its normalised text differs, and gets the text similarity for ranking.
Numbering labels, years and amounts are stripped before comparing titles, so "Ⅱ-3. 2025년
AI 바우처" and "Ⅲ-1. 2026년 AI 바우처" pair up.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from axpartners.policy.structure import PolicyItem

_NOISE = re.compile(r"\d+\s*년|[\u2160-\u217f]|[\s\W_]+|\d+")


def normalize_title(title: str) -> str:
    """Lower case, without spaces, punctuation, digits (years, amounts, numbering)."""
    return _NOISE.sub("", title.lower())


def _normalize_body(text: str) -> str:
    """Like :func:`normalize_title` but digits kept: a changed amount or year is a change."""
    return re.sub(r"[\s\W_]+", "", text.lower())


def _bigrams(s: str) -> Counter[str]:
    return Counter(s[i : i + 2] for i in range(len(s) - 1)) if len(s) > 1 else Counter([s])


def similarity(a: str, b: str) -> float:
    """Dice coefficient of character bigrams of two normalised strings (1.0 if equal)."""
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    ba, bb = _bigrams(a), _bigrams(b)
    return 2 * sum((ba & bb).values()) / (sum(ba.values()) + sum(bb.values()))


@dataclass(frozen=True, slots=True)
class ItemChange:
    old: PolicyItem
    new: PolicyItem
    title_similarity: float
    text_similarity: float


@dataclass(frozen=True, slots=True)
class Comparison:
    """``added`` exist only in the new document, ``removed`` only in the old one; ``changed``
    and ``unchanged`` are paired items (changed ones sorted by text similarity, lowest first)."""

    added: tuple[PolicyItem, ...]
    removed: tuple[PolicyItem, ...]
    changed: tuple[ItemChange, ...]
    unchanged: tuple[ItemChange, ...]


def compare_documents(
    old: Sequence[PolicyItem], new: Sequence[PolicyItem], *, threshold: float = 0.6
) -> Comparison:
    """Pair the items of two documents and report additions, removals and changes."""
    old_keys = [normalize_title(it.title or it.text[:80]) for it in old]
    new_keys = [normalize_title(it.title or it.text[:80]) for it in new]
    candidates = []
    for i, a in enumerate(old_keys):
        for j, b in enumerate(new_keys):
            score = similarity(a, b)
            if score >= threshold:
                candidates.append((score, i, j))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_old: set[int] = set()
    used_new: set[int] = set()
    changed: list[ItemChange] = []
    unchanged: list[ItemChange] = []
    for score, i, j in candidates:
        if i in used_old or j in used_new:
            continue
        used_old.add(i)
        used_new.add(j)
        text_sim = similarity(_normalize_body(old[i].text), _normalize_body(new[j].text))
        change = ItemChange(old[i], new[j], round(score, 4), round(text_sim, 4))
        (unchanged if text_sim == 1.0 else changed).append(change)
    return Comparison(
        added=tuple(it for j, it in enumerate(new) if j not in used_new),
        removed=tuple(it for i, it in enumerate(old) if i not in used_old),
        changed=tuple(sorted(changed, key=lambda c: (c.text_similarity, c.new.seq))),
        unchanged=tuple(sorted(unchanged, key=lambda c: c.new.seq)),
    )
