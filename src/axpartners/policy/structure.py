"""Split an extracted document into a hierarchy of policy items (chapter → task → sub-task).

The marker ladder and the outline builder live in :mod:`axpartners.policy.outline`; layout
text (plain ``.txt``, e.g. ``pdftotext -layout``) first loses its page furniture
(:mod:`axpartners.policy.layout`) and is read as a national tasks plan when it has a run of
numbered task headings (:mod:`axpartners.policy.tasks`). Inline lists (△ ▲ ① 첫째) become child items
(:mod:`axpartners.policy.inline`).
"""

from __future__ import annotations

from axpartners.policy.document import ExtractedDocument
from axpartners.policy.inline import split_inline_lists
from axpartners.policy.outline import (
    Marker,
    PolicyItem,
    detect_marker,
    learn_ranks,
    structure_blocks,
)
from axpartners.policy.tasks import structure_layout_text

__all__ = [
    "Marker",
    "PolicyItem",
    "detect_marker",
    "layout_text",
    "learn_ranks",
    "structure_blocks",
    "structure_document",
]


def structure_document(doc: ExtractedDocument) -> tuple[PolicyItem, ...]:
    """:func:`structure_blocks` of an extracted document; plain (layout) text first goes
    through :func:`axpartners.policy.tasks.structure_plan` and loses its page furniture."""
    if doc.format != "txt":
        return split_inline_lists(structure_blocks(doc.blocks))
    return split_inline_lists(structure_layout_text(layout_text(doc)))


def layout_text(doc: ExtractedDocument) -> str:
    """The text of a plain-text document as laid out (form feeds between pages)."""
    out: list[str] = []
    page = doc.blocks[0].page if doc.blocks else None
    for block in doc.blocks:
        if block.page != page:
            out.append("\f")
            page = block.page
        out.append(block.text)
    return "\n".join(out).replace("\n\f\n", "\n\f")
