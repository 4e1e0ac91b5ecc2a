"""One module per resource; each exposes ``router`` (pages) and/or ``api`` (JSON under /api/v1)."""
