"""The format-independent result of extraction: an ordered list of blocks with page numbers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

BlockKind = Literal["paragraph", "heading", "table", "note", "textbox", "caption"]
"""``note`` is a footnote/endnote body; ``textbox`` text inside a drawing object or text box."""

DocFormat = Literal["hwp", "hwpx", "pdf", "docx", "html", "txt"]


@dataclass(frozen=True, slots=True)
class Block:
    """One unit of reading order.

    ``text`` is the block's plain text; for a table it is the rows joined as
    ``"cell | cell"`` lines and ``rows`` holds the cells. ``page`` is 1-based where the
    format has pages (PDF) and ``None`` otherwise. ``level`` is a heading level (1 = top)
    when the format declares one (DOCX ``Heading n``, HTML ``<hn>``).
    """

    kind: BlockKind
    text: str
    page: int | None = None
    rows: tuple[tuple[str, ...], ...] = ()
    level: int | None = None


@dataclass(frozen=True, slots=True)
class ExtractedDocument:
    """Text blocks of one uploaded file, in reading order.

    ``pages_without_text`` lists 1-based pages that have no text layer (scanned PDF pages
    that need OCR). ``warnings`` are stable message codes for things a person should know
    (e.g. ``policy.hwp_distribution_decrypted``).
    """

    filename: str
    format: DocFormat
    blocks: tuple[Block, ...]
    page_count: int | None = None
    pages_without_text: tuple[int, ...] = ()
    warnings: tuple[str, ...] = ()
    title: str = ""

    @property
    def text(self) -> str:
        """All block texts joined by newlines (tables as ``a | b`` lines)."""
        return "\n".join(b.text for b in self.blocks if b.text)

    def tables(self) -> tuple[Block, ...]:
        return tuple(b for b in self.blocks if b.kind == "table")


def table_block(rows: list[list[str]], *, page: int | None = None) -> Block:
    """A table block from rows of cell strings (empty trailing rows dropped)."""
    clean = tuple(tuple(c.strip() for c in row) for row in rows if any(c.strip() for c in row))
    text = "\n".join(" | ".join(row) for row in clean)
    return Block(kind="table", text=text, page=page, rows=clean)
