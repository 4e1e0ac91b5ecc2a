"""HWP 5.x reader: OLE compound file, zlib-compressed record streams, 배포용 decryption.

Written from the published format description (한글과컴퓨터, "한글 문서 파일 형식 5.0", revision
1.3, 2018): ``FileHeader`` (signature, version, property flags: bit 0 compressed, bit 1
password-encrypted, bit 2 distribution document, bits 4/8/10 DRM or certificate encryption),
``BodyText/SectionN`` (raw-deflate record streams) and ``ViewText/SectionN`` (distribution
documents).

A record header is one little-endian UINT32: tag id (bits 0-9), level (10-19), size (20-31;
0xFFF means the real size follows as a UINT32). Text lives in ``HWPTAG_PARA_TEXT`` as UTF-16LE
with control characters: "char" controls take one code unit, "inline" and "extended" controls
take eight (the control code, six units of parameters, the code again). Tables, footnotes,
endnotes, headers and text boxes are ``HWPTAG_CTRL_HEADER`` records whose child paragraphs
follow ``HWPTAG_LIST_HEADER`` records at a deeper level.

Distribution documents (spec §"배포용 문서") keep each section in ``ViewText``: a
``HWPTAG_DISTRIBUTE_DOC_DATA`` record of 256 bytes, XOR-scrambled with a byte sequence drawn
from the MSVC ``rand()`` generator seeded by its first four bytes, holds (at offset
``4 + (seed & 0xF)``) the AES-128 key; the rest of the stream is AES-128-ECB encrypted and then,
if the document is compressed, deflated.
"""

from __future__ import annotations

import dataclasses
import io
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field

import olefile

from axpartners.errors import InputError
from axpartners.policy.document import Block, BlockKind, ExtractedDocument, table_block
from axpartners.policy.extract._aes import aes128_ecb_decrypt
from axpartners.policy.extract._hwp_heads import (
    HeadRenderer,
    parse_bullet,
    parse_numbering,
    parse_para_shape,
)
from axpartners.policy.extract._layout import PageCounter, with_page

SIGNATURE = b"HWP Document File"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

_TAG_BEGIN = 0x10
TAG_NUMBERING = _TAG_BEGIN + 7
TAG_BULLET = _TAG_BEGIN + 8
TAG_PARA_SHAPE = _TAG_BEGIN + 9
TAG_DISTRIBUTE_DOC_DATA = _TAG_BEGIN + 12
TAG_PARA_HEADER = _TAG_BEGIN + 50
TAG_PARA_TEXT = _TAG_BEGIN + 51
TAG_PARA_LINE_SEG = _TAG_BEGIN + 53
TAG_CTRL_HEADER = _TAG_BEGIN + 55
TAG_LIST_HEADER = _TAG_BEGIN + 56
TAG_TABLE = _TAG_BEGIN + 61

_CHAR_CONTROLS = frozenset({0, 10, 13, 24, 25, 26, 27, 28, 29, 30, 31})
"""Control codes below 32 that occupy one code unit; all other codes below 32 occupy eight."""
_MAX_STREAM = 256 * 1024 * 1024


def _ctrl_id(code: str) -> int:
    """Control ids are four ASCII chars packed big-endian into a UINT32 (MAKE_4CHID)."""
    return int.from_bytes(code.encode("ascii"), "big")


CTRL_TABLE = _ctrl_id("tbl ")
CTRL_FOOTNOTE = _ctrl_id("fn  ")
CTRL_ENDNOTE = _ctrl_id("en  ")
CTRL_DRAWING = _ctrl_id("gso ")
CTRL_HEADER = _ctrl_id("head")
CTRL_FOOTER = _ctrl_id("foot")
CTRL_HIDDEN_COMMENT = _ctrl_id("tcmt")
CTRL_SECTION = _ctrl_id("secd")


@dataclass(slots=True)
class Record:
    tag: int
    level: int
    payload: bytes
    children: list[Record] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class FileHeader:
    version: tuple[int, int, int, int]
    flags: int

    @property
    def compressed(self) -> bool:
        return bool(self.flags & 0x1)

    @property
    def encrypted(self) -> bool:
        return bool(self.flags & 0x2)

    @property
    def distribution(self) -> bool:
        return bool(self.flags & 0x4)

    @property
    def drm(self) -> bool:
        """DRM-protected (bit 4) or certificate-encrypted / certificate-DRM (bits 8, 10)."""
        return bool(self.flags & (0x10 | 0x100 | 0x400))


