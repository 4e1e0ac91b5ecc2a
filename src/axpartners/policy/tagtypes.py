"""The tag record of policy items: kind, value, evidence span, optional attributes and source."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

TagKind = Literal[
    "use_case", "industry", "budget", "kpi", "year", "ministry", "local_gov", "keyword"
]  # fmt: skip
TAG_KINDS: tuple[TagKind, ...] = (
    "use_case", "industry", "budget", "kpi", "year", "ministry", "local_gov", "keyword"
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Evidence:
    """``text[start:end] == matched`` in the tagged text (or in the ``source`` item's text)."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Tag:
    """``value`` is an id/code/number as a string: a taxonomy id, a KSIC division, an amount in
    won, a KPI value with its unit, a year, a current ministry or regional government name, or a
    keyword. ``attrs`` adds facts (budget: ``eok``, ``year``, ``cue``; kpi: ``metric``, ``year``;
    ministry: ``written``). ``source`` is the ``seq`` of the item whose text holds the evidence
    when the tag is inherited (a task's lead ministry on its items), else ``None``."""

    kind: TagKind
    value: str
    evidence: Evidence
    attrs: tuple[tuple[str, str], ...] = ()
    source: int | None = None

    def to_dict(self) -> dict[str, object]:
        ev = self.evidence
        out: dict[str, object] = {
            "kind": self.kind, "value": self.value,
            "evidence": {"start": ev.start, "end": ev.end, "text": ev.text},
        }  # fmt: skip
        if self.attrs:
            out["attrs"] = dict(self.attrs)
        if self.source is not None:
            out["from_seq"] = self.source
        return out
