"""HTML: stdlib ``html.parser``; block elements become blocks, ``<table>`` rows, no script/style."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from axpartners.policy.document import Block, ExtractedDocument, table_block

_DROP = {"script", "style", "noscript", "template", "svg", "head"}
_BLOCK = {
    "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "section", "article",
    "header", "footer", "blockquote", "pre", "dt", "dd", "ul", "ol", "hr", "caption",
}  # fmt: skip
_SPACE = re.compile(r"[ \t\r\f\v\u00a0]+")


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.title = ""
        self._buf: list[str] = []
        self._drop = 0
        self._in_title = False
        self._heading: int | None = None
        self._tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None

    def _flush(self) -> None:
        text = _SPACE.sub(" ", "".join(self._buf)).strip()
        self._buf = []
        if not text:
            return
        if self._cell is not None:
            self._cell.append(text)
            return
        if self._heading:
            self.blocks.append(Block(kind="heading", text=text, level=self._heading))
        else:
            self.blocks.append(Block(kind="paragraph", text=text))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:  # noqa: ARG002
        if tag in _DROP:
            self._drop += 1
            return
        if tag == "title":
            self._in_title = True
            return
        if tag in _BLOCK or tag in ("table", "tr", "td", "th"):
            self._flush()
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._heading = int(tag[1])
        elif tag == "table":
            self._tables.append([])
        elif tag == "tr" and self._tables:
            self._tables[-1].append([])
        elif tag in ("td", "th") and self._tables:
            if not self._tables[-1]:
                self._tables[-1].append([])
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP:
            self._drop = max(0, self._drop - 1)
            return
        if tag == "title":
            self._in_title = False
            return
        if tag in _BLOCK or tag in ("table", "tr", "td", "th"):
            self._flush()
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._heading = None
        elif tag in ("td", "th") and self._cell is not None and self._tables:
            self._tables[-1][-1].append(" ".join(self._cell))
            self._cell = None
        elif tag == "table" and self._tables:
            rows = self._tables.pop()
            block = table_block(rows)
            if block.rows:
                if self._tables and self._cell is not None:
                    self._cell.append(block.text)
                else:
                    self.blocks.append(block)

    def handle_data(self, data: str) -> None:
        if self._drop:
            return
        if self._in_title:
            self.title += data
            return
        self._buf.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def extract_html(text: str, *, filename: str) -> ExtractedDocument:
    parser = _Parser()
    parser.feed(text)
    parser.close()
    return ExtractedDocument(
        filename=filename, format="html", blocks=tuple(parser.blocks), title=parser.title.strip()
    )
