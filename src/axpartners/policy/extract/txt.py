"""Plain text: UTF-8 (BOM optional), UTF-16 (with BOM) or CP949/EUC-KR, one block per line."""

from __future__ import annotations

from axpartners.errors import InputError
from axpartners.policy.document import Block, ExtractedDocument

_ENCODINGS = ("utf-8-sig", "cp949")


def decode_text(data: bytes, *, filename: str) -> str:
    """UTF-16 when it starts with a byte-order mark, else UTF-8 (BOM optional), else CP949."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError("policy.bad_encoding", file=filename) from None
    for encoding in _ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError("policy.bad_encoding", file=filename)


def extract_txt(data: bytes, *, filename: str) -> ExtractedDocument:
    """One block per non-blank line, indentation kept (layout text such as ``pdftotext
    -layout`` output carries its structure in it); form feeds start new pages."""
    text = decode_text(data, filename=filename)
    pages = text.replace("\r\n", "\n").split("\f")
    numbered = len(pages) > 1
    blocks = tuple(
        Block(kind="paragraph", text=line.rstrip(), page=n if numbered else None)
        for n, page in enumerate(pages, start=1)
        for line in page.split("\n")
        if line.strip()
    )
    return ExtractedDocument(
        filename=filename, format="txt", blocks=blocks, page_count=len(pages) if numbered else None
    )
