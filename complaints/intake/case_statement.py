"""PostgreSQL: a new case without files as one statement, each table's rows sent as JSON.

The case's INSERT is a common table expression and every other table's rows are inserted from
it (`new_case.id`), and so is its "case.created" event on the audit trail
(`audit.chained_to_new_case`): the case, its filer, person, detention, charges, complaint
types, consents and event are one round trip instead of eight. Filed from a draft, the same
statement locks the draft first and deletes it last, so on a connection in autocommit it is
the whole filing and its commit (intake/sending.py). The rows travel as one JSON document per
table, which `json_populate_recordset` turns back into that table's own row type: the
statement is the same text for every complaint of a shape, with 15 or 16 parameters. (Sent as
some 130 separate values, the driver's conversion of the placeholders cost a worker about 1 ms
a complaint.) The server prepares it once per connection.

Each value in the JSON is what SQLAlchemy would send for its column (the column type's bind
processing: enums as their stored text, urgency as its rank, times as UTC), so the rows are
those one INSERT per table writes; tests/web/test_case_in_one_statement.py holds them equal.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date
from functools import cache
from typing import Any

import sqlalchemy as sa

from complaints import audit
from complaints.intake.new_case import Row
from complaints.models import Case, CaseComplaintType, Charge, Consent, Detention, Filer, Person

CASES: sa.Table = Case.__table__  # type: ignore[assignment]
# The tables a case's other rows go in, in the order they are written.
PARTS: tuple[sa.Table, ...] = tuple(
    model.__table__  # type: ignore[attr-defined]
    for model in (Filer, Person, Detention, Charge, CaseComplaintType, Consent)
)
_NOT_SENT = {"id", "case_id", "reference"}  # given by the database, the case, or drawn apart


@cache
def _defaulted(table: sa.Table, given: tuple[str, ...]) -> tuple[sa.Column, ...]:
    """The columns a plain INSERT of `given` would fill from Python-side defaults."""
    return tuple(
        column
        for column in table.c
        if column.name not in given
        and column.name not in _NOT_SENT
        and column.default is not None
        and (column.default.is_scalar or column.default.is_callable)
    )


def with_defaults(table: sa.Table, row: Row) -> Row:
    """The row with what its table's Python-side defaults give the columns it leaves out:
    SQLAlchemy fills those in for a plain INSERT, not for rows it never sees as rows."""
    filled = dict(row)
    for column in _defaulted(table, tuple(row)):
        default: Any = column.default
        filled[column.name] = default.arg(None) if default.is_callable else default.arg
    return filled


@cache
def processors(
    table: sa.Table, dialect: sa.Dialect, *, json_as_is: bool = False
) -> dict[str, Callable[[Any], Any] | None]:
    """Each column's bind processing on `dialect`; with `json_as_is`, none for JSON columns
    (their value then travels inside a JSON document as it is)."""
    return {
        column.name: None
        if json_as_is and isinstance(column.type, sa.JSON)
        else column.type.dialect_impl(dialect).bind_processor(dialect)
        for column in table.c
    }


def _plain(value: object) -> object:
    if isinstance(value, date):  # datetimes too: naive UTC by now, as the column keeps them
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} cannot be sent as JSON")


def document(table: sa.Table, rows: Sequence[Row], dialect: sa.Dialect) -> str:
    """The rows (their defaults filled in: `with_defaults`) as a JSON array of objects, each
    value as the column's type would send it."""
    process = processors(table, dialect, json_as_is=True)
    sent = []
    for row in rows:
        values = {}
        for name, value in row.items():
            processor = process[name]
            values[name] = value if processor is None or value is None else processor(value)
        sent.append(values)
    return json.dumps(sent, ensure_ascii=False, default=_plain)


def same_columns(rows: Sequence[Row]) -> tuple[str, ...]:
    """The columns every one of the rows sets (none for no rows); rows of one table written
    together must set the same ones."""
    if any(row.keys() != rows[0].keys() for row in rows):
        raise ValueError("rows of one table must set the same columns")
    return tuple(rows[0]) if rows else ()


def _columns(table: sa.Table, rows: Sequence[Row]) -> tuple[str, ...]:
    """The columns the rows set; every column when there are no rows."""
    if not rows:
        return tuple(column.name for column in table.c if column.name not in _NOT_SENT)
    return tuple(name for name in same_columns(rows) if name not in _NOT_SENT)


def shape(case: Row, parts: Sequence[Sequence[Row]]) -> tuple[tuple[str, ...], ...]:
    """The columns written to the case's table and to each of PARTS (the rows' defaults filled
    in): the statement's key."""
    return (
        _columns(CASES, [case]),
        *(_columns(t, rows) for t, rows in zip(PARTS, parts, strict=True)),
    )


@cache
def whole_case(columns: tuple[tuple[str, ...], ...], *, draft: bool = False) -> sa.TextClause:
    """The statement for complaints writing `columns` (`shape`), with the case's "case.created"
    event on the audit trail (`audit.chained_to_new_case`). Parameters: "reference", each
    table's rows as JSON under its name ("cases" holds the one case row), and the event's.
    Returns the case's id; no row when the reference was taken, and then nothing else is
    written either.

    With `draft`, the complaint is filed from the draft "draft_id", which the statement locks
    and deletes: nothing is written when that draft is gone (filed a moment ago by another
    request), and the draft stays when nothing is written. It then returns one row: the draft's
    id (none when it was gone) and the case's (none when nothing was written)."""
    case_columns, *part_columns = columns
    names = ", ".join(case_columns)
    locked = "locked, " if draft else ""
    parts = [
        f"new_case AS (INSERT INTO cases (reference, {names}) SELECT :reference, {names}"
        f" FROM {locked}json_populate_recordset(NULL::cases, CAST(:cases AS json))"
        " ON CONFLICT (reference) DO NOTHING RETURNING id)"
    ]
    if draft:
        parts.insert(0, "locked AS (SELECT id FROM drafts WHERE id = :draft_id FOR UPDATE)")
        parts.append("gone AS (DELETE FROM drafts USING new_case WHERE drafts.id = :draft_id)")
    for table, written in zip(PARTS, part_columns, strict=True):
        names = ", ".join(written)
        parts.append(
            f"{table.name}_rows AS (INSERT INTO {table.name} (case_id, {names})"
            f" SELECT new_case.id, {names} FROM new_case,"
            f" json_populate_recordset(NULL::{table.name}, CAST(:{table.name} AS json)))"
        )
    parts.append(audit.chained_to_new_case("new_case"))
    result = "(SELECT id FROM locked), (SELECT id FROM new_case)" if draft else "id FROM new_case"
    return sa.text(f"WITH {', '.join(parts)} SELECT {result}")
