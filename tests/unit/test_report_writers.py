"""Report tables and their CSV-ZIP and XLSX writers, read back with zipfile, csv and openpyxl."""

from __future__ import annotations

import csv
import io
import zipfile

import openpyxl
import pytest

from complaints.reports.tables import Chart, Table
from complaints.reports.writers import neutralise, write_csv_zip, write_xlsx

CASES = Table(
    key="cases_by_language",
    title="Casos por idioma",
    columns=("Idioma", "Nota", "Casos", "Media"),
    rows=(
        ("Español", '=HYPERLINK("http://evil.example")', 12, 2.5),
        ("English", "+1 555", -3, None),
        ("Français", "-2", 0, 0.25),
        ("Tiếng Việt", "@SUM(1)", 7, -1.5),
        ("中文", "\tx", 1, None),
        (None, "plain - text", 2, 3.0),
    ),
)
TREND = Table(
    key="monthly_trend",
    title="Monthly trend",
    columns=("Month", "Opened", "Closed"),
    rows=(("2024-01", 4, 1), ("2024-02", 6, 5), ("2024-03", 3, 7)),
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1 555", "'+1 555"),
        ("-2", "'-2"),
        ("@SUM(1)", "'@SUM(1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Español", "Español"),
        ("a=b", "a=b"),
        (" =1", " =1"),
        ("'=1", "'=1"),
        ("", ""),
        (-3, -3),
        (-1.5, -1.5),
        (0, 0),
        (None, None),
    ],
)
def test_neutralise(value, expected) -> None:
    result = neutralise(value)
    assert result == expected
    assert type(result) is type(expected)


# --- Table validation -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "key",
    ["", "Cases", "cases-by-language", "cases by language", "cases.csv", "ñ", "a" * 32, "x\n"],
)
def test_table_rejects_a_key_unfit_for_a_file_or_sheet_name(key: str) -> None:
    with pytest.raises(ValueError, match="table key"):
        Table(key=key, title="T", columns=("a",), rows=())


def test_table_accepts_a_31_character_key() -> None:
    assert Table(key="a" * 31, title="T", columns=("a",), rows=()).key == "a" * 31


def test_table_rejects_a_ragged_row() -> None:
    with pytest.raises(ValueError, match=r"row 2 has 3 cells, expected 2"):
        Table(key="t", title="T", columns=("a", "b"), rows=((1, 2), (1, 2, 3)))
    with pytest.raises(ValueError, match=r"row 1 has 1 cells, expected 2"):
        Table(key="t", title="T", columns=("a", "b"), rows=((1,),))


def test_table_rejects_no_columns() -> None:
    with pytest.raises(ValueError, match="no columns"):
        Table(key="t", title="T", columns=(), rows=())


def test_table_freezes_a_generator_of_rows_so_it_can_be_written_twice() -> None:
    table = Table(key="t", title="T", columns=["a", "b"], rows=([n, n * 2] for n in range(3)))
    assert table.columns == ("a", "b")
    assert table.rows == ((0, 0), (1, 2), (2, 4))


# --- CSV ZIP ----------------------------------------------------------------------------------


