"""``axp --help`` and every subcommand's ``--help`` load Typer, not the product's heavy parts.

Behaviour, not timing (timings live in ``bench/bench_cli.py``): a fresh interpreter runs the
help and reports which of the heavy libraries ended up in ``sys.modules``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
import typer
from typer.testing import CliRunner

from axpartners.cli import _common
from axpartners.cli.main import app

HEAVY = ("kiwipiepy", "ortools", "sqlalchemy", "numpy", "scipy", "polars", "pydantic", "huey")

PROBE = """
import json, sys
args, heavy = json.loads(sys.argv[1]), json.loads(sys.argv[2])
sys.argv = ["axp", *args]
from axpartners.cli.main import main
try:
    main()
except SystemExit:
    pass
print(json.dumps(sorted(m for m in heavy if m in sys.modules)), file=sys.stderr)
"""


def _loaded_after(*args: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(list(args)), json.dumps(HEAVY)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "TYPER_USE_RICH": "1"},
    )
    assert "Usage:" in done.stdout, done.stdout + done.stderr
    loaded: list[str] = json.loads(done.stderr.strip().splitlines()[-1])
    return loaded


def test_top_level_help_imports_nothing_heavy() -> None:
    assert _loaded_after("--help") == []


@pytest.mark.parametrize(
    "command",
    [
        ("strengths",),
        ("match",),
        ("consortium",),
        ("classify",),
        ("serve",),
        ("demo",),
        ("backup",),
        ("jobs", "list"),
        ("eval", "classify"),
        ("policy", "extract"),
        ("report", "briefing"),
        ("user", "add"),
    ],
)
def test_subcommand_help_imports_nothing_heavy(command: tuple[str, ...]) -> None:
    assert _loaded_after(*command, "--help") == []


def test_policy_default_size_limit_matches_the_extractor() -> None:
    from axpartners.cli.policy import DEFAULT_MAX_MB
    from axpartners.policy.extract import MAX_DOCUMENT_BYTES

    assert DEFAULT_MAX_MB * 2**20 == MAX_DOCUMENT_BYTES


def test_commands_of_one_run_share_one_settings() -> None:
    seen: list[object] = []

    @app.command("_probe", hidden=True)
    def probe(ctx: typer.Context) -> None:
        seen.extend([_common.settings(ctx), _common.settings(ctx)])

    try:
        runs = [CliRunner().invoke(app, ["_probe"]) for _ in range(2)]
    finally:
        app.registered_commands.pop()
    assert [r.exit_code for r in runs] == [0, 0], [r.output for r in runs]
    assert seen[0] is seen[1]
    assert seen[2] is seen[3]
    assert seen[0] is not seen[2]  # ... and afresh for the next (the environment may change)


def test_the_command_freezes_what_is_left_before_the_process_ends() -> None:
    """``main`` moves the live objects out of the collector's reach when the command is done
    (the interpreter's shutdown would walk them all again); the command's own result stands."""
    probe = (
        "import gc, sys\n"
        "sys.argv = ['axp', '--help']\n"
        "from axpartners.cli.main import main\n"
        "before = gc.get_freeze_count()\n"
        "try:\n    main()\nexcept SystemExit as done:\n    code = done.code\n"
        "print(before, gc.get_freeze_count(), code, file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    before, after, code = done.stderr.split()
    assert "Usage:" in done.stdout
    assert int(before) == 0
    assert int(after) > 1000
    assert code in ("0", "None")
