"""A policy item related to the region, and two policy documents compared.

Alignment of one item with the region ("이 과제에 맞는 부산의 수요와 파트너"):

* **needs** — BM25 over the needs index (:mod:`axpartners.services.search`) with the item's
  text (and its sub-items' text, so a chapter covers its tasks), plus needs whose label is one
  of the item's use-case tags. Score = normalised BM25 (best hit = 1) + 0.5 for a label match.
* **partners** — :func:`axpartners.matching.rank.rank_partners` with a
  :class:`~axpartners.matching.profiles.NeedProfile` made of the item text, its use-case tags
  as labels, its first industry tag and the council's region.
* **strengths** — the item's KSIC industry tags looked up among the region's current
  specialisations (RCA ≥ 1) and ranked opportunities (:mod:`axpartners.services.strengths`);
  also the region's specialisations whose linked AI use cases include one of the item's
  use-case tags. Skipped when no regional statistics are loaded.

Comparison pairs the items of two stored documents by title
(:func:`axpartners.policy.compare.compare_documents`): new, removed and changed items.
The documents and items themselves are read through :mod:`axpartners.services.policy`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from axpartners.codes import to_section
from axpartners.db.tables import Need, Organisation, PolicyDocument, PolicyItem
from axpartners.errors import AxError, InputError
from axpartners.matching.profiles import NeedProfile
from axpartners.matching.rank import Match, rank_partners
from axpartners.policy.compare import Comparison, compare_documents
from axpartners.policy.structure import PolicyItem as CoreItem
from axpartners.services import strengths
from axpartners.services.actors import Actor
from axpartners.services.matching import partner_index
from axpartners.services.policy import get_document, get_item, parents_of, subtree, tag_values
from axpartners.services.search import search_need_ids
from axpartners.taxonomy import taxonomy_ids

LABEL_BONUS = 0.5
SUBTREE_CHARS = 6000


# ---- alignment ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NeedLink:
    need: Need
    score: float
    text_score: float
    label_match: bool


@dataclass(frozen=True, slots=True)
class StrengthLink:
    """``kind`` is ``specialisation`` (RCA ≥ 1 now) or ``opportunity`` (ranked candidate);
    ``via`` is ``industry`` (the item names the industry) or the use-case id that links them."""

    industry: str
    kind: str
    via: str
    rca: float
    rank: int | None = None
    score: float | None = None


@dataclass(frozen=True, slots=True)
class Alignment:
    item: PolicyItem
    use_cases: tuple[str, ...]
    industries: tuple[str, ...]
    needs: tuple[NeedLink, ...]
    partners: tuple[Match, ...]
    strengths: tuple[StrengthLink, ...]
    strengths_available: bool
    strengths_source: str = ""
    strengths_synthetic: bool = False
    notes: tuple[str, ...] = field(default=())


def _alignment_text(item: PolicyItem) -> str:
    parts = [f"{i.title}\n{i.text}" for i in subtree(item)]
    return "\n".join(parts)[:SUBTREE_CHARS]


def _use_cases(items: Sequence[PolicyItem]) -> tuple[str, ...]:
    known = set(taxonomy_ids())
    return tuple(dict.fromkeys(v for i in items for v in tag_values(i, "use_case") if v in known))


def related_needs(
    session: Session,
    *,
    text: str,
    use_cases: Sequence[str],
    region: str,
    data_dir: Path,
    top: int = 10,
) -> list[NeedLink]:
    """Needs of ``region`` (or without a region) related to ``text`` and ``use_cases``."""
    hits = search_need_ids(session, data_dir=data_dir, query=text, limit=200)
    best = max((s for _, s in hits), default=0.0)
    text_scores = {need_id: s / best for need_id, s in hits} if best > 0 else {}
    ids = set(text_scores)
    if use_cases:
        ids |= set(session.scalars(select(Need.id).where(Need.label.in_(list(use_cases)))))
    if not ids:
        return []
    links = []
    for need in session.scalars(select(Need).where(Need.id.in_(list(ids)))):
        if need.region not in (None, "", region):
            continue
        label_match = need.label in use_cases if need.label else False
        text_score = text_scores.get(need.id, 0.0)
        links.append(
            NeedLink(
                need=need,
                score=round(text_score + (LABEL_BONUS if label_match else 0.0), 4),
                text_score=round(text_score, 4),
                label_match=label_match,
            )
        )
    links.sort(key=lambda link: (-link.score, -link.need.id))
    return links[:top]


def related_partners(
    session: Session,
    *,
    item: PolicyItem,
    text: str,
    use_cases: Sequence[str],
    industries: Sequence[str],
    region: str,
    top: int = 8,
    locale: str = "ko",
) -> list[Match]:
    if not session.scalar(select(func.count()).select_from(Organisation)):
        return []
    profile = NeedProfile(
        id=f"policy-item-{item.id}",
        text=text,
        labels=tuple(use_cases),
        industry=industries[0] if industries else "",
        region=region,
        title=item.title,
    )
    try:
        return rank_partners(profile, partner_index(session), top=top, locale=locale)
    except InputError:
        return []


def _industry_matches(label: str, code: str) -> bool:
    """A dataset label (section letter or KSIC code at any level) covers the item's division."""
    if label.isalpha() and len(label) == 1:
        try:
            return to_section(code) == label.upper()
        except InputError:
            return False
    return label == code or label.startswith(code) or code.startswith(label)


