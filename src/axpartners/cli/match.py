"""``axp match`` and ``axp eval match`` (SPEC §5): rank partners for needs, no database needed.

``axp match --needs NEEDS.csv --partners PARTNERS.csv --top K -o OUT.csv`` writes
``need_id,rank,partner_id,score,reasons`` (reasons joined with " · ");
``axp eval match NEEDS.csv PARTNERS.csv QRELS.csv`` prints nDCG@5, nDCG@10 and recall@10.
``--no-capabilities`` ignores declared capabilities and infers them from descriptions.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from axpartners.cli._common import handle_errors
from axpartners.errors import InputError
from axpartners.io.tables import read_table_file, write_csv
from axpartners.matching.evaluate import evaluate_matching
from axpartners.matching.index import build_partner_index
from axpartners.matching.io import needs_from_table, partners_from_table, qrels_from_table
from axpartners.matching.rank import rank_partners

MATCH_HEADER = ("need_id", "rank", "partner_id", "score", "reasons")
REASON_SEPARATOR = " · "

NoCapabilities = Annotated[
    bool,
    typer.Option(
        "--no-capabilities",
        help="Ignore declared capabilities; infer every partner's capabilities from its text.",
    ),
]


@handle_errors
def match_command(
    needs: Annotated[Path, typer.Option("--needs", help="Needs CSV/XLSX (SPEC §4).")],
    partners: Annotated[Path, typer.Option("--partners", help="Partners CSV/XLSX (SPEC §4).")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Output CSV.")],
    top: Annotated[int, typer.Option("--top", min=1, help="Partners per need.")] = 10,
    no_capabilities: NoCapabilities = False,
    locale: Annotated[
        str, typer.Option("--locale", help="Language of the reasons: ko or en.")
    ] = "ko",
) -> None:
    """Rank partners for every need: CSV need_id,rank,partner_id,score,reasons."""
    need_list = needs_from_table(read_table_file(needs))
    index = build_partner_index(
        partners_from_table(read_table_file(partners)), use_declared=not no_capabilities
    )
    rows: list[tuple[object, ...]] = []
    for need in need_list:
        for rank, match in enumerate(rank_partners(need, index, top=top, locale=locale), start=1):
            rows.append(
                (
                    need.id,
                    rank,
                    match.partner_id,
                    f"{match.score:.4f}",
                    REASON_SEPARATOR.join(match.reasons),
                )
            )
    try:
        output.write_bytes(write_csv(MATCH_HEADER, rows))
    except OSError as exc:
        raise InputError(
            "import.no_file", file=str(output), detail=exc.strerror or str(exc)
        ) from None
    typer.echo(f"{len(need_list)} needs, {len(rows)} matches → {output}")


@handle_errors
def eval_match_command(
    needs: Annotated[Path, typer.Argument(help="Needs CSV/XLSX with an id column.")],
    partners: Annotated[Path, typer.Argument(help="Partners CSV/XLSX.")],
    qrels: Annotated[Path, typer.Argument(help="Judgments CSV: need_id,partner_id,grade (0-3).")],
    no_capabilities: NoCapabilities = False,
) -> None:
    """Print nDCG@5, nDCG@10 and recall@10 of the ranking against graded judgments."""
    need_list = needs_from_table(read_table_file(needs))
    judged = qrels_from_table(read_table_file(qrels), need_ids={n.id: n for n in need_list})
    result = evaluate_matching(
        needs=need_list,
        partners=partners_from_table(read_table_file(partners)),
        qrels=judged,
        use_declared=not no_capabilities,
    )
    typer.echo(f"needs evaluated: {result.n_needs}")
    typer.echo(f"nDCG@5: {result.ndcg5:.4f}")
    typer.echo(f"nDCG@10: {result.ndcg10:.4f}")
    typer.echo(f"recall@10: {result.recall10:.4f}")


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    """Add ``axp match`` to the root app and ``axp eval match`` to the eval sub-app."""
    app.command("match")(match_command)
    eval_app.command("match")(eval_match_command)
