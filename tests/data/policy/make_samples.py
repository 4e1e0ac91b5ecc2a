"""Generate the small policy documents used by tests/unit/policy (run from the repo root).

    .venv/bin/python tests/data/policy/make_samples.py

Every format carries the same invented plan, "2026년 제조 AI 전환(AX) 추진계획" (예시, not a
real government document): a \u2160/1/가/□/○/- outline, a budget table, a ※ note, a footnote
(DOCX/HWPX) and amounts, years and ministries for the tagger. Outputs are committed; the
generator is kept so they can be rebuilt and extended.
"""

from __future__ import annotations

import html
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parent
FONT = Path("/usr/share/fonts/truetype/nanum/NanumGothic.ttf")

TITLE = "2026년 제조 AI 전환(AX) 추진계획"
OUTLINE: list[tuple[int, str]] = [
    (0, "\u2160. 추진 배경"),
    (1, "1. 현황"),
    (3, "□ 부산 제조업은 조선·자동차 부품 중심으로 AI 도입률이 낮음"),
    (4, "○ 중소 제조기업 AI 활용률 5% 미만 (중기부, 2025년)"),
    (1, "2. 정책 방향"),
    (3, "□ 과기정통부·산업부 협업으로 현장 맞춤형 AI 확산"),
    (0, "Ⅱ. 추진 과제"),
    (1, "1. 제조 현장 AI 도입 지원"),
    (2, "가. AI 비전검사 보급"),
    (3, "□ 조선기자재 용접불량 검출에 비전검사 적용, 2026년 120억원 투입"),
    (4, "○ 중소기업 30개사 대상 실증"),
    (5, "- 기업당 최대 2억원 지원"),
    (2, "나. 설비 예지보전"),
    (3, "□ 항만 크레인 예지보전 실증 ('26~'27년, 해수부)"),
    (1, "2. 데이터 기반 구축"),
    (2, "가. 제조 데이터 플랫폼"),
    (3, "□ 총 1조 2,000억원 규모 제조 데이터 인프라 구축 (2026~2030년)"),
    (3, "※ 세부 예산은 국회 심의 결과에 따라 변동 가능"),
    (0, "Ⅲ. 추진 체계"),
]
TABLE = [
    ["과제", "소관 부처", "2026년 예산(억원)"],
    ["AI 비전검사 보급", "중소벤처기업부", "120"],
    ["설비 예지보전", "해양수산부", "45"],
    ["제조 데이터 플랫폼", "과학기술정보통신부", "300"],
]
FOOTNOTE = "AI 활용률은 2025년 제조업 실태조사 기준"


def make_txt() -> None:
    lines = [TITLE, *("  " * lvl + text for lvl, text in OUTLINE)]
    lines += [" | ".join(row) for row in TABLE]
    text = "\n".join(lines) + "\n"
    (OUT / "plan_utf8.txt").write_text(text, encoding="utf-8")
    (OUT / "plan_cp949.txt").write_bytes(text.encode("cp949"))


def make_html() -> None:
    body = [f"<h1>{html.escape(TITLE)}</h1>"]
    for lvl, text in OUTLINE:
        tag = "h2" if lvl == 0 else "p"
        body.append(f"<{tag}>{html.escape(text)}</{tag}>")
    rows = "".join(
        "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in TABLE
    )
    body.append(f"<table>{rows}</table>")
    doc = (
        "<!DOCTYPE html><html lang='ko'><head><meta charset='utf-8'><title>"
        f"{html.escape(TITLE)}</title><style>p {{color: red}}</style>"
        "<script>var hidden = '스크립트는 본문이 아님';</script></head><body>"
        + "\n".join(body)
        + "<script>document.write('광고')</script></body></html>"
    )
    (OUT / "plan.html").write_text(doc, encoding="utf-8")


