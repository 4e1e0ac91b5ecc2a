"""``axp``: the command line. Each analysis area registers its commands from ``cli/<area>.py``.

Commands import their services (SQLAlchemy, the demo, NumPy …) in their bodies, so that
``axp --help`` and every ``axp X --help`` load Typer and little else (see ``cli/_common.py``).
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from axpartners import __version__
from axpartners.cli import (
    calls as cli_calls,
    classify as cli_classify,
    jobs as cli_jobs,
    match as cli_match,
    ops as cli_ops,
    policy as cli_policy,
    report as cli_report,
    strengths as cli_strengths,
)
from axpartners.cli._common import (
    CliState,
    HelpOption,
    handle_errors,
    new_app,
    settings as _settings,
)
from axpartners.errors import InputError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from axpartners.config import Settings

app = new_app(
    help="AX Partners — 지역 AI 대전환 협의회 도구", no_args_is_help=True, add_completion=False
)
eval_app = new_app(
    help="Evaluate classification and matching on labeled data.", no_args_is_help=True
)
user_app = new_app(help="Manage user accounts.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")
app.add_typer(user_app, name="user")

IMPORT_KINDS = ("needs", "partners", "stats", "policy")


def _factory(settings: Settings) -> sessionmaker[Session]:
    from axpartners.db.session import make_engine, make_session_factory

    return make_session_factory(make_engine(settings.database_url))


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    version: Annotated[bool, typer.Option("--version", help="Print the version.")] = False,
    help_: HelpOption = False,
) -> None:
    del help_
    if version:
        typer.echo(__version__)
        raise typer.Exit()
    ctx.obj = CliState()


@app.command()
@handle_errors
def init(
    ctx: typer.Context,
    admin_password: Annotated[
        str | None, typer.Option(help="Admin password (generated if omitted).")
    ] = None,
) -> None:
    """Create or migrate the database schema and the ``admin`` account."""
    from axpartners.db.migrate import upgrade
    from axpartners.db.session import make_engine, make_session_factory, transaction
    from axpartners.errors import NotFound
    from axpartners.services import users as users_service
    from axpartners.services.actors import SYSTEM

    settings = _settings(ctx)
    engine = make_engine(settings.database_url)
    upgrade(engine)
    factory = make_session_factory(engine)
    with transaction(factory) as session:
        try:
            users_service.get_user(session, "admin")
            exists = True
        except NotFound:
            exists = False
        if exists and admin_password is None:
            typer.echo(f"schema up to date ({settings.database_url}); admin exists")
            return
        password = admin_password or users_service.generate_password()
        if exists:
            users_service.set_password(session, actor=SYSTEM, username="admin", password=password)
        else:
            users_service.create_user(
                session,
                actor=SYSTEM,
                username="admin",
                password=password,
                role="admin",
                display_name="관리자",
            )
    typer.echo(f"database ready: {settings.database_url}")
    if admin_password is None:
        typer.echo(
            f"admin login — username: admin  password: {password}  (shown once; store it now)"
        )


@app.command()
@handle_errors
def demo(ctx: typer.Context) -> None:
    """Load the Busan demo council into the configured database (idempotent)."""
    from axpartners.db.session import transaction
    from axpartners.services import demo as demo_service

    settings = _settings(ctx)
    with transaction(_factory(settings)) as session:
        result = demo_service.load_demo(session)
    typer.echo(
        f"demo loaded: {result.organisations} organisations, {result.needs} needs, "
        f"{result.meetings} meetings, {result.projects} projects, {result.datasets} statistics datasets, "
        f"{result.policy_documents} policy documents, {result.candidates} project candidates, "
        f"{result.calls} calls for proposals added"
    )


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    workers: Annotated[
        int | None,
        typer.Option(min=1, help="Worker processes (default: one per core, at most 4)."),
    ] = None,
    proxy_headers: Annotated[
        bool, typer.Option(help="Trust X-Forwarded-For from --forwarded-allow-ips (behind nginx).")
    ] = False,
    forwarded_allow_ips: Annotated[
        str, typer.Option(help="Proxy addresses to trust.")
    ] = "127.0.0.1",
) -> None:
    """Serve the web app and /api/v1."""
    from axpartners.cli import _serve

    count = workers or _serve.default_workers()
    typer.echo(
        f"AX Partners on http://{host}:{port} with {count} worker(s)"
        "  (OpenAPI: /api/v1/openapi.json)"
    )
    _serve.run(
        host=host,
        port=port,
        workers=count,
        proxy_headers=proxy_headers,
        forwarded_allow_ips=forwarded_allow_ips,
    )


@user_app.command("add")
@handle_errors
def user_add(
    ctx: typer.Context,
    username: str,
    role: Annotated[str, typer.Option(help="admin, secretariat or partner.")],
    organisation: Annotated[
        str | None, typer.Option(help="Organisation id (partner users).")
    ] = None,
    password: Annotated[str | None, typer.Option(help="Password (generated if omitted).")] = None,
) -> None:
    """Create a user account."""
    from axpartners.db.session import transaction
    from axpartners.services import users as users_service
    from axpartners.services.actors import SYSTEM

    secret = password or users_service.generate_password()
    with transaction(_factory(_settings(ctx))) as session:
        users_service.create_user(
            session,
            actor=SYSTEM,
            username=username,
            password=secret,
            role=role,
            organisation_id=organisation,
        )
    typer.echo(f"user {username} ({role}) created" + ("" if password else f"; password: {secret}"))


def _check_kind(kind: str) -> None:
    if kind not in IMPORT_KINDS:
        raise InputError(
            "import.bad_value", column="KIND", value=kind, hint=", ".join(IMPORT_KINDS)
        )


@app.command("import")
@handle_errors
def import_(
    ctx: typer.Context,
    kind: str,
    files: Annotated[list[Path], typer.Argument(help="File(s) to import.")],
) -> None:
    """Import data into the database: needs, partners, stats or policy. Nothing is written on error."""
    _check_kind(kind)
    from axpartners.db.session import transaction
    from axpartners.services import imports
    from axpartners.services.actors import SYSTEM

    with transaction(_factory(_settings(ctx))) as session:
        message = imports.import_files(session, actor=SYSTEM, kind=kind, files=files)
    typer.echo(message)


@app.command("export")
@handle_errors
def export(
    ctx: typer.Context,
    kind: str,
    file: Path,
    include_personal: Annotated[
        bool, typer.Option(help="Include contact data (admin only).")
    ] = False,
) -> None:
    """Export data as CSV or XLSX (by the file extension)."""
    _check_kind(kind)
    from axpartners.db.session import transaction
    from axpartners.io.tables import write_csv, write_xlsx
    from axpartners.services import imports

    with transaction(_factory(_settings(ctx))) as session:
        header, rows = imports.export_rows(session, kind=kind, include_personal=include_personal)
    data = (
        write_xlsx(header, rows, title=kind)
        if file.suffix.lower() == ".xlsx"
        else write_csv(header, rows)
    )
    file.write_bytes(data)
    typer.echo(f"{len(rows)} rows written to {file}")


AREAS = (
    cli_classify,
    cli_match,
    cli_strengths,
    cli_policy,
    cli_calls,
    cli_report,
    cli_jobs,
    cli_ops,
)
"""The analysis areas, each registering its commands on ``axp`` and ``axp eval`` (explicit, in help order)."""

for _area in AREAS:
    _area.register(app, eval_app)


def main() -> None:
    """The ``axp`` command. When it is done the process ends, so every object still alive is
    frozen out of the garbage collector first: the interpreter's shutdown then does not walk
    them all once more (80 ms after ``axp strengths`` with NumPy, SciPy and polars loaded,
    16 ms frozen). Files are closed and outputs renamed by then; the memory goes back to the OS.
    """
    try:
        app()
    finally:
        gc.freeze()


if __name__ == "__main__":
    main()
