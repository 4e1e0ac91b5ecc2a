"""The needs search index follows every write through the ``needs_version`` row (migration
0007), on SQLite and PostgreSQL: inserts, edits and deletes by any writer are found by the
next search, and a search with nothing changed does not scan the needs table."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, delete, event, insert, update

from axpartners.db.session import make_session_factory, transaction
from axpartners.db.tables import Need
from axpartners.services import need_lists, search
from axpartners.services.actors import Actor
from tests.conftest import BACKENDS, fresh_engine


@pytest.fixture(params=BACKENDS)
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    search.reset_index()
    yield from fresh_engine(request.param, request, tmp_path)
    search.reset_index()


def _need(ref: str, text: str) -> dict[str, object]:
    return {
        "ref": ref, "title": "", "text": text, "company": "", "industry": "29", "region": "26",
        "source": "import", "status": "new", "content_hash": ref * 8, "label": "unknown",
        "label_score": 0.0,
    }  # fmt: skip


def _hits(engine: Engine, data_dir: Path, query: str) -> list[int]:
    with make_session_factory(engine)() as session:
        return [i for i, _ in search.search_need_ids(session, data_dir=data_dir, query=query)]


def _version(engine: Engine) -> tuple[str, int] | None:
    with make_session_factory(engine)() as session:
        return search.needs_version(session)


def test_every_write_bumps_the_version_and_reaches_the_next_search(
    engine: Engine, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    factory = make_session_factory(engine)
    start = _version(engine)
    assert start is not None
    with transaction(factory) as session:  # a writer other than the needs service
        session.execute(
            insert(Need), [_need("N1", "용접 불량 검사 자동화"), _need("N2", "물류 배차 최적화")]
        )
    after_insert = _version(engine)
    assert after_insert is not None
    assert after_insert[0] == start[0]
    assert after_insert[1] > start[1]
    welding = _hits(engine, data_dir, "용접 불량")
    assert len(welding) == 1
    with transaction(factory) as session:
        session.execute(update(Need).where(Need.ref == "N2").values(text="용접 로봇 비전"))
    assert len(_hits(engine, data_dir, "용접")) == 2
    with transaction(factory) as session:
        session.execute(delete(Need).where(Need.id == welding[0]))
    assert len(_hits(engine, data_dir, "용접")) == 1
    assert _hits(engine, data_dir, "불량") == []


def test_a_search_with_nothing_changed_does_not_read_the_needs_table(
    engine: Engine, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    with transaction(make_session_factory(engine)) as session:
        session.execute(insert(Need), [_need("N1", "예지보전 진동 센서")])
    assert len(_hits(engine, data_dir, "진동")) == 1
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        assert len(_hits(engine, data_dir, "센서")) == 1
    finally:
        event.remove(engine, "before_cursor_execute", record)
    reads = [
        s
        for s in statements
        if "needs_version" not in s and s.lstrip().upper().startswith("SELECT")
    ]
    assert reads == []
    assert any("needs_version" in s for s in statements)


def test_a_search_page_is_a_slice_of_the_full_ranking(engine: Engine, tmp_path: Path) -> None:
    """``needs_page(q=…)`` reads its page and count off the index; they agree with slicing the
    whole ranked list, at every offset, with many needs scoring alike and past the cap."""
    data_dir = tmp_path / "data"
    texts = ["용접 불량 검사", "용접 비전 검사 자동화", "불량 분석", "물류 배차"]
    rows = [_need(f"N{i}", texts[i % len(texts)]) for i in range(90)]
    with transaction(make_session_factory(engine)) as session:
        session.execute(insert(Need), rows)
    actor = Actor(username="staff", role="secretariat")
    with make_session_factory(engine)() as session:
        for query in ("용접 불량", "검사", "배차", "없는낱말"):
            ranked = [i for i, _ in search.search_need_ids(session, data_dir=data_dir, query=query)]
            for offset, limit in ((0, 50), (0, 7), (7, 7), (50, 50), (63, 10), (200, 5)):
                found = need_lists.needs_page(
                    session, actor=actor, q=query, limit=limit, offset=offset, data_dir=data_dir
                )
                assert [n.id for n in found.rows] == ranked[offset : offset + limit]
                assert found.total == len(ranked)
        page, total = search.search_need_page(
            session, data_dir=data_dir, query="검사", offset=10, limit=50, cap=30
        )
        ranked = [i for i, _ in search.search_need_ids(session, data_dir=data_dir, query="검사")]
        assert (page, total) == (ranked[10:30], 30)


def test_a_search_given_the_version_read_by_its_caller_does_not_read_it_again(
    engine: Engine, tmp_path: Path
) -> None:
    """The list page reads ``needs_version`` for its rows cache and hands it on: one read per
    search, and a version that moved still brings the index up to date."""
    data_dir = tmp_path / "data"
    factory = make_session_factory(engine)
    with transaction(factory) as session:
        session.execute(insert(Need), [_need("N1", "예지보전 진동 센서")])
    assert len(_hits(engine, data_dir, "진동")) == 1
    with transaction(factory) as session:
        session.execute(insert(Need), [_need("N2", "진동 분석 자동화")])
    actor = Actor(username="staff", role="secretariat")
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        statements.append(statement)

    with factory() as session:
        version = search.needs_version(session)
        event.listen(engine, "before_cursor_execute", record)
        try:
            found = need_lists.need_lines_page(
                session, actor=actor, q="진동", data_dir=data_dir, version=version
            )
        finally:
            event.remove(engine, "before_cursor_execute", record)
    assert found.total == 2
    assert not any("needs_version" in s for s in statements)
