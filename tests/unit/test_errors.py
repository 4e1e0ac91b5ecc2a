"""Each class of the error tree carries its HTTP status and exit code (errors.py)."""

from __future__ import annotations

import pytest

from axpartners import errors as e


@pytest.mark.parametrize(
    ("err", "logged_in", "anonymous"),
    [
        (e.InputError("import.empty"), 422, 422),
        (e.InputError("import.empty", file="a.csv"), 400, 400),
        (e.UploadTooLarge(file="", size_mb=3, limit_mb=1), 413, 413),
        (e.NotFound(), 404, 404),
        (e.Conflict(), 409, 409),
        (e.PermissionDenied(), 403, 401),
        (e.InvalidLogin(), 403, 401),
        (e.CsrfError(), 403, 403),
        (e.RateLimited(limit=5), 429, 429),
        (e.LoginThrottled(), 429, 429),
        (e.AnalyticsError(), 400, 400),
        (e.UpstreamFailed("planning.llm_failed"), 502, 502),
    ],
)
def test_status_of_each_class(err: e.AxError, logged_in: int, anonymous: int) -> None:
    assert err.status(authenticated=True) == logged_in
    assert err.status(authenticated=False) == anonymous
    assert err.exit_code == e.EXIT_USER_ERROR == 2


def test_every_error_class_of_the_product_lives_in_errors_py() -> None:
    def subclasses(cls: type[e.AxError]) -> set[type[e.AxError]]:
        return {c for s in cls.__subclasses__() for c in {s, *subclasses(s)}}

    import axpartners.web.app  # noqa: F401 - loads every module that could define one

    outside = sorted(c.__qualname__ for c in subclasses(e.AxError) if c.__module__ != e.__name__)
    assert outside == []
