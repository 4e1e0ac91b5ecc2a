"""One entry point for every policy document format, detected from content (magic bytes).

``extract_document(data, filename=...)`` sniffs the bytes: ``%PDF-`` → PDF; the OLE2 compound
file magic with an HWP ``FileHeader`` → HWP 5.x; a zip whose ``mimetype`` is
``application/hwp+zip`` or which has ``Contents/section0.xml`` → HWPX; a zip with
``word/document.xml`` → DOCX; otherwise decodable text is HTML (if it has HTML markup) or
plain text. The file extension is only checked against the content: a known document
extension that disagrees with the content is refused (``policy.extension_mismatch``), so a
mislabelled upload is reported instead of half-read.
"""

from __future__ import annotations

import dataclasses
import os
import re
import struct
import zipfile
import zlib
from pathlib import Path

from axpartners.errors import InputError
from axpartners.policy.document import DocFormat, ExtractedDocument
from axpartners.policy.extract._zip import SafeZip, ZipLimits
from axpartners.policy.extract.docx import extract_docx
from axpartners.policy.extract.html import extract_html
from axpartners.policy.extract.hwp import OLE_MAGIC, extract_hwp
from axpartners.policy.extract.hwpx import extract_hwpx, is_hwpx
from axpartners.policy.extract.pdf import MAX_PAGES, extract_pdf
from axpartners.policy.extract.txt import decode_text, extract_txt

__all__ = [
    "MAX_DOCUMENT_BYTES",
    "ExtractedDocument",
    "ZipLimits",
    "detect_format",
    "extract_document",
    "extract_file",
]

MAX_DOCUMENT_BYTES = 50 * 1024 * 1024
"""Default upload limit for one policy document (50 MB)."""

_EXTENSIONS: dict[str, DocFormat] = {
    ".hwp": "hwp", ".hwpx": "hwpx", ".pdf": "pdf", ".docx": "docx",
    ".html": "html", ".htm": "html", ".txt": "txt",
}  # fmt: skip
_HTML_HINT = re.compile(rb"<\s*(!doctype\s+html|html|body|head|p|div|table|h[1-6])[\s>]", re.I)
_HWP3_SIGNATURE = b"HWP Document File V3"


def _too_large(filename: str, size: int, limit: int) -> InputError:
    return InputError(
        "policy.too_large",
        file=filename,
        size_mb=round(size / 2**20, 1),
        limit_mb=round(limit / 2**20, 1),
    )


def detect_format(data: bytes, *, filename: str, limits: ZipLimits | None = None) -> DocFormat:
    """The format from the bytes alone; unsupported binaries raise ``policy.unsupported_format``."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(OLE_MAGIC):
        return "hwp"
    if data.startswith(_HWP3_SIGNATURE):
        raise InputError("policy.hwp_old_version", file=filename, version="3.x")
    if data.startswith(b"PK\x03\x04"):
        archive = SafeZip(data, filename=filename, limits=limits)
        if is_hwpx(archive):
            return "hwpx"
        if archive.has("word/document.xml"):
            return "docx"
        raise InputError("policy.unsupported_format", file=filename, detail="zip archive")
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("policy.unsupported_format", file=filename, detail="binary data")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", "ignore").encode("utf-8")
    return "html" if _HTML_HINT.search(head) else "txt"


def extract_document(
    data: bytes,
    *,
    filename: str,
    max_bytes: int = MAX_DOCUMENT_BYTES,
    max_pages: int = MAX_PAGES,
    zip_limits: ZipLimits | None = None,
) -> ExtractedDocument:
    """Extract text blocks from an uploaded policy document of any supported format.

    Raises :class:`~axpartners.errors.InputError` with codes ``policy.too_large``,
    ``policy.empty``, ``policy.extension_mismatch``, ``policy.unsupported_format``,
    ``policy.corrupt``, ``policy.encrypted``, ``policy.hwp_distribution``,
    ``policy.hwp_old_version``, ``policy.zip_bomb``, ``policy.zip_unsafe_path``,
    ``policy.pdf_needs_ocr``, ``policy.too_many_pages`` or ``policy.bad_encoding``.
    """
    if len(data) > max_bytes:
        raise _too_large(filename, len(data), max_bytes)
    if not data.strip():
        raise InputError("policy.empty", file=filename)
    try:
        fmt = detect_format(data, filename=filename, limits=zip_limits)
    except _PARSER_ERRORS as exc:
        raise InputError(
            "policy.corrupt", file=filename, detail=f"{type(exc).__name__}: {exc}"[:200]
        ) from None
    claimed = _EXTENSIONS.get(Path(filename).suffix.lower())
    binary = {"hwp", "hwpx", "pdf", "docx"}
    if claimed and claimed != fmt and (claimed in binary or fmt in binary):
        raise InputError("policy.extension_mismatch", file=filename, claimed=claimed, detected=fmt)
    try:
        doc = _dispatch(
            data, fmt=fmt, filename=filename, max_pages=max_pages, zip_limits=zip_limits
        )
    except _PARSER_ERRORS as exc:
        # Third-party parsers (olefile, zipfile, zlib, pypdf) fail on damaged input with
        # assorted exception types; a damaged upload is the user's input error, not a crash.
        detail = f"{type(exc).__name__}: {exc}"[:200]
        raise InputError("policy.corrupt", file=filename, detail=detail) from None
    if not doc.title:
        # File metadata titles are often stale template names; the first line is what a reader sees.
        first = next(
            (b.text for b in doc.blocks if b.kind in ("paragraph", "heading") and b.text), ""
        )
        doc = dataclasses.replace(doc, title=first.split("\n", 1)[0][:120])
    return doc


_PARSER_ERRORS = (
    ValueError, KeyError, IndexError, TypeError, AttributeError, AssertionError, EOFError, ArithmeticError,
    OSError, NotImplementedError, RecursionError, struct.error, zlib.error, zipfile.BadZipFile,
)  # fmt: skip


def _dispatch(
    data: bytes, *, fmt: DocFormat, filename: str, max_pages: int, zip_limits: ZipLimits | None
) -> ExtractedDocument:
    if fmt == "hwp":
        return extract_hwp(data, filename=filename)
    if fmt == "hwpx":
        return extract_hwpx(data, filename=filename, limits=zip_limits)
    if fmt == "docx":
        return extract_docx(data, filename=filename, limits=zip_limits)
    if fmt == "pdf":
        return extract_pdf(data, filename=filename, max_pages=max_pages)
    if fmt == "html":
        return extract_html(decode_text(data, filename=filename), filename=filename)
    return extract_txt(data, filename=filename)


def extract_file(
    path: str | os.PathLike[str], *, max_bytes: int = MAX_DOCUMENT_BYTES
) -> ExtractedDocument:
    """:func:`extract_document` for a path; the size is checked before anything is read."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise _too_large(path.name, size, max_bytes)
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(
            "policy.no_file", file=str(path), detail=exc.strerror or str(exc)
        ) from None
    return extract_document(data, filename=path.name, max_bytes=max_bytes)
