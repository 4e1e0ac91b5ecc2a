"""The API description is a public contract: ``/api/v1/openapi.json`` must equal the stored copy.

The stored copy is ``tests/data/api/openapi.json``. A change to the API made on purpose (a new
route, a new field) regenerates it with one command and says so in its commit message::

    PYTHONPATH=src python -m tests.unit.test_openapi_snapshot --write

Any other difference is a regression of the contract (SPEC: keep old forms working, only extend).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from sqlalchemy import create_engine

from axpartners.config import Settings
from axpartners.web.app import create_app

SNAPSHOT = Path(__file__).resolve().parents[1] / "data" / "api" / "openapi.json"
REGENERATE = "PYTHONPATH=src python -m tests.unit.test_openapi_snapshot --write"


def current_openapi() -> str:
    """The served description, serialised stably (keys in the order FastAPI emits them)."""
    # Defaults only: the description must not depend on a deployment's settings.
    settings = Settings(database_url="sqlite://")
    app = create_app(settings, engine=create_engine("sqlite://"))
    return json.dumps(app.openapi(), ensure_ascii=False, indent=2) + "\n"


def test_openapi_equals_the_stored_copy() -> None:
    stored = SNAPSHOT.read_text(encoding="utf-8")
    current = current_openapi()
    if current != stored:
        old, new = json.loads(stored), json.loads(current)
        added = sorted(set(new["paths"]) - set(old["paths"]))
        removed = sorted(set(old["paths"]) - set(new["paths"]))
        raise AssertionError(
            "OpenAPI differs from tests/data/api/openapi.json "
            f"(paths added {added}, removed {removed}; other changes are in schemas or "
            f"operations). If the change is on purpose, regenerate with: {REGENERATE}"
        )


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit(f"usage: {REGENERATE}")
    SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
    SNAPSHOT.write_text(current_openapi(), encoding="utf-8")
    print(f"wrote {SNAPSHOT}")
