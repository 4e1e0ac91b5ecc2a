"""A serving process readies itself before its first request (web/warm.py)."""

from __future__ import annotations

import gc

import pytest

from axpartners.services import labelling
from axpartners.web.app import create_app
from axpartners.web.warm import warm_up

pytestmark = pytest.mark.integration


def test_warm_up_loads_the_classifier_and_freezes_the_heap(world):
    app = create_app(world.settings, engine=world.engine)
    labelling.reset_classifier()
    gc.unfreeze()
    try:
        warm_up(app)
        assert labelling.classifier_is_loaded()
        assert gc.get_freeze_count() > 10_000  # the taxonomy, analyser and app objects
    finally:
        gc.unfreeze()


def test_warm_up_serves_anyway_when_the_database_is_not_ready(world, tmp_path):
    settings = world.settings.model_copy(
        update={"database_url": f"sqlite:///{tmp_path / 'empty.db'}", "data_dir": tmp_path}
    )
    app = create_app(settings)
    try:
        warm_up(app)  # no tables yet: logged, not raised
    finally:
        gc.unfreeze()
        app.state.engine.dispose()
