"""Government bodies named in policy text: ministries (current names) and regional governments.

The table ``data/agencies.csv`` lists every body with its kind (``ministry`` or ``local_gov``),
the dates its name was valid, its successor when it was renamed (the 2025 reorganisation:
산업통상자원부 → 산업통상부, 환경부 → 기후에너지환경부 …; sources cited in the file) and the
short forms documents use (산업부, 과기정통부, 부산시 …). A mention is tagged with the *current*
name (following successors), so old and new documents aggregate on one value, and its
``written`` form is kept. Matching is on morpheme boundaries (:mod:`axpartners.text.lexicon`).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

from axpartners.text.lexicon import Boundaries, Lexicon, LexiconHit

AgencyKind = Literal["ministry", "local_gov"]


@dataclass(frozen=True, slots=True)
class Agency:
    name: str
    kind: AgencyKind
    valid_from: str
    valid_to: str
    successor: str
    aliases: tuple[str, ...]


@cache
def load_agencies() -> dict[str, Agency]:
    """Full name → :class:`Agency` from ``data/agencies.csv``."""
    text = resources.files("axpartners").joinpath("data/agencies.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    out: dict[str, Agency] = {}
    for row in rows:
        kind: AgencyKind = "local_gov" if row["kind"] == "local_gov" else "ministry"
        aliases = tuple(a for a in (row["aliases"] or "").split("|") if a)
        out[row["name"]] = Agency(
            row["name"], kind, row["valid_from"], row["valid_to"], row["successor"], aliases
        )
    return out


def current_name(name: str) -> str:
    """The body's name today, following renames (a split body without one heir keeps its name)."""
    agencies = load_agencies()
    seen = {name}
    while (agency := agencies.get(name)) is not None and agency.successor:
        name = agency.successor
        if name in seen:
            break
        seen.add(name)
    return name


@cache
def agency_lexicon() -> Lexicon[Agency]:
    entries: list[tuple[str, Agency]] = []
    for agency in load_agencies().values():
        entries.append((agency.name, agency))
        entries.extend((alias, agency) for alias in agency.aliases)
    return Lexicon(entries)


def find_agencies(text: str, bounds: Boundaries | None = None) -> list[LexiconHit[Agency]]:
    """Mentions of ministries and regional governments in ``text``, longest first, no overlaps."""
    return agency_lexicon().find(text, bounds)


def split_ministries(line: str) -> list[LexiconHit[Agency]]:
    """The bodies on a lead-ministry line (``행안부 · 경찰청``, ``기후부 · 국조실``)."""
    return [h for h in find_agencies(line) if h.entry.value.kind == "ministry"]
