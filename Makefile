# The README's two commands are `make run` and `make test`.
.PHONY: run setup setup-dev test test-quick e2e lint fix typecheck bench

run: setup
	.venv/bin/axp init
	.venv/bin/axp demo
	.venv/bin/axp serve --host 127.0.0.1 --port 8000

setup:
	bash scripts/setup.sh

setup-dev:
	bash scripts/setup.sh --dev

# Whole suite: unit, integration (SQLite and PostgreSQL), browser tests.
test: setup-dev
	.venv/bin/python -m pytest -n auto --dist loadgroup -q

# Quick local loop without the browser.
test-quick:
	.venv/bin/python -m pytest -n auto -q -m "not e2e"

e2e:
	.venv/bin/python -m pytest -q -m e2e

lint:
	.venv/bin/ruff check src tests bench
	.venv/bin/ruff format --check src tests bench
	.venv/bin/mypy src

fix:
	.venv/bin/ruff check --fix src tests bench
	.venv/bin/ruff format src tests bench

bench:
	.venv/bin/python bench/run_all.py
