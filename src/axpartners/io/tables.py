"""Tabular files in, tabular files out: CSV (UTF-8 with/without BOM, CP949/EUC-KR) and XLSX.

Every reader returns a :class:`Table` of header + rows of strings with 1-based source row
numbers (row 1 is the header), so validators can say exactly where a value came from.
Errors are :class:`~axpartners.errors.InputError` with ``file``, ``row`` and ``column``.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from axpartners.errors import InputError

MAX_TABLE_BYTES = 20 * 1024 * 1024
"""Default upload limit for one table file (20 MB)."""
MAX_XLSX_UNCOMPRESSED = 200 * 1024 * 1024
"""Refuse XLSX archives that would inflate beyond this (zip-bomb guard)."""
_ENCODINGS = ("utf-8-sig", "cp949")


@dataclass(frozen=True, slots=True)
class Table:
    """A header and rows of stripped strings; ``row_numbers[i]`` is the file row of ``rows[i]``."""

    name: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    row_numbers: tuple[int, ...]

    def records(self) -> Iterator[tuple[int, dict[str, str]]]:
        """``(file_row, {column: value})`` for every data row."""
        for number, row in zip(self.row_numbers, self.rows, strict=True):
            yield number, dict(zip(self.header, row, strict=True))

    def require(self, *columns: str) -> None:
        """Raise ``import.missing_column`` for the first required column that is absent."""
        for column in columns:
            if column not in self.header:
                raise InputError(
                    "import.missing_column",
                    file=self.name,
                    row=1,
                    column=column,
                    found=", ".join(self.header),
                )


def decode_text(data: bytes, *, name: str) -> str:
    """Decode CSV bytes as UTF-8 (BOM optional) or CP949, whichever is valid."""
    for encoding in _ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError("import.bad_encoding", file=name)


def read_table(
    data: bytes, *, name: str, max_bytes: int = MAX_TABLE_BYTES, sheet: str | None = None
) -> Table:
    """Parse CSV or XLSX bytes (detected from content, not only the name)."""
    if len(data) > max_bytes:
        raise InputError(
            "import.too_large",
            file=name,
            size_mb=round(len(data) / 2**20, 1),
            limit_mb=max_bytes // 2**20,
        )
    if not data.strip():
        raise InputError("import.empty", file=name)
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(data, name=name, sheet=sheet)
    return _read_csv(decode_text(data, name=name), name=name)


def read_table_file(path: Path | str, **kwargs: object) -> Table:
    """:func:`read_table` for a path; a missing file is an ``import.no_file`` error."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError("import.no_file", file=str(path), detail=exc.strerror or "") from exc
    return read_table(data, name=path.name, **kwargs)  # type: ignore[arg-type]


def _clean_header(cells: Sequence[object], *, name: str) -> tuple[str, ...]:
    header = tuple(str(c if c is not None else "").strip().lstrip("\ufeff") for c in cells)
    seen: set[str] = set()
    for position, column in enumerate(header, start=1):
        if column and column in seen:
            raise InputError("import.duplicate_column", file=name, row=1, column=column)
        if not column and position == 1:
            raise InputError("import.empty_header", file=name, row=1)
        seen.add(column)
    return header


def _finish(
    name: str, header: tuple[str, ...], raw: Iterable[tuple[int, Sequence[object]]]
) -> Table:
    rows: list[tuple[str, ...]] = []
    numbers: list[int] = []
    width = len(header)
    for number, cells in raw:
        values = tuple("" if c is None else str(c).strip() for c in cells)
        if not any(values):
            continue
        if len(values) > width and any(values[width:]):
            raise InputError(
                "import.extra_cells", file=name, row=number, expected=width, found=len(values)
            )
        values = (values + ("",) * width)[:width]
        rows.append(values)
        numbers.append(number)
    return Table(name=name, header=header, rows=tuple(rows), row_numbers=tuple(numbers))


def _read_csv(text: str, *, name: str) -> Table:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        first = next(reader, None)
        if first is None:
            raise InputError("import.empty", file=name)
        header = _clean_header(first, name=name)
        body: list[tuple[int, list[str]]] = []
        start = reader.line_num + 1
        for row in reader:
            # A quoted field may span lines: report the line where the record starts.
            body.append((start, row))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputError("import.bad_csv", file=name, row=reader.line_num, detail=str(exc)) from exc
    return _finish(name, header, body)


def _read_xlsx(data: bytes, *, name: str, sheet: str | None) -> Table:
    import openpyxl  # lazy: openpyxl takes ~0.3 s to import; CSV files never need it

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            inflated = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise InputError("import.bad_xlsx", file=name, detail=str(exc)) from exc
    if inflated > MAX_XLSX_UNCOMPRESSED:
        raise InputError("import.zip_bomb", file=name, limit_mb=MAX_XLSX_UNCOMPRESSED // 2**20)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many unrelated types for a broken workbook
        raise InputError("import.bad_xlsx", file=name, detail=type(exc).__name__) from exc
    worksheet = book[sheet] if sheet else book.worksheets[0]
    rows = worksheet.iter_rows(values_only=True)
    first = next(rows, None)
    if first is None:
        raise InputError("import.empty", file=name)
    header = _clean_header(first, name=name)
    table = _finish(name, header, ((n, r) for n, r in enumerate(rows, start=2)))
    book.close()
    return table


def write_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """UTF-8 CSV with BOM (so Korean Excel opens it correctly), RFC 4180 quoting."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(["" if v is None else v for v in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_xlsx(
    header: Sequence[str], rows: Iterable[Sequence[object]], *, title: str = "data"
) -> bytes:
    """A one-sheet XLSX workbook."""
    import openpyxl  # lazy: openpyxl takes ~0.3 s to import; CSV exports never need it

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    sheet.append(list(header))
    for row in rows:
        sheet.append(["" if v is None else v for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
