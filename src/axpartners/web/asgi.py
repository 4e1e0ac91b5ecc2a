"""ASGI entry point for ``uvicorn axpartners.web.asgi:app`` (settings from the environment)."""

from axpartners.web.app import create_app

app = create_app()
