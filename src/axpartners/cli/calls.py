"""``axp calls extract FILE -o CALL.json``: the facts of a call for proposals (공고) as one JSON object."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from axpartners.cli._common import handle_errors, new_app, settings
from axpartners.errors import InputError

calls_app = new_app(
    help="Calls for proposals (공고): extract the facts of a call, import it, draft a proposal."
)


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


@calls_app.command("import")
@handle_errors
def import_command(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="공고 as HWP, HWPX, PDF, DOCX, HTML or TXT.")],
) -> None:
    """Store a call in the database (deadline board, fit, team, draft); the same file twice is
    reported, not an error. Nothing is written on error (exit 2)."""
    from axpartners.db.session import make_engine, make_session_factory, transaction
    from axpartners.errors import Conflict
    from axpartners.services import calls as service
    from axpartners.services.actors import SYSTEM

    factory = make_session_factory(make_engine(settings(ctx).database_url))
    with transaction(factory) as session:
        try:
            call = service.import_call_file(session, actor=SYSTEM, path=file)
        except Conflict as err:
            typer.echo(f"{file.name}: already imported as call {err.params['call_id']}")
            return
        deadline = call.facts.get("apply_deadline_at") or call.facts.get("apply_deadline") or "-"
        typer.echo(f"{file.name}: call {call.id} '{call.title}', deadline {deadline}")


@calls_app.command("draft")
@handle_errors
def draft_command(
    call_json: Annotated[Path, typer.Argument(help="CALL.json written by `axp calls extract`.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Draft file: .hwpx or .docx.")],
    company: Annotated[str, typer.Option("--company", help="The adopting company (도입기업).")],
    need: Annotated[str, typer.Option("--need", help="The need / project title.")],
    partner: Annotated[
        list[str] | None,
        typer.Option("--partner", help="NAME=ROLE, e.g. ㈜센텀AI=공급기업 (repeat)."),
    ] = None,
    kpi: Annotated[
        list[str] | None, typer.Option("--kpi", help="A KPI to improve (repeat).")
    ] = None,
) -> None:
    """A first 사업계획서 draft following the real form's headings; gaps are marked 【작성 필요】."""
    from axpartners.calls.export import draft_docx, draft_hwpx
    from axpartners.calls.proposal import ProposalContext, build_draft

    try:
        call = json.loads(call_json.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError("policy.no_file", file=str(call_json), detail=str(exc)[:200]) from None
    suffix = output.suffix.lower()
    if suffix not in (".hwpx", ".docx"):
        raise InputError("calls.bad_draft_format", file=str(output))
    partners = []
    for item in partner or []:
        name, sep, role = item.partition("=")
        if not sep or not name.strip() or not role.strip():
            raise InputError("calls.bad_partner", value=item)
        partners.append((name.strip(), role.strip()))
    context = ProposalContext(
        company=company, need_title=need, partners=tuple(partners), kpis=tuple(kpi or ())
    )
    sections = build_draft(call, context)
    title = f"{call.get('title') or need} 사업계획서 (초안)"
    data = (
        draft_hwpx(sections, title=title)
        if suffix == ".hwpx"
        else draft_docx(sections, title=title)
    )
    output.write_bytes(data)
    todo = sum(1 for s in sections if s.needs_writing)
    typer.echo(f"{len(sections)} sections ({todo} to write) → {output}")


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    """Add the ``calls`` command group to the root ``axp`` app."""
    del eval_app
    app.add_typer(calls_app, name="calls")
