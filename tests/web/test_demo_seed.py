"""`flask demo seed`: realistic cases, consistent with the rules, and the demo staff logins."""

from __future__ import annotations

import copy
import random
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
import sqlalchemy.orm as so

from complaints.demo.distributions import TABLES
from complaints.demo.seeding import BatchWriter, load_jurisdictions, start_generator
from complaints.extensions import db as database
from complaints.models import Case, CaseComplaintType, Detention, Person, User
from complaints.rules.detainer import hold_deadline
from complaints.rules.identifiers import REFERENCE_PATTERN
from complaints.rules.vocabulary import Answer, Role
from complaints.rules.workflow import Status
from tests.factories import make_case


def count(session: so.Session, model: type) -> int:
    return session.execute(sa.select(sa.func.count()).select_from(model)).scalar_one()


def test_seed_creates_cases_and_prints_the_demo_logins(cli, db: so.Session) -> None:
    result = cli.invoke(args=["demo", "seed", "--cases", "400", "--seed", "7"])
    assert result.exit_code == 0, result.output
    assert "Created 400 demo cases." in result.output
    assert "caseworker@example.org  password: demo-caseworker-pass" in result.output
    assert "supervisor@example.org  password: demo-supervisor-pass" in result.output

    assert count(db, Case) == 400
    assert count(db, Person) == 400
    roles = sorted(db.execute(sa.select(User.role)).scalars())
    assert roles == [Role.ADMIN, Role.CASEWORKER, Role.CASEWORKER, Role.SUPERVISOR]
    without_type = db.execute(
        sa.select(sa.func.count()).where(~Case.complaint_types.any())
    ).scalar_one()
    assert without_type == 0
    assert count(db, CaseComplaintType) >= 400


def test_seeded_cases_are_varied(cli, db: so.Session) -> None:
    cli.invoke(args=["demo", "seed", "--cases", "600", "--seed", "11"])
    languages = set(db.execute(sa.select(Case.language).distinct()).scalars())
    statuses = set(db.execute(sa.select(Case.status).distinct()).scalars())
    states = set(db.execute(sa.select(Case.state).distinct()).scalars())
    assert {"en", "es"} <= languages and len(languages) >= 6
    assert len(statuses) >= 7
    assert len(states) >= 5
    references = db.execute(sa.select(Case.reference)).scalars().all()
    assert all(REFERENCE_PATTERN.match(reference) for reference in references)
    assert len(set(references)) == 600


def test_seeded_deadlines_follow_the_detainer_rule(cli, db: so.Session) -> None:
    cli.invoke(args=["demo", "seed", "--cases", "300", "--seed", "3"])
    rows = db.execute(
        sa.select(Case.detainer_deadline, Case.time_zone, Detention.eligible_for_release_at)
        .join(Detention, Detention.case_id == Case.id)
        .where(Detention.detainer_issued == Answer.YES)
        .where(Detention.eligible_for_release_at.is_not(None))
    ).all()
    assert len(rows) > 50
    for deadline, zone, eligible_at in rows:
        assert deadline == hold_deadline(eligible_at.astimezone(ZoneInfo(zone)))


def test_new_cases_are_unassigned_and_settled_cases_have_outcomes(cli, db: so.Session) -> None:
    cli.invoke(args=["demo", "seed", "--cases", "400", "--seed", "5"])
    new_assigned = db.execute(
        sa.select(sa.func.count())
        .where(Case.status == Status.NEW)
        .where(Case.assigned_to_id.is_not(None))
    ).scalar_one()
    settled_without_outcome = db.execute(
        sa.select(sa.func.count())
        .where(Case.status.in_([Status.RESOLVED, Status.CLOSED]))
        .where(Case.outcome.is_(None))
    ).scalar_one()
    assert (new_assigned, settled_without_outcome) == (0, 0)


def test_if_empty_leaves_existing_data_alone(cli, db: so.Session) -> None:
    make_case(db)
    db.commit()
    result = cli.invoke(args=["demo", "seed", "--cases", "50", "--if-empty"])
    assert result.exit_code == 0
    assert "Cases already exist" in result.output
    assert count(db, Case) == 1


def test_seeding_twice_adds_to_the_data_and_ids_keep_working(cli, db: so.Session) -> None:
    cli.invoke(args=["demo", "seed", "--cases", "30", "--seed", "1"])
    result = cli.invoke(args=["demo", "seed", "--cases", "20", "--seed", "2"])
    assert result.exit_code == 0, result.output
    assert count(db, Case) == 50
    assert count(db, User) == 4  # demo staff are not duplicated
    # The database's own id sequence continues after the bulk-loaded ids (PostgreSQL setval).
    case = make_case(db)
    db.commit()
    assert case.id == 51


def test_seed_refuses_production(cli, app) -> None:
    app.config["COMPLAINTS_ENV"] = "production"
    result = cli.invoke(args=["demo", "seed", "--cases", "5"])
    assert result.exit_code != 0
    assert "Refusing to add demo data in production mode." in result.output


def test_batch_writer_stores_what_sqlalchemy_would(app, db: so.Session) -> None:
    """The loader's column-by-column conversion writes the very values SQLAlchemy's own
    insert writes, row by row, for every table and column of a generated batch."""
    generator, _head = start_generator(
        db, rng=random.Random(3), jurisdictions=load_jurisdictions(None), staff_ids=[],
        now=datetime(2026, 11, 30, 12, tzinfo=UTC),
    )  # fmt: skip
    rows = generator.batch(300).rows
    assert all(rows[name] for name in TABLES if name != "filers"), "every table gets rows"

    def stored() -> dict[str, list[tuple]]:
        tables = database.metadata.tables
        return {name: [tuple(row) for row in db.execute(
                    sa.select(tables[name]).order_by(*tables[name].primary_key.columns))]
                for name in TABLES}  # fmt: skip

    writer = BatchWriter(db.get_bind().dialect)
    writer.write(db, writer.prepare(copy.deepcopy(rows)))
    by_writer = stored()
    for name in reversed(TABLES):
        db.execute(sa.delete(database.metadata.tables[name]))
    for name in TABLES:
        if rows[name]:
            db.execute(sa.insert(database.metadata.tables[name]), rows[name])
    by_sqlalchemy = stored()
    db.rollback()
    assert sum(map(len, by_writer.values())) > 1000
    assert by_writer == by_sqlalchemy
