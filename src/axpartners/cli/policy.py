"""``axp policy extract FILE -o ITEMS.jsonl`` (SPEC §5): one JSON object per policy item."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from axpartners.cli._common import handle_errors
from axpartners.errors import InputError
from axpartners.i18n.catalog import translate
from axpartners.policy.extract import MAX_DOCUMENT_BYTES, extract_file
from axpartners.policy.pipeline import analyse_extracted, doc_name

policy_app = typer.Typer(
    help="Policy documents: extract, structure and tag (HWP, HWPX, PDF, DOCX, HTML, TXT)."
)


@policy_app.command("extract")
@handle_errors
def extract_command(
    file: Annotated[Path, typer.Argument(help="HWP, HWPX, PDF, DOCX, HTML or TXT document.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Output JSON Lines file.")],
    max_mb: Annotated[
        float, typer.Option("--max-mb", help="Refuse larger files.")
    ] = MAX_DOCUMENT_BYTES / 2**20,
    keywords: Annotated[
        bool, typer.Option("--keywords/--no-keywords", help="Add keyword tags.")
    ] = True,
) -> None:
    """Write one JSON object per item: doc, item_no, title, text, tags (+ path, level, page)."""
    document = extract_file(file, max_bytes=int(max_mb * 2**20))
    analysed = analyse_extracted(document, keywords=keywords)
    if not analysed.items:
        raise InputError("policy.no_items", file=file.name)
    lines = [
        json.dumps(ti.to_record(doc=doc_name(str(file))), ensure_ascii=False)
        for ti in analysed.items
    ]
    try:
        output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    except OSError as exc:
        raise InputError(
            "policy.no_file", file=str(output), detail=exc.strerror or str(exc)
        ) from None
    for code in document.warnings:
        typer.echo(f"note: {translate(code, 'ko')}", err=True)
    if document.pages_without_text:
        pages = ", ".join(map(str, document.pages_without_text))
        typer.echo(f"note: OCR needed on pages {pages}", err=True)
    typer.echo(f"{len(analysed.items)} items → {output}")


def register(app: typer.Typer, eval_app: typer.Typer) -> None:  # noqa: ARG001
    """Add the ``policy`` command group to the root ``axp`` app."""
    app.add_typer(policy_app, name="policy")