def iter_records(data: bytes) -> Iterator[Record]:
    """Flat records of a stream; a truncated trailing record is dropped."""
    pos, end = 0, len(data)
    while pos + 4 <= end:
        (header,) = struct.unpack_from("<I", data, pos)
        pos += 4
        tag, level, size = header & 0x3FF, (header >> 10) & 0x3FF, header >> 20
        if size == 0xFFF:
            if pos + 4 > end:
                return
            (size,) = struct.unpack_from("<I", data, pos)
            pos += 4
        if pos + size > end:
            return
        yield Record(tag, level, data[pos : pos + size])
        pos += size


def build_tree(records: Iterator[Record]) -> list[Record]:
    """Nest records by level: a record is a child of the nearest earlier record one level up."""
    roots: list[Record] = []
    stack: list[Record] = []
    for rec in records:
        while stack and stack[-1].level >= rec.level:
            stack.pop()
        if stack:
            stack[-1].children.append(rec)
        else:
            roots.append(rec)
        stack.append(rec)
    return roots


def decode_para_text(payload: bytes) -> str:
    """Visible text of a ``PARA_TEXT`` payload: controls skipped, tab/line break kept."""
    units = struct.unpack_from(f"<{len(payload) // 2}H", payload)
    out: list[str] = []
    i, n = 0, len(units)
    while i < n:
        u = units[i]
        if u >= 32:
            out.append(chr(u))
            i += 1
        elif u in _CHAR_CONTROLS:
            if u == 10:
                out.append("\n")
            elif u in (24, 30, 31):
                out.append("-" if u == 24 else " ")
            i += 1
        else:
            if u == 9:
                out.append("\t")
            i += 8
    # Surrogate pairs arrive as two units; let Python join them.
    return "".join(out).encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def read_file_header(data: bytes) -> FileHeader:
    if len(data) < 40 or not data.startswith(SIGNATURE):
        raise ValueError("not an HWP 5 file header")
    ver = struct.unpack_from("<I", data, 32)[0]
    (flags,) = struct.unpack_from("<I", data, 36)
    return FileHeader(
        ((ver >> 24) & 0xFF, (ver >> 16) & 0xFF, (ver >> 8) & 0xFF, ver & 0xFF), flags
    )


def _msvc_rand(seed: int) -> Iterator[int]:
    """The MSVC C runtime ``rand()``: LCG x = x*214013 + 2531011, output bits 16-30."""
    while True:
        seed = (seed * 214013 + 2531011) & 0xFFFFFFFF
        yield (seed >> 16) & 0x7FFF


def distribution_key(doc_data: bytes) -> bytes:
    """The AES-128 key hidden in a 256-byte ``DISTRIBUTE_DOC_DATA`` payload."""
    if len(doc_data) < 256:
        raise ValueError("distribution record too short")
    seed = struct.unpack_from("<I", doc_data, 0)[0]
    rand = _msvc_rand(seed)
    mask = bytearray(256)
    value, remaining = 0, 0
    for i in range(256):
        if remaining == 0:
            value = next(rand) & 0xFF
            remaining = (next(rand) & 0xF) + 1
        mask[i] = value
        remaining -= 1
    plain = bytes(a ^ b for a, b in zip(doc_data[:256], mask, strict=True))
    offset = 4 + (seed & 0xF)
    return plain[offset : offset + 16]


def decrypt_view_text(stream: bytes, *, compressed: bool) -> bytes:
    """Record stream of a ``ViewText/SectionN`` (distribution document) in the clear."""
    records = iter_records(stream[: 4 + 256])
    first = next(records, None)
    if first is None or first.tag != TAG_DISTRIBUTE_DOC_DATA or len(first.payload) != 256:
        raise ValueError("missing distribution record")
    key = distribution_key(first.payload)
    plain = aes128_ecb_decrypt(stream[4 + 256 :], key)
    return _inflate(plain) if compressed else plain


