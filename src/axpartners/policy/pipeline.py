"""Extract → structure → tag in one call, and the SPEC §5 JSONL record of an item."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from axpartners.policy.document import ExtractedDocument
from axpartners.policy.extract import MAX_DOCUMENT_BYTES, extract_document
from axpartners.policy.structure import PolicyItem, structure_document
from axpartners.policy.tagging import Evidence, Tag, tag_agencies, tag_items


@dataclass(frozen=True, slots=True)
class TaggedItem:
    item: PolicyItem
    tags: tuple[Tag, ...]

    def to_record(self, *, doc: str) -> dict[str, object]:
        """The ``axp policy extract`` JSON object: SPEC §5 fields ``doc,item_no,title,text,tags``
        plus ``seq``, ``parent``, ``path``, ``level``, ``role``, ``marker`` and ``page``.
        Tag evidence offsets index into ``text``."""
        it = self.item
        return {
            "doc": doc,
            "item_no": it.item_no,
            "title": it.title,
            "text": it.text,
            "tags": [t.to_dict() for t in self.tags],
            "seq": it.seq,
            "parent": it.parent,
            "path": it.path,
            "level": it.level,
            "role": it.role,
            "marker": it.marker,
            "page": it.page,
            **({"ministry": it.ministry} if it.ministry else {}),
        }


@dataclass(frozen=True, slots=True)
class AnalysedDocument:
    document: ExtractedDocument
    items: tuple[TaggedItem, ...]


def analyse_document(
    data: bytes,
    *,
    filename: str,
    keywords: bool = True,
    max_bytes: int = MAX_DOCUMENT_BYTES,
) -> AnalysedDocument:
    """Extract, structure and tag one uploaded document (raises ``InputError`` on bad input)."""
    document = extract_document(data, filename=filename, max_bytes=max_bytes)
    return analyse_extracted(document, keywords=keywords)


def analyse_extracted(document: ExtractedDocument, *, keywords: bool = True) -> AnalysedDocument:
    items = structure_document(document)
    tags = tag_items(
        [it.text for it in items],
        keywords=keywords,
        leads=lead_tags(items),
        contexts=task_titles(items),
    )
    return AnalysedDocument(
        document=document,
        items=tuple(TaggedItem(it, t) for it, t in zip(items, tags, strict=True)),
    )


def lead_tags(items: Sequence[PolicyItem]) -> list[tuple[Tag, ...] | None]:
    """Per item, the lead-ministry tags of the national task it belongs to (``None`` outside
    any task with a ministry line). Evidence is the ministry line in the task's own text; on
    the task's items the tags carry ``source`` = the task's ``seq``."""
    by_seq = {it.seq: it for it in items}
    own: dict[int, tuple[Tag, ...]] = {}
    for it in items:
        if it.role == "task" and it.ministry:
            at = it.text.rfind(it.ministry)
            found = tag_agencies(it.ministry) if at >= 0 else []
            own[it.seq] = tuple(
                dataclasses.replace(
                    t,
                    evidence=Evidence(at + t.evidence.start, at + t.evidence.end, t.evidence.text),
                )
                for t in found
                if t.kind == "ministry"
            )
    out: list[tuple[Tag, ...] | None] = []
    for it in items:
        node: PolicyItem | None = it
        while node is not None and node.seq not in own:
            node = by_seq.get(node.parent) if node.parent is not None else None
        if node is None:
            out.append(None)
        elif node is it:
            out.append(own[it.seq])
        else:
            out.append(tuple(dataclasses.replace(t, source=node.seq) for t in own[node.seq]))
    return out


def task_titles(items: Sequence[PolicyItem]) -> list[str]:
    """Per item, the titles of its ancestors (the task and chapter it sits in), joined."""
    by_seq = {it.seq: it for it in items}
    out = []
    for it in items:
        titles = []
        parent = it.parent
        while parent is not None and parent in by_seq:
            titles.append(by_seq[parent].title)
            parent = by_seq[parent].parent
        out.append(" / ".join(titles))
    return out


def doc_name(filename: str) -> str:
    """The ``doc`` field: the file name without folders."""
    return Path(filename).name
