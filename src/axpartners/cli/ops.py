"""Operations: ``axp backup FILE``, ``axp restore FILE``, ``axp erase-need REF``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from axpartners.cli._common import handle_errors, settings
from axpartners.errors import InputError

if TYPE_CHECKING:
    from sqlalchemy.exc import OperationalError


def _read_only(err: OperationalError) -> InputError | None:
    message = str(err.orig) if err.orig is not None else str(err)
    if "readonly" in message.replace("-", "").lower() or "read-only" in message.lower():
        return InputError("ops.read_only", detail=message)
    return None


def register(app: typer.Typer, eval_app: typer.Typer) -> None:  # noqa: ARG001 - CLI contract
    @app.command("backup")
    @handle_errors
    def backup_command(
        ctx: typer.Context,
        file: Annotated[Path, typer.Argument(help="Target: *.jsonl[.gz] (portable) or *.db.")],
    ) -> None:
        """Back up the configured database (SQLite online backup, or a portable JSONL dump)."""
        from axpartners.db.session import make_engine
        from axpartners.services import backup as service

        engine = make_engine(settings(ctx).database_url)
        try:
            info = service.backup(engine, file)
        finally:
            engine.dispose()
        typer.echo(
            f"{info.path}: {info.kind}, revision {info.revision}, "
            f"{info.total_rows} rows in {len(info.tables)} tables"
        )

    @app.command("restore")
    @handle_errors
    def restore_command(
        ctx: typer.Context,
        file: Annotated[Path, typer.Argument(help="A file written by `axp backup`.")],
        replace: Annotated[
            bool, typer.Option("--replace", help="Delete the database's current rows first.")
        ] = False,
    ) -> None:
        """Restore a backup into the configured database, all or nothing."""
        from sqlalchemy.exc import OperationalError

        from axpartners.db.migrate import upgrade
        from axpartners.db.session import make_engine
        from axpartners.services import backup as service

        engine = make_engine(settings(ctx).database_url)
        try:
            upgrade(engine)
            info = service.restore(engine, file, replace=replace)
        except OperationalError as err:
            mapped = _read_only(err)
            if mapped is None:
                raise
            raise mapped from None
        finally:
            engine.dispose()
        typer.echo(f"restored {info.total_rows} rows in {len(info.tables)} tables from {file}")

    @app.command("erase-need")
    @handle_errors
    def erase_need_command(
        ctx: typer.Context,
        ref: Annotated[str, typer.Argument(help="The need's reference (or numeric id).")],
        company: Annotated[
            bool, typer.Option("--company", help="Also blank the company name.")
        ] = False,
        operator: Annotated[
            str, typer.Option(help="Who asked for the erasure (recorded in the audit log).")
        ] = "cli-admin",
    ) -> None:
        """Erase a need's personal data on request (SPEC §7); the need text stays."""
        from axpartners.db.session import make_engine, make_session_factory, transaction
        from axpartners.services import backup as service
        from axpartners.services.actors import Actor

        engine = make_engine(settings(ctx).database_url)
        actor = Actor(username=operator, role="admin")
        try:
            with transaction(make_session_factory(engine)) as session:
                result = service.erase_need_contact(session, actor=actor, ref=ref, company=company)
        finally:
            engine.dispose()
        typer.echo(
            f"{result.ref}: contact {'erased' if result.erased_contact else 'none'}"
            f"{', company cleared' if result.cleared_company else ''}"
        )
