"""``axp match`` and ``axp eval match`` (SPEC §5): rank partners for needs, no database needed.

``axp match --needs NEEDS.csv --partners PARTNERS.csv --top K -o OUT.csv`` writes
``need_id,rank,partner_id,score,reasons`` (reasons joined with " · ");
``axp eval match NEEDS.csv PARTNERS.csv QRELS.csv`` prints nDCG@5, nDCG@10 and recall@10.
``--no-capabilities`` ignores declared capabilities and infers them from descriptions.
``axp consortium --partners PARTNERS.csv --require a;b;c`` proposes teams (CP-SAT).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from axpartners.cli._common import handle_errors, translate
from axpartners.errors import InputError
from axpartners.io.tables import read_table_file, write_csv

if TYPE_CHECKING:
    from axpartners.matching.profiles import PartnerProfile
    from axpartners.matching.score import MatchWeights

MATCH_HEADER = ("need_id", "rank", "partner_id", "score", "reasons")
REASON_SEPARATOR = " · "

NoCapabilities = Annotated[
    bool,
    typer.Option(
        "--no-capabilities",
        help="Ignore declared capabilities; infer every partner's capabilities from its text.",
    ),
]


def _load_partners(path: Path) -> list[PartnerProfile]:
    """Partners from a file; those with nothing to match on are reported and left out."""
    from axpartners.matching.io import empty_partner_rows, partners_from_table

    table = read_table_file(path)
    partners = partners_from_table(table)
    for row, partner_id in empty_partner_rows(table, partners):
        message = translate("matching.partner_skipped", "ko", partner_id=partner_id)
        typer.echo(f"warning: {table.name}:{row}:description: {message}", err=True)
    return partners


WeightsOption = Annotated[
    str,
    typer.Option(
        "--weights",
        help="Override score weights, e.g. 'lexical=0.5,capability=0.3' "
        "(components: lexical, capability, industry, success, availability, region).",
    ),
]


def parse_weights(text: str) -> MatchWeights:
    """``"lexical=0.5,capability=0.3"`` → :class:`MatchWeights` (others keep their defaults)."""
    from axpartners.matching.score import MatchWeights

    values: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, _, raw = part.partition("=")
        try:
            values[name.strip()] = float(raw)
        except ValueError:
            raise InputError("matching.bad_weight", name=name.strip(), value=raw) from None
    return MatchWeights.from_mapping(values)


@handle_errors
def match_command(
    needs: Annotated[Path, typer.Option("--needs", help="Needs CSV/XLSX (SPEC §4).")],
    partners: Annotated[Path, typer.Option("--partners", help="Partners CSV/XLSX (SPEC §4).")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Output CSV.")],
    top: Annotated[int, typer.Option("--top", min=1, help="Partners per need.")] = 10,
    no_capabilities: NoCapabilities = False,
    weights: WeightsOption = "",
    locale: Annotated[
        str, typer.Option("--locale", help="Language of the reasons: ko or en.")
    ] = "ko",
) -> None:
    """Rank partners for every need: CSV need_id,rank,partner_id,score,reasons."""
    from axpartners.matching.index import build_partner_index
    from axpartners.matching.io import needs_from_table
    from axpartners.matching.rank import need_labels, rank_partners

    need_list = needs_from_table(read_table_file(needs))
    index = build_partner_index(
        _load_partners(partners), use_declared=not no_capabilities, skip_empty=True
    )
    rows: list[tuple[object, ...]] = []
    for need in need_list:
        if not need_labels(need):
            message = translate("matching.need_no_label", "ko", need_id=need.id)
            typer.echo(f"warning: {needs.name}: {message}", err=True)
        ranked = rank_partners(need, index, top=top, weights=parse_weights(weights), locale=locale)
        for rank, match in enumerate(ranked, start=1):
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
    weights: WeightsOption = "",
) -> None:
    """Print nDCG@5, nDCG@10 and recall@10 of the ranking against graded judgments."""
    from axpartners.matching.evaluate import evaluate_matching
    from axpartners.matching.io import needs_from_table, qrels_from_table

    need_list = needs_from_table(read_table_file(needs))
    judged = qrels_from_table(read_table_file(qrels), need_ids={n.id: n for n in need_list})
    result = evaluate_matching(
        needs=need_list,
        partners=_load_partners(partners),
        qrels=judged,
        use_declared=not no_capabilities,
        weights=parse_weights(weights),
    )
    typer.echo(f"needs evaluated: {result.n_needs}")
    typer.echo(f"nDCG@5: {result.ndcg5:.4f}")
    typer.echo(f"nDCG@10: {result.ndcg10:.4f}")
    typer.echo(f"recall@10: {result.recall10:.4f}")


@handle_errors
def consortium_command(
    partners: Annotated[Path, typer.Option("--partners", help="Partners CSV/XLSX (SPEC §4).")],
    require: Annotated[
        str,
        typer.Option(
            "--require", help="Required capabilities: taxonomy IDs separated by ';' or ','."
        ),
    ],
    need: Annotated[
        str, typer.Option("--need", help="Project text; partners are scored against it.")
    ] = "",
    max_members: Annotated[int, typer.Option("--max-members", help="Largest team.")] = 5,
    min_companies: Annotated[int, typer.Option("--min-companies", help="Companies required.")] = 1,
    min_academic: Annotated[
        int, typer.Option("--min-academic", help="Universities or research institutes required.")
    ] = 1,
    lead: Annotated[str | None, typer.Option("--lead", help="Partner id that must lead.")] = None,
    region: Annotated[
        str, typer.Option("--region", help="Only partners in this region code.")
    ] = "",
    alternatives: Annotated[
        int, typer.Option("--alternatives", min=1, help="Teams to propose.")
    ] = 3,
    time_limit: Annotated[
        float, typer.Option("--time-limit", min=0.1, help="Seconds for the solver.")
    ] = 5.0,
    locale: Annotated[str, typer.Option("--locale", help="ko or en.")] = "ko",
) -> None:
    """Propose the best consortia covering the required capabilities (CP-SAT)."""
    from axpartners.matching.consortium import ConsortiumRules, propose_consortia
    from axpartners.matching.explain import short_label
    from axpartners.matching.index import build_partner_index
    from axpartners.matching.io import parse_labels
    from axpartners.matching.profiles import NeedProfile

    required = parse_labels(require, file="--require", row=0, column="")
    index = build_partner_index(_load_partners(partners), skip_empty=True)
    rules = ConsortiumRules(
        min_kinds={"company": min_companies, "academic": min_academic},
        max_members=max_members,
        lead=lead,
        region=region,
    )
    project = NeedProfile(id="project", text=need, labels=required)
    result = propose_consortia(
        project,
        index,
        required=required,
        rules=rules,
        alternatives=alternatives,
        time_limit_s=time_limit,
    )
    result.raise_for_status()
    for number, team in enumerate(result.teams, start=1):
        status = translate(
            "matching.cli.optimal" if team.optimal else "matching.cli.feasible", locale
        )
        typer.echo(
            translate(
                "matching.cli.team",
                locale,
                number=number,
                status=status,
                covered=len(team.covered),
                required=len(required),
                quality=f"{team.quality:.2f}",
            )
        )
        for member in team.members:
            contributes = ", ".join(short_label(c, locale) for c in member.contributes)
            typer.echo(
                translate(
                    "matching.cli.member",
                    locale,
                    name=member.name,
                    kind=translate(f"matching.kind.{member.kind}", locale),
                    lead=translate("matching.cli.lead_mark", locale) if member.is_lead else "",
                    contributes=contributes or translate("matching.cli.no_contribution", locale),
                )
            )


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    """Add ``axp match`` and ``axp consortium`` to the root app, ``axp eval match`` to eval."""
    app.command("match")(match_command)
    app.command("consortium")(consortium_command)
    eval_app.command("match")(eval_match_command)
