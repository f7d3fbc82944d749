"""A new complaint written in one INSERT per table.

`service.submit_complaint` builds the case as ORM objects (the triage rules and the consent
wording work on them) but does not add them to the session: the unit of work spent more time
deciding, object by object, what to write than the writing took, and on SQLite all of that time
was spent holding the database's single write lock. Here each table's rows are read off those
objects and inserted together: the case first (its id comes back), then its files, then every
other row that belongs to it. Foreign keys are copied from the objects' many-to-one links, as a
flush would. It all goes through the caller's session and commits or rolls back with the rest.
Never commits. The statements are built once per table and reused (SQLAlchemy then reuses their
compiled form without working out each one's cache key again).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so
from sqlalchemy.dialects import postgresql, sqlite

from complaints.models import Case
from complaints.rules.identifiers import new_reference

Row = dict[str, Any]
_CASES: sa.Table = Case.__table__  # type: ignore[assignment]
# The case's row, unless its reference is already taken: then no row and no error, and the
# transaction goes on (a failed INSERT would abort it on PostgreSQL).
_NEW_CASE = {
    name: dialect.insert(_CASES)
    .on_conflict_do_nothing(index_elements=[_CASES.c.reference])
    .returning(_CASES.c.id)
    for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))
}


@cache
def _insert_returning_id(table: sa.Table) -> sa.Insert:
    return sa.insert(table).returning(table.c.id)


@cache
def _insert(table: sa.Table) -> sa.Insert:
    return sa.insert(table)


@cache
def _mapped(cls: type) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str, str], ...]]:
    """A class's (attribute, column) pairs, and for each many-to-one link (attribute, local
    column, the target's attribute): read off its mapper once, not for every object."""
    mapper = sa.inspect(cls)
    columns = tuple((prop.key, prop.columns[0].key) for prop in mapper.column_attrs)
    links = tuple(
        (link.key, local.key, remote.key)
        for link in mapper.relationships
        if link.direction is so.interfaces.MANYTOONE
        for local, remote in link.local_remote_pairs
    )
    return columns, links


def row_of(obj: object) -> Row:
    """The column values set on a new ORM object, with the keys of the rows it points to."""
    columns, links = _mapped(type(obj))
    state = obj.__dict__
    row = {column: state[key] for key, column in columns if key in state}
    for key, local, remote in links:
        target = state.get(key)
        if target is not None:
            row[local] = getattr(target, remote)
    return row


def _insert_one(connection: sa.Connection, obj: object) -> int:
    table = type(obj).__table__  # type: ignore[attr-defined]
    new_id = connection.execute(_insert_returning_id(table), row_of(obj)).scalar_one()
    obj.id = new_id  # type: ignore[attr-defined]
    return new_id


def _insert_with_new_reference(connection: sa.Connection, case: Case) -> int:
    """Insert the case under a new random reference, and another while the one drawn is taken
    (40 random bits: a clash is rare; the unique index checks it in the same statement)."""
    statement = _NEW_CASE[connection.dialect.name]
    while True:
        case.reference = new_reference()
        new_id = connection.execute(statement, row_of(case)).scalar()
        if new_id is not None:
            case.id = new_id
            return new_id


def _insert_all(connection: sa.Connection, objects: Sequence[object]) -> None:
    """Objects of one class, in one statement (several rows: executemany)."""
    if objects:
        rows = [row_of(obj) for obj in objects]
        if any(row.keys() != rows[0].keys() for row in rows):
            raise ValueError("rows of one table must set the same columns")
        connection.execute(_insert(type(objects[0]).__table__), rows)  # type: ignore[attr-defined]


def insert_case(session: so.Session, case: Case) -> int:
    """Write a new case and everything it holds; the case gets a new random reference, and the
    case (and each file) its new id."""
    if sa.inspect(case).session is not None:
        raise ValueError("the case is already in a session; it would be written twice")
    if case.person is not None:
        case.name_key = case.person.name_key  # the queue's copy (models/people.py)
    # The session's own connection and transaction, without the session's layer per statement
    # (plain inserts: nothing to flush first, no ORM result to build).
    connection = session.connection()
    case_id = _insert_with_new_reference(connection, case)
    for attachment in case.attachments:
        _insert_one(connection, attachment)
        if attachment.content is not None:
            _insert_all(connection, [attachment.content])
    for one in (case.person, case.filer, case.detention):
        if one is not None:
            _insert_all(connection, [one])
    for many in (case.charges, case.complaint_types, case.consents):
        _insert_all(connection, many)
    return case_id
