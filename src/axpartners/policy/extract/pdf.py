"""PDF reader: the text layer of each page through pypdf, with page numbers.

Pages whose text layer is empty are listed in ``pages_without_text`` so a person knows they
need OCR; a document with no text on any page is refused (``policy.pdf_needs_ocr``).
Running page footers of the Korean government style (``- 3 -``) are dropped.
"""

from __future__ import annotations

import io
import logging
import re

from pypdf import PdfReader
from pypdf.errors import PdfReadError, PyPdfError

from axpartners.errors import InputError
from axpartners.policy.document import Block, ExtractedDocument

MAX_PAGES = 3000
_PAGE_FOOTER = re.compile(r"^[-–—]\s*\d{1,4}\s*[-–—]$")


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
            text = pages[number - 1].extract_text() or ""
        except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError) as exc:
            raise InputError(
                "policy.corrupt", file=filename, detail=f"page {number}: {exc}"[:200]
            ) from None
        lines = [ln.strip() for ln in text.splitlines()]
        lines = [ln for ln in lines if ln and not _PAGE_FOOTER.match(ln)]
        if not lines:
            empty.append(number)
        blocks.extend(Block(kind="paragraph", text=ln, page=number) for ln in lines)
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
