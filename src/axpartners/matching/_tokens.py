"""Tokens for matching: the project's Korean text engine (:mod:`axpartners.text.morph`,
which owns the domain dictionary) with matching's own stop words, lower-cased."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import cache

from axpartners.text.morph import tokenize as engine_tokenize, tokenize_many as engine_many

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


@cache
def _tokenizer() -> Callable[[str], list[str]]:
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
    batches = engine_many([normalize(t) for t in texts])
    return [[t.lower() for t in tokens if t.lower() not in _STOP] for tokens in batches]


def normalize(text: str) -> str:
    """NFKC, collapsed whitespace (full-width letters and compatibility jamo unified)."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip()


def squash(text: str) -> str:
    """Normalised, lower-cased, without spaces or middle dots: for synonym substring tests."""
    return re.sub(r"[\s·ㆍ\-_/]", "", normalize(text).lower())
