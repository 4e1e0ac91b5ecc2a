"""``axp report briefing -o FILE.pdf|.html``: the briefing pack of the configured database (SPEC §5)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from axpartners.cli._common import handle_errors, new_app, settings as cli_settings
from axpartners.errors import InputError

report_app = new_app(help="Reports from the database (briefing pack).", no_args_is_help=True)


@report_app.command("briefing")
@handle_errors
def briefing(
    ctx: typer.Context,
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Output file: .pdf or .html", dir_okay=False)
    ],
) -> None:
    """Write the briefing pack for the next council meeting as PDF or HTML."""
    suffix = output.suffix.lower()
    if suffix not in {".pdf", ".html", ".htm"}:
        raise InputError("reports.bad_output", file=str(output))
    if not output.parent.exists():
        raise InputError("report.no_directory", file=str(output))
    from axpartners.db.session import make_engine, make_session_factory
    from axpartners.services import briefing as briefing_service

    settings = cli_settings(ctx)
    engine = make_engine(settings.database_url)
    try:
        factory = make_session_factory(engine)
        with factory() as session:
            data = briefing_service.build_briefing(
                session,
                fmt="pdf" if suffix == ".pdf" else "html",
                region=settings.region_code,
            )
    finally:
        engine.dispose()
    output.write_bytes(data)
    typer.echo(f"{output} ({len(data):,} bytes)")


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    """Add ``axp report briefing`` to the root app."""
    del eval_app
    app.add_typer(report_app, name="report")
