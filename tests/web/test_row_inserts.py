"""A case's rows sent as the driver takes them (intake/row_inserts.py) must be the rows that
SQLAlchemy's own INSERT writes, for every shape of complaint, on both databases."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
import sqlalchemy.orm as so

from complaints.intake import case_rows, case_statement, row_inserts
from complaints.intake.new_case import NewCase, new_case
from complaints.models import Case, Charge
from complaints.rules.vocabulary import ConsentSource
from tests.web.test_case_in_one_statement import SHAPES, rows_of
from tests.web.test_new_case_rows import NOW


def written_by_sqlalchemy(connection: sa.Connection, new: NewCase, reference: str) -> int:
    """The same case written with SQLAlchemy's own INSERT, one per table; the case's id."""
    cases: sa.Table = Case.__table__  # type: ignore[assignment]
    insert = sa.insert(cases).returning(cases.c.id)
    case_id = connection.execute(insert, {**new.case, "reference": reference}).scalar_one()
    for table, rows in zip(case_statement.PARTS, case_rows._parts(new), strict=True):
        if rows:
            connection.execute(sa.insert(table), [{**row, "case_id": case_id} for row in rows])
    return case_id


@pytest.mark.parametrize("name", list(SHAPES))
def test_rows_sent_to_the_driver_are_those_sqlalchemy_writes(db: so.Session, name) -> None:
    new = new_case(SHAPES[name], [], now=NOW, code_hash="h", source=ConsentSource.WEB)
    connection = db.connection()
    ours = case_rows.write_table_by_table(connection, new)
    theirs = written_by_sqlalchemy(connection, new, "SC-REFE-RENC")
    db.commit()
    written = rows_of(db, ours.case_id)
    assert written == rows_of(db, theirs)
    assert written["people"] and written["detentions"]
    if name == "six charges":
        assert len(written["charges"]) == 6
    # The stored values read back as the models' own types (enums, times, JSON).
    case = db.get(Case, ours.case_id)
    assert case is not None and case.reference == ours.reference
    assert case.urgency is not None and case.created_at.tzinfo is not None


def test_a_taken_reference_writes_nothing(db: so.Session) -> None:
    new = new_case(SHAPES["six charges"], [], now=NOW, code_hash="h", source=ConsentSource.WEB)
    connection = db.connection()
    first = case_rows.write_table_by_table(connection, new)
    case = case_statement.with_defaults(case_statement.CASES, new.case)
    assert row_inserts.insert_case(connection, case, first.reference) is None
    db.commit()
    assert db.execute(sa.select(sa.func.count()).select_from(Case)).scalar_one() == 1
    assert db.execute(sa.select(sa.func.count()).select_from(Charge)).scalar_one() == 6


def test_rows_whose_keys_come_in_another_order_keep_their_values(db: so.Session) -> None:
    new = new_case(SHAPES["six charges"], [], now=NOW, code_hash="h", source=ConsentSource.WEB)
    connection = db.connection()
    written = case_rows.write_table_by_table(connection, new)
    charges: sa.Table = Charge.__table__  # type: ignore[assignment]
    first, second = ({**row, "case_id": written.case_id} for row in new.charges[:2])
    reordered = dict(reversed(list(second.items())))
    row_inserts.insert_rows(connection, charges, [first, reordered])
    db.commit()
    offences = db.execute(
        sa.select(Charge.offence).where(Charge.case_id == written.case_id)
    ).scalars()
    assert sorted(offences) == sorted(
        [*(c["offence"] for c in new.charges), "Charge 0", "Charge 1"]
    )


@pytest.mark.parametrize(
    ("paramstyle", "expected"),
    [
        ("qmark", "INSERT INTO charges (case_id, offence) VALUES (?, ?)"),
        ("format", "INSERT INTO charges (case_id, offence) VALUES (%s, %s)"),
        ("pyformat", "INSERT INTO charges (case_id, offence) VALUES (%s, %s)"),
    ],
)
def test_the_insert_is_written_in_the_drivers_placeholders(paramstyle, expected) -> None:
    charges: sa.Table = Charge.__table__  # type: ignore[assignment]
    assert row_inserts.insert_text(charges, ("case_id", "offence"), paramstyle) == expected
