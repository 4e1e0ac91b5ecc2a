"""Alembic migrations, shipped inside the package so ``axp init`` works from an install."""
