"""Plain text: UTF-8 (BOM optional) or CP949/EUC-KR, one block per non-empty line."""

from __future__ import annotations

from axpartners.errors import InputError
from axpartners.policy.document import Block, ExtractedDocument

_ENCODINGS = ("utf-8-sig", "cp949")


def decode_text(data: bytes, *, filename: str) -> str:
    for encoding in _ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError("policy.bad_encoding", file=filename)


def extract_txt(data: bytes, *, filename: str) -> ExtractedDocument:
    text = decode_text(data, filename=filename)
    blocks = tuple(
        Block(kind="paragraph", text=line.strip()) for line in text.splitlines() if line.strip()
    )
    return ExtractedDocument(filename=filename, format="txt", blocks=blocks)
