"""``axp policy extract FILE -o ITEMS.jsonl`` (SPEC §5: one JSON object per policy item),
``axp policy compare OLD NEW`` (new, removed and changed items between two documents, or per
task planned / done / gap for a plan and its results report) and ``axp eval policy``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from axpartners.cli._common import handle_errors, new_app, translate
from axpartners.errors import InputError

if TYPE_CHECKING:
    from axpartners.policy.results import TaskProgress

# policy.extract.MAX_DOCUMENT_BYTES in MB, spelled out so that `--help` does not load the
# extractors (tests/unit/test_cli_startup.py checks the two agree)
DEFAULT_MAX_MB = 50.0

policy_app = new_app(
    help="Policy documents: extract, structure and tag (HWP, HWPX, PDF, DOCX, HTML, TXT)."
)


@policy_app.command("extract")
@handle_errors
def extract_command(
    file: Annotated[Path, typer.Argument(help="HWP, HWPX, PDF, DOCX, HTML or TXT document.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Output JSON Lines file.")],
    max_mb: Annotated[
        float, typer.Option("--max-mb", help="Refuse larger files.")
    ] = DEFAULT_MAX_MB,
    keywords: Annotated[
        bool, typer.Option("--keywords/--no-keywords", help="Add keyword tags.")
    ] = True,
) -> None:
    """Write one JSON object per item: doc, item_no, title, text, tags (+ path, level, page)."""
    from axpartners.policy.extract import extract_file
    from axpartners.policy.pipeline import analyse_extracted, doc_name

    document = extract_file(file, max_bytes=int(max_mb * 2**20))
    analysed = analyse_extracted(document, keywords=keywords)
    if not analysed.items:
        raise InputError("policy.no_items", file=file.name)
    lines = [
        json.dumps(ti.to_record(doc=doc_name(str(file))), ensure_ascii=False)
        for ti in analysed.items
    ]
    try:
        output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    except OSError as exc:
        raise InputError(
            "policy.no_file", file=str(output), detail=exc.strerror or str(exc)
        ) from None
    for code in document.warnings:
        typer.echo(f"note: {translate(code, 'ko')}", err=True)
    if document.pages_without_text:
        pages = ", ".join(map(str, document.pages_without_text))
        typer.echo(f"note: OCR needed on pages {pages}", err=True)
    typer.echo(f"{len(analysed.items)} items → {output}")


@policy_app.command("compare")
@handle_errors
def compare_command(
    old: Annotated[Path, typer.Argument(help="Earlier document (e.g. last year's plan).")],
    new: Annotated[Path, typer.Argument(help="Later document.")],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write the comparison as JSON.")
    ] = None,
    threshold: Annotated[
        float, typer.Option(help="Title similarity needed to pair two items.")
    ] = 0.6,
    mode: Annotated[
        str,
        typer.Option(
            help="auto: plan ↔ results table when NEW is a results report of OLD's tasks; "
            "plans: new/removed/changed items; results: always the plan ↔ results table."
        ),
    ] = "auto",
) -> None:
    """Two versions of a plan: items new, gone or changed. A plan and its results report
    (PLAN RESULTS): per task what was planned, what is reported done, and the gap."""
    from axpartners.policy.compare import compare_documents
    from axpartners.policy.extract import extract_file
    from axpartners.policy.results import align_results, is_results_pair
    from axpartners.policy.structure import PolicyItem, structure_document

    old_items = structure_document(extract_file(old))
    new_items = structure_document(extract_file(new))
    if mode == "results" or (mode == "auto" and is_results_pair(old_items, new_items)):
        _progress_table(align_results(old_items, new_items), old, new, output)
        return
    result = compare_documents(old_items, new_items, threshold=threshold)

    def brief(it: PolicyItem) -> dict[str, object]:
        return {"item_no": it.item_no, "path": it.path, "title": it.title, "page": it.page}

    report = {
        "old": old.name,
        "new": new.name,
        "added": [brief(it) for it in result.added],
        "removed": [brief(it) for it in result.removed],
        "changed": [
            {"old": brief(c.old), "new": brief(c.new), "title_similarity": c.title_similarity,
             "text_similarity": c.text_similarity}
            for c in result.changed
        ],
        "unchanged": len(result.unchanged),
    }  # fmt: skip
    if output is not None:
        output.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    for it in result.added:
        typer.echo(f"+ {it.path}  {it.title}")
    for it in result.removed:
        typer.echo(f"- {it.path}  {it.title}")
    for c in result.changed:
        typer.echo(f"~ {c.old.path} → {c.new.path}  {c.new.title}  ({c.text_similarity:.2f})")
    typer.echo(
        f"{len(result.added)} new, {len(result.removed)} removed, {len(result.changed)} changed, "
        f"{len(result.unchanged)} unchanged"
    )


def _progress_table(
    rows: list[TaskProgress], plan: Path, results: Path, output: Path | None
) -> None:
    typer.echo("task | planned | reported done | gap | title (plan → results)")
    for row in rows:
        if row.result is None:
            typer.echo(
                f"{row.task_no} | {len(row.points)} | - | - | {row.plan.title} → (not in results)"
            )
            continue
        typer.echo(
            f"{row.task_no} | {len(row.points)} | {len(row.done)} | {len(row.gap)} | "
            f"{row.plan.title} → {row.result.title}"
        )
        for point in row.gap:
            typer.echo(f"      gap: {point.title}")
    aligned = sum(r.result is not None for r in rows)
    typer.echo(f"{aligned}/{len(rows)} plan tasks found in {results.name}")
    if output is not None:
        report = {
            "plan": plan.name,
            "results": results.name,
            "tasks": [
                {"task_no": r.task_no, "plan_title": r.plan.title,
                 "results_title": r.result.title if r.result else None,
                 "title_similarity": r.title_similarity,
                 "planned": [p.point.title for p in r.points],
                 "done": [p.point.title for p in r.points if p.done],
                 "gap": [p.point.title for p in r.points if not p.done],
                 "coverage": [p.coverage for p in r.points]}
                for r in rows
            ],
        }  # fmt: skip
        output.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


@handle_errors
def eval_policy_command(
    doc: Annotated[Path, typer.Argument(help="Policy document (HWP, HWPX, PDF, DOCX, HTML, TXT).")],
    expected: Annotated[
        Path, typer.Argument(help="CSV with columns task_no,title,ministry (file optional).")
    ],
    verbose: Annotated[bool, typer.Option("-v", "--verbose", help="List every miss.")] = False,
) -> None:
    """Task recall, exact-title rate and ministry accuracy of DOC against EXPECTED."""
    from axpartners.policy.evaluate import evaluate_tasks, read_expected
    from axpartners.policy.extract import extract_file
    from axpartners.policy.structure import structure_document

    try:
        text = expected.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(
            "policy.no_file", file=str(expected), detail=exc.strerror or str(exc)
        ) from None
    rows = read_expected(text, filename=expected.name, doc=doc.name)
    result = evaluate_tasks(structure_document(extract_file(doc)), rows)
    n = len(result.scores)
    found = sum(s.found is not None for s in result.scores)
    titles = sum(s.exact_title for s in result.scores)
    ministries = sum(s.right_ministry for s in result.scores)
    nested = sum(s.nested >= 3 for s in result.scores)
    if verbose:
        for s in result.scores:
            if s.found is None:
                typer.echo(f"missing  {s.expected.task_no}  {s.expected.title}")
                continue
            if not s.exact_title:
                typer.echo(
                    f"title    {s.expected.task_no}  {s.found.title!r} ≠ {s.expected.title!r}"
                )
            if not s.right_ministry:
                typer.echo(
                    f"ministry {s.expected.task_no}  {s.found.ministry!r} ≠ {s.expected.ministry!r}"
                )
    typer.echo(f"{doc.name}: {n} expected tasks")
    typer.echo(f"task recall        {found}/{n}  {result.recall:.3f}")
    typer.echo(f"exact title        {titles}/{n}  {result.exact_title_rate:.3f}")
    typer.echo(f"ministry accuracy  {ministries}/{n}  {result.ministry_accuracy:.3f}")
    typer.echo(f"≥3 nested items    {nested}/{n}")


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    """Add the ``policy`` command group to the root ``axp`` app and ``policy`` to ``eval``."""
    app.add_typer(policy_app, name="policy")
    eval_app.command("policy")(eval_policy_command)
