"""Shorten text between words, for headings, links and chart titles (issue 16)."""

from __future__ import annotations


def clip_words(text: str | None, limit: int = 80) -> str:
    """``text`` on one line, shortened to at most ``limit`` letters between words with ``…``.

    ``text[:80]`` cut headings mid-word ("금속가공제품 제조업; 기계 및 가")); a first word longer
    than ``limit`` is cut inside as the last resort.
    """
    value = " ".join((text or "").split())
    if len(value) <= limit:
        return value
    cut = value.rfind(" ", 0, limit)  # the ellipsis takes the last letter
    head = value[:cut].rstrip(" ,.:;·(—-") if cut > 0 else ""
    return f"{head or value[: limit - 1]}…"
