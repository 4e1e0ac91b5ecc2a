"""HWPX reader: a zip container of OWPML XML (KS X 6101, "Open Word-Processor Markup Language").

The body is ``Contents/section0.xml``, ``section1.xml`` … (order from the ``spine`` of
``Contents/content.hpf`` when present). A section is a sequence of ``hp:p`` paragraphs whose
``hp:run`` children hold ``hp:t`` text (with ``hp:tab``/``hp:lineBreak`` inside), tables
(``hp:tbl`` → ``hp:tr`` → ``hp:tc`` with ``hp:cellAddr`` and a ``hp:subList`` of paragraphs),
controls (``hp:ctrl`` → ``hp:footNote``/``hp:endNote`` with their own paragraphs; headers and
footers are skipped) and drawing objects whose ``hp:drawText`` holds text-box paragraphs.
XML is parsed with defusedxml (no entity expansion, no external entities); the zip is read
through :class:`~axpartners.policy.extract._zip.SafeZip`.
"""

from __future__ import annotations

import dataclasses
import re
from xml.etree.ElementTree import Element

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from axpartners.errors import InputError
from axpartners.policy.document import Block, BlockKind, ExtractedDocument, table_block
from axpartners.policy.extract._hwp_heads import HeadRenderer, Numbering, ParaShape
from axpartners.policy.extract._layout import PageCounter, with_page
from axpartners.policy.extract._zip import SafeZip, ZipLimits

HWPX_MIMETYPE = b"application/hwp+zip"
_SECTION = re.compile(r"^Contents/section(\d+)\.xml$")
_SKIP_CTRL = {"header", "footer", "pageNum", "fieldBegin", "fieldEnd", "bookmark", "colPr"}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(el: Element, name: str) -> list[Element]:
    return [c for c in el if _local(c.tag) == name]


def _run_text(t: Element) -> str:
    parts = [t.text or ""]
    for child in t:
        name = _local(child.tag)
        if name == "tab":
            parts.append("\t")
        elif name == "lineBreak":
            parts.append("\n")
        elif name in ("nbSpace", "fwSpace"):
            parts.append(" ")
        elif name == "hyphen":
            parts.append("-")
        parts.append(child.tail or "")
    return "".join(parts)


_NUMBER_TYPES = (
    "DIGIT", "CIRCLED_DIGIT", "ROMAN_CAPITAL", "ROMAN_SMALL", "LATIN_CAPITAL", "LATIN_SMALL",
    "CIRCLED_LATIN_CAPITAL", "CIRCLED_LATIN_SMALL", "HANGUL_SYLLABLE", "CIRCLED_HANGUL_SYLLABLE",
    "HANGUL_JAMO", "CIRCLED_HANGUL_JAMO", "HANGUL_PHONETIC", "IDEOGRAPH", "CIRCLED_IDEOGRAPH",
)  # fmt: skip
"""OWPML ``NumberType1`` names, in the order of the HWP 5 number shapes (표 41)."""
_HEADING_TYPES = {"NONE": 0, "OUTLINE": 1, "NUMBER": 2, "BULLET": 3}


def _int(value: str | None, default: int = 0) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def read_heads(header: Element | None) -> HeadRenderer:
    """Automatic paragraph heads from ``Contents/header.xml``: ``hh:numbering``/``hh:paraHead``
    (``numFormat``, ``start``, the ``^1.`` text), ``hh:bullet@char`` and each ``hh:paraPr``'s
    ``hh:heading`` (type, idRef, level), rendered like HWP 5 heads."""
    renderer = HeadRenderer()
    if header is None:
        return renderer
    numberings: dict[int, Numbering] = {}
    bullets: dict[int, str] = {}
    shapes: dict[int, ParaShape] = {}
    for el in header.iter():
        name = _local(el.tag)
        if name == "numbering":
            heads = sorted(
                (h for h in el if _local(h.tag) == "paraHead"),
                key=lambda h: _int(h.get("level"), 1),
            )[:7]
            fmts = [h.text or "" for h in heads] + [""] * (7 - len(heads))
            kinds = [_number_type(h.get("numFormat")) for h in heads] + [0] * (7 - len(heads))
            starts = [_int(h.get("start"), 1) or 1 for h in heads] + [1] * (7 - len(heads))
            numberings[_int(el.get("id"))] = Numbering(tuple(kinds), tuple(fmts), tuple(starts))
        elif name == "bullet":
            bullets[_int(el.get("id"))] = el.get("char") or "•"
        elif name == "paraPr":
            heading = next((c for c in el.iter() if _local(c.tag) == "heading"), None)
            if heading is not None:
                shapes[_int(el.get("id"))] = ParaShape(
                    head=_HEADING_TYPES.get(heading.get("type", "NONE"), 0),
                    level=_int(heading.get("level")),
                    ref=_int(heading.get("idRef")),
                )
    renderer.numberings = [
        numberings.get(i, Numbering((0,) * 7, ("",) * 7, (1,) * 7))
        for i in range(1, max(numberings, default=0) + 1)
    ]
    renderer.bullets = [bullets.get(i, "•") for i in range(1, max(bullets, default=0) + 1)]
    renderer.para_shapes = [
        shapes.get(i, ParaShape(0, 0, 0)) for i in range(max(shapes, default=-1) + 1)
    ]
    return renderer


def _number_type(name: str | None) -> int:
    return _NUMBER_TYPES.index(name) if name in _NUMBER_TYPES else 0


