"""Where a generated sentence came from: the data, a template, or an optional LLM rewrite.

Every generated text in planning and reports is a sequence of :class:`Sentence` so that screens
and documents can show which parts are facts from the database and which are boilerplate.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Source(StrEnum):
    DATA = "data"  # a template sentence whose figures/names were filled from the data
    TEMPLATE = "template"  # fixed wording or a planning assumption, no data in it
    LLM = "llm"  # rewritten by the optional language model (figures checked against the data)


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence and its source; ``original`` keeps the text an LLM rewrite replaced."""

    text: str
    source: Source
    original: str | None = None


def plain_text(sentences: tuple[Sentence, ...]) -> str:
    """The sentences joined with spaces, without markers."""
    return " ".join(s.text for s in sentences)
