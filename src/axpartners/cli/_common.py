"""Shared CLI plumbing: user errors become one line on stderr and exit code 2; one ``Settings``.

Start-up matters (``axp --help`` stays under 0.3 s): this module and every ``cli/<area>.py``
import only Typer and light modules at the top; a command imports its services, NumPy,
SQLAlchemy, Kiwi or OR-Tools inside its body, when it runs.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, ParamSpec, TypeVar

import typer

from axpartners.errors import EXIT_USER_ERROR, AxError

if TYPE_CHECKING:
    from axpartners.config import Settings

P = ParamSpec("P")
R = TypeVar("R")

__all__ = [
    "EXIT_USER_ERROR",
    "CliState",
    "HelpOption",
    "handle_errors",
    "new_app",
    "settings",
    "translate",
]


def _show_help(ctx: typer.Context, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        typer.echo(ctx.get_help())
        raise typer.Exit()


# A group's own ``--help`` (it replaces Click's): Typer coerces the built-in help flag of every
# group on the way to a subcommand through pydantic, whose import costs ~0.15 s; a plain bool
# flag with a False default is left alone.
HelpOption = Annotated[
    bool,
    typer.Option(
        "--help",
        is_eager=True,
        expose_value=False,
        callback=_show_help,
        help="Show this message and exit.",
    ),
]


def new_app(**options: Any) -> typer.Typer:
    """A Typer app (or command group) with Click's plain help and the light ``--help``.

    Typer's Rich help imports Rich's Markdown, Pygments' lexer map and markdown-it: ~0.3 s
    on the 2-core box, more than everything else ``axp --help`` does together. An app that
    needs its own callback declares ``HelpOption`` in it.
    """
    app = typer.Typer(rich_markup_mode=None, **options)

    @app.callback()
    def group(help_: HelpOption = False) -> None:
        del help_

    return app


class CliState:
    """What the root callback hands every command (``ctx.obj``): the settings, built once.

    Built on first use rather than in the callback itself, because Click runs the group
    callback before a subcommand's ``--help``, and pydantic-settings costs ~0.3 s to import.
    """

    def __init__(self) -> None:
        self._settings: Settings | None = None

    def settings(self) -> Settings:
        if self._settings is None:
            from axpartners.config import Settings

            self._settings = Settings()
        return self._settings


def settings(ctx: typer.Context) -> Settings:
    """The run's :class:`Settings`: the root callback's, or a new one for an app without it."""
    state = ctx.find_object(CliState)
    if state is None:
        state = ctx.ensure_object(CliState)
    return state.settings()


def translate(code: str, locale: str, /, **params: object) -> str:
    """:func:`axpartners.i18n.catalog.translate`, imported when a message is shown (YAML)."""
    from axpartners.i18n.catalog import translate as lookup

    return lookup(code, locale, **params)


def handle_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Decorate a Typer command: an :class:`AxError` prints ``file:row:col: message`` and exits 2."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except AxError as err:
            from axpartners.i18n.catalog import render_error

            typer.echo(f"error: {render_error(err, 'ko')} / {render_error(err, 'en')}", err=True)
            raise typer.Exit(err.exit_code) from None

    return wrapper
