"""The task queue: a Huey instance built from settings, plus a live progress board.

Huey (https://huey.readthedocs.io) is used with its embedded SQLite storage by default
(``<data_dir>/jobs.db``, no server) and its Redis storage when ``Settings.redis_url`` is set
(several worker machines). The queue name is derived from the database URL, so deployments
or test schemas sharing one Redis never see each other's tasks.

The :class:`ProgressBoard` keeps per-job progress, a heartbeat and the cancel flag in Huey's
key/value storage rather than the application database: a long job holds its database
transaction open until it commits (imports are all-or-nothing), and on SQLite that
transaction owns the write lock, so progress written to the same database could not be seen —
or even written — until the end.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass
from pathlib import Path

from huey import Huey, RedisHuey, SqliteHuey
from huey.constants import EmptyData

from axpartners.config import Settings


def queue_name(settings: Settings) -> str:
    """``axp-<8 hex>`` from the database URL: one queue per deployment (and per test schema)."""
    digest = hashlib.sha1(settings.database_url.encode("utf-8")).hexdigest()[:8]
    return f"axp-{digest}"


def make_huey(settings: Settings, *, name: str | None = None) -> Huey:
    """``RedisHuey`` when ``settings.redis_url`` is set, else ``SqliteHuey`` in ``data_dir``."""
    name = name or queue_name(settings)
    if settings.redis_url:
        return RedisHuey(name, url=settings.redis_url, results=False, utc=True)
    path = Path(settings.data_dir) / "jobs.db"
    path.parent.mkdir(parents=True, exist_ok=True)
    return SqliteHuey(name, filename=str(path), results=False, utc=True, timeout=30)


@dataclass(frozen=True, slots=True)
class Progress:
    """A snapshot of a running job: ``done`` of ``total`` units in ``stage``; ``beat`` = epoch s."""

    stage: str
    done: int
    total: int
    beat: float
    attempt: int = 0

    @property
    def fraction(self) -> float:
        return min(1.0, self.done / self.total) if self.total > 0 else 0.0


class ProgressBoard:
    """Progress, heartbeats and cancel flags of jobs, readable from any process."""

    def __init__(self, huey: Huey) -> None:
        self._storage = huey.storage

    @staticmethod
    def _key(kind: str, job_id: str) -> str:
        return f"axp:{kind}:{job_id}"

    def report(self, job_id: str, *, stage: str, done: int, total: int, attempt: int = 0) -> None:
        value = {
            "stage": stage,
            "done": done,
            "total": total,
            "beat": time.time(),
            "attempt": attempt,
        }
        self._storage.put_data(self._key("progress", job_id), json.dumps(value).encode("utf-8"))

    def beat(self, job_id: str) -> None:
        """Refresh the heartbeat, keeping the last reported stage and counts."""
        current = self.get(job_id)
        if current is None:
            self.report(job_id, stage="start", done=0, total=0)
        else:
            self.report(
                job_id,
                stage=current.stage,
                done=current.done,
                total=current.total,
                attempt=current.attempt,
            )

    def get(self, job_id: str) -> Progress | None:
        raw = self._storage.peek_data(self._key("progress", job_id))
        if raw is EmptyData:
            return None
        data = json.loads(raw)
        return Progress(
            stage=str(data["stage"]),
            done=int(data["done"]),
            total=int(data["total"]),
            beat=float(data["beat"]),
            attempt=int(data.get("attempt", 0)),
        )

    def request_cancel(self, job_id: str) -> None:
        self._storage.put_data(self._key("cancel", job_id), b"1")

    def cancel_requested(self, job_id: str) -> bool:
        return self._storage.peek_data(self._key("cancel", job_id)) is not EmptyData

    def clear(self, job_id: str) -> None:
        """Forget progress and the cancel flag once the job's final status is in the database."""
        self._storage.delete_data(self._key("progress", job_id))
        self._storage.delete_data(self._key("cancel", job_id))
