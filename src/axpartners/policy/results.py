"""A results report set against its plan: per task, what was planned, what is reported done, the gap.

Tasks are aligned by number (``01`` = ``001``) and confirmed by title (character-bigram Dice of
normalised titles, :func:`axpartners.policy.compare.similarity`, at least ``min_title``); a task
whose number is missing on one side is paired by title alone when one title is clearly the best
match. The planned points of a task are its items at the first level below the section markers
(``◉ 주요내용`` → ``•`` items; the items directly under the task when there are no sections). A
point counts as reported done when at least ``min_cover`` of its content words (Kiwi nouns,
:func:`axpartners.text.morph.tokenize`) occur in the results task's text (the task and all its
items); the others are the gap.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from axpartners.policy.compare import normalize_title, similarity
from axpartners.policy.outline import PolicyItem
from axpartners.text.morph import tokenize

_MAIN_SECTION = ("주요내용", "추진내용", "주요 내용")


@dataclass(frozen=True, slots=True)
class PointStatus:
    point: PolicyItem
    coverage: float
    done: bool


@dataclass(frozen=True, slots=True)
class TaskProgress:
    task_no: str
    plan: PolicyItem
    result: PolicyItem | None
    title_similarity: float
    points: tuple[PointStatus, ...]

    @property
    def done(self) -> tuple[PolicyItem, ...]:
        return tuple(p.point for p in self.points if p.done)

    @property
    def gap(self) -> tuple[PolicyItem, ...]:
        return tuple(p.point for p in self.points if not p.done)


def _tasks(items: Sequence[PolicyItem]) -> list[PolicyItem]:
    return [it for it in items if it.role == "task" and it.marker == "task"]


def _subtree_text(items: Sequence[PolicyItem], root: PolicyItem) -> str:
    under = {root.seq}
    texts = [root.text]
    for it in items:
        if it.parent in under:
            under.add(it.seq)
            texts.append(it.text)
    return "\n".join(texts)


def planned_points(items: Sequence[PolicyItem], task: PolicyItem) -> list[PolicyItem]:
    """The task's planned points: items under its 주요내용 section, else its direct items."""
    children = [it for it in items if it.parent == task.seq]
    for section in children:
        if section.marker == "section_mark" and section.title.replace(" ", "") in {
            s.replace(" ", "") for s in _MAIN_SECTION
        }:
            return [it for it in items if it.parent == section.seq]
    return [it for it in children if it.marker != "section_mark"]


def _number(no: str) -> int | None:
    return int(no) if no.isdigit() else None


def align_results(
    plan: Sequence[PolicyItem],
    results: Sequence[PolicyItem],
    *,
    min_title: float = 0.5,
    min_cover: float = 0.5,
) -> list[TaskProgress]:
    """One :class:`TaskProgress` per plan task (see the module docstring)."""
    by_no = {_number(t.item_no): t for t in _tasks(results)}
    unused = list(_tasks(results))
    out: list[TaskProgress] = []
    for task in _tasks(plan):
        result = by_no.get(_number(task.item_no))
        sim = (
            similarity(normalize_title(task.title), normalize_title(result.title))
            if result
            else 0.0
        )
        if result is None or sim < min_title:
            scored = sorted(
                (
                    (similarity(normalize_title(task.title), normalize_title(r.title)), r)
                    for r in unused
                ),
                key=lambda sr: -sr[0],
            )
            result, sim = (
                (scored[0][1], scored[0][0])
                if scored and scored[0][0] >= min_title
                else (None, 0.0)
            )
        if result is not None and result in unused:
            unused.remove(result)
        reported = set(tokenize(_subtree_text(results, result))) if result else set()
        points = []
        for point in planned_points(plan, task):
            words = set(tokenize(point.text))
            cover = len(words & reported) / len(words) if words else 0.0
            points.append(PointStatus(point, round(cover, 3), cover >= min_cover))
        out.append(TaskProgress(task.item_no, task, result, round(sim, 3), tuple(points)))
    return out


def is_results_pair(plan: Sequence[PolicyItem], results: Sequence[PolicyItem]) -> bool:
    """Whether two documents look like a plan and its results report: both have numbered tasks
    sharing numbers, and only the plan has section markers under its tasks."""
    plan_nos = {_number(t.item_no) for t in _tasks(plan)}
    result_nos = {_number(t.item_no) for t in _tasks(results)}
    sections = any(it.marker == "section_mark" for it in results)
    return bool(plan_nos & result_nos) and not sections
