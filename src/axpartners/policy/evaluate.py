"""Score a structured document against a hand-checked task list (``axp eval policy``).

The expected file has the columns ``file,task_no,title,ministry`` (``file`` optional: rows of
other files are ignored when it is present). A task is *found* when the document has exactly
one ``task`` item with that number; its title is *exact* when equal after stripping, and its
ministry is *right* when the item's lead ministry equals the expected one (both with spaces
around ``·`` removed, since layouts space joint ministries irregularly).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass

from axpartners.errors import InputError
from axpartners.policy.outline import PolicyItem

REQUIRED_COLUMNS = ("task_no", "title", "ministry")


@dataclass(frozen=True, slots=True)
class ExpectedTask:
    task_no: str
    title: str
    ministry: str


@dataclass(frozen=True, slots=True)
class TaskScore:
    expected: ExpectedTask
    found: PolicyItem | None
    exact_title: bool
    right_ministry: bool
    nested: int
    """Number of items under the task."""


@dataclass(frozen=True, slots=True)
class TaskEvaluation:
    scores: tuple[TaskScore, ...]

    def _share(self, flags: Sequence[bool]) -> float:
        return sum(flags) / len(self.scores) if self.scores else 0.0

    @property
    def recall(self) -> float:
        return self._share([s.found is not None for s in self.scores])

    @property
    def exact_title_rate(self) -> float:
        return self._share([s.exact_title for s in self.scores])

    @property
    def ministry_accuracy(self) -> float:
        return self._share([s.right_ministry for s in self.scores])


def read_expected(text: str, *, filename: str, doc: str | None = None) -> list[ExpectedTask]:
    """Rows of an expected-tasks CSV (for ``doc`` only when the file has a ``file`` column)."""
    reader = csv.DictReader(text.splitlines())
    header = reader.fieldnames or []
    for column in REQUIRED_COLUMNS:
        if column not in header:
            raise InputError("policy.eval_missing_column", file=filename, column=column)
    rows = []
    for n, row in enumerate(reader, start=2):
        if doc is not None and row.get("file") and row["file"] != doc:
            continue
        task_no = (row.get("task_no") or "").strip()
        if not task_no:
            raise InputError("policy.eval_bad_row", file=filename, row=n, column="task_no")
        rows.append(
            ExpectedTask(task_no, (row["title"] or "").strip(), (row["ministry"] or "").strip())
        )
    return rows


def _norm_ministry(name: str) -> str:
    return re.sub(r"\s*([·・‧ㆍ,])\s*", r"\1", name.strip())


def _norm_no(no: str) -> str:
    return no.lstrip("0") or "0"


def evaluate_tasks(items: Sequence[PolicyItem], expected: Sequence[ExpectedTask]) -> TaskEvaluation:
    """Task recall, exact-title rate and ministry accuracy of ``items`` (see the module doc)."""
    tasks: dict[str, list[PolicyItem]] = {}
    for it in items:
        if it.role == "task":
            tasks.setdefault(_norm_no(it.item_no), []).append(it)
    scores = []
    for exp in expected:
        hits = tasks.get(_norm_no(exp.task_no), [])
        found = hits[0] if len(hits) == 1 else None
        nested = _count_under(items, found.seq) if found else 0
        scores.append(
            TaskScore(
                expected=exp,
                found=found,
                exact_title=found is not None and found.title.strip() == exp.title,
                right_ministry=found is not None
                and _norm_ministry(found.ministry) == _norm_ministry(exp.ministry),
                nested=nested,
            )
        )
    return TaskEvaluation(tuple(scores))


def _count_under(items: Sequence[PolicyItem], seq: int) -> int:
    under = {seq}
    for it in items:
        if it.parent in under:
            under.add(it.seq)
    return len(under) - 1
