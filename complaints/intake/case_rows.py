"""A new complaint written in one INSERT per table.

The rows come from `new_case.new_case` as plain values; no ORM object is built or added to the
session: the unit of work spent more time deciding, object by object, what to write than the
writing took, and on SQLite all of that time was spent holding the database's single write
lock. The case goes first (its id comes back), then its files, then every other row that
belongs to it. It all goes through the caller's session and commits or rolls back with the
rest. Never commits. The statements are built once per table and reused (SQLAlchemy then reuses
their compiled form without working out each one's cache key again).
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


def _insert_with_new_reference(connection: sa.Connection, row: Row) -> Written:
    """Insert the case under a new random reference, and another while the one drawn is taken
    (40 random bits: a clash is rare; the unique index checks it in the same statement)."""
    statement = _NEW_CASE[connection.dialect.name]
    while True:
        reference = new_reference()
        new_id = connection.execute(statement, {**row, "reference": reference}).scalar()
        if new_id is not None:
            return Written(new_id, reference)


def _insert_all(connection: sa.Connection, model: type, rows: list[Row], case_id: int) -> None:
    """Rows of one table for the case, in one statement (several rows: executemany)."""
    if rows:
        if any(row.keys() != rows[0].keys() for row in rows):
            raise ValueError("rows of one table must set the same columns")
        connection.execute(_insert(model), [{**row, "case_id": case_id} for row in rows])


def insert_new_case(session: so.Session, new: NewCase) -> Written:
    """Write a new case and everything it holds under a new random reference."""
    # The session's own connection and transaction, without the session's layer per statement
    # (plain inserts: nothing to flush first, no ORM result to build).
    connection = session.connection()
    written = _insert_with_new_reference(connection, new.case)
    case_id = written.case_id
    file_ids = []
    for row, ciphertext in new.attachments:
        attachment = {**row, "case_id": case_id}
        file_id = connection.execute(_insert(Attachment, True), attachment).scalar_one()
        connection.execute(
            _insert(AttachmentContent), {"attachment_id": file_id, "ciphertext": ciphertext}
        )
        file_ids.append(file_id)
    if new.filer is not None:
        authority = file_ids[new.authority_file] if new.authority_file is not None else None
        _insert_all(connection, Filer, [{**new.filer, "authority_attachment_id": authority}],
                    case_id)  # fmt: skip
    _insert_all(connection, Person, [new.person], case_id)
    _insert_all(connection, Detention, [new.detention], case_id)
    _insert_all(connection, Charge, new.charges, case_id)
    _insert_all(connection, CaseComplaintType, new.types, case_id)
    _insert_all(connection, Consent, new.consents, case_id)
    return written
