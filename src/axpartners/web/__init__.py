"""The web app: server-rendered Korean pages (Jinja2 + HTMX) and the JSON API under /api/v1."""
