"""Page numbers from the line layout that HWP and HWPX files store with each paragraph.

Hangul saves, for every body paragraph, the line segments it computed when the file was last
laid out (HWP ``HWPTAG_PARA_LINE_SEG``, HWPX ``hp:linesegarray/hp:lineseg``), each with its
vertical position from the top of the page body. Reading body paragraphs in order, a line
whose vertical position is above the previous line's starts a new page, and every section
starts on a new page. A multi-column layout restarts the position per column, so there the
count is of columns, not pages; files written by tools that store no layout get no pages.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from axpartners.policy.document import Block


class PageCounter:
    def __init__(self) -> None:
        self.page = 1
        self._prev: int | None = None
        self.has_layout = False

    def feed(self, positions: Iterable[int]) -> int:
        """Advance over one paragraph's line positions; return the page of its first line."""
        first: int | None = None
        for pos in positions:
            if self._prev is not None and pos < self._prev:
                self.page += 1
            self._prev = pos
            self.has_layout = True
            if first is None:
                first = self.page
        return first if first is not None else self.page

    def new_section(self) -> None:
        if self._prev is not None:
            self.page += 1
        self._prev = None


def with_page(blocks: list[Block], start: int, page: int) -> None:
    """Set ``page`` on ``blocks[start:]`` in place."""
    for i in range(start, len(blocks)):
        blocks[i] = dataclasses.replace(blocks[i], page=page)
