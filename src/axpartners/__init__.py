"""AX Partners: offline-first, Korean-first software for a regional AI-transformation council."""

__version__ = "0.1.0"