def related_strengths(
    session: Session, *, use_cases: Sequence[str], industries: Sequence[str], region: str
) -> tuple[list[StrengthLink], bool, str, bool]:
    """``(links, available, source, synthetic)``; ``available`` is False without statistics."""
    try:
        rs = strengths.region_strengths(session, region=region)
    except AxError:
        return [], False, "", False
    links: list[StrengthLink] = []
    seen: set[tuple[str, str]] = set()
    for code in industries:
        for spec in rs.specialisations:
            if _industry_matches(spec.industry, code) and (spec.industry, "s") not in seen:
                seen.add((spec.industry, "s"))
                links.append(StrengthLink(spec.industry, "specialisation", "industry", spec.rca))
        for opp in rs.opportunities:
            if _industry_matches(opp.industry, code) and (opp.industry, "o") not in seen:
                seen.add((opp.industry, "o"))
                links.append(
                    StrengthLink(
                        opp.industry, "opportunity", "industry", opp.rca, opp.rank, opp.score
                    )
                )
    wanted = set(use_cases)
    by_use_case = 0
    for spec in rs.specialisations:
        if by_use_case >= 5 or (spec.industry, "s") in seen:
            continue
        linked = [u.id for u in rs.usecases.get(spec.industry, ()) if u.id in wanted]
        if linked:
            seen.add((spec.industry, "s"))
            links.append(StrengthLink(spec.industry, "specialisation", linked[0], spec.rca))
            by_use_case += 1
    return links, True, rs.source, rs.is_synthetic


def align_item(
    session: Session,
    *,
    actor: Actor,
    item_id: int,
    data_dir: Path,
    region: str = "26",
    locale: str = "ko",
    top: int = 8,
) -> Alignment:
    """The region's needs, partners and strengths for one policy item (see module doc)."""
    item = get_item(session, actor=actor, item_id=item_id)
    tree = subtree(item)
    text = _alignment_text(item)
    use_cases = _use_cases(tree)
    industries = tuple(dict.fromkeys(v for i in tree for v in tag_values(i, "industry")))
    needs = related_needs(
        session, text=text, use_cases=use_cases, region=region, data_dir=data_dir, top=top
    )
    partners = related_partners(
        session,
        item=item,
        text=text,
        use_cases=use_cases,
        industries=industries,
        region=region,
        top=top,
        locale=locale,
    )
    links, available, source, synthetic = related_strengths(
        session, use_cases=use_cases, industries=industries, region=region
    )
    return Alignment(
        item=item,
        use_cases=use_cases,
        industries=industries,
        needs=tuple(needs),
        partners=tuple(partners),
        strengths=tuple(links),
        strengths_available=available,
        strengths_source=source,
        strengths_synthetic=synthetic,
    )


# ---- comparison --------------------------------------------------------------------------


def core_items(document: PolicyDocument) -> list[CoreItem]:
    """The stored items as core :class:`~axpartners.policy.structure.PolicyItem` objects."""
    parents = parents_of(document.items)
    return [
        CoreItem(
            seq=i.position,
            item_no=i.item_no,
            path=i.path,
            level=i.level,
            marker="",
            title=i.title,
            text=i.text,
            page=i.page,
            parent=parents.get(i.position),
        )
        for i in sorted(document.items, key=lambda x: x.position)
    ]


@dataclass(frozen=True, slots=True)
class DocumentComparison:
    old: PolicyDocument
    new: PolicyDocument
    result: Comparison
    old_ids: dict[int, int]
    new_ids: dict[int, int]
    """``position → item id`` of each document, to link the compared items."""


def compare(
    session: Session, *, actor: Actor, old_id: int, new_id: int, threshold: float = 0.6
) -> DocumentComparison:
    """New, removed and changed items between two stored documents (paired by title)."""
    old = get_document(session, actor=actor, document_id=old_id)
    new = get_document(session, actor=actor, document_id=new_id)
    if not 0 < threshold <= 1:
        raise InputError("import.bad_value", column="threshold", value=threshold, hint="0–1")
    result = compare_documents(core_items(old), core_items(new), threshold=threshold)
    return DocumentComparison(
        old=old,
        new=new,
        result=result,
        old_ids={i.position: i.id for i in old.items},
        new_ids={i.position: i.id for i in new.items},
    )
