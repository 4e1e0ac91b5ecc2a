"""The 「123대 국정과제」 as pdftotext layout text: tasks, ministries, nesting, no page furniture.

Data and the dev/test split: tests/data/policy/real/README.md.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

import pytest

from axpartners.policy.extract import extract_file
from axpartners.policy.layout import furniture, page_lines
from axpartners.policy.structure import PolicyItem, structure_document
from axpartners.policy.tasks import find_task_headings

REAL = Path(__file__).parents[2] / "data" / "policy" / "real"
PLANS = ["gukjeong123_goal1_tasks01-19.txt", "gukjeong123_goal2-3_tasks38-71.txt"]
EXPECTED = list(
    csv.DictReader((REAL / "expected_tasks.csv").read_text(encoding="utf-8").splitlines())
)


@cache
def items(name: str) -> tuple[PolicyItem, ...]:
    return structure_document(extract_file(REAL / name))


def descendants(all_items: tuple[PolicyItem, ...], seq: int) -> list[PolicyItem]:
    seqs = {seq}
    out = []
    for it in all_items:
        if it.parent in seqs:
            seqs.add(it.seq)
            out.append(it)
    return out


@pytest.mark.parametrize("row", EXPECTED, ids=lambda r: r["task_no"])
def test_every_task_is_one_item_with_title_ministry_and_body(row: dict[str, str]) -> None:
    tasks = [
        it for it in items(row["file"]) if it.marker == "task" and it.item_no == row["task_no"]
    ]
    assert len(tasks) == 1
    (task,) = tasks
    assert task.title == row["title"]
    assert task.ministry == row["ministry"]
    assert task.role == "task"
    body = descendants(items(row["file"]), task.seq)
    assert len(body) >= 3
    assert {b.ministry for b in body} == {row["ministry"]}  # inherited


@pytest.mark.parametrize("name", PLANS)
def test_no_page_header_or_number_in_any_item(name: str) -> None:
    header = re.compile(r"123대 국정과제|^\s*\d{3}\s*$", re.MULTILINE)
    for it in items(name):
        assert not header.search(it.text), (it.path, it.text[:80])


@pytest.mark.parametrize("name", PLANS)
def test_goals_strategies_tasks_sections_bullets_nest(name: str) -> None:
    all_items = items(name)
    by_seq = {it.seq: it for it in all_items}
    for it in all_items:
        parent = by_seq.get(it.parent) if it.parent is not None else None
        if it.marker == "task":
            assert parent is not None
            assert parent.marker == "strategy"
            assert by_seq[parent.parent].marker == "goal"  # type: ignore[index]
        if it.marker == "section_mark":
            assert parent is not None
            assert parent.marker == "task"
            assert it.title in ("과제목표", "주요내용", "기대효과")
        if it.marker == "dot":
            assert parent is not None
            assert parent.marker == "section_mark"
    sections = [it for it in all_items if it.marker == "section_mark"]
    assert len(sections) == 3 * sum(1 for it in all_items if it.marker == "task")


def test_dash_items_nest_under_the_bullet_they_follow() -> None:
    all_items = items(PLANS[0])
    item = next(it for it in all_items if it.title.startswith("민주적 통제 강화"))
    kids = [it for it in all_items if it.parent == item.seq]
    assert [k.marker for k in kids] == ["dash"] * 3
    assert kids[0].title.startswith("계엄 시 국회의 정치 활동을")


def test_task_spilling_onto_the_next_page_keeps_its_last_section() -> None:
    all_items = items(PLANS[0])
    task17 = next(it for it in all_items if it.marker == "task" and it.item_no == "17")
    titles = [it.title for it in all_items if it.parent == task17.seq]
    assert titles == ["과제목표", "주요내용", "기대효과"]


def test_wrapped_title_is_joined_and_the_wrap_is_not_body() -> None:
    all_items = items(PLANS[1])
    task = next(it for it in all_items if it.marker == "task" and it.item_no == "46")
    assert task.title.endswith("금융(국민성장펀드 100조원+\u03b1 조성)")
    assert task.text.splitlines()[-1] == "금융위"


def test_task_list_rows_and_toc_are_not_task_headings() -> None:
    for name in ("gukjeong123_p043-044_goal1_tasklist.txt", "gukjeong123_front_toc.txt"):
        text = (REAL / name).read_text(encoding="utf-8")
        assert find_task_headings(text.split("\n")) == []
    toc = (REAL / "gukjeong123_front_toc.txt").read_text(encoding="utf-8").split("\n")
    dropped = {toc[i].strip() for i in furniture(toc)}
    assert "▪ 추진전략 1 : 국민주권과 민주주의의 확립           050" in {
        re.sub(r"\s+$", "", s) for s in dropped
    } or any(s.startswith("▪ 추진전략 1") for s in dropped)
    assert "차례" in dropped


def test_headers_mark_pages() -> None:
    lines = page_lines((REAL / PLANS[0]).read_text(encoding="utf-8"))
    first = next(ln for ln in lines if ln.text.startswith("01   "))
    last = next(ln for ln in lines if ln.text.startswith("19   "))
    assert 1 <= first.page < last.page
    assert all(not re.fullmatch(r"\d{3}", ln.text) for ln in lines)
