"""ASGI entry point for ``uvicorn axpartners.web.asgi:app`` (settings from the environment).

Each worker process imports this module once, so the warm-up (``web/warm.py``) runs before the
worker accepts its first connection."""

from axpartners.web.app import create_app
from axpartners.web.warm import warm_up

app = create_app()
warm_up(app)
