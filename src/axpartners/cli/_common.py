"""Shared CLI plumbing: user errors become one line on stderr and exit code 2."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import typer

from axpartners.errors import EXIT_USER_ERROR, AxError
from axpartners.i18n.catalog import render_error

P = ParamSpec("P")
R = TypeVar("R")

__all__ = ["EXIT_USER_ERROR", "handle_errors"]


def handle_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Decorate a Typer command: an :class:`AxError` prints ``file:row:col: message`` and exits 2."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except AxError as err:
            typer.echo(f"error: {render_error(err, 'ko')} / {render_error(err, 'en')}", err=True)
            raise typer.Exit(err.exit_code) from None

    return wrapper