def make_docx() -> None:
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    document.add_heading(TITLE, level=0)
    # A two-level list numbering "1." / "가." defined in numbering.xml, so the reader must
    # render automatic labels itself.
    numbering = document.part.numbering_part.element
    numbering.append(
        parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
            '<w:lvlText w:val="%1."/></w:lvl>'
            '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="ganada"/>'
            '<w:lvlText w:val="%2."/></w:lvl></w:abstractNum>'
        )
    )
    for num_id in (90, 91):
        numbering.append(
            parse_xml(
                f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="90"/>'
                '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
            )
        )
    num_id = 89
    for lvl, text in OUTLINE:
        if lvl == 0:
            document.add_heading(text, level=1)
            num_id += 1
        elif lvl in (1, 2):
            label_free = text.split(" ", 1)[1]
            para = document.add_paragraph(label_free)
            ppr = para._p.get_or_add_pPr()
            ppr.append(
                parse_xml(
                    f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{lvl - 1}"/><w:numId w:val="{num_id}"/></w:numPr>'
                )
            )
        else:
            document.add_paragraph(text)
    table = document.add_table(rows=len(TABLE), cols=len(TABLE[0]))
    for r, row in enumerate(TABLE):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.core_properties.title = TITLE
    document.save(str(OUT / "plan.docx"))


def _owpml_p(text: str, para_pr: int = 0) -> str:
    return (
        f'<hp:p paraPrIDRef="{para_pr}" styleIDRef="0"><hp:run charPrIDRef="0">'
        f"<hp:t>{html.escape(text)}</hp:t></hp:run></hp:p>"
    )


_LADDER = [("DIGIT", "^1."), ("HANGUL_SYLLABLE", "^2."), ("DIGIT", "^3)"), ("HANGUL_SYLLABLE", "^4)"),
           ("DIGIT", "(^5)"), ("HANGUL_SYLLABLE", "(^6)"), ("CIRCLED_DIGIT", "^7")]  # fmt: skip


def _owpml_header() -> str:
    """Two list numberings with the 1./가. ladder (one per chapter, so numbers restart) and
    paragraph shapes 1-4 that use them (shape 0: no head)."""
    numberings = "".join(
        f'<hh:numbering id="{nid}" start="0">'
        + "".join(
            f'<hh:paraHead start="1" level="{lvl}" numFormat="{fmt}">{text}</hh:paraHead>'
            for lvl, (fmt, text) in enumerate(_LADDER, start=1)
        )
        + "</hh:numbering>"
        for nid in (1, 2)
    )
    shapes = ['<hh:paraPr id="0"><hh:heading type="NONE" idRef="0" level="0"/></hh:paraPr>']
    for pid, (nid, level) in enumerate(((1, 0), (1, 1), (2, 0), (2, 1)), start=1):
        shapes.append(
            f'<hh:paraPr id="{pid}"><hh:heading type="NUMBER" idRef="{nid}" level="{level}"/></hh:paraPr>'
        )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes" ?>'
        '<hh:head xmlns:hh="http://www.hancom.co.kr/hwpml/2011/head" version="1.4" secCnt="1">'
        f'<hh:refList><hh:numberings itemCnt="2">{numberings}</hh:numberings>'
        f'<hh:paraProperties itemCnt="{len(shapes)}">{"".join(shapes)}</hh:paraProperties>'
        "</hh:refList></hh:head>"
    )


