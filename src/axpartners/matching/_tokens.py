"""Tokens for matching: the project's Korean text engine when present, else Kiwi directly.

The text engine (:mod:`axpartners.text.morph`) owns the domain dictionary; this adapter only
exists so that matching keeps working while it is absent. Both paths keep content morphemes
(nouns, verb/adjective stems, roots, foreign words and numbers with letters), lower-cased.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any, Protocol

_CONTENT_TAGS = frozenset({"NNG", "NNP", "NR", "SL", "SH", "XR", "VV", "VA", "SN"})
_STOP = frozenset(
    {
        "하",
        "있",
        "되",
        "없",
        "같",
        "않",
        "이",
        "것",
        "수",
        "등",
        "및",
        "위",
        "통",
        "때",
        "중",
        "개",
        "년",
        "원",
        "곳",
        "점",
        "내",
        "더",
        "싶",
        "받",
        "주",
        "보",
        "필요",
        "현재",
        "경우",
        "관련",
    }
)
_SPACE = re.compile(r"\s+")


class _Token(Protocol):
    form: str
    tag: str


def _kiwi_tokenizer() -> Callable[[str], list[str]]:
    from kiwipiepy import Kiwi

    kiwi: Any = Kiwi()

    def tokenize(text: str) -> list[str]:
        tokens: Sequence[_Token] = kiwi.tokenize(text)
        return [
            t.form.lower()
            for t in tokens
            if t.tag in _CONTENT_TAGS and t.form.lower() not in _STOP and t.form.strip()
        ]

    return tokenize


@cache
def _tokenizer() -> Callable[[str], list[str]]:
    try:
        from axpartners.text.morph import tokenize as engine_tokenize
    except ImportError:
        return _kiwi_tokenizer()

    def tokenize(text: str) -> list[str]:
        return [t.lower() for t in engine_tokenize(text) if t.lower() not in _STOP]

    return tokenize


def tokenize(text: str) -> list[str]:
    """Content tokens of ``text`` (lower-cased morphemes), for BM25 and keyword reasons."""
    if not text.strip():
        return []
    return _tokenizer()(normalize(text))


def tokenize_many(texts: Sequence[str]) -> list[list[str]]:
    """:func:`tokenize` for many texts (the text engine's batch mode when available)."""
    try:
        from axpartners.text.morph import tokenize_many as engine_many
    except ImportError:
        return [tokenize(t) for t in texts]
    batches = engine_many([normalize(t) for t in texts])
    return [[t.lower() for t in tokens if t.lower() not in _STOP] for tokens in batches]


def normalize(text: str) -> str:
    """NFKC, collapsed whitespace (full-width letters and compatibility jamo unified)."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip()


def squash(text: str) -> str:
    """Normalised, lower-cased, without spaces or middle dots: for synonym substring tests."""
    return re.sub(r"[\s·ㆍ\-_/]", "", normalize(text).lower())
