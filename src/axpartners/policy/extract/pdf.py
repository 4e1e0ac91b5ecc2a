"""PDF reader: the text layer of each page through pypdf (layout mode), with page numbers.

Pages whose text layer is empty or garbled (fonts without a Unicode map) are listed in
``pages_without_text`` so a person knows they need OCR; a document with no text on any page
is refused (``policy.pdf_needs_ocr``). Column-aligned lines become table rows, and running
page footers of the Korean government style (``- 3 -``) are dropped.
"""

from __future__ import annotations

import io
import logging
import re

from pypdf import PageObject, PdfReader
from pypdf.errors import PdfReadError, PyPdfError

from axpartners.errors import InputError
from axpartners.policy.document import Block, ExtractedDocument, table_block

MAX_PAGES = 3000
_PAGE_FOOTER = re.compile(r"^[-–—]\s*\d{1,4}\s*[-–—]$")
_CELL = re.compile(r"\S+(?: {1,2}\S+)*")
_ALIGN = 2
_SPACES = re.compile(r"\s{2,}")


def extract_pdf(data: bytes, *, filename: str, max_pages: int = MAX_PAGES) -> ExtractedDocument:
    """One paragraph block per text line, each with its 1-based page."""
    # pypdf reports damage it recovered from through logging (even at ERROR); keep it quiet.
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not _try_empty_password(reader):
            raise InputError("policy.encrypted", file=filename)
        pages = reader.pages
        count = len(pages)
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise InputError("policy.corrupt", file=filename, detail=str(exc)[:200]) from None
    if count > max_pages:
        raise InputError("policy.too_many_pages", file=filename, pages=count, limit=max_pages)
    blocks: list[Block] = []
    empty: list[int] = []
    for number in range(1, count + 1):
        try:
            text = _page_text(pages[number - 1])
        except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError) as exc:
            raise InputError(
                "policy.corrupt", file=filename, detail=f"page {number}: {exc}"[:200]
            ) from None
        page_blocks = [] if is_garbled(text) else layout_blocks(text, page=number)
        if not page_blocks:
            empty.append(number)
        blocks.extend(page_blocks)
    if count and len(empty) == count:
        raise InputError("policy.pdf_needs_ocr", file=filename, pages=count)
    warnings = ("policy.pdf_pages_without_text",) if empty else ()
    return ExtractedDocument(
        filename=filename,
        format="pdf",
        blocks=tuple(blocks),
        page_count=count,
        pages_without_text=tuple(empty),
        warnings=warnings,
    )


def is_garbled(text: str, *, threshold: float = 0.3) -> bool:
    """True when the text layer is mostly unreadable: glyph ids without a Unicode map come out
    as control characters, U+FFFD or private-use code points. Such a page needs OCR too."""
    visible = [ch for ch in text if not ch.isspace()]
    if not visible:
        return False
    bad = sum(1 for ch in visible if ch < " " or ch == "\ufffd" or "\ue000" <= ch <= "\uf8ff")
    return bad / len(visible) > threshold


def _page_text(page: PageObject) -> str:
    """Layout-mode text (keeps table rows on one line with their column gaps); plain text if
    the layout pass fails on an unusual font."""
    try:
        return page.extract_text(extraction_mode="layout") or ""
    except (
        PdfReadError,
        PyPdfError,
        ValueError,
        KeyError,
        TypeError,
        IndexError,
        ZeroDivisionError,
    ):
        return page.extract_text() or ""


def _cells(line: str) -> list[tuple[int, int, str]]:
    """``(start, end, text)`` of the runs of words separated by at most two spaces."""
    return [(m.start(), m.end(), m.group(0)) for m in _CELL.finditer(line)]


def _aligned(a: list[tuple[int, int, str]], b: list[tuple[int, int, str]]) -> bool:
    """Same number of cells, each starting or ending within two columns of the other row's."""
    return len(a) == len(b) and all(
        abs(x[0] - y[0]) <= _ALIGN or abs(x[1] - y[1]) <= _ALIGN for x, y in zip(a, b, strict=True)
    )


def layout_blocks(text: str, *, page: int | None) -> list[Block]:
    """Blocks from layout-mode text: two or more consecutive lines with the same number (≥ 2)
    of column-aligned cells (separated by gaps of three or more spaces) become a table; other
    lines are paragraphs with their spacing collapsed. Running page footers are dropped."""
    rows: list[list[tuple[int, int, str]]] = []
    out: list[Block] = []

    def flush() -> None:
        if len(rows) >= 2:
            out.append(table_block([[c[2] for c in r] for r in rows], page=page))
        else:
            out.extend(
                Block(kind="paragraph", text=" ".join(c[2] for c in r), page=page) for r in rows
            )
        rows.clear()

    for raw in text.splitlines():
        line = raw.rstrip()
        if not line.strip() or _PAGE_FOOTER.match(line.strip()):
            continue
        cells = _cells(line)
        if len(cells) >= 2 and (not rows or _aligned(rows[-1], cells)):
            rows.append(cells)
            continue
        flush()
        if len(cells) >= 2:
            rows.append(cells)
        else:
            out.append(Block(kind="paragraph", text=_SPACES.sub(" ", line.strip()), page=page))
    flush()
    return [
        b
        if b.kind == "table"
        else Block(kind="paragraph", text=_SPACES.sub(" ", b.text), page=page)
        for b in out
    ]


def _try_empty_password(reader: PdfReader) -> bool:
    """Many official PDFs are 'encrypted' only with an owner password and an empty user one."""
    try:
        return bool(reader.decrypt(""))
    except (PdfReadError, PyPdfError, NotImplementedError, DependencyError):
        return False


try:  # pypdf >= 3 raises DependencyError when AES needs the optional cryptography package
    from pypdf.errors import DependencyError
except ImportError:  # pragma: no cover
    DependencyError = PyPdfError  # type: ignore[misc,assignment]
