"""Render a :class:`~axpartners.reports.pack.BriefingPack` as self-contained HTML or as PDF.

HTML: one Jinja2 template (``templates/briefing.html``) with inline CSS and charts embedded as
``data:image/svg+xml;base64`` URIs, so the file opens offline and refers to no other resource
(not even a favicon). Served by the app, the ``<style>`` carries the response's CSP nonce.
PDF: see :mod:`axpartners.reports.pdf` (reportlab, Korean TTF embedded).
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from axpartners.errors import InputError
from axpartners.i18n.catalog import translate
from axpartners.reports.briefing_calls import calls_html
from axpartners.reports.briefing_parts import (
    APPENDIX,
    SECTIONS,
    format_money,
    format_number,
    render_charts,
)
from axpartners.reports.charts import KoreanFont
from axpartners.reports.pack import BriefingPack


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("axpartners.reports", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
    )
    return env


def _data_uri(svg: bytes | None) -> str | None:
    if svg is None:
        return None
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def render_briefing_html(
    pack: BriefingPack,
    *,
    locale: str = "ko",
    font: KoreanFont | None = None,
    style_nonce: str | None = None,
) -> str:
    """The pack as one self-contained HTML document (UTF-8 text); ``style_nonce`` goes on its
    ``<style>`` tag when a response's CSP admits inline styles by nonce."""
    drawn = render_charts(pack, fmt="svg", font=font)
    t: Callable[..., str] = lambda code, **params: translate(code, locale, **params)  # noqa: E731
    context: dict[str, Any] = {
        "pack": pack,
        "locale": locale,
        "style_nonce": style_nonce,
        "t": t,
        "fmt": format_number,
        "fmt_money": lambda value: format_money(value, locale),
        "sections": SECTIONS + ((APPENDIX,) if pack.onepagers else ()),
        "pipeline": pack.pipeline_counts(),
        "calls_section": calls_html(pack.open_calls, t=t, locale=locale),
        "charts": {
            "demand": _data_uri(drawn.demand),
            "opportunities": _data_uri(drawn.opportunities),
            "leadmap": _data_uri(drawn.leadmap),
            "candidates": _data_uri(drawn.candidates),
            "pipeline": _data_uri(drawn.pipeline),
        },
    }
    return _environment().get_template("briefing.html").render(context)


def render_briefing_pdf(
    pack: BriefingPack, *, locale: str = "ko", font: KoreanFont | None = None
) -> bytes:
    """The pack as a PDF (A4, Korean font embedded, charts as images, page numbers)."""
    # lazy: reportlab takes ~0.9 s to import; only a PDF briefing needs it
    from axpartners.reports.pdf import build_pdf

    return build_pdf(pack, locale=locale, font=font)


def render_briefing_file(
    pack: BriefingPack,
    *,
    filename: str,
    locale: str = "ko",
    font: KoreanFont | None = None,
    style_nonce: str | None = None,
) -> bytes:
    """PDF or UTF-8 HTML bytes chosen by the file name's suffix (``.pdf``, ``.html``/``.htm``).

    Raises ``InputError("reports.bad_output")`` for any other suffix.
    """
    suffix = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if suffix == "pdf":
        return render_briefing_pdf(pack, locale=locale, font=font)
    if suffix in {"html", "htm"}:
        html = render_briefing_html(pack, locale=locale, font=font, style_nonce=style_nonce)
        return html.encode("utf-8")
    raise InputError("reports.bad_output", file=filename)
