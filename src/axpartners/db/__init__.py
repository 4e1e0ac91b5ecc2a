"""Persistence: SQLAlchemy 2 tables, engine/session setup and Alembic migrations."""
