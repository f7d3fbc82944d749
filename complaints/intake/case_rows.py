"""A new complaint written in one INSERT per table, or on PostgreSQL in one statement.

The rows come from `new_case.new_case` as plain values; no ORM object is built or added to the
session: the unit of work spent more time deciding, object by object, what to write than the
writing took, and on SQLite all of that time was spent holding the database's single write
lock. The case goes first (its id comes back), then its files, then every other row that
belongs to it. It all goes through the caller's session and commits or rolls back with the
rest. Never commits. The statements' text is built once per table and set of columns, and the
rows go to the database driver as it takes them (row_inserts.py).

On PostgreSQL a complaint without files is one statement instead of seven (case_statement.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import sqlalchemy as sa
import sqlalchemy.orm as so

from complaints.intake import case_statement, row_inserts
from complaints.intake.new_case import NewCase, Row
from complaints.models import Attachment, AttachmentContent
from complaints.rules.identifiers import new_reference

_ATTACHMENTS: sa.Table = Attachment.__table__  # type: ignore[assignment]
_CONTENTS: sa.Table = AttachmentContent.__table__  # type: ignore[assignment]


@dataclass(frozen=True)
class Written:
    case_id: int
    reference: str


@cache
def _insert(table: sa.Table, returning_id: bool = False) -> sa.Insert:
    return sa.insert(table).returning(table.c.id) if returning_id else sa.insert(table)


def _with_new_reference(insert: Callable[[str], int | None]) -> Written:
    """Insert the case under a new random reference, and another while the one drawn is taken
    (40 random bits: a clash is rare; the unique index checks it in the same statement, which
    then writes nothing and returns no id)."""
    while True:
        reference = new_reference()
        new_id = insert(reference)
        if new_id is not None:
            return Written(new_id, reference)


def _parts(new: NewCase, authority: int | None = None) -> list[list[Row]]:
    """The case's other rows, table by table in the order of `case_statement.PARTS`."""
    filer = [] if new.filer is None else [{**new.filer, "authority_attachment_id": authority}]
    return [filer, [new.person], [new.detention], new.charges, new.types, new.consents]


def whole_case(new: NewCase, dialect: sa.Dialect) -> tuple[sa.TextClause, Row]:
    """PostgreSQL, a case without files: its one statement (case_statement.py) and values,
    the reference aside. Every row's defaults are filled in once, for both."""
    fill = case_statement.with_defaults
    case = fill(case_statement.CASES, new.case)
    parts = [
        [fill(table, row) for row in rows]
        for table, rows in zip(case_statement.PARTS, _parts(new), strict=True)
    ]
    values = {"cases": case_statement.document(case_statement.CASES, [case], dialect)}
    for table, rows in zip(case_statement.PARTS, parts, strict=True):
        values[table.name] = case_statement.document(table, rows, dialect)
    return case_statement.whole_case(case_statement.shape(case, parts)), values


def write_in_one(connection: sa.Connection, new: NewCase) -> Written:
    """PostgreSQL, a case without files: everything in one statement."""
    statement, values = whole_case(new, connection.dialect)
    return _with_new_reference(
        lambda reference: connection.execute(statement, {**values, "reference": reference}).scalar()
    )


def write_table_by_table(connection: sa.Connection, new: NewCase) -> Written:
    """Any database, any case: the case, then each file, then one INSERT per other table, the
    rows sent as the driver takes them (row_inserts.py)."""
    case = case_statement.with_defaults(case_statement.CASES, new.case)
    written = _with_new_reference(
        lambda reference: row_inserts.insert_case(connection, case, reference)
    )
    case_id = written.case_id
    file_ids = []
    for row, ciphertext in new.attachments:
        attachment = {**row, "case_id": case_id}
        file_id = connection.execute(_insert(_ATTACHMENTS, True), attachment).scalar_one()
        connection.execute(_insert(_CONTENTS), {"attachment_id": file_id, "ciphertext": ciphertext})
        file_ids.append(file_id)
    authority = file_ids[new.authority_file] if new.authority_file is not None else None
    for table, rows in zip(case_statement.PARTS, _parts(new, authority), strict=True):
        row_inserts.insert_rows(connection, table, [{**row, "case_id": case_id} for row in rows])
    return written


def insert_new_case(session: so.Session, new: NewCase) -> Written:
    """Write a new case and everything it holds under a new random reference."""
    # The session's own connection and transaction, without the session's layer per statement
    # (plain inserts: nothing to flush first, no ORM result to build).
    connection = session.connection()
    if connection.dialect.name == "postgresql" and not new.attachments:
        return write_in_one(connection, new)
    return write_table_by_table(connection, new)
