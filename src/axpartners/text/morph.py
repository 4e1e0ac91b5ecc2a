"""Kiwi morphological analysis (``kiwipiepy``), wrapped in one typed module.

``tokenize`` turns a need statement into content morphemes for search and classification:

* nouns (NNG, NNP), roots (XR), latin words (SL, lowercased by the normaliser, crude English
  singular) and hanja (SH);
* verb and adjective stems (VV, VA) without the ending (``멈췄어요`` → ``멈추``);
* a noun followed by a derivational suffix is kept whole (``불량``+``률`` → ``불량률``,
  ``자동``+``화`` → ``자동화``), except the plural ``들``;
* a number followed by a unit becomes one token (``10``+``톤`` → ``10톤``, ``3``+``%`` → ``3%``);
  bare numbers, punctuation, emoji and particles are dropped;
* a compound from the domain dictionary (``data/user_dict.tsv``) is emitted together with its
  parts (``디지털트윈``, ``디지털``, ``트윈``), so a search for either finds it;
* stop words (``data/stopwords_ko.txt``) are removed; optional adjacent bigrams (``a_b``).

One Kiwi instance is created lazily (loading the model takes about a second) and guarded by
a lock, so the module is safe to call from several threads.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterable, Iterator, Sequence
from typing import Protocol, cast

from axpartners.text._lexicon import compound_parts, load_stopwords, load_user_dict
from axpartners.text.normalize import normalize_text

_CONTENT_TAGS = frozenset({"NNG", "NNP", "XR", "SL", "SH", "VV", "VA"})
_NOUN_TAGS = frozenset({"NNG", "NNP", "XR"})
_UNIT_TAGS = frozenset({"NNB", "NNG", "SL", "SW"})
_MAX_UNIT_LEN = 3
_PLURAL = "들"


class KiwiToken(Protocol):
    """The subset of ``kiwipiepy.Token`` used here."""

    @property
    def form(self) -> str: ...

    @property
    def tag(self) -> str: ...

    @property
    def start(self) -> int: ...

    @property
    def len(self) -> int: ...


class KiwiLike(Protocol):
    """The subset of ``kiwipiepy.Kiwi`` used here (``tokenize`` of one text or a batch)."""

    def add_user_word(self, word: str, tag: str = ..., score: float = ...) -> bool: ...

    def tokenize(self, text: str | Iterable[str]) -> object: ...


_lock = threading.Lock()
_kiwi: KiwiLike | None = None


def _create_kiwi() -> KiwiLike:
    # lazy: Kiwi's import and model load take ~1 s; only text analysis needs them
    from kiwipiepy import Kiwi

    kiwi = cast("KiwiLike", Kiwi())
    for entry in load_user_dict():
        kiwi.add_user_word(entry.word, entry.tag, entry.score)
    return kiwi


def get_kiwi() -> KiwiLike:
    """The shared Kiwi instance with the domain dictionary loaded (created on first use)."""
    global _kiwi
    if _kiwi is None:
        with _lock:
            if _kiwi is None:
                _kiwi = _create_kiwi()
    return _kiwi


def content_tokens(morphs: Sequence[KiwiToken], *, bigrams: bool = False) -> list[str]:
    """The content morphemes of one Kiwi analysis (see the module docstring)."""
    stop = load_stopwords()
    parts = compound_parts()
    units: list[str] = []
    heads: list[str] = []
    i = 0
    while i < len(morphs):
        form, tag = morphs[i].form, morphs[i].tag
        nxt = morphs[i + 1] if i + 1 < len(morphs) else None
        if tag in _NOUN_TAGS and nxt is not None and nxt.tag == "XSN" and nxt.form != _PLURAL:
            form, tag = form + nxt.form, "NNG"
            i += 1
        elif tag == "SN":
            if nxt is not None and nxt.tag in _UNIT_TAGS and len(nxt.form) <= _MAX_UNIT_LEN:
                units.append(form + nxt.form)
                heads.append(form + nxt.form)
                i += 2
                continue
            i += 1
            continue
        i += 1
        if tag == "SL":
            form = _singular(form)
        if tag not in _CONTENT_TAGS or form in stop:
            continue
        units.append(form)
        heads.append(form)
        for part in parts.get(form, ()):
            if part not in stop:
                units.append(part)
    if bigrams:
        units.extend(f"{a}_{b}" for a, b in itertools.pairwise(heads))
    return units


def _singular(word: str) -> str:
    """A crude English singular (``bearings`` → ``bearing``, ``batteries`` → ``battery``)."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def tokenize(s: str, *, bigrams: bool = False) -> list[str]:
    """Content morphemes of ``s`` after :func:`normalize_text` (see the module docstring)."""
    text = normalize_text(s)
    if not text:
        return []
    kiwi = get_kiwi()
    with _lock:
        morphs = cast("Sequence[KiwiToken]", kiwi.tokenize(text))
    return content_tokens(morphs, bigrams=bigrams)


def tokenize_many(texts: Iterable[str], *, bigrams: bool = False) -> list[list[str]]:
    """:func:`tokenize` for many texts at once, using Kiwi's multi-threaded batch analysis."""
    normalized = [normalize_text(t) for t in texts]
    if not normalized:
        return []
    kiwi = get_kiwi()
    with _lock:
        results = cast("Iterator[Sequence[KiwiToken]]", kiwi.tokenize(normalized))
        analysed = list(results)
    return [content_tokens(m, bigrams=bigrams) for m in analysed]


def analyse_morphs_many(texts: Iterable[str]) -> list[tuple[str, Sequence[KiwiToken]]]:
    """Each text after :func:`normalize_text` with its Kiwi morphemes (offsets into that text).

    For callers that need both the content tokens (:func:`content_tokens`) and the morpheme
    boundaries (:func:`axpartners.text.lexicon.boundaries`) from one Kiwi pass.
    """
    normalized = [normalize_text(t) for t in texts]
    if not normalized:
        return []
    kiwi = get_kiwi()
    with _lock:
        analysed = list(cast("Iterator[Sequence[KiwiToken]]", kiwi.tokenize(normalized)))
    return list(zip(normalized, analysed, strict=True))
