"""A new complaint written in one INSERT per table, or on PostgreSQL in one statement.

The rows come from `new_case.new_case` as plain values; no ORM object is built or added to the
session: the unit of work spent more time deciding, object by object, what to write than the
writing took, and on SQLite all of that time was spent holding the database's single write
lock. The case goes first (its id comes back), then its files, then every other row that
belongs to it, then its "case.created" audit event. It all goes through the caller's
connection and commits or rolls back with the rest. Never commits. The statements' text is
built once per table and set of columns, and the rows go to the database driver as it takes
them (row_inserts.py).

On PostgreSQL a complaint without files is one statement, its audit event included, instead of
eight (case_statement.py); filed from a draft, the draft's deletion too (`file_draft_in_one`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import sqlalchemy as sa

from complaints import audit
from complaints.intake import case_statement, row_inserts
from complaints.intake.new_case import NewCase, Row
from complaints.models import Attachment, AttachmentContent, AuditEvent
from complaints.rules.identifiers import new_reference

_ATTACHMENTS: sa.Table = Attachment.__table__  # type: ignore[assignment]
_CONTENTS: sa.Table = AttachmentContent.__table__  # type: ignore[assignment]
_EVENTS: sa.Table = AuditEvent.__table__  # type: ignore[assignment]


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


def whole_case(
    new: NewCase, event: Row, dialect: sa.Dialect, *, draft: bool = False
) -> tuple[sa.TextClause, Row]:
    """PostgreSQL, a case without files: its one statement (case_statement.py) and values, the
    reference aside; `event` is its creation event's values (`audit.event_values`). Every
    row's defaults are filled in once, for both."""
    fill = case_statement.with_defaults
    case = fill(case_statement.CASES, new.case)
    parts = [
        [fill(table, row) for row in rows]
        for table, rows in zip(case_statement.PARTS, _parts(new), strict=True)
    ]
    values = {"cases": case_statement.document(case_statement.CASES, [case], dialect)}
    for table, rows in zip(case_statement.PARTS, parts, strict=True):
        values[table.name] = case_statement.document(table, rows, dialect)
    values.update(_event(event, dialect))
    shape = case_statement.shape(case, parts)
    return case_statement.whole_case(shape, draft=draft), values


def _event(event: Row, dialect: sa.Dialect) -> Row:
    """The creation event's parameters of the one statement, as its columns would send them."""
    at = case_statement.processors(_EVENTS, dialect)["at"]
    before, after = audit.content_around_case(event)
    return {
        "event_at": at(event["at"]) if at else event["at"],
        "event_actor_user_id": event["actor_user_id"],
        "event_actor_kind": event["actor_kind"],
        "event_action": event["action"],
        "event_details": json.dumps(event["details"], ensure_ascii=False),
        "event_before_case": before,
        "event_after_case": after,
    }


def write_in_one(connection: sa.Connection, new: NewCase, event: Row) -> Written:
    """PostgreSQL, a case without files: everything, its creation event too, in one statement."""
    statement, values = whole_case(new, event, connection.dialect)
    return _with_new_reference(
        lambda reference: connection.execute(statement, {**values, "reference": reference}).scalar()
    )


def file_draft_in_one(
    connection: sa.Connection, new: NewCase, event: Row, draft_id: int
) -> Written | None:
    """PostgreSQL, a case without files from the draft `draft_id`: the case, its creation event
    and the draft's deletion in one statement, which commits by itself on a connection in
    autocommit. None, with nothing written, when the draft is already gone (another request
    filed it a moment ago)."""
    statement, values = whole_case(new, event, connection.dialect, draft=True)
    values["draft_id"] = draft_id

    def insert(reference: str) -> int | None:
        draft_row, case_id = connection.execute(statement, {**values, "reference": reference}).one()
        if draft_row is None:
            raise _DraftGone
        return case_id

    try:
        return _with_new_reference(insert)
    except _DraftGone:
        return None


class _DraftGone(Exception):
    """The draft to file was not there: another request filed it a moment ago."""


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


def insert_new_case(connection: sa.Connection, new: NewCase, event: Row) -> Written:
    """Write a new case and everything it holds under a new random reference, with its creation
    event (`audit.event_values`; the case's id is added)."""
    if connection.dialect.name == "postgresql" and not new.attachments:
        return write_in_one(connection, new, event)
    written = write_table_by_table(connection, new)
    audit.append(connection, {**event, "case_id": written.case_id})
    return written
