"""A new complaint written in one INSERT per table, or on PostgreSQL in one statement.

The rows come from `new_case.new_case` as plain values; no ORM object is built or added to the
session: the unit of work spent more time deciding, object by object, what to write than the
writing took, and on SQLite all of that time was spent holding the database's single write
lock. The case goes first (its id comes back), then its files, then every other row that
belongs to it. It all goes through the caller's session and commits or rolls back with the
rest. Never commits. The statements are built once per table and reused (SQLAlchemy then reuses
their compiled form without working out each one's cache key again).

On PostgreSQL a complaint without files is one statement: the case's INSERT is a common table
expression and every other row is inserted from it, so the whole case is one round trip to the
server instead of seven, each of which cost the app's worker and the server's backend their
own work (`_whole_case`; one statement per shape of complaint, built once).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import sqlalchemy as sa
import sqlalchemy.orm as so
from sqlalchemy.dialects import postgresql, sqlite

from complaints.intake.new_case import NewCase, Row
from complaints.models import (
    Attachment,
    AttachmentContent,
    Case,
    CaseComplaintType,
    Charge,
    Consent,
    Detention,
    Filer,
    Person,
)
from complaints.rules.identifiers import new_reference

_CASES: sa.Table = Case.__table__  # type: ignore[assignment]
# The case's row, unless its reference is already taken: then no row and no error, and the
# transaction goes on (a failed INSERT would abort it on PostgreSQL).
_NEW_CASE = {
    name: dialect.insert(_CASES)
    .on_conflict_do_nothing(index_elements=[_CASES.c.reference])
    .returning(_CASES.c.id)
    for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))
}


@dataclass(frozen=True)
class Written:
    case_id: int
    reference: str


@cache
def _insert(model: type, returning_id: bool = False) -> sa.Insert:
    table: sa.Table = model.__table__  # type: ignore[attr-defined]
    return sa.insert(table).returning(table.c.id) if returning_id else sa.insert(table)


def _insert_with_new_reference(
    connection: sa.Connection, statement: sa.Executable, values: Row
) -> Written:
    """Insert the case under a new random reference, and another while the one drawn is taken
    (40 random bits: a clash is rare; the unique index checks it in the same statement, which
    then returns no id)."""
    while True:
        reference = new_reference()
        new_id = connection.execute(statement, {**values, "reference": reference}).scalar()
        if new_id is not None:
            return Written(new_id, reference)


def _insert_all(connection: sa.Connection, model: type, rows: list[Row], case_id: int) -> None:
    """Rows of one table for the case, in one statement (several rows: executemany)."""
    if rows:
        if any(row.keys() != rows[0].keys() for row in rows):
            raise ValueError("rows of one table must set the same columns")
        connection.execute(_insert(model), [{**row, "case_id": case_id} for row in rows])


# What belongs to a case, in the order it is written, and the table each row goes in.
Part = tuple[type, Row]


def _parts(new: NewCase, authority: int | None = None) -> list[Part]:
    filer = (
        [] if new.filer is None else [(Filer, {**new.filer, "authority_attachment_id": authority})]
    )
    return [
        *filer,
        (Person, new.person),
        (Detention, new.detention),
        *((Charge, row) for row in new.charges),
        *((CaseComplaintType, row) for row in new.types),
        *((Consent, row) for row in new.consents),
    ]


@cache
def _defaulted(table: sa.Table, given: tuple[str, ...]) -> tuple[sa.Column, ...]:
    """The columns a plain INSERT of `given` would fill from Python-side defaults."""
    return tuple(
        column
        for column in table.c
        if column.name not in given
        and column.default is not None
        and (column.default.is_scalar or column.default.is_callable)
    )


def _with_defaults(table: sa.Table, row: Row) -> Row:
    """The row with what its table's Python-side defaults give the columns it leaves out:
    SQLAlchemy fills them in for a plain INSERT, not for one inside a common table expression."""
    filled = dict(row)
    for column in _defaulted(table, tuple(row)):
        default = column.default
        filled[column.name] = default.arg(None) if default.is_callable else default.arg  # type: ignore[union-attr]
    return filled


def _typed(table: sa.Table, name: str, column: str) -> sa.BindParameter:
    return sa.bindparam(name, type_=table.c[column].type)


@cache
def _whole_case(
    case_columns: tuple[str, ...], shape: tuple[tuple[type, tuple[str, ...]], ...]
) -> sa.Select:
    """PostgreSQL: the case and every row of it in one statement, for complaints of one `shape`
    (each row's table and columns). Its parameters: "reference", the case's column c as
    "c_{c}", and row i's column c as "r{i}_{c}". Returns the case's id; no row when the
    reference was taken, and then nothing else is written either (every other row is selected
    from the case's)."""
    # Not named as their columns: SQLAlchemy would take those for its own defaults' parameters.
    values = {name: _typed(_CASES, f"c_{name}", name) for name in case_columns}
    values["reference"] = _typed(_CASES, "reference", "reference")
    case = (
        postgresql.insert(_CASES)
        .values(values)
        .on_conflict_do_nothing(index_elements=[_CASES.c.reference])
        .returning(_CASES.c.id)
        .cte("new_case")
    )
    rows = []
    for index, (model, columns) in enumerate(shape):
        table: sa.Table = model.__table__  # type: ignore[attr-defined]
        picked = sa.select(case.c.id, *(_typed(table, f"r{index}_{c}", c) for c in columns))
        rows.append(sa.insert(table).from_select(["case_id", *columns], picked).cte(f"r{index}"))
    return sa.select(case.c.id).add_cte(*rows)


def write_in_one(connection: sa.Connection, new: NewCase) -> Written:
    """PostgreSQL, a case without files: everything in one statement (`_whole_case`)."""
    case = _with_defaults(_CASES, new.case)
    parts = [(model, _with_defaults(model.__table__, row)) for model, row in _parts(new)]
    statement = _whole_case(tuple(case), tuple((model, tuple(row)) for model, row in parts))
    values = {f"c_{column}": value for column, value in case.items()}
    for index, (_model, row) in enumerate(parts):
        values.update((f"r{index}_{column}", value) for column, value in row.items())
    return _insert_with_new_reference(connection, statement, values)


def write_table_by_table(connection: sa.Connection, new: NewCase) -> Written:
    """Any database, any case: the case, then each file, then one INSERT per other table."""
    written = _insert_with_new_reference(connection, _NEW_CASE[connection.dialect.name], new.case)
    case_id = written.case_id
    file_ids = []
    for row, ciphertext in new.attachments:
        attachment = {**row, "case_id": case_id}
        file_id = connection.execute(_insert(Attachment, True), attachment).scalar_one()
        connection.execute(
            _insert(AttachmentContent), {"attachment_id": file_id, "ciphertext": ciphertext}
        )
        file_ids.append(file_id)
    authority = file_ids[new.authority_file] if new.authority_file is not None else None
    parts = _parts(new, authority)
    for model in dict.fromkeys(model for model, _row in parts):  # each table once, in order
        _insert_all(connection, model, [row for of, row in parts if of is model], case_id)
    return written


def insert_new_case(session: so.Session, new: NewCase) -> Written:
    """Write a new case and everything it holds under a new random reference."""
    # The session's own connection and transaction, without the session's layer per statement
    # (plain inserts: nothing to flush first, no ORM result to build).
    connection = session.connection()
    if connection.dialect.name == "postgresql" and not new.attachments:
        return write_in_one(connection, new)
    return write_table_by_table(connection, new)
