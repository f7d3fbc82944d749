"""The benchmark's loader (bench/load.py): two processes generate, one writes; the result is a
database as the app itself would leave it."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
import sqlalchemy.orm as so

from bench import load as bench_load
from bench.load import load
from complaints.audit import verify_chain
from complaints.demo.generator import DemoGenerator
from complaints.demo.seeding import BATCH_SIZE
from complaints.maintenance import index_definitions
from complaints.models import AuditEvent, Case, Person

MORE_THAN_TWO_BATCHES = 2 * BATCH_SIZE + 7  # each producer makes one, then a short last batch


def count(session: so.Session, query: sa.Select) -> int:
    return session.execute(query).scalar_one()


def indexes(session: so.Session) -> set[str]:
    """Every index in the database, by name."""
    return set(index_definitions(session.connection()))


def test_cases_their_rows_and_one_unbroken_audit_chain(app, db: so.Session) -> None:
    before = indexes(db)
    assert {"ix_cases_name_lanes", "ix_cases_county_lanes"} <= before  # one on an expression
    load(app, MORE_THAN_TWO_BATCHES, seed=5)
    load(app, MORE_THAN_TWO_BATCHES + 30, seed=5)  # a second load continues the first

    total = MORE_THAN_TWO_BATCHES + 30
    assert count(db, sa.select(sa.func.count(Case.id))) == total
    assert count(db, sa.select(sa.func.count(sa.distinct(Case.reference)))) == total
    assert count(db, sa.select(sa.func.max(Case.id))) == total  # numbered by batch, no gaps
    # Every case has its person, and no person is left without a case.
    assert count(db, sa.select(sa.func.count(sa.distinct(Person.case_id)))) == total
    assert count(db, sa.select(sa.func.count(Person.id))) == total
    assert count(db, sa.select(sa.func.count(AuditEvent.id))) == total
    events_per_case = sa.select(AuditEvent.case_id).group_by(AuditEvent.case_id).having(
        sa.func.count() == 1
    )  # fmt: skip
    assert len(db.execute(events_per_case).all()) == total
    assert verify_chain(db) == (total, None)
    assert indexes(db) == before  # dropped for the load, built again after it


def test_the_planner_knows_the_loaded_tables(app, db: so.Session) -> None:
    """After the load, the statistics are there, and on PostgreSQL the new pages are marked
    all-visible (VACUUM), so index-only scans need not read the table for every entry."""
    load(app, BATCH_SIZE + 1, seed=9)
    if db.get_bind().dialect.name == "postgresql":
        visible = "SELECT relallvisible FROM pg_class WHERE oid = 'cases'::regclass"
        assert count(db, sa.text(visible)) > 0
    else:
        gathered = "SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'cases'"
        assert count(db, sa.text(gathered)) > 0


def test_a_generating_process_that_fails_stops_the_load_at_once(app, db: so.Session, monkeypatch):
    """A producer that dies is noticed within seconds (not after the long silence allowed to a
    slow one); what was written stays consistent and the read indexes are built again."""

    def broken(_generator, _count):
        raise RuntimeError("the generator broke")

    before = indexes(db)
    monkeypatch.setattr(bench_load, "BATCH_WAIT_S", 24 * 3600)
    monkeypatch.setattr(DemoGenerator, "batch", broken)
    with pytest.raises(RuntimeError, match=r"a generating process failed \(exit code 1\)"):
        load(app, BATCH_SIZE + 1, seed=5)
    assert count(db, sa.select(sa.func.count(Case.id))) == 0
    assert verify_chain(db) == (0, None)
    assert indexes(db) == before
