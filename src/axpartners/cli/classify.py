"""``axp classify`` and ``axp eval classify`` (SPEC §5): taxonomy labels for needs, no database.

``axp classify NEEDS.csv -o OUT.csv`` writes ``id,label,score,label_2,score_2,review,labels``:
the best taxonomy id with its probability (``unknown`` when nothing in the text supports any use
case), the runner-up with its probability (both empty when the runner-up has no evidence of its
own), ``review`` (``true``/``false``: staff should confirm) and ``labels`` (every supported id,
best first, ``;``-joined — a need naming two fields lists both). Without an ``id`` column the
id is the 1-based data row number. ``--model MODEL.npz`` (or the setting ``AXP_CLASSIFIER_MODEL``) uses a trained model (written by ``--save-model`` or by
``axp classify LABELED.csv --train LABELED.csv``); ``--details`` appends
``confidence,needs_review,explanation``.

``axp eval classify LABELED.csv [--mode zero-shot|trained|both]`` prints accuracy, macro-F1,
a per-label precision/recall/F1 table and the most frequent confusion pairs; ``trained`` is the
supervised model stacked on zero-shot, measured with stratified k-fold cross-validation.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from axpartners.cli._common import handle_errors, settings
from axpartners.errors import InputError
from axpartners.io.tables import Table, read_table_file, write_csv

if TYPE_CHECKING:
    from axpartners.classify.evaluate import EvalReport
    from axpartners.classify.supervised import TrainedModel

CLASSIFY_HEADER = ("id", "label", "score", "label_2", "score_2", "review", "labels")
DETAIL_HEADER = ("confidence", "needs_review", "explanation")


class EvalMode(StrEnum):
    zero_shot = "zero-shot"
    trained = "trained"
    both = "both"


def _texts(table: Table) -> tuple[list[str], list[str]]:
    """Ids and texts; blank text is an ``import.required_value`` error."""
    table.require("text")
    ids: list[str] = []
    texts: list[str] = []
    has_id = "id" in table.header
    for position, (file_row, record) in enumerate(table.records(), start=1):
        text = record["text"]
        if not text.strip():
            raise InputError("import.required_value", file=table.name, row=file_row, column="text")
        ids.append(record["id"] if has_id and record["id"] else str(position))
        texts.append(text)
    if not texts:
        raise InputError("import.empty", file=table.name)
    return ids, texts


def _labels(table: Table) -> list[str]:
    """The ``label`` of every row (rows were already checked by :func:`_texts`)."""
    from axpartners.taxonomy import taxonomy_ids

    table.require("label")
    known = set(taxonomy_ids())
    labels = []
    for file_row, record in table.records():
        label = record["label"].strip()
        if label not in known:
            raise InputError(
                "import.bad_value",
                file=table.name,
                row=file_row,
                column="label",
                value=label,
                hint="taxonomy id (SPEC §2)",
            )
        labels.append(label)
    return labels


def _load_model(path: Path) -> TrainedModel:
    from axpartners.classify.supervised import TrainedModel

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError("import.no_file", file=str(path), detail=exc.strerror or "") from None
    return TrainedModel.from_bytes(data, name=path.name)


def _write(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise InputError(
            "import.no_file", file=str(path), detail=exc.strerror or str(exc)
        ) from None


@handle_errors
def classify_command(
    ctx: typer.Context,
    needs: Annotated[Path, typer.Argument(help="Needs CSV/XLSX (SPEC §4, column 'text').")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Output CSV.")],
    model: Annotated[
        Path | None, typer.Option("--model", help="Trained model (.npz) to use.")
    ] = None,
    train: Annotated[
        Path | None,
        typer.Option("--train", help="Labeled needs CSV to train a model on before classifying."),
    ] = None,
    save_model: Annotated[
        Path | None, typer.Option("--save-model", help="Write the trained model here (.npz).")
    ] = None,
    details: Annotated[
        bool, typer.Option("--details", help="Append confidence,needs_review,explanation.")
    ] = False,
) -> None:
    """Label every need: CSV id,label,score,label_2,score_2,review,labels."""
    from axpartners.classify.classifier import NeedClassifier
    from axpartners.taxonomy import UNKNOWN_ID

    ids, texts = _texts(read_table_file(needs))
    if train is not None:
        table = read_table_file(train)
        _, train_texts = _texts(table)
        classifier = NeedClassifier.train(train_texts, _labels(table))
    elif (model := model or settings(ctx).classifier_model) is not None:
        classifier = NeedClassifier(model=_load_model(model))
    else:
        classifier = NeedClassifier()
    if save_model is not None and classifier.model is not None:
        _write(save_model, classifier.model.to_bytes())
    results = classifier.classify_many(texts)
    header = CLASSIFY_HEADER + (DETAIL_HEADER if details else ())
    rows = []
    for need_id, r in zip(ids, results, strict=True):
        row: tuple[object, ...] = (
            need_id,
            r.label,
            f"{r.score:.4f}",
            r.label_2,
            f"{r.score_2:.4f}" if r.label_2 else "",
            str(r.needs_review).lower(),
            ";".join(r.labels),
        )
        if details:
            row += (f"{r.confidence:.4f}", str(r.needs_review).lower(), " ".join(r.explanation))
        rows.append(row)
    _write(output, write_csv(header, rows))
    review = sum(r.needs_review for r in results)
    unknown = sum(r.label == UNKNOWN_ID for r in results)
    typer.echo(
        f"{len(results)} needs ({classifier.mode}), {review} to review,"
        f" {unknown} unclassified → {output}"
    )


def format_report(report: EvalReport) -> str:
    """The printed form of an :class:`EvalReport` (plain text, fixed-width table)."""
    lines = [
        f"mode: {report.mode}",
        f"needs: {report.n}",
        f"accuracy: {report.accuracy:.4f}",
        f"macro-F1: {report.macro_f1:.4f}",
        "",
        f"{'label':<26} {'precision':>9} {'recall':>7} {'f1':>6} {'support':>7}",
    ]
    lines += [
        f"{m.label:<26} {m.precision:>9.3f} {m.recall:>7.3f} {m.f1:>6.3f} {m.support:>7d}"
        for m in report.per_label
    ]
    lines += ["", "top confusions (gold -> predicted: count):"]
    lines += [f"  {g} -> {p}: {n}" for g, p, n in report.confusions] or ["  (none)"]
    return "\n".join(lines)


@handle_errors
def eval_classify_command(
    labeled: Annotated[Path, typer.Argument(help="Labeled needs CSV/XLSX (needs + 'label').")],
    mode: Annotated[EvalMode, typer.Option("--mode", help="Which classifier to measure.")] = (
        EvalMode.both
    ),
    folds: Annotated[int, typer.Option("--folds", min=2, help="Folds for the trained mode.")] = 5,
) -> None:
    """Print accuracy, macro-F1, a per-label table and confusion pairs."""
    from axpartners.classify.evaluate import cross_validate, evaluate_zero_shot

    table = read_table_file(labeled)
    _, texts = _texts(table)
    labels = _labels(table)
    reports = []
    if mode in (EvalMode.zero_shot, EvalMode.both):
        reports.append(evaluate_zero_shot(texts, labels))
    if mode in (EvalMode.trained, EvalMode.both):
        reports.append(cross_validate(texts, labels, folds=folds))
    typer.echo("\n\n".join(format_report(r) for r in reports))


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    """Add ``classify`` to the root app and ``classify`` to the ``eval`` sub-app."""
    app.command("classify")(classify_command)
    eval_app.command("classify")(eval_classify_command)
