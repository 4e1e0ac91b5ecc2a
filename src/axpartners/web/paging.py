"""Page numbers for the long list pages (/needs, /partners): ``?page=N``, 50 rows a page.

A list page with 10,000 needs or 1,000 partners renders one page of rows and a count, not the
whole table (issue 8 §4: list pages stay fast under load). Filters stay in the page links.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlencode

from fastapi import Depends, Query, Request

PAGE_SIZE = 50


@dataclass(frozen=True, slots=True)
class Page:
    number: int
    size: int = PAGE_SIZE
    total: int = 0
    path: str = ""
    params: tuple[tuple[str, str], ...] = ()

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def first_row(self) -> int:
        return min(self.total, self.offset + 1)

    @property
    def last_row(self) -> int:
        return min(self.total, self.offset + self.size)

    def with_total(self, total: int) -> Page:
        return Page(self.number, self.size, total, self.path, self.params)

    def url(self, number: int) -> str:
        """The same list with the same filters, on page ``number``."""
        query = [(k, v) for k, v in self.params if k != "page" and v != ""]
        if number > 1:
            query.append(("page", str(number)))
        return f"{self.path}?{urlencode(query)}" if query else self.path

    @property
    def previous_url(self) -> str | None:
        return self.url(self.number - 1) if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        return self.url(self.number + 1) if self.number < self.pages else None


async def page_of(request: Request, page: Annotated[int, Query(ge=1, le=100_000)] = 1) -> Page:
    return Page(
        number=page,
        path=request.url.path,
        params=tuple((k, v) for k, v in request.query_params.multi_items()),
    )


PageDep = Annotated[Page, Depends(page_of)]
