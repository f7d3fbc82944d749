"""On PostgreSQL a complaint without files is written in one statement, its rows sent as JSON
(intake/case_statement.py): it must write exactly the rows that one INSERT per table writes,
for every shape of complaint, and the audit event `audit.record` would chain."""

from __future__ import annotations

from dataclasses import replace

import pytest
import sqlalchemy as sa
import sqlalchemy.orm as so
from sqlalchemy.dialects import postgresql

from complaints import audit
from complaints.intake import case_rows, case_statement
from complaints.intake.inputs import ChargeInput, FilerInput
from complaints.intake.new_case import new_case
from complaints.models import (
    AuditEvent,
    Case,
    CaseComplaintType,
    Charge,
    Consent,
    Detention,
    Filer,
    Person,
)
from complaints.rules.vocabulary import (
    AuthorityKind,
    AuthorityStatus,
    ChargeOutcome,
    ChargeSeverity,
    ConsentSource,
    FilerRelationship,
)
from tests.web.test_new_case_rows import HELD, NOW, VARIANTS

SHAPES = {
    **VARIANTS,
    "a lawyer filing, authority to follow": replace(
        HELD,
        filer=FilerInput(
            FilerRelationship.ATTORNEY,
            name="Ana Ruiz",
            authority=AuthorityKind.G28,
            authority_status=AuthorityStatus.TO_FOLLOW,
        ),
    ),
    "six charges": replace(
        HELD,
        charges=tuple(
            ChargeInput(f"Charge {n}", ChargeSeverity.MISDEMEANOR, ChargeOutcome.PENDING)
            for n in range(6)
        ),
    ),
    "no charges": replace(HELD, charges=()),
}
OWNED = (Person, Detention, Filer, Charge, CaseComplaintType, Consent)
LEFT_OUT = {"id", "case_id", "reference"}  # what differs between any two cases
EVENT = audit.event_values(
    "case.created", actor_kind="complainant", at=NOW, channel="web", consents=["crcl"],
    note="ñ «quoted» \\ \" and a \n newline",  # what the JSON and the hash must carry as is
)  # fmt: skip


def postgresql_only(db: so.Session) -> None:
    if db.get_bind().dialect.name != "postgresql":
        pytest.skip("one statement for a whole case is PostgreSQL's (SQLite has no INSERT in WITH)")


def events_of(db: so.Session, case_id: int) -> list[dict]:
    """The case's audit events, without what places them in the chain."""
    rows = db.execute(sa.select(AuditEvent.__table__).where(AuditEvent.case_id == case_id)).all()
    placed = {"id", "seq", "case_id", "prev_hash", "hash"}
    return [{k: v for k, v in row._mapping.items() if k not in placed} for row in rows]


def rows_of(db: so.Session, case_id: int) -> dict[str, list[dict]]:
    """Every row the case has, by table, without ids and reference, in a stable order."""
    found = {"cases": [db.execute(sa.select(Case.__table__).where(Case.id == case_id)).one()]}
    for model in OWNED:
        table = model.__table__
        found[table.name] = db.execute(sa.select(table).where(table.c.case_id == case_id)).all()
    return {
        name: sorted(
            ({k: v for k, v in row._mapping.items() if k not in LEFT_OUT} for row in rows),
            key=repr,
        )
        for name, rows in found.items()
    }


@pytest.mark.parametrize("name", list(SHAPES))
def test_one_statement_writes_what_one_insert_per_table_writes(app, db, name) -> None:
    postgresql_only(db)
    new = new_case(SHAPES[name], [], now=NOW, code_hash="h", source=ConsentSource.WEB)
    connection = db.connection()
    in_one = case_rows.write_in_one(connection, new, EVENT)
    by_table = case_rows.write_table_by_table(connection, new)
    audit.record(db, EVENT["action"], actor_kind="complainant", case_id=by_table.case_id,
                 at=NOW, **EVENT["details"])  # fmt: skip
    db.commit()
    assert in_one.reference != by_table.reference
    written = rows_of(db, in_one.case_id)
    assert written == rows_of(db, by_table.case_id)
    assert written["people"] and written["detentions"] and written["case_complaint_types"]
    assert events_of(db, in_one.case_id) == events_of(db, by_table.case_id) != []
    assert audit.verify_chain(db) == (2, None)  # the hash worked out in SQL is event_hash's


def test_a_taken_reference_writes_nothing_and_draws_again(app, db, monkeypatch) -> None:
    postgresql_only(db)
    new = new_case(HELD, [], now=NOW, code_hash="h", source=ConsentSource.WEB)
    first = case_rows.write_in_one(db.connection(), new, EVENT)
    drawn = iter([first.reference, "SC-AAAA-BBBB"])
    monkeypatch.setattr(case_rows, "new_reference", lambda: next(drawn))
    second = case_rows.write_in_one(db.connection(), new, EVENT)
    db.commit()
    assert second.reference == "SC-AAAA-BBBB"
    assert db.execute(sa.select(sa.func.count()).select_from(Case)).scalar_one() == 2
    people = db.execute(sa.select(Person.case_id).order_by(Person.case_id)).scalars().all()
    assert people == [first.case_id, second.case_id]
    events = db.execute(sa.select(AuditEvent.case_id).order_by(AuditEvent.seq)).scalars().all()
    assert events == [first.case_id, second.case_id]  # none for the draw that was taken
    assert audit.verify_chain(db) == (2, None)


@pytest.mark.parametrize("draft", [False, True])
@pytest.mark.parametrize("name", ["six charges", "a lawyer filing, authority to follow"])
def test_the_statement_has_few_parameters(name, draft) -> None:
    # psycopg converts a statement's placeholders on every execution unless the statement has
    # at most 50 parameters and 4,096 characters. Sent as some 130 separate values, that cost
    # a worker about 1 ms a complaint; this statement's 4.5-4.8 thousand characters with 16
    # parameters cost 21 microseconds (measured), so only the parameters are held down.
    new = new_case(SHAPES[name], [], now=NOW, code_hash="h", source=ConsentSource.WEB)
    dialect = postgresql.psycopg.dialect()
    statement, values = case_rows.whole_case(new, EVENT, dialect, draft=draft)
    compiled = statement.compile(dialect=dialect)
    assert len(compiled.params) <= 50
    assert set(compiled.params) == {"reference", *values, *(["draft_id"] if draft else [])}


def test_rows_of_one_table_must_set_the_same_columns() -> None:
    new = new_case(SHAPES["six charges"], [], now=NOW, code_hash="h", source=ConsentSource.WEB)
    parts = case_rows._parts(new)
    parts[3] = [parts[3][0], {**parts[3][1], "aggravated_felony": True}]  # one charge sets more
    with pytest.raises(ValueError, match="same columns"):
        case_statement.shape(new.case, parts)
