"""The shipped domain lexicon: ``data/user_dict.tsv`` and ``data/stopwords_ko.txt``.

Both :mod:`axpartners.text.normalize` and :mod:`axpartners.text.morph` read the same user
dictionary, so spellings the normaliser rewrites are exactly the words Kiwi is taught.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    """One user-dictionary row (see the header of ``user_dict.tsv`` for the columns)."""

    word: str
    tag: str
    score: float
    parts: tuple[str, ...]
    aliases: tuple[str, ...]


def _data_text(name: str) -> str:
    return resources.files("axpartners").joinpath(f"data/{name}").read_text(encoding="utf-8")


@cache
def load_user_dict() -> tuple[LexiconEntry, ...]:
    """Entries of ``user_dict.tsv``; words, parts and aliases are lowercased."""
    entries: list[LexiconEntry] = []
    for line in _data_text("user_dict.tsv").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = [*line.split("\t"), "", "", "", ""][:5]
        word, tag, score, parts, aliases = (c.strip() for c in cells)
        entries.append(
            LexiconEntry(
                word=word.lower(),
                tag=tag or "NNG",
                score=float(score or 0.0),
                parts=tuple(p.lower() for p in parts.split()),
                aliases=tuple(a.strip().lower() for a in aliases.split("|") if a.strip()),
            )
        )
    return tuple(entries)


@cache
def load_stopwords() -> frozenset[str]:
    """Stop words of ``stopwords_ko.txt`` (one per line, ``#`` comments)."""
    words = (line.strip().lower() for line in _data_text("stopwords_ko.txt").splitlines())
    return frozenset(w for w in words if w and not w.startswith("#"))


@cache
def compound_parts() -> dict[str, tuple[str, ...]]:
    """``{compound: parts}`` for user-dictionary words that have at least two parts."""
    return {e.word: e.parts for e in load_user_dict() if len(e.parts) >= 2}
