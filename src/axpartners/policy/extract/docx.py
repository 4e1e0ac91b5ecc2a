"""DOCX reader: WordprocessingML (ECMA-376 Part 1) read directly from the zip.

``word/document.xml`` gives body paragraphs (``w:p`` → ``w:r`` → ``w:t``/``w:tab``/``w:br``)
and tables (``w:tbl`` → ``w:tr`` → ``w:tc``) in order. Automatic numbering is rendered from
``word/numbering.xml`` (``w:num`` → ``w:abstractNum`` → ``w:lvl`` with ``w:numFmt`` and
``w:lvlText`` such as ``"%1."``), so "1.", "가.", "①" list labels survive as text; heading
levels come from the paragraph style (``Heading n`` / ``제목 n`` or an ``w:outlineLvl``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from axpartners.errors import InputError
from axpartners.policy.document import Block, BlockKind, ExtractedDocument, table_block
from axpartners.policy.extract._zip import SafeZip, ZipLimits

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_GANADA = "가나다라마바사아자차카타파하"
_CHOSUNG = "ㄱㄴㄷㄹㅁㅂㅅㅇㅈㅊㅋㅌㅍㅎ"
_HEADING_STYLE = re.compile(r"^(?:heading|제목)\s*(\d)$", re.IGNORECASE)


def _roman(n: int) -> str:
    pairs = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
             (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))  # fmt: skip
    out = []
    for value, sym in pairs:
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def format_number(n: int, fmt: str) -> str:
    """Render counter ``n`` in an OOXML ``ST_NumberFormat``."""
    if fmt in ("ganada", "koreanDigital") and 1 <= n <= len(_GANADA):
        return _GANADA[n - 1]
    if fmt == "chosung" and 1 <= n <= len(_CHOSUNG):
        return _CHOSUNG[n - 1]
    if fmt == "decimalEnclosedCircle" and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt in ("upperLetter", "lowerLetter") and 1 <= n <= 26:
        letter = chr(ord("A") + n - 1)
        return letter if fmt == "upperLetter" else letter.lower()
    return str(n)


@dataclass(slots=True)
class _Numbering:
    """Level formats per ``numId`` and the running counters."""

    levels: dict[str, dict[int, tuple[str, str, int]]] = field(default_factory=dict)
    counters: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def parse(cls, root: Element | None) -> _Numbering:
        out = cls()
        if root is None:
            return out
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for absn in root.iter(f"{W}abstractNum"):
            lvls: dict[int, tuple[str, str, int]] = {}
            for lvl in absn.iter(f"{W}lvl"):
                ilvl = int(lvl.get(f"{W}ilvl", "0"))
                fmt = _val(lvl.find(f"{W}numFmt")) or "decimal"
                text = _val(lvl.find(f"{W}lvlText")) or ""
                start = int(_val(lvl.find(f"{W}start")) or "1")
                lvls[ilvl] = (fmt, text, start)
            abstract[absn.get(f"{W}abstractNumId", "")] = lvls
        for num in root.iter(f"{W}num"):
            ref = _val(num.find(f"{W}abstractNumId"))
            out.levels[num.get(f"{W}numId", "")] = abstract.get(ref or "", {})
        return out

    def label(self, num_id: str, ilvl: int) -> str:
        lvls = self.levels.get(num_id)
        if not lvls or ilvl not in lvls:
            return ""
        counters = self.counters.setdefault(num_id, [0] * 10)
        counters[ilvl] += 1
        for deeper in range(ilvl + 1, len(counters)):
            counters[deeper] = 0
        fmt, text, _ = lvls[ilvl]
        if fmt == "bullet":
            return text if text.isprintable() and text.strip() and ord(text[0]) < 0xE000 else "-"

        def repl(m: re.Match[str]) -> str:
            level = int(m.group(1)) - 1
            lfmt, _, start = lvls.get(level, ("decimal", "", 1))
            return format_number(start - 1 + max(counters[level], 1), lfmt)

        return re.sub(r"%(\d)", repl, text)


def _val(el: Element | None) -> str | None:
    return None if el is None else el.get(f"{W}val")


def _para_text(p: Element) -> str:
    """Run text of a paragraph; a text box inside it (``w:txbxContent``) follows on a new line.

    Drawings carry their text box twice, as DrawingML (``mc:Choice``) and as a VML fallback
    (``mc:Fallback``); only the first is read. Deleted text (``w:delText``) is not ``w:t``.
    """
    parts: list[str] = []

    def walk(el: Element) -> None:
        for child in el:
            tag = child.tag
            if tag == _MC_FALLBACK:
                continue
            if tag == f"{W}t":
                parts.append(child.text or "")
            elif tag == f"{W}tab":
                parts.append("\t")
            elif tag in (f"{W}br", f"{W}cr"):
                parts.append("\n")
            elif tag == f"{W}txbxContent":
                for inner in child.iter(f"{W}p"):
                    parts.append("\n" + _para_text(inner))
                continue
            walk(child)

    walk(p)
    return "".join(parts)


def _parse(archive: SafeZip, name: str) -> Element | None:
    if not archive.has(name):
        return None
    try:
        root: Element = ElementTree.fromstring(archive.read(name))
    except (ElementTree.ParseError, DefusedXmlException) as exc:
        raise InputError("policy.corrupt", file=archive.filename, detail=str(exc)[:200]) from None
    return root


@dataclass(frozen=True, slots=True)
class _Style:
    heading: int | None
    num_id: str | None
    ilvl: int


def _styles(styles: Element | None) -> dict[str, _Style]:
    """styleId → heading level (from the name or outline level) and list numbering."""
    out: dict[str, _Style] = {}
    if styles is None:
        return out
    for style in styles.iter(f"{W}style"):
        sid = style.get(f"{W}styleId", "")
        name = _val(style.find(f"{W}name")) or ""
        m = _HEADING_STYLE.match(name.strip()) or _HEADING_STYLE.match(sid)
        outline = style.find(f"{W}pPr/{W}outlineLvl")
        heading = int(m.group(1)) if m else None
        if heading is None and outline is not None:
            heading = int(_val(outline) or "0") + 1
        num = style.find(f"{W}pPr/{W}numPr")
        num_id = None if num is None else _val(num.find(f"{W}numId"))
        ilvl = 0 if num is None else int(_val(num.find(f"{W}ilvl")) or "0")
        out[sid] = _Style(heading, num_id, ilvl)
    return out


class _Body:
    def __init__(self, numbering: _Numbering, styles: dict[str, _Style]) -> None:
        self.numbering = numbering
        self.styles = styles
        self.blocks: list[Block] = []

    def paragraph(self, p: Element) -> str:
        text = _para_text(p).strip()
        ppr = p.find(f"{W}pPr")
        level: int | None = None
        label = ""
        if ppr is not None:
            style = self.styles.get(_val(ppr.find(f"{W}pStyle")) or "")
            level = style.heading if style else None
            num_id, ilvl = (style.num_id, style.ilvl) if style else (None, 0)
            num = ppr.find(f"{W}numPr")
            if num is not None:
                num_id = _val(num.find(f"{W}numId")) or num_id
                ilvl = int(_val(num.find(f"{W}ilvl")) or ilvl)
            if num_id and num_id != "0" and text:
                label = self.numbering.label(num_id, ilvl)
        if label:
            text = f"{label} {text}"
        if text:
            kind: BlockKind = "heading" if level else "paragraph"
            self.blocks.append(Block(kind=kind, text=text, level=level))
        return text

    def table(self, tbl: Element) -> None:
        rows: list[list[str]] = []
        for tr in tbl.findall(f"{W}tr"):
            row = []
            for tc in tr.findall(f"{W}tc"):
                texts = [_para_text(p).strip() for p in tc.iter(f"{W}p")]
                row.append("\n".join(t for t in texts if t))
            rows.append(row)
        block = table_block(rows)
        if block.rows:
            self.blocks.append(block)

    def walk(self, body: Element) -> None:
        for el in body:
            if el.tag == f"{W}p":
                self.paragraph(el)
            elif el.tag == f"{W}tbl":
                self.table(el)
            elif el.tag == f"{W}sdt":
                content = el.find(f"{W}sdtContent")
                if content is not None:
                    self.walk(content)


def extract_docx(
    data: bytes, *, filename: str, limits: ZipLimits | None = None
) -> ExtractedDocument:
    """Paragraphs (with rendered list labels and heading levels) and tables, in body order."""
    archive = SafeZip(data, filename=filename, limits=limits)
    document = _parse(archive, "word/document.xml")
    body = None if document is None else document.find(f"{W}body")
    if body is None:
        raise InputError("policy.corrupt", file=filename, detail="no word/document.xml body")
    walker = _Body(
        _Numbering.parse(_parse(archive, "word/numbering.xml")),
        _styles(_parse(archive, "word/styles.xml")),
    )
    walker.walk(body)
    for kind in ("footnotes", "endnotes"):
        notes = _parse(archive, f"word/{kind}.xml")
        if notes is None:
            continue
        for note in notes:
            if note.get(f"{W}type") in ("separator", "continuationSeparator"):
                continue
            text = " ".join(t for t in (_para_text(p).strip() for p in note.iter(f"{W}p")) if t)
            if text:
                walker.blocks.append(Block(kind="note", text=text))
    return ExtractedDocument(filename=filename, format="docx", blocks=tuple(walker.blocks))
