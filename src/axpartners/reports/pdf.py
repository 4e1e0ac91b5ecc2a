"""PDF briefing pack with reportlab: A4, Korean TrueType embedded (subset), charts as images.

Layout: a cover page (council name, meeting title and date, the data/template legend and the
contents), then one section per :data:`~axpartners.reports.briefing.SECTIONS` entry. Every page
after the cover carries the council name and its page number in the footer. reportlab embeds
a subset of the registered TrueType font with a ToUnicode map, so ``pdftotext`` extracts the
Korean text and ``pdffonts`` reports the font as embedded. reportlab is imported with this
module, which :mod:`axpartners.reports.briefing` imports only when a PDF is asked for.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.fonts import addMapping
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    Image,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from axpartners.i18n.catalog import translate
from axpartners.planning.provenance import Sentence
from axpartners.reports.briefing_calls import calls_pdf
from axpartners.reports.briefing_parts import (
    APPENDIX,
    SECTIONS,
    format_money,
    format_number,
    render_charts,
)
from axpartners.reports.charts import KoreanFont, default_font, fit_box
from axpartners.reports.pack import BriefingPack, ComponentView

# A table row cannot split across pages, so free text in cells is clipped to stay well under
# a page (reportlab raises LayoutError for a row taller than the frame).
CELL_LIMIT = 400


def _clip(text: str, limit: int = CELL_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


MARKER_COLOURS = {"data": "#1f6fb2", "template": "#777777", "llm": "#b07800"}


def _register_font(font: KoreanFont) -> tuple[str, str]:
    """Register the regular and bold faces once; returns their reportlab names."""
    regular, bold = f"Axp-{font.name}", f"Axp-{font.name}-Bold"
    registered = set(pdfmetrics.getRegisteredFontNames())
    if regular not in registered:
        pdfmetrics.registerFont(TTFont(regular, str(font.regular)))
    if bold not in registered:
        pdfmetrics.registerFont(TTFont(bold, str(font.bold)))
    addMapping(regular, 0, 0, regular)
    addMapping(regular, 1, 0, bold)
    addMapping(regular, 0, 1, regular)
    addMapping(regular, 1, 1, bold)
    return regular, bold


class _Styles:
    def __init__(self, regular: str, bold: str) -> None:

        self.body = ParagraphStyle("body", fontName=regular, fontSize=9.5, leading=14)
        self.small = ParagraphStyle("small", parent=self.body, fontSize=7.8, leading=10.5)
        self.cell = ParagraphStyle("cell", parent=self.body, fontSize=8.2, leading=11)
        self.head = ParagraphStyle("head", parent=self.cell, fontName=bold)
        self.h1 = ParagraphStyle("h1", fontName=bold, fontSize=22, leading=30, spaceAfter=10)
        self.h2 = ParagraphStyle(
            "h2",
            fontName=bold,
            fontSize=14,
            leading=20,
            spaceBefore=8,
            spaceAfter=6,
            textColor="#1f4f82",
            keepWithNext=1,
        )
        self.h3 = ParagraphStyle(
            "h3",
            fontName=bold,
            fontSize=11,
            leading=15,
            spaceBefore=4,
            spaceAfter=4,
            keepWithNext=1,
        )
        self.council = ParagraphStyle(
            "council", fontName=bold, fontSize=13, leading=18, textColor="#1f6fb2"
        )
        self.caption = ParagraphStyle(
            "caption", parent=self.small, alignment=1, textColor="#555555"
        )
        self.synthetic = ParagraphStyle(
            "synthetic", parent=self.body, textColor="#c2413b", fontName=bold, keepWithNext=1
        )


def _sentences(
    items: Sequence[Sentence], t: Callable[[str], str], *, limit: int = 2 * CELL_LIMIT
) -> str:
    """Sentences with their source markers, cut after ``limit`` characters of text."""
    parts = []
    used = 0
    for s in items:
        if used >= limit:
            parts.append("…")
            break
        text = _clip(s.text, limit - used)
        used += len(text)
        colour = MARKER_COLOURS.get(s.source.value, "#777777")
        marker = t(f"reports.marker.{s.source.value}")
        parts.append(f'{escape(text)}<font size="6" color="{colour}">[{escape(marker)}]</font>')
    return " ".join(parts)


def _components(items: Sequence[ComponentView], t: Callable[[str], str]) -> str:
    lines = []
    for c in items:
        line = f"{escape(c.label)} <b>{c.points:.1f}</b>"
        if c.is_missing:
            line += f" ({escape(t('planning.component.missing'))})"
        if len(c.parts) > 1:
            inner = " + ".join(f"{escape(p.label)} {p.points:.1f}" for p in c.parts)
            line += f' <font size="6.5" color="#666666">= {inner}</font>'
        lines.append(line)
    return "<br/>".join(lines)


def build_pdf(pack: BriefingPack, *, locale: str = "ko", font: KoreanFont | None = None) -> bytes:
    """Render the whole pack; see the module docstring for the layout."""

    font = font or default_font()
    regular, bold = _register_font(font)
    styles = _Styles(regular, bold)

    def t(code: str, **params: Any) -> str:
        return translate(code, locale, **params)

    drawn = render_charts(pack, fmt="png", font=font)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=18 * mm,
        title=f"{pack.cover.council_name} - {pack.cover.meeting_title}",
        author=pack.cover.host,
        subject=t("reports.title"),
        invariant=1,
        initialFontName=regular,  # else every page references an unembedded Helvetica
    )
    width = doc.width
    story: list[Any] = []

    # cover
    story += [Spacer(1, 45 * mm), Paragraph(escape(pack.cover.council_name), styles.council)]
    story += [Paragraph(escape(pack.cover.meeting_title), styles.h1)]
    meta = f"{escape(t('reports.title'))} · {escape(t('reports.meeting_date'))} {pack.cover.meeting_date.isoformat()}"
    if pack.cover.generated_at:
        meta += f" · {escape(t('reports.generated_at'))} {pack.cover.generated_at:%Y-%m-%d %H:%M}"
    story += [Paragraph(meta, styles.body), Spacer(1, 8 * mm)]
    if pack.notes:
        story += [Paragraph(_sentences(pack.notes, t), styles.body), Spacer(1, 4 * mm)]
    story += [Paragraph(escape(t("reports.legend.explain")), styles.small), Spacer(1, 8 * mm)]
    story += [Paragraph(escape(t("reports.contents")), styles.council)]
    contents = SECTIONS + ((APPENDIX,) if pack.onepagers else ())
    story += [Paragraph(escape(t(f"reports.section.{key}")), styles.body) for key in contents]
    story.append(PageBreak())

    def image(png: bytes | None, caption: str, max_height: float = 95 * mm) -> list[Any]:

        if png is None:
            return []
        w, h = fit_box(png, max_width=width, max_height=max_height)
        return [
            KeepTogether([Image(io.BytesIO(png), w, h), Paragraph(escape(caption), styles.caption)])
        ]

    def table(
        header: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        *,
        has_header: bool = True,
    ) -> Any:

        data = [[Paragraph(escape(h), styles.head) for h in header]] if has_header else []
        data += [[Paragraph(cell, styles.cell) for cell in row] for row in rows]
        total = sum(widths)
        tbl = Table(
            data, colWidths=[width * w / total for w in widths], repeatRows=1 if has_header else 0
        )
        tbl.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), styles.cell.fontName, styles.cell.fontSize),
                    ("GRID", (0, 0), (-1, -1), 0.4, "#bbbbbb"),
                    # header row, or the label column of a header-less (key/value) table
                    ("BACKGROUND", (0, 0), (-1, 0) if has_header else (0, -1), "#eef4fa"),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 3),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ]
            )
        )
        return tbl

    def heading(key: str, synthetic: bool = False) -> list[Any]:
        out: list[Any] = [Paragraph(escape(t(f"reports.section.{key}")), styles.h2)]
        if synthetic:
            out.append(Paragraph(escape(t("reports.synthetic")), styles.synthetic))
        return out

    empty = Paragraph(escape(t("reports.empty")), styles.body)

    # 1. policy
    story += heading("policy")
    if pack.policy_highlights:
        rows = [
            [
                f"<b>{escape(_clip(p.title, 200))}</b>"
                + (f'<br/><font size="7">{escape(_clip(p.summary))}</font>' if p.summary else ""),
                escape(p.source),
                escape(", ".join(p.tags)),
                format_money(p.budget_mkrw),
            ]
            for p in pack.policy_highlights
        ]
        header = [t(f"reports.col.{k}") for k in ("title", "source", "tags", "budget")]
        story.append(table(header, rows, [5, 2, 2.5, 1.3]))
    else:
        story.append(empty)

    # 2. needs
    story += heading("needs")
    if pack.demand_map is not None:
        story.append(
            Paragraph(escape(t("reports.needs_total", count=pack.demand_map.total)), styles.body)
        )
    story += image(drawn.demand, t("reports.chart.demand"))
    if pack.new_needs:
        rows = [
            [
                escape(_clip(n.title, 200)),
                escape(n.company),
                escape(n.industry),
                escape(n.use_case),
                n.submitted_at.isoformat() if n.submitted_at else "",
            ]
            for n in pack.new_needs
        ]
        header = [
            t(f"reports.col.{k}") for k in ("title", "company", "industry", "use_case", "submitted")
        ]
        story.append(table(header, rows, [5, 2, 2, 2.4, 1.6]))
    elif drawn.demand is None:
        story.append(empty)

    # 3. opportunities
    story += heading("opportunities", pack.opportunities_synthetic)
    if pack.opportunities_source:
        story.append(Paragraph(escape(pack.opportunities_source), styles.small))
    story += image(drawn.opportunities, t("reports.chart.opportunities"), 85 * mm)
    if pack.opportunities:
        rows = [
            [
                f"{escape(o.name)} ({escape(o.industry)})",
                format_number(o.rca),
                format_number(o.density),
                format_number(o.pci),
                f"<b>{format_number(o.score, 1)}</b>"
                + (f"<br/>{_components(o.components, t)}" if o.components else ""),
                _sentences(o.reasons, t),
            ]
            for o in pack.opportunities
        ]
        header = [
            t(f"reports.col.{k}") for k in ("industry", "rca", "density", "pci", "score", "reasons")
        ]
        story.append(table(header, rows, [2.6, 1, 1.1, 1, 2.6, 5]))
    else:
        story.append(empty)

    # 4. lead map
    story += heading("leadmap", pack.opportunities_synthetic)
    if pack.opportunities_source:
        story.append(Paragraph(escape(pack.opportunities_source), styles.small))
    story += image(drawn.leadmap, t("reports.chart.leadmap"))
    if pack.lead_fields:
        rows = [
            [
                str(i),
                escape(f.use_case),
                escape(f.industry),
                f"<b>{format_number(f.score, 1)}</b>",
                _components(f.components, t),
                _sentences(f.reasons, t),
            ]
            for i, f in enumerate(pack.lead_fields, start=1)
        ]
        header = ["#"] + [
            t(f"reports.col.{k}")
            for k in ("use_case", "industry", "score", "components", "reasons")
        ]
        story.append(table(header, rows, [0.5, 2, 2, 1, 3.5, 5]))
    else:
        story.append(empty)

    # 5. candidates
    story.append(PageBreak())
    story += heading("candidates")
    story += image(drawn.candidates, t("reports.chart.candidates"))
    if pack.candidates:
        rows = []
        for i, c in enumerate(pack.candidates, start=1):
            title = f"<b>{escape(_clip(c.title, 200))}</b>"
            if c.is_quick_win:
                title += f' <font color="#2f7a44">[{escape(t("reports.quick_win"))}]</font>'
            title += f'<br/><font size="7">{escape(c.use_case)} · {escape(c.industry)}</font>'
            if c.problem:
                title += f'<br/><font size="7">{escape(_clip(c.problem, 300))}</font>'
            rows.append(
                [
                    str(i),
                    title,
                    f"<b>{format_number(c.score, 1)}</b>",
                    _components(c.components, t),
                    format_number(c.months_to_first_result, 0),
                    escape(", ".join(c.consortium)),
                    escape(", ".join(c.policies)),
                ]
            )
        header = ["#"] + [
            t(f"reports.col.{k}")
            for k in ("title", "score", "components", "months", "consortium", "policies")
        ]
        story.append(table(header, rows, [0.5, 3.6, 1, 4.2, 1.1, 2.3, 2.3]))
    else:
        story.append(empty)

    # 6. pipeline
    story += heading("pipeline")
    counts = pack.pipeline_counts()
    story += image(drawn.pipeline, t("reports.chart.pipeline"), 70 * mm)
    story.append(table([s for s, _ in counts], [[str(n) for _, n in counts]], [1] * len(counts)))

    # 7. actions
    story += heading("actions")
    if pack.actions:
        rows = [
            [
                escape(_clip(a.title, 300)),
                escape(a.owner),
                a.due.isoformat() if a.due else "",
                f'<font color="#c2413b"><b>{escape(t("reports.overdue"))}</b></font>'
                if a.is_overdue
                else escape(t("reports.open")),
                escape(a.meeting),
            ]
            for a in pack.actions
        ]
        header = [t(f"reports.col.{k}") for k in ("title", "owner", "due", "status", "meeting")]
        story.append(table(header, rows, [5, 2, 1.6, 1.4, 2.5]))
    else:
        story.append(empty)

    # 8. calls for proposals (issue 19, its own module)
    story += calls_pdf(
        pack.open_calls,
        t=t,
        locale=locale,
        heading=heading,
        table=table,
        paragraph=lambda text: Paragraph(text, styles.body),
    )

    # appendix: one-pagers of the candidates to decide
    for index, onepager in enumerate(pack.onepagers):
        if index == 0:
            story.append(PageBreak())
            story += heading(APPENDIX)
        story.append(Paragraph(escape(onepager.title), styles.h3))
        rows = [
            [f"<b>{escape(section.heading)}</b>", _sentences(section.sentences, t)]
            for section in onepager.sections
        ]
        story.append(table([], rows, [1.4, 8.6], has_header=False))
        story.append(Spacer(1, 5 * mm))

    council = pack.cover.council_name

    def footer(canvas: Any, document: Any) -> None:
        canvas.saveState()
        canvas.setFont(regular, 8)
        canvas.setFillColor("#666666")
        canvas.drawString(document.leftMargin, 10 * mm, council)
        canvas.drawRightString(
            A4[0] - document.rightMargin, 10 * mm, t("reports.page", page=canvas.getPageNumber())
        )
        canvas.restoreState()

    def cover_page(canvas: Any, _document: Any) -> None:
        canvas.saveState()
        canvas.setFillColor("#1f6fb2")
        canvas.rect(0, A4[1] - 18 * mm, A4[0], 18 * mm, stroke=0, fill=1)
        canvas.restoreState()

    doc.build(story, onFirstPage=cover_page, onLaterPages=footer)
    return buffer.getvalue()