def make_hwpx() -> None:
    ns = (
        'xmlns:hp="http://www.hancom.co.kr/hwpml/2011/paragraph" '
        'xmlns:hs="http://www.hancom.co.kr/hwpml/2011/section"'
    )
    paras = [_owpml_p(TITLE)]
    chapter = 0
    for lvl, text in OUTLINE:
        if lvl == 0:
            chapter += 1
        if lvl in (1, 2):
            # "1." and "가." are automatic paragraph heads: the reader must render them.
            para_pr = (chapter - 1) * 2 + lvl
            paras.append(_owpml_p(text.split(" ", 1)[1], para_pr))
        elif text.startswith("○ 중소 제조기업"):
            # a footnote control after the run text
            paras.append(
                '<hp:p paraPrIDRef="0" styleIDRef="0"><hp:run charPrIDRef="0">'
                f'<hp:t>{html.escape(text)}</hp:t><hp:ctrl><hp:footNote number="1">'
                f'<hp:subList id="">{_owpml_p(FOOTNOTE)}</hp:subList></hp:footNote></hp:ctrl>'
                "</hp:run></hp:p>"
            )
        elif lvl >= 0:
            paras.append(_owpml_p(text))
    cells = []
    for r, row in enumerate(TABLE):
        tcs = "".join(
            f'<hp:tc><hp:subList id="">{_owpml_p(v)}</hp:subList>'
            f'<hp:cellAddr colAddr="{c}" rowAddr="{r}"/><hp:cellSpan colSpan="1" rowSpan="1"/></hp:tc>'
            for c, v in enumerate(row)
        )
        cells.append(f"<hp:tr>{tcs}</hp:tr>")
    paras.append(
        '<hp:p paraPrIDRef="0" styleIDRef="0"><hp:run charPrIDRef="0">'
        f'<hp:tbl rowCnt="{len(TABLE)}" colCnt="{len(TABLE[0])}">{"".join(cells)}</hp:tbl>'
        "<hp:t/></hp:run></hp:p>"
    )
    section = f'<?xml version="1.0" encoding="UTF-8" standalone="yes" ?><hs:sec {ns}>{"".join(paras)}</hs:sec>'
    hpf = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes" ?>'
        '<opf:package xmlns:opf="http://www.idpf.org/2007/opf/"><opf:metadata>'
        f"<opf:title>{html.escape(TITLE)}</opf:title><opf:language>ko</opf:language></opf:metadata>"
        '<opf:manifest><opf:item id="header" href="Contents/header.xml" media-type="application/xml"/>'
        '<opf:item id="section0" href="Contents/section0.xml" media-type="application/xml"/>'
        '</opf:manifest><opf:spine><opf:itemref idref="section0" linear="yes"/></opf:spine></opf:package>'
    )
    header = _owpml_header()
    container = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes" ?>'
        '<ocf:container xmlns:ocf="urn:oasis:names:tc:opendocument:xmlns:container"><ocf:rootfiles>'
        '<ocf:rootfile full-path="Contents/content.hpf" media-type="application/hwpml-package+xml"/>'
        "</ocf:rootfiles></ocf:container>"
    )
    version = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes" ?>'
        '<hv:HCFVersion xmlns:hv="http://www.hancom.co.kr/hwpml/2011/version" major="5" minor="1"/>'
    )
    with zipfile.ZipFile(OUT / "plan.hwpx", "w") as zf:
        # OCF rule: "mimetype" first and stored, so the type can be sniffed from offset 38.
        zf.writestr(zipfile.ZipInfo("mimetype", (1980, 1, 1, 0, 0, 0)), "application/hwp+zip")
        for name, text in (
            ("version.xml", version),
            ("META-INF/container.xml", container),
            ("Contents/content.hpf", hpf),
            ("Contents/header.xml", header),
            ("Contents/section0.xml", section),
        ):
            zf.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), text, zipfile.ZIP_DEFLATED)


def make_pdf() -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("NanumGothic", str(FONT)))
    c = canvas.Canvas(str(OUT / "plan.pdf"), pagesize=A4, invariant=1)
    width, height = A4
    page = 1

    def footer() -> None:
        c.setFont("NanumGothic", 9)
        c.drawCentredString(width / 2, 30, f"- {page} -")

    y = height - 60
    c.setFont("NanumGothic", 16)
    c.drawString(50, y, TITLE)
    y -= 40
    for lvl, text in OUTLINE:
        if text.startswith("Ⅱ."):
            footer()
            c.showPage()
            page += 1
            y = height - 60
        c.setFont("NanumGothic", 13 if lvl == 0 else 11)
        c.drawString(50 + 14 * lvl, y, text)
        y -= 24
    y -= 10
    for row in TABLE:
        c.setFont("NanumGothic", 10)
        for col, value in enumerate(row):
            c.drawString(60 + 150 * col, y, value)
        y -= 18
    footer()
    c.showPage()
    page += 1
    # A page with only a drawing and no text layer: the reader must report it for OCR.
    c.rect(100, 400, 300, 200, fill=1)
    c.showPage()
    c.save()


if __name__ == "__main__":
    make_txt()
    make_html()
    make_docx()
    make_hwpx()
    make_pdf()
