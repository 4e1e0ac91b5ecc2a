"""What the policy pages show beside the stored rows: tag chips with their evidence, a
document's tag summary, item labels, and the library's context (documents, search hits)."""

from __future__ import annotations

from typing import Any

from axpartners.codes import industry_name
from axpartners.db.tables import PolicyDocument, PolicyItem
from axpartners.i18n.catalog import translate
from axpartners.policy.tagging import TAG_KINDS, summarize_tags, total_budget
from axpartners.services import policy as service, policy_search as search_service
from axpartners.services.actors import Actor
from axpartners.taxonomy import load_taxonomy
from axpartners.units import format_won
from axpartners.web.deps import SessionDep


def _budget_text(amount: int, locale: str) -> str:
    """Won as 억원 (100 million) or 만원 (10 thousand) for reading, never rounded to zero."""
    return format_won(amount, locale)


def tag_label(kind: str, value: str, locale: str) -> str:
    if kind == "use_case":
        for use_case in load_taxonomy():
            if use_case.id == value:
                return use_case.label(locale)
        return value
    if kind == "industry":
        name = industry_name(value, locale)
        return f"{value} {name}" if name and name != value else value
    if kind == "budget":
        return _budget_text(int(value), locale)
    return value


def grouped_tags(item: PolicyItem, locale: str) -> list[dict[str, Any]]:
    """Tags grouped by kind (in the core's kind order), one chip per distinct value with all its
    evidence snippets."""
    groups: dict[str, dict[str, list[str]]] = {}
    for tag in service.tags_of(item):
        groups.setdefault(tag.kind, {}).setdefault(tag.value, []).append(tag.evidence.text)
    out = []
    for kind in TAG_KINDS:
        if kind not in groups:
            continue
        chips = [
            {
                "value": value,
                "label": tag_label(kind, value, locale),
                "evidence": " · ".join(dict.fromkeys(evidence)),
            }
            for value, evidence in groups[kind].items()
        ]
        out.append(
            {"kind": kind, "label": translate(f"policy.tag_kind.{kind}", locale), "chips": chips}
        )
    return out


def document_summary(document: PolicyDocument, locale: str) -> dict[str, Any]:
    tags = [t for item in document.items for t in service.tags_of(item)]
    summary = summarize_tags(tags)
    return {
        "kinds": [
            {
                "kind": kind,
                "label": translate(f"policy.tag_kind.{kind}", locale),
                "values": [
                    {"value": v, "label": tag_label(kind, v, locale), "count": n}
                    for v, n in summary[kind][:12]
                ],
            }
            for kind in ("use_case", "industry", "ministry", "year")
            if kind in summary
        ],
        "budget": total_budget(tags),
    }


def item_label(item_no: str) -> str:
    """An item's own label for display: bullets keep their symbol without the sibling ordinal
    the core adds (``□2`` → ``□``); numbers, letters and roman numerals stay as they are."""
    if item_no and not item_no[0].isalnum() and not item_no.startswith("("):
        return item_no.rstrip("0123456789") or item_no
    return item_no


def path_label(path: str) -> str:
    return " > ".join(item_label(part) for part in path.split(" > "))


def template_helpers(locale: str) -> dict[str, Any]:
    return {
        "tag_label": lambda kind, value: tag_label(kind, value, locale),
        "use_cases_of": lambda item: service.tag_values(item, "use_case"),
        "item_label": item_label,
        "path_label": path_label,
    }


def library_context(
    db: SessionDep, actor: Actor, locale: str, *, q: str = "", error: str | None = None
) -> dict[str, Any]:
    hits = search_service.search_items(db, actor=actor, q=q, limit=50) if q.strip() else []
    return {
        "documents": service.list_documents(db, actor=actor),
        "q": q,
        "hits": hits,
        "error": error,
        **template_helpers(locale),
    }
