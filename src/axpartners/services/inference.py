"""Capability inference from free text, used when a partner declares none (SPEC §4)."""

from __future__ import annotations

from axpartners.taxonomy import load_taxonomy


def infer_capabilities(text: str, *, limit: int = 3) -> list[str]:
    """Taxonomy IDs whose labels or synonyms occur in ``text``, most mentions first."""
    lowered = text.lower().replace(" ", "")
    scored: list[tuple[int, str]] = []
    for use_case in load_taxonomy():
        terms = {s.lower().replace(" ", "") for s in use_case.synonyms}
        hits = sum(1 for term in terms if term and term in lowered)
        if hits:
            scored.append((hits, use_case.id))
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    return [use_case_id for _, use_case_id in scored[:limit]]