def _switch_branch(switch: Element) -> list[Element]:
    """``hp:switch`` holds the same content for several readers (``hp:case`` per required
    namespace, ``hp:default``); read one branch, the first, so nothing is doubled."""
    branch = next((c for c in switch if _local(c.tag) in ("case", "default")), None)
    return [] if branch is None else list(branch)


class _Walker:
    def __init__(self, heads: HeadRenderer | None = None) -> None:
        self.blocks: list[Block] = []
        self.heads = heads or HeadRenderer()

    def paragraphs(self, container: Element, *, kind: BlockKind = "paragraph") -> None:
        for p in _children(container, "p"):
            self.paragraph(p, kind=kind)

    def paragraph(self, p: Element, *, kind: BlockKind) -> None:
        text: list[str] = []
        nested: list[Element] = []
        for run in _children(p, "run"):
            for child in run:
                name = _local(child.tag)
                if name == "t":
                    text.append(_run_text(child))
                elif name not in ("secPr",):
                    nested.append(child)
        joined = "".join(text).strip()
        for run in _children(p, "run"):
            for sec in _children(run, "secPr"):
                self.heads.outline_id = _int(sec.get("outlineShapeIDRef"), self.heads.outline_id)
        head = self.heads.head(_int(p.get("paraPrIDRef"), -1))
        if joined:
            self.blocks.append(Block(kind=kind, text=f"{head} {joined}" if head else joined))
        for el in nested:
            self.control(el)

    def control(self, el: Element) -> None:
        name = _local(el.tag)
        if name == "switch":
            for child in _switch_branch(el):
                self.control(child)
        elif name == "tbl":
            self.table(el)
        elif name == "ctrl":
            for child in el:
                cname = _local(child.tag)
                if cname in ("footNote", "endNote"):
                    for sub in _children(child, "subList"):
                        self.paragraphs(sub, kind="note")
                elif cname not in _SKIP_CTRL:
                    self.drawn_text(child)
        else:
            self.drawn_text(el)

    def drawn_text(self, el: Element) -> None:
        """Text boxes (``drawText``) and captions anywhere inside a drawing object."""
        for child in el:
            name = _local(child.tag)
            if name == "drawText":
                for sub in _children(child, "subList"):
                    self.paragraphs(sub, kind="textbox")
            elif name == "caption":
                for sub in _children(child, "subList"):
                    self.paragraphs(sub, kind="caption")
            elif name == "switch":
                for branch_child in _switch_branch(child):
                    self.drawn_text(branch_child)
            elif name not in ("shapeComment",):
                self.drawn_text(child)

    def table(self, tbl: Element) -> None:
        cells: dict[tuple[int, int], str] = {}
        for r_index, tr in enumerate(_children(tbl, "tr")):
            for c_index, tc in enumerate(_children(tr, "tc")):
                row, col = r_index, c_index
                for addr in _children(tc, "cellAddr"):
                    row = int(addr.get("rowAddr", row))
                    col = int(addr.get("colAddr", col))
                inner = _Walker(self.heads)
                for sub in _children(tc, "subList"):
                    inner.paragraphs(sub)
                cells[(row, col)] = "\n".join(b.text for b in inner.blocks)
        if any(cells.values()):
            n_rows = max(r for r, _ in cells) + 1
            n_cols = max(c for _, c in cells) + 1
            self.blocks.append(
                table_block([[cells.get((r, c), "") for c in range(n_cols)] for r in range(n_rows)])
            )
        for cap in _children(tbl, "caption"):
            for sub in _children(cap, "subList"):
                self.paragraphs(sub, kind="caption")


def _section_order(archive: SafeZip) -> list[str]:
    sections = [n for n in archive.names() if _SECTION.match(n)]
    return sorted(sections, key=lambda n: int(_SECTION.match(n).group(1)))  # type: ignore[union-attr]


def _parse_xml(raw: bytes, *, filename: str) -> Element:
    try:
        root: Element = ElementTree.fromstring(raw)
    except (ElementTree.ParseError, DefusedXmlException) as exc:
        raise InputError("policy.corrupt", file=filename, detail=str(exc)[:200]) from None
    return root


def is_hwpx(archive: SafeZip) -> bool:
    if archive.has("mimetype") and archive.read("mimetype").strip() == HWPX_MIMETYPE:
        return True
    return bool(_section_order(archive))


def extract_hwpx(
    data: bytes, *, filename: str, limits: ZipLimits | None = None
) -> ExtractedDocument:
    """Blocks of an HWPX document: paragraphs, tables as rows, foot/endnotes, text boxes."""
    archive = SafeZip(data, filename=filename, limits=limits)
    sections = _section_order(archive)
    if not sections:
        raise InputError("policy.corrupt", file=filename, detail="no Contents/section*.xml")
    header = (
        _parse_xml(archive.read("Contents/header.xml"), filename=filename)
        if archive.has("Contents/header.xml")
        else None
    )
    walker = _Walker(read_heads(header))
    pages = PageCounter()
    for name in sections:
        pages.new_section()
        for p in _children(_parse_xml(archive.read(name), filename=filename), "p"):
            start = len(walker.blocks)
            walker.paragraph(p, kind="paragraph")
            positions = [
                int(seg.get("vertpos", "0"))
                for arr in _children(p, "linesegarray")
                for seg in _children(arr, "lineseg")
            ]
            with_page(walker.blocks, start, pages.feed(positions))
    blocks = walker.blocks
    if not pages.has_layout:
        blocks = [dataclasses.replace(b, page=None) for b in blocks]
    return ExtractedDocument(
        filename=filename,
        format="hwpx",
        blocks=tuple(blocks),
        page_count=pages.page if pages.has_layout else None,
    )