def read_zip(data: bytes) -> dict[str, list[list[str]]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert all(info.compress_type == zipfile.ZIP_DEFLATED for info in archive.infolist())
        return {
            name: list(csv.reader(io.StringIO(archive.read(name).decode("utf-8-sig"), newline="")))
            for name in archive.namelist()
        }


def test_csv_zip_holds_one_neutralised_csv_per_table() -> None:
    stream = io.BytesIO()
    write_csv_zip([CASES, TREND], stream)

    files = read_zip(stream.getvalue())

    assert list(files) == ["cases_by_language.csv", "monthly_trend.csv"]
    assert files["cases_by_language.csv"] == [
        ["Idioma", "Nota", "Casos", "Media"],
        ["Español", '\'=HYPERLINK("http://evil.example")', "12", "2.5"],
        ["English", "'+1 555", "-3", ""],
        ["Français", "'-2", "0", "0.25"],
        ["Tiếng Việt", "'@SUM(1)", "7", "-1.5"],
        ["中文", "'\tx", "1", ""],
        ["", "plain - text", "2", "3.0"],
    ]
    assert files["monthly_trend.csv"] == [
        ["Month", "Opened", "Closed"],
        ["2024-01", "4", "1"],
        ["2024-02", "6", "5"],
        ["2024-03", "3", "7"],
    ]


def test_csv_starts_with_a_bom_so_excel_reads_accents() -> None:
    stream = io.BytesIO()
    write_csv_zip([CASES], stream)
    with zipfile.ZipFile(io.BytesIO(stream.getvalue())) as archive:
        raw = archive.read("cases_by_language.csv")
    assert raw.startswith(b"\xef\xbb\xbfIdioma,")
    assert "Español".encode() in raw


def test_csv_zip_rejects_two_tables_with_one_key() -> None:
    with pytest.raises(ValueError, match="share the key 'monthly_trend'"):
        write_csv_zip([TREND, TREND], io.BytesIO())


# --- XLSX -------------------------------------------------------------------------------------


def load(tables, chart=None) -> openpyxl.Workbook:
    stream = io.BytesIO()
    write_xlsx(tables, stream, chart=chart)
    stream.seek(0)
    return openpyxl.load_workbook(stream)


def test_xlsx_has_a_sheet_per_table_with_title_header_and_data() -> None:
    workbook = load([CASES, TREND])

    assert workbook.sheetnames == ["cases_by_language", "monthly_trend"]
    sheet = workbook["cases_by_language"]
    assert sheet["A1"].value == "Casos por idioma"
    assert sheet["A1"].font.bold is True
    assert [cell.value for cell in sheet[2]] == ["Idioma", "Nota", "Casos", "Media"]
    assert all(cell.font.bold for cell in sheet[2])
    assert all(cell.fill.fill_type == "solid" for cell in sheet[2])
    assert sheet.freeze_panes == "A3"
    assert [[cell.value for cell in row] for row in sheet.iter_rows(min_row=3)] == [
        ["Español", '\'=HYPERLINK("http://evil.example")', 12, 2.5],
        ["English", "'+1 555", -3, None],
        ["Français", "'-2", 0, 0.25],
        ["Tiếng Việt", "'@SUM(1)", 7, -1.5],
        ["中文", "'\tx", 1, None],
        [None, "plain - text", 2, 3.0],
    ]
    assert sheet.max_row == 8


def test_xlsx_keeps_numbers_numeric_and_formulas_as_text() -> None:
    sheet = load([CASES])["cases_by_language"]
    assert sheet["C4"].value == -3
    assert sheet["C4"].data_type == "n"
    assert sheet["D3"].value == 2.5
    assert sheet["D3"].data_type == "n"
    # Not a formula: Excel would otherwise run the HYPERLINK.
    assert sheet["B3"].data_type == "s"
    assert sheet["B5"].data_type == "s"


def test_xlsx_sizes_columns_from_their_longest_value() -> None:
    long_note = "x" * 100
    table = Table(
        key="widths",
        title="A long title that does not size column A",
        columns=("Id", "Note"),
        rows=((1, "short"), (22, long_note)),
    )
    sheet = load([table])["widths"]
    assert sheet.column_dimensions["A"].width == 4  # "Id" plus padding
    assert sheet.column_dimensions["B"].width == 60  # capped
    cases = load([CASES])["cases_by_language"]
    assert all(cases.column_dimensions[letter].width > 0 for letter in "ABCD")
    assert cases.column_dimensions["B"].width == len('\'=HYPERLINK("http://evil.example")') + 2


def test_xlsx_drops_control_characters_openpyxl_refuses() -> None:
    table = Table(key="typed", title="Typed", columns=("Text",), rows=(("bell\x07 here",),))
    assert load([table])["typed"]["A3"].value == "bell here"


def test_xlsx_without_a_chart_has_no_chart_sheet() -> None:
    workbook = load([TREND])
    assert workbook.sheetnames == ["monthly_trend"]
    assert workbook["monthly_trend"]._charts == []


def test_xlsx_chart_sheet_holds_the_series_and_one_line_chart() -> None:
    workbook = load([CASES, TREND], chart=Chart(title="Cases per month", table_key="monthly_trend"))

    assert workbook.sheetnames == ["cases_by_language", "monthly_trend", "chart"]
    sheet = workbook["chart"]
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [
        ["Month", "Opened", "Closed"],
        ["2024-01", 4, 1],
        ["2024-02", 6, 5],
        ["2024-03", 3, 7],
    ]
    assert len(sheet._charts) == 1
    chart = sheet._charts[0]
    assert chart.tagname == "lineChart"
    assert [series.val.numRef.f for series in chart.series] == [
        "'chart'!$B$2:$B$4",
        "'chart'!$C$2:$C$4",
    ]
    assert chart.series[0].cat.numRef.f == "'chart'!$A$2:$A$4"


def test_xlsx_rejects_a_chart_of_an_unknown_table() -> None:
    with pytest.raises(ValueError, match="unknown table 'nope'"):
        write_xlsx([TREND], io.BytesIO(), chart=Chart(title="T", table_key="nope"))


def test_xlsx_rejects_a_chart_with_no_series() -> None:
    table = Table(key="months", title="Months", columns=("Month",), rows=(("2024-01",),))
    with pytest.raises(ValueError, match="no series"):
        write_xlsx([table], io.BytesIO(), chart=Chart(title="T", table_key="months"))


def test_xlsx_rejects_a_table_that_would_clash_with_the_chart_sheet() -> None:
    clash = Table(key="chart", title="Chart", columns=("a", "b"), rows=())
    with pytest.raises(ValueError, match="clashes with the chart sheet"):
        write_xlsx([clash, TREND], io.BytesIO(), chart=Chart(title="T", table_key="monthly_trend"))


def test_xlsx_rejects_duplicate_keys_and_no_tables() -> None:
    with pytest.raises(ValueError, match="share the key"):
        write_xlsx([TREND, TREND], io.BytesIO())
    with pytest.raises(ValueError, match="at least one table"):
        write_xlsx([], io.BytesIO())