def _inflate(data: bytes) -> bytes:
    """Raw deflate with an output cap (a hostile stream cannot exhaust memory)."""
    inflater = zlib.decompressobj(-15)
    out = inflater.decompress(data, _MAX_STREAM)
    if inflater.unconsumed_tail:
        raise ValueError("decompressed section exceeds the size limit")
    return out


class _Walker:
    """Turn a section's record tree into blocks in reading order."""

    def __init__(self, heads: HeadRenderer | None = None) -> None:
        self.blocks: list[Block] = []
        self.heads = heads or HeadRenderer()

    def paragraph_text(self, para: Record) -> str:
        return "".join(decode_para_text(c.payload) for c in para.children if c.tag == TAG_PARA_TEXT)

    def walk_paragraphs(self, records: list[Record], *, kind: BlockKind = "paragraph") -> None:
        for rec in records:
            if rec.tag != TAG_PARA_HEADER:
                continue
            text = self.paragraph_text(rec).strip()
            self._apply_section(rec)
            head = (
                self.heads.head(struct.unpack_from("<H", rec.payload, 8)[0])
                if len(rec.payload) >= 10
                else ""
            )
            if text:
                self.blocks.append(Block(kind=kind, text=f"{head} {text}" if head else text))
            for child in rec.children:
                if child.tag == TAG_CTRL_HEADER and len(child.payload) >= 4:
                    self.walk_control(child)

    def _apply_section(self, para: Record) -> None:
        """A section definition in this paragraph sets the outline numbering before its head."""
        for child in para.children:
            if (
                child.tag == TAG_CTRL_HEADER
                and len(child.payload) >= 20
                and struct.unpack_from("<I", child.payload, 0)[0] == CTRL_SECTION
            ):
                self.heads.outline_id = struct.unpack_from("<H", child.payload, 18)[0]

    def walk_control(self, ctrl: Record) -> None:
        (ctrl_id,) = struct.unpack_from("<I", ctrl.payload, 0)
        if ctrl_id == CTRL_TABLE:
            self.walk_table(ctrl)
        elif ctrl_id in (CTRL_FOOTNOTE, CTRL_ENDNOTE):
            self.walk_paragraphs(ctrl.children, kind="note")
        elif ctrl_id == CTRL_DRAWING:
            self.walk_drawing(ctrl)
        elif ctrl_id in (CTRL_HEADER, CTRL_FOOTER, CTRL_HIDDEN_COMMENT):
            return
        else:
            self.walk_paragraphs(ctrl.children)

    def walk_drawing(self, node: Record) -> None:
        """Text boxes: paragraphs under a drawing object's shape components, at any depth."""
        for child in node.children:
            if child.tag == TAG_PARA_HEADER:
                self.walk_paragraphs([child], kind="textbox")
            elif child.tag != TAG_LIST_HEADER:
                self.walk_drawing(child)

    def walk_table(self, ctrl: Record) -> None:
        seen_table = False
        cells: dict[tuple[int, int], list[str]] = {}
        current: list[str] | None = None
        caption: list[Record] = []
        for child in ctrl.children:
            if child.tag == TAG_TABLE:
                seen_table = True
            elif child.tag == TAG_LIST_HEADER and seen_table and len(child.payload) >= 12:
                col, row = struct.unpack_from("<HH", child.payload, 8)
                current = cells.setdefault((row, col), [])
            elif child.tag == TAG_PARA_HEADER:
                if current is None:
                    caption.append(child)
                    continue
                # A cell's paragraphs, and anything nested in them (tables in cells, notes).
                nested = _Walker(self.heads)
                nested.walk_paragraphs([child])
                current.extend(b.text for b in nested.blocks)
        if any(t for texts in cells.values() for t in texts):
            n_rows = max(r for r, _ in cells) + 1
            n_cols = max(c for _, c in cells) + 1
            rows = [
                ["\n".join(t for t in cells.get((r, c), []) if t) for c in range(n_cols)]
                for r in range(n_rows)
            ]
            self.blocks.append(table_block(rows))
        if caption:
            self.walk_paragraphs(caption, kind="caption")


def _line_positions(para: Record) -> list[int]:
    """Vertical positions of a paragraph's stored line segments (36 bytes each, INT32 at +4)."""
    out: list[int] = []
    for child in para.children:
        if child.tag == TAG_PARA_LINE_SEG:
            data = child.payload
            out.extend(
                struct.unpack_from("<i", data, i + 4)[0] for i in range(0, len(data) - 35, 36)
            )
    return out


