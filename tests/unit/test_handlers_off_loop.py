"""No request handler does database work on the event loop.

A handler declared ``async def`` runs on the server's only event loop: a query that waits (a
SQLite write lock, a PostgreSQL row lock, a slow import) would stall every other request, which
is what froze the server under load before (bench/bench_load.py). Such handlers may await the
request body, but must hand the session to ``run_in_threadpool``; everything else is a plain
``def`` (FastAPI runs it in its thread pool), with ``security.CsrfForm`` for posted forms.
"""

from __future__ import annotations

import ast
import inspect
import textwrap

from fastapi.routing import APIRoute

from axpartners.web.app import route_modules

ALLOWED_ON_LOOP = {"rollback"}  # a rollback after a refused write: local, never waits on a lock


def _async_endpoints() -> list[tuple[str, object]]:
    found = []
    for module in route_modules():
        for router in (getattr(module, "router", None), getattr(module, "api", None)):
            for route in getattr(router, "routes", []):
                if isinstance(route, APIRoute) and inspect.iscoroutinefunction(route.endpoint):
                    found.append((f"{module.__name__}:{route.endpoint.__name__}", route.endpoint))
    return found


def _session_uses_on_loop(function: object) -> list[str]:
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))  # type: ignore[arg-type]
    problems = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        callee = ast.unparse(node.func)
        if callee.endswith("run_in_threadpool"):
            continue
        arguments = [*node.args, *(k.value for k in node.keywords)]
        if any(isinstance(a, ast.Name) and a.id == "db" for a in arguments):
            problems.append(f"{callee}(db, …) at line {node.lineno}")
        if callee.startswith("db.") and callee[3:] not in ALLOWED_ON_LOOP:
            problems.append(f"{callee}() at line {node.lineno}")
    return problems


def test_async_handlers_leave_the_session_to_the_thread_pool() -> None:
    endpoints = _async_endpoints()
    assert len(endpoints) >= 5  # uploads and the login still read their bodies on the loop
    offenders = {name: p for name, f in endpoints if (p := _session_uses_on_loop(f))}
    assert not offenders, offenders


def test_the_check_catches_a_handler_that_queries_on_the_loop() -> None:
    async def bad(db, service):  # type: ignore[no-untyped-def]
        return service.needs_page(db, limit=5)

    async def good(db, service, run_in_threadpool):  # type: ignore[no-untyped-def]
        return await run_in_threadpool(service.needs_page, db, limit=5)

    assert _session_uses_on_loop(bad) == ["service.needs_page(db, …) at line 2"]
    assert _session_uses_on_loop(good) == []
