"""The proposal draft as HWPX (OWPML, KS X 6101 — the format Korean public bodies edit) and DOCX.

The HWPX package is written here directly (no third-party writer): ``mimetype`` stored first
and uncompressed, ``version.xml``, ``META-INF/container.xml`` and ``manifest.xml``,
``Contents/content.hpf`` (the spine), ``Contents/header.xml`` (one font, a body and a bold
heading character shape, paragraph shapes and styles) and ``Contents/section0.xml`` with one
``hp:p`` per heading and paragraph. Headings use the outline paragraph shapes so a reader shows
them as the document's structure.
"""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

from axpartners.calls.proposal import TODO, DraftSection

__all__ = ["draft_docx", "draft_hwpx"]

_NS = (
    'xmlns:ha="http://www.hancom.co.kr/hwpml/2011/app" '
    'xmlns:hp="http://www.hancom.co.kr/hwpml/2011/paragraph" '
    'xmlns:hs="http://www.hancom.co.kr/hwpml/2011/section" '
    'xmlns:hc="http://www.hancom.co.kr/hwpml/2011/core" '
    'xmlns:hh="http://www.hancom.co.kr/hwpml/2011/head" '
    'xmlns:hpf="http://www.hancom.co.kr/schema/2011/hpf" '
    'xmlns:opf="http://www.idpf.org/2007/opf/"'
)
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'

_CONTAINER = (
    f'{_XML}<ocf:container xmlns:ocf="urn:oasis:names:tc:opendocument:xmlns:container" '
    'xmlns:hpf="http://www.hancom.co.kr/schema/2011/hpf"><ocf:rootfiles>'
    '<ocf:rootfile full-path="Contents/content.hpf" media-type="application/hwpml-package+xml"/>'
    "</ocf:rootfiles></ocf:container>"
)
_MANIFEST = f'{_XML}<odf:manifest xmlns:odf="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>'
_VERSION = (
    f'{_XML}<hv:HCFVersion xmlns:hv="http://www.hancom.co.kr/hwpml/2011/version" '
    'tagetApplication="WORDPROCESSOR" major="5" minor="1" micro="0" buildNumber="1" '
    'os="1" xmlVersion="1.4" application="AX Partners" appVersion="1"/>'
)


def _content_hpf(title: str) -> str:
    return (
        f'{_XML}<opf:package {_NS} version="" unique-identifier="" id="">'
        f"<opf:metadata><opf:title>{escape(title)}</opf:title><opf:language>ko</opf:language></opf:metadata>"
        '<opf:manifest><opf:item id="header" href="Contents/header.xml" media-type="application/xml"/>'
        '<opf:item id="section0" href="Contents/section0.xml" media-type="application/xml"/></opf:manifest>'
        '<opf:spine><opf:itemref idref="header" linear="yes"/><opf:itemref idref="section0" linear="yes"/>'
        "</opf:spine></opf:package>"
    )


def _char_pr(pid: int, height: int, bold: bool, color: str = "#000000") -> str:
    b = "<hh:bold/>" if bold else ""
    return (
        f'<hh:charPr id="{pid}" height="{height}" textColor="{color}" shadeColor="none" '
        'useFontSpace="0" useKerning="0" symMark="NONE" borderFillIDRef="1">'
        '<hh:fontRef hangul="0" latin="0" hanja="0" japanese="0" other="0" symbol="0" user="0"/>'
        '<hh:ratio hangul="100" latin="100" hanja="100" japanese="100" other="100" symbol="100" user="100"/>'
        '<hh:spacing hangul="0" latin="0" hanja="0" japanese="0" other="0" symbol="0" user="0"/>'
        '<hh:relSz hangul="100" latin="100" hanja="100" japanese="100" other="100" symbol="100" user="100"/>'
        '<hh:offset hangul="0" latin="0" hanja="0" japanese="0" other="0" symbol="0" user="0"/>'
        f"{b}</hh:charPr>"
    )


def _para_pr(pid: int, level: int | None) -> str:
    heading = (
        f'<hh:heading type="OUTLINE" idRef="0" level="{level}"/>'
        if level is not None
        else '<hh:heading type="NONE" idRef="0" level="0"/>'
    )
    return (
        f'<hh:paraPr id="{pid}" tabPrIDRef="0" condense="0">'
        '<hh:align horizontal="JUSTIFY" vertical="BASELINE"/>'
        f"{heading}"
        '<hh:margin><hc:intent value="0" unit="HWPUNIT"/><hc:left value="0" unit="HWPUNIT"/>'
        '<hc:right value="0" unit="HWPUNIT"/><hc:prev value="0" unit="HWPUNIT"/>'
        '<hc:next value="600" unit="HWPUNIT"/></hh:margin>'
        '<hh:lineSpacing type="PERCENT" value="160" unit="HWPUNIT"/></hh:paraPr>'
    )


