"""File writers for report tables: a ZIP of CSVs and an Excel workbook.

They take `Table`s and a binary stream and know nothing of models, queries or Flask.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence
from typing import TYPE_CHECKING, BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.chart import LineChart, Reference
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from complaints.reports.tables import Cell, Chart, Table

if TYPE_CHECKING:
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

# Spreadsheet programs run a cell that starts with one of these as a formula (OWASP CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
CHART_SHEET = "chart"
MAX_COLUMN_WIDTH = 60
FIRST_DATA_ROW = 3

_BOLD = Font(bold=True)
_HEADER_FILL = PatternFill(fill_type="solid", start_color="FFD9D9D9", end_color="FFD9D9D9")


def neutralise(value: Cell) -> Cell:
    """Return `value` safe to open in a spreadsheet: a string that would start a formula gets a
    leading apostrophe; numbers (negative ones included), None and other strings are unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def write_csv_zip(tables: Sequence[Table], stream: BinaryIO) -> None:
    """Write a deflated ZIP to `stream` holding `<key>.csv` per table: UTF-8 with a BOM (so Excel
    reads accents), the column names as the header row, every cell neutralised, None as empty.
    Raises `ValueError` if two tables share a key."""
    _check_unique_keys(tables)
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for table in tables:
            text = io.StringIO()
            writer = csv.writer(text)
            writer.writerow([neutralise(name) for name in table.columns])
            writer.writerows([neutralise(value) for value in row] for row in table.rows)
            archive.writestr(f"{table.key}.csv", text.getvalue().encode("utf-8-sig"))


def write_xlsx(tables: Sequence[Table], stream: BinaryIO, chart: Chart | None = None) -> None:
    """Write an Excel workbook to `stream`, streamed in openpyxl's write-only mode.

    One sheet per table, named by its key: the title in bold in A1, bold shaded column names in
    row 2 and the data from row 3, panes frozen below the header, columns sized to their longest
    value (at most 60). Strings are neutralised and numbers stay numeric. With `chart`, a sheet
    named "chart" holds a copy of the referenced table and a line chart of its numeric columns
    by its first column. Raises `ValueError` if there are no tables, two tables share a key, a
    table is keyed "chart" while a chart is asked for, or the chart names an unknown table
    or one with no series column.
    """
    if not tables:
        raise ValueError("a workbook needs at least one table")
    _check_unique_keys(tables)
    charted = None if chart is None else _charted_table(tables, chart)

    workbook = Workbook(write_only=True)
    for table in tables:
        _write_table_sheet(workbook, table)
    if chart is not None and charted is not None:
        _write_chart_sheet(workbook, charted, chart)
    workbook.save(stream)


def _write_table_sheet(workbook: Workbook, table: Table) -> None:
    sheet = workbook.create_sheet(title=table.key)
    # Write-only sheets emit the view and column widths before the first row, so set them now.
    sheet.freeze_panes = f"A{FIRST_DATA_ROW}"
    _set_column_widths(sheet, table)
    sheet.append([_styled(sheet, _xlsx_value(table.title), font=_BOLD)])
    sheet.append(
        [_styled(sheet, _xlsx_value(name), font=_BOLD, fill=_HEADER_FILL) for name in table.columns]
    )
    for row in table.rows:
        sheet.append([_xlsx_value(value) for value in row])


def _write_chart_sheet(workbook: Workbook, table: Table, chart: Chart) -> None:
    # A chart's series must point at cells, so the sheet carries its own copy of the data.
    sheet = workbook.create_sheet(title=CHART_SHEET)
    _set_column_widths(sheet, table)
    sheet.append([_styled(sheet, _xlsx_value(name), font=_BOLD) for name in table.columns])
    for row in table.rows:
        sheet.append([_xlsx_value(value) for value in row])

    last_row = len(table.rows) + 1
    line = LineChart()
    line.title = chart.title
    series = Reference(sheet, min_col=2, max_col=len(table.columns), min_row=1, max_row=last_row)
    line.add_data(series, titles_from_data=True)
    line.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=last_row))
    sheet.add_chart(line, f"{get_column_letter(len(table.columns) + 2)}2")


def _set_column_widths(sheet: WriteOnlyWorksheet, table: Table) -> None:
    for index, name in enumerate(table.columns):
        longest = max([_display_length(name)] + [_display_length(row[index]) for row in table.rows])
        width = min(longest + 2, MAX_COLUMN_WIDTH)
        sheet.column_dimensions[get_column_letter(index + 1)].width = width


def _display_length(value: Cell) -> int:
    value = _xlsx_value(value)
    if value is None:
        return 0
    return max(len(line) for line in str(value).splitlines() or [""])


def _xlsx_value(value: Cell) -> Cell:
    if isinstance(value, str):
        # openpyxl refuses XML control characters; a stray one typed into a form must not
        # make the whole export fail.
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return neutralise(value)


def _styled(
    sheet: WriteOnlyWorksheet, value: Cell, *, font: Font, fill: PatternFill | None = None
) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = font
    if fill is not None:
        cell.fill = fill
    return cell


def _check_unique_keys(tables: Sequence[Table]) -> None:
    seen: set[str] = set()
    for table in tables:
        if table.key in seen:
            raise ValueError(f"two tables share the key {table.key!r}")
        seen.add(table.key)


def _charted_table(tables: Sequence[Table], chart: Chart) -> Table:
    if any(table.key == CHART_SHEET for table in tables):
        raise ValueError(f"a table keyed {CHART_SHEET!r} clashes with the chart sheet")
    for table in tables:
        if table.key == chart.table_key:
            if len(table.columns) < 2:
                raise ValueError(f"chart table {table.key!r} has no series after its categories")
            return table
    raise ValueError(f"chart refers to unknown table {chart.table_key!r}")
