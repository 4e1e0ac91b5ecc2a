"""Ready a serving process before its first request: load the lazily built parts, then move
everything loaded so far out of the garbage collector's way.

The Korean analyser, the classifier and the taxonomy are built on first use (tests and the CLI
should not pay for them). A server pays once, here, instead of inside a visitor's request.
After that the process holds some 300,000 long-lived Python objects, and each full collection
walks all of them: about 165 ms on the 2-core reference machine, a stall every few seconds
under load that showed up as the p95 of every page (bench/bench_load.py). ``gc.freeze()``
(Python 3.7+) moves them to a permanent generation the collector no longer scans.
"""

from __future__ import annotations

import gc
import logging

from fastapi import FastAPI
from sqlalchemy.exc import SQLAlchemyError

from axpartners.services.labelling import classify_texts
from axpartners.taxonomy import load_taxonomy

log = logging.getLogger(__name__)

_SAMPLE = "용접 불량 검사를 비전 AI로 자동화하고 싶습니다."


def warm_up(app: FastAPI) -> None:
    load_taxonomy()
    try:
        with app.state.sessions() as session:
            classify_texts(session, [_SAMPLE])
    except SQLAlchemyError as err:  # e.g. a database not migrated yet: serve anyway
        log.warning("warm-up skipped the classifier: %s", err)
    gc.collect()
    gc.freeze()
