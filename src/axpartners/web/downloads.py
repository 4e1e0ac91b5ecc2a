"""File downloads shared by every list page: CSV (UTF-8 with BOM, for Korean Excel) or XLSX."""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import Response

from axpartners.errors import InputError
from axpartners.io.tables import write_csv, write_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_response(
    header: Sequence[str], rows: Sequence[Sequence[object]], *, name: str, fmt: str
) -> Response:
    """CSV or XLSX download of a list; any other format is an input error."""
    if fmt == "xlsx":
        return Response(
            write_xlsx(header, rows, title=name[:31]),
            media_type=XLSX,
            headers={"content-disposition": f'attachment; filename="{name}.xlsx"'},
        )
    if fmt != "csv":
        raise InputError("import.bad_value", column="format", value=fmt, hint="csv, xlsx")
    return Response(
        write_csv(header, rows),
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="{name}.csv"'},
    )
