"""HTML: stdlib ``html.parser``; block elements become blocks, ``<table>`` rows, no script/style."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from axpartners.policy.document import Block, ExtractedDocument, table_block

_DROP = {"script", "style", "noscript", "template", "svg", "head"}
_BLOCK = {
    "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "section", "article",
    "header", "footer", "blockquote", "pre", "dt", "dd", "ul", "ol", "hr", "caption",
}  # fmt: skip
_SPACE = re.compile(r"[ \t\r\f\v\u00a0]+")


@dataclass(slots=True)
class _Frame:
    """An open ``<table>``: finished rows and the text of the open cell."""

    rows: list[list[str]] = field(default_factory=list)
    cell: list[str] | None = None


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.title = ""
        self._buf: list[str] = []
        self._drop = 0
        self._in_title = False
        self._heading: int | None = None
        self._tables: list[_Frame] = []

    def _flush(self) -> None:
        text = _SPACE.sub(" ", "".join(self._buf)).strip()
        self._buf = []
        if not text:
            return
        frame = self._tables[-1] if self._tables else None
        if frame is not None and frame.cell is not None:
            frame.cell.append(text)
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
            self._tables.append(_Frame())
        elif tag == "tr" and self._tables:
            self._tables[-1].rows.append([])
        elif tag in ("td", "th") and self._tables:
            frame = self._tables[-1]
            if not frame.rows:
                frame.rows.append([])
            frame.cell = []

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
        elif tag in ("td", "th") and self._tables and self._tables[-1].cell is not None:
            frame = self._tables[-1]
            frame.rows[-1].append(" ".join(frame.cell or []))
            frame.cell = None
        elif tag == "table" and self._tables:
            block = table_block(self._tables.pop().rows)
            outer = self._tables[-1] if self._tables else None
            if block.rows and outer is not None and outer.cell is not None:
                outer.cell.append(block.text.replace("\n", " / "))
            elif block.rows:
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
    blocks = parser.blocks
    title = parser.title.strip()
    top = [i for i, b in enumerate(blocks) if b.kind == "heading" and b.level == 1]
    if len(top) == 1 and top[0] == 0:
        # A single leading <h1> is the page title, not a chapter of the outline.
        title = title or blocks[0].text
        blocks[0] = Block(kind="paragraph", text=blocks[0].text)
    return ExtractedDocument(filename=filename, format="html", blocks=tuple(blocks), title=title)
