"""``axp calls extract FILE -o CALL.json``: the facts of a call for proposals (공고) as one JSON object."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from axpartners.cli._common import handle_errors
from axpartners.errors import InputError

calls_app = typer.Typer(help="Calls for proposals (공고): extract the facts of a call.")


@calls_app.command("extract")
@handle_errors
def extract_command(
    file: Annotated[Path, typer.Argument(help="공고 as HWP, HWPX, PDF, DOCX, HTML or TXT.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Output JSON file.")],
) -> None:
    """Write one JSON object: title, notice_no, dates, amounts, consortium, evaluation, evidence..."""
    # lazy: the document readers (olefile, pypdf) load only for this command
    from axpartners.calls import extract_call
    from axpartners.policy.extract import extract_file

    document = extract_file(file)
    facts = extract_call(document.text, title_hint=document.title)
    if not facts.evidence:
        raise InputError("calls.no_facts", file=file.name)
    try:
        output.write_text(
            json.dumps(facts.to_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    except OSError as exc:
        raise InputError(
            "policy.no_file", file=str(output), detail=exc.strerror or str(exc)
        ) from None
    found = sum(1 for key, value in facts.to_dict().items() if value not in (None, [], {}))
    typer.echo(f"{facts.title or file.name}: {found} facts → {output}")


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    """Add the ``calls`` command group to the root ``axp`` app."""
    del eval_app
    app.add_typer(calls_app, name="calls")
