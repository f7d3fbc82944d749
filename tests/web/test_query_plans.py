"""Query plans: a queue page or a search costs the database about the same at any table size.

Timings belong to the benchmark (`make bench`); this checks the plans themselves, on SQLite and
on PostgreSQL, by what the database did: SQLite's virtual-machine steps, PostgreSQL's buffers
touched (EXPLAIN ANALYZE, BUFFERS). A plan that sorts or scans every open case does ten times the
work on ten times the cases; one that reads the page off an index does not.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, datetime

import sqlalchemy as sa
import sqlalchemy.orm as so
from werkzeug.datastructures import MultiDict

from complaints.casework import queue_search
from complaints.casework.queue import parse_filters, queue_page
from complaints.casework.service import likely_duplicates
from complaints.demo.seeding import advance_sequences, insert_batches, load_jurisdictions
from complaints.extensions import db as _db
from complaints.models import Case, Person

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
SMALL, LARGE = 1_000, 10_000


def load(app, total: int) -> None:
    with app.app_context():
        session = _db.session
        have = session.execute(sa.select(sa.func.count(Case.id))).scalar_one()
        places = load_jurisdictions(None)
        rng = random.Random(total)
        batches = insert_batches(
            session, total - have, rng=rng, jurisdictions=places, staff_ids=[], now=NOW
        )
        for _size in batches:
            session.commit()
        advance_sequences(session)
        session.commit()
        # Plans follow statistics: PostgreSQL's autovacuum keeps them, and on SQLite the migrations,
        # `demo seed` and `maintenance analyze` (run nightly) do.
        session.execute(sa.text("ANALYZE"))
        session.commit()


def work(engine: sa.Engine, run: Callable[[so.Session], object], every: int = 100) -> int:
    """How much the database did while `run` used the session it is given (on SQLite, in
    `every` virtual-machine steps)."""
    with engine.connect() as connection:
        session = so.Session(bind=connection)
        if engine.dialect.name == "sqlite":
            steps = [0]

            def tick() -> int:
                steps[0] += 1
                return 0

            connection.connection.dbapi_connection.set_progress_handler(tick, every)
            run(session)
            connection.connection.dbapi_connection.set_progress_handler(None, 0)
            return steps[0]
        statements: list[tuple[str, object]] = []

        def capture(_conn, _cursor, statement, parameters, _context, _many) -> None:
            if not statement.startswith("EXPLAIN"):
                statements.append((statement, parameters))

        sa.event.listen(connection, "before_cursor_execute", capture)
        run(session)
        sa.event.remove(connection, "before_cursor_execute", capture)
        blocks = 0
        for statement, parameters in statements:
            plan = connection.exec_driver_sql(
                "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + statement, parameters
            ).scalar_one()[0]["Plan"]
            blocks += plan["Shared Hit Blocks"] + plan["Shared Read Blocks"]
        return blocks


def queue_views(samples: dict[str, str]) -> dict[str, str]:
    return {
        "default": "",
        "newest first": "sort=filed",
        "nearest deadline": "sort=deadline",
        "closed included": "closed=1",
        "three filters and a sort": "state=TX&urgency=normal&flag=outside_priorities&sort=filed",
        "reference": f"qt={samples['reference']}",
        "A-number": f"qt=A{samples['a_number']}",
        "common name prefix": f"qt={samples['name'][:3]}",
        "rare name": "qt=zzyzx",
        "a small state": f"state={samples['small state']}",
        "a county": f"county={samples['county']}",
        # Nobody's cases (none are assigned here), as SQLite's statistics cannot tell.
        "someone's cases": "assignee=1",
        "someone's cases by deadline": "assignee=1&sort=deadline",
    }


def run_view(query: str) -> Callable[[so.Session], object]:
    args = MultiDict(pair.split("=", 1) for pair in query.split("&") if pair)
    # Pages of 5 rather than 50, so that even the smaller table holds a page of each lane's
    # matches and both sizes are measured in the same regime.
    # The search travels sealed (`qt`); here the "seal" is the text itself.
    filters = parse_filters(args, reveal=lambda token: token)
    assert filters.search or "qt" not in args, query
    return lambda session: queue_page(session, filters, user_id=1, now=NOW, limit=5)


def sample(app) -> dict[str, str]:
    with app.app_context():
        session = _db.session
        return {
            "reference": session.execute(sa.select(Case.reference).limit(1)).scalar_one(),
            "a_number": session.execute(
                sa.select(Person.a_number).where(Person.a_number.is_not(None)).limit(1)
            ).scalar_one(),
            "name": session.execute(
                sa.select(Person.family_name).where(Person.family_name.is_not(None)).limit(1)
            ).scalar_one(),
            # Walking the queue for these would meet a match only now and then.
            "small state": rarest(session, Case.state),
            "county": rarest(session, Case.county),
        }


def rarest(session: so.Session, column: sa.ColumnElement[str | None]) -> str:
    """The value of `column` fewest cases have (the first such, alphabetically)."""
    return session.execute(
        sa.select(column)
        .where(column.is_not(None))
        .group_by(column)
        .order_by(sa.func.count(), column)
        .limit(1)
    ).scalar_one()


def add_rare_name(app) -> None:
    with app.app_context():
        case = _db.session.execute(sa.select(Case).order_by(Case.id.desc()).limit(1)).scalar_one()
        case.person.family_name, case.person.name_key = "Zzyzx", f"zzyzx {case.id}"
        _db.session.commit()


def test_queue_pages_and_searches_cost_the_same_at_ten_times_the_cases(
    app, engine, monkeypatch
) -> None:
    # The common prefix is found by walking the queue at both sizes (it matches a few hundred
    # people at the smaller), the rare name (one person) by fetching it first.
    monkeypatch.setattr(queue_search, "FEW_NAMES", 20)
    load(app, SMALL)
    add_rare_name(app)
    views = queue_views(sample(app))
    small = {name: work(engine, run_view(query)) for name, query in views.items()}
    load(app, LARGE)
    add_rare_name(app)
    large = {name: work(engine, run_view(query)) for name, query in views.items()}
    grown = {name: round(large[name] / max(small[name], 1), 2) for name in views}
    # Ten times the cases: a plan that read every open case would grow about tenfold.
    filtered = grown.pop("three filters and a sort")
    # A state, a county or a person few cases have: those cases are read and sorted (their
    # number grows with the table, from one or two here), never the lanes walked for them (at
    # the larger size that walk cost SQLite 331 units for a county, the default page 12).
    for rare in ("a small state", "a county", "someone's cases", "someone's cases by deadline"):
        grown.pop(rare)
        assert large[rare] <= 2 * large["default"], (rare, small, large)
    assert all(ratio <= 2.5 for ratio in grown.values()), str(grown)
    # A filtered view walks each lane until a page of cases match: its cost follows how rare a
    # match is, and stops growing once the table holds a page of matches (about 1 in 100 here).
    assert filtered <= 5, filtered


def common_person(app) -> int:
    """The case of someone with a birth date and the name most people share."""
    with app.app_context():
        session = _db.session
        name = session.execute(
            sa.select(Person.name_key)
            .where(Person.name_key.is_not(None))
            .group_by(Person.name_key)
            .order_by(sa.func.count().desc(), Person.name_key)
            .limit(1)
        ).scalar_one()
        return session.execute(
            sa.select(Person.case_id)
            .where(Person.name_key == name, Person.date_of_birth.is_not(None))
            .limit(1)
        ).scalar_one()


def test_possible_duplicates_cost_the_same_at_ten_times_the_cases(app, engine) -> None:
    # A common name (the synthetic data draws from a few hundred) is shared by ten times the
    # people at ten times the cases; the same name and birth date by about as few, and the
    # index on both finds those without reading the rest (on one column: 2.6 times the work).
    def duplicates_of(case_id: int) -> Callable[[so.Session], object]:
        def run(session: so.Session) -> object:
            case = session.get(Case, case_id)
            return likely_duplicates(session, case)

        return run

    load(app, SMALL)
    small = work(engine, duplicates_of(common_person(app)), every=1)
    load(app, LARGE)
    large = work(engine, duplicates_of(common_person(app)), every=1)
    assert large / max(small, 1) <= 1.5, (small, large)