def section_blocks(
    stream: bytes, *, pages: PageCounter | None = None, heads: HeadRenderer | None = None
) -> list[Block]:
    """Blocks of one section's record stream, with pages from the stored layout if given."""
    walker = _Walker(heads)
    for para in build_tree(iter_records(stream)):
        start = len(walker.blocks)
        walker.walk_paragraphs([para])
        if pages is not None:
            page = pages.feed(_line_positions(para))
            with_page(walker.blocks, start, page)
    return walker.blocks


def _section_number(name: str) -> int:
    tail = name.rsplit("Section", 1)[-1]
    return int(tail) if tail.isdigit() else 0


def _section_names(ole: olefile.OleFileIO, folder: str) -> list[str]:
    names = ["/".join(entry) for entry in ole.listdir() if len(entry) == 2 and entry[0] == folder]
    return sorted(names, key=_section_number)


def _read_heads(ole: olefile.OleFileIO, *, compressed: bool) -> HeadRenderer:
    """Numbering, bullet and paragraph-shape tables from ``DocInfo``; empty if unreadable
    (the text is still extracted, only without automatic numbers)."""
    renderer = HeadRenderer()
    if not ole.exists("DocInfo"):
        return renderer
    try:
        raw = ole.openstream("DocInfo").read()
        stream = _inflate(raw) if compressed else raw
        for rec in iter_records(stream):
            if rec.tag == TAG_NUMBERING:
                renderer.numberings.append(parse_numbering(rec.payload))
            elif rec.tag == TAG_BULLET:
                renderer.bullets.append(parse_bullet(rec.payload))
            elif rec.tag == TAG_PARA_SHAPE:
                renderer.para_shapes.append(parse_para_shape(rec.payload))
    except (ValueError, struct.error, zlib.error, OSError):
        return HeadRenderer()
    return renderer


def extract_hwp(data: bytes, *, filename: str) -> ExtractedDocument:
    """Blocks of an HWP 5.x document (tables as rows, footnote/endnote bodies, text boxes)."""
    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except OSError as exc:
        raise InputError("policy.corrupt", file=filename, detail=str(exc)[:200]) from None
    with ole:
        if not ole.exists("FileHeader"):
            raise InputError(
                "policy.unsupported_format", file=filename, detail="OLE without HWP FileHeader"
            )
        try:
            header = read_file_header(ole.openstream("FileHeader").read())
        except (ValueError, OSError) as exc:
            raise InputError("policy.corrupt", file=filename, detail=str(exc)) from None
        if header.version[0] != 5:
            raise InputError(
                "policy.hwp_old_version", file=filename, version=".".join(map(str, header.version))
            )
        if header.encrypted:
            raise InputError("policy.encrypted", file=filename)
        if header.drm:
            raise InputError("policy.hwp_drm", file=filename)
        warnings: list[str] = []
        blocks: list[Block] = []
        folder = "ViewText" if header.distribution else "BodyText"
        sections = _section_names(ole, folder)
        if not sections:
            raise InputError("policy.corrupt", file=filename, detail=f"no {folder} sections")
        pages = PageCounter()
        heads = _read_heads(ole, compressed=header.compressed)
        for name in sections:
            pages.new_section()
            raw = ole.openstream(name).read()
            try:
                if header.distribution:
                    stream = decrypt_view_text(raw, compressed=header.compressed)
                else:
                    stream = _inflate(raw) if header.compressed else raw
            except (ValueError, zlib.error) as exc:
                code = "policy.hwp_distribution" if header.distribution else "policy.corrupt"
                raise InputError(code, file=filename, detail=f"{name}: {exc}") from None
            blocks.extend(section_blocks(stream, pages=pages, heads=heads))
        if header.distribution:
            warnings.append("policy.hwp_distribution_decrypted")
    if not pages.has_layout:
        blocks = [dataclasses.replace(b, page=None) for b in blocks]
    return ExtractedDocument(
        filename=filename,
        format="hwp",
        blocks=tuple(blocks),
        page_count=pages.page if pages.has_layout else None,
        warnings=tuple(warnings),
    )
