"""Fixed-window rate limits stored in the database, so every app process shares them."""

from __future__ import annotations

import time

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from axpartners.db.tables import RateBucket
from axpartners.errors import RateLimited

__all__ = ["RateLimited", "hit"]


def hit(factory: sessionmaker[Session], *, key: str, limit: int, window_s: int = 60) -> None:
    """Count one event for ``key``; raise :class:`RateLimited` past ``limit`` in the window.

    Runs in its own short transaction so a rejected request still counts and a rolled-back
    business transaction does not undo the count.
    """
    window = int(time.time()) // window_s
    for _attempt in range(3):
        try:
            with factory() as session, session.begin():
                updated = session.execute(
                    update(RateBucket)
                    .where(RateBucket.key == key, RateBucket.window == window)
                    .values(count=RateBucket.count + 1)
                    .returning(RateBucket.count)
                ).scalar()
                if updated is None:
                    session.add(RateBucket(key=key, window=window, count=1))
                    session.execute(delete(RateBucket).where(RateBucket.window < window - 1))
                    updated = 1
            break
        except IntegrityError:
            continue  # another process inserted the bucket first: retry as an update
    else:
        updated = limit + 1
    if updated > limit:
        raise RateLimited(limit=limit)


def current(factory: sessionmaker[Session], *, key: str, window_s: int = 60) -> int:
    window = int(time.time()) // window_s
    with factory() as session:
        return (
            session.scalar(
                select(RateBucket.count).where(RateBucket.key == key, RateBucket.window == window)
            )
            or 0
        )