def _header() -> str:
    fonts = "".join(
        f'<hh:fontface lang="{lang}" fontCnt="1"><hh:font id="0" face="함초롬바탕" type="TTF" isEmbedded="0"/></hh:fontface>'
        for lang in ("HANGUL", "LATIN", "HANJA", "JAPANESE", "OTHER", "SYMBOL", "USER")
    )
    chars = (
        _char_pr(0, 1000, False)
        + _char_pr(1, 1400, True)
        + _char_pr(2, 1200, True)
        + _char_pr(3, 1000, True, "#C00000")
    )
    paras = _para_pr(0, None) + _para_pr(1, 0) + _para_pr(2, 1)
    styles = (
        '<hh:style id="0" type="PARA" name="바탕글" engName="Normal" paraPrIDRef="0" charPrIDRef="0" nextStyleIDRef="0" langID="1042" lockForm="0"/>'
        '<hh:style id="1" type="PARA" name="개요 1" engName="Outline 1" paraPrIDRef="1" charPrIDRef="1" nextStyleIDRef="0" langID="1042" lockForm="0"/>'
        '<hh:style id="2" type="PARA" name="개요 2" engName="Outline 2" paraPrIDRef="2" charPrIDRef="2" nextStyleIDRef="0" langID="1042" lockForm="0"/>'
    )
    return (
        f'{_XML}<hh:head {_NS} version="1.4" secCnt="1">'
        '<hh:beginNum page="1" footnote="1" endnote="1" pic="1" tbl="1" equation="1"/>'
        f'<hh:refList><hh:fontfaces itemCnt="7">{fonts}</hh:fontfaces>'
        '<hh:borderFills itemCnt="1"><hh:borderFill id="1" threeD="0" shadow="0" centerLine="NONE" breakCellSeparateLine="0">'
        '<hh:slash type="NONE" Crooked="0" isCounter="0"/><hh:backSlash type="NONE" Crooked="0" isCounter="0"/>'
        '<hh:leftBorder type="NONE" width="0.1 mm" color="#000000"/><hh:rightBorder type="NONE" width="0.1 mm" color="#000000"/>'
        '<hh:topBorder type="NONE" width="0.1 mm" color="#000000"/><hh:bottomBorder type="NONE" width="0.1 mm" color="#000000"/>'
        "</hh:borderFill></hh:borderFills>"
        f'<hh:charProperties itemCnt="4">{chars}</hh:charProperties>'
        '<hh:tabProperties itemCnt="1"><hh:tabPr id="0" autoTabLeft="0" autoTabRight="0"/></hh:tabProperties>'
        f'<hh:paraProperties itemCnt="3">{paras}</hh:paraProperties>'
        f'<hh:styles itemCnt="3">{styles}</hh:styles>'
        "</hh:refList></hh:head>"
    )


_SEC_PR = (
    '<hp:secPr id="" textDirection="HORIZONTAL" spaceColumns="1134" tabStop="8000" outlineShapeIDRef="1" '
    'memoShapeIDRef="0" textVerticalWidthHead="0" masterPageCnt="0">'
    '<hp:pagePr landscape="WIDELY" width="59528" height="84186" gutterType="LEFT_ONLY">'
    '<hp:margin header="4252" footer="4252" gutter="0" left="8504" right="8504" top="5668" bottom="4252"/>'
    "</hp:pagePr></hp:secPr>"
)


def _p(pid: int, text: str, *, style: int, para: int, char: int, first: bool = False) -> str:
    sec = f'<hp:run charPrIDRef="{char}">{_SEC_PR}</hp:run>' if first else ""
    return (
        f'<hp:p id="{pid}" paraPrIDRef="{para}" styleIDRef="{style}" pageBreak="0" columnBreak="0" merged="0">'
        f'{sec}<hp:run charPrIDRef="{char}"><hp:t>{escape(text)}</hp:t></hp:run></hp:p>'
    )


def draft_hwpx(sections: list[DraftSection], *, title: str) -> bytes:
    """The draft as an HWPX package (bytes)."""
    paras = [_p(0, title, style=1, para=1, char=1, first=True)]
    for section in sections:
        level = 1 if section.level == 1 else 2
        paras.append(_p(len(paras), section.heading, style=level, para=level, char=level))
        for text in section.paragraphs:
            char = 3 if text.startswith(TODO) else 0
            paras.append(_p(len(paras), text, style=0, para=0, char=char))
    body = f"{_XML}<hs:sec {_NS}>{''.join(paras)}</hs:sec>"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/hwp+zip", zipfile.ZIP_STORED)
        for name, xml in (
            ("version.xml", _VERSION),
            ("META-INF/container.xml", _CONTAINER),
            ("META-INF/manifest.xml", _MANIFEST),
            ("Contents/content.hpf", _content_hpf(title)),
            ("Contents/header.xml", _header()),
            ("Contents/section0.xml", body),
        ):
            archive.writestr(name, xml, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def draft_docx(sections: list[DraftSection], *, title: str) -> bytes:
    """The draft as DOCX: Word headings 1–2 for the form's chapters and sections."""
    # lazy: python-docx (lxml) is only needed when a DOCX is exported
    from docx import Document
    from docx.shared import RGBColor  # lazy: python-docx, as above

    document = Document()
    document.add_heading(title, level=0)
    for section in sections:
        document.add_heading(section.heading, level=1 if section.level == 1 else 2)
        for text in section.paragraphs:
            run = document.add_paragraph().add_run(text)
            if text.startswith(TODO):
                run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
