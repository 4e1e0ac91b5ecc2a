"""Extract → structure → tag in one call, and the SPEC §5 JSONL record of an item."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from axpartners.policy.document import ExtractedDocument
from axpartners.policy.extract import MAX_DOCUMENT_BYTES, extract_document
from axpartners.policy.structure import PolicyItem, structure_document
from axpartners.policy.tagging import Tag, tag_items


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
    tags = tag_items([it.text for it in items], keywords=keywords)
    return AnalysedDocument(
        document=document,
        items=tuple(TaggedItem(it, t) for it, t in zip(items, tags, strict=True)),
    )


def doc_name(filename: str) -> str:
    """The ``doc`` field: the file name without folders."""
    return Path(filename).name
