"""The evidence the matcher works on: needs and partner profiles (issue 5, SPEC §4).

Profiles are plain frozen dataclasses built by the CSV loader (:mod:`axpartners.matching.io`)
or by the service layer from database rows. :func:`check_partner` and :func:`check_need`
validate once at the boundary; the ranking core trusts them afterwards.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from axpartners.errors import InputError

KINDS = ("company", "university", "research", "public")
"""Organisation kinds (SPEC §3): 산·학·연·관."""
ACADEMIC_KINDS = frozenset({"university", "research"})
KIND_ALIASES = {
    "기업": "company",
    "회사": "company",
    "산": "company",
    "대학": "university",
    "대학교": "university",
    "학": "university",
    "연구기관": "research",
    "연구소": "research",
    "연구원": "research",
    "연": "research",
    "공공": "public",
    "공공기관": "public",
    "관": "public",
}
"""Korean spellings accepted for :data:`KINDS` (산·학·연·관)."""


def normalize_kind(value: str) -> str:
    """``"Company"`` / ``"기업"`` → ``"company"``; unknown values come back lower-cased."""
    cleaned = value.strip().lower()
    return KIND_ALIASES.get(cleaned, cleaned)


@dataclass(frozen=True, slots=True)
class Reference:
    """A past project or reference of a partner.

    ``industry`` is the client's KSIC code (or any opaque label); ``success`` is ``True`` for a
    project the council counts as a success, ``False`` for a failed one, ``None`` if unknown.
    """

    text: str
    industry: str = ""
    success: bool | None = None


@dataclass(frozen=True, slots=True)
class PartnerProfile:
    """A partner organisation as evidence for matching.

    ``capabilities`` are declared taxonomy IDs; ``industries`` KSIC codes served;
    ``active_projects`` the number of council projects the partner is currently running.
    """

    id: str
    name: str
    kind: str
    description: str = ""
    capabilities: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()
    region: str = ""
    references: tuple[Reference, ...] = ()
    expertise: str = ""
    active_projects: int = 0

    def text(self) -> str:
        """All free text used as lexical evidence: name, description, expertise, references."""
        parts = [self.name, self.description, self.expertise, *(r.text for r in self.references)]
        return "\n".join(p for p in parts if p)

    def has_evidence(self) -> bool:
        """True if there is anything beyond the name to match on."""
        return bool(
            self.description.strip()
            or self.expertise.strip()
            or self.capabilities
            or any(r.text.strip() for r in self.references)
        )


@dataclass(frozen=True, slots=True)
class NeedProfile:
    """A need (or a cluster of needs, or a project candidate) to find partners for.

    ``labels`` are taxonomy IDs (given by a person or a classifier); when empty, the matcher
    infers them from ``text``. ``industry`` and ``region`` are opaque codes (KSIC, 시·도).
    """

    id: str
    text: str
    labels: tuple[str, ...] = ()
    industry: str = ""
    region: str = ""
    title: str = ""
    extra_terms: tuple[str, ...] = field(default=())

    def full_text(self) -> str:
        return "\n".join(p for p in (self.title, self.text, *self.extra_terms) if p)


def merge_needs(need_id: str, needs: Sequence[NeedProfile], *, title: str = "") -> NeedProfile:
    """One profile for a cluster of needs or a project candidate: texts joined, labels united
    (in order of first appearance), the most frequent industry and region (first on ties)."""
    if not needs:
        raise InputError("matching.need_no_evidence", need_id=need_id)

    def most_common(values: list[str]) -> str:
        present = [v for v in values if v]
        return max(dict.fromkeys(present), key=present.count) if present else ""

    return NeedProfile(
        id=need_id,
        text="\n".join(n.full_text() for n in needs),
        labels=tuple(dict.fromkeys(label for n in needs for label in n.labels)),
        industry=most_common([n.industry for n in needs]),
        region=most_common([n.region for n in needs]),
        title=title,
    )


def check_partner(partner: PartnerProfile, *, known_labels: Sequence[str]) -> None:
    """Raise :class:`InputError` if ``partner`` cannot be matched or uses unknown codes."""
    if not partner.id.strip():
        raise InputError("import.required_value", column="id")
    if partner.kind not in KINDS:
        raise InputError(
            "import.bad_value", column="kind", value=partner.kind, hint=", ".join(KINDS)
        )
    if not partner.has_evidence():
        raise InputError("matching.partner_no_text", partner_id=partner.id)
    for capability in partner.capabilities:
        if capability not in known_labels:
            raise InputError("matching.unknown_label", value=capability, partner_id=partner.id)
    if partner.active_projects < 0:
        raise InputError(
            "import.bad_value",
            column="active_projects",
            value=partner.active_projects,
            hint=">= 0",
        )


def check_need(need: NeedProfile, *, known_labels: Sequence[str]) -> None:
    """Raise :class:`InputError` for a need with neither text nor labels, or unknown labels."""
    if not need.full_text().strip() and not need.labels:
        raise InputError("matching.need_no_evidence", need_id=need.id)
    for label in need.labels:
        if label not in known_labels:
            raise InputError("matching.unknown_label", value=label, partner_id=need.id)
