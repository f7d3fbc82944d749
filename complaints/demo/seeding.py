"""Bulk loading of demo data: ids assigned up front so every table is one executemany per batch."""

from __future__ import annotations

import operator
import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from complaints.audit import HEAD_ID
from complaints.auth.service import create_user, get_by_email
from complaints.demo import samples
from complaints.demo.distributions import TABLES
from complaints.demo.generator import DemoGenerator
from complaints.demo.rows import Jurisdiction
from complaints.extensions import db
from complaints.facilities import find_csv, read_facilities
from complaints.facility_import import import_facilities
from complaints.facility_zones import facility_time_zone
from complaints.models import AuditHead, Case, Facility, User
from complaints.rules.jurisdictions import jurisdiction_time_zone
from complaints.rules.vocabulary import Role

BATCH_SIZE = 5000
# Development-only accounts, printed by the seed command. Production refuses to seed.
DEMO_STAFF: tuple[tuple[str, str, Role, str], ...] = (
    ("caseworker@example.org", "Casey Caseworker", Role.CASEWORKER, "demo-caseworker-pass"),
    ("caseworker2@example.org", "Rosa Caseworker", Role.CASEWORKER, "demo-caseworker-pass"),
    ("supervisor@example.org", "Sam Supervisor", Role.SUPERVISOR, "demo-supervisor-pass"),
    ("admin@example.org", "Ada Admin", Role.ADMIN, "demo-admin-password"),
)


def ensure_demo_staff(session: so.Session) -> list[User]:
    """Create the demo accounts that do not exist yet; return all of them."""
    users = []
    for email, name, role, password in DEMO_STAFF:
        user = get_by_email(session, email)
        if user is None:
            user = create_user(session, email=email, name=name, role=role, password=password)
        users.append(user)
    return users


def load_jurisdictions(
    configured_csv: str | None, session: so.Session | None = None
) -> list[Jurisdiction]:
    """County and city jails (IGSA) from the shared facility list, or a small built-in list.

    With a session, the list is first imported into the facility directory (never committed
    here), so seeded cases point at real facilities; without one (the benchmark loader) the
    jails are read from the file alone. Zones come from each jail's coordinates.
    """
    path = find_csv(configured_csv)
    found: list[Jurisdiction] = []
    if path is not None and path.exists() and session is not None:
        import_facilities(session, read_facilities(path))
        jails = session.execute(
            sa.select(Facility)
            .where(Facility.type == "IGSA", Facility.state.is_not(None))
            .where(Facility.time_zone.is_not(None))
            .order_by(Facility.code)
        ).scalars()
        found = [
            Jurisdiction(jail.state or "", jail.county, jail.city, jail.name, jail.time_zone or "",
                         jail.id)
            for jail in jails
        ]  # fmt: skip
    elif path is not None and path.exists():
        for record in read_facilities(path):
            zone = facility_time_zone(
                record.latitude, record.longitude, record.state, record.county
            )
            if record.type == "IGSA" and record.state and zone:
                found.append(
                    Jurisdiction(record.state, record.county, record.city, record.name, zone)
                )
    if found:
        return found
    return [
        Jurisdiction(
            state,
            county,
            city,
            facility,
            jurisdiction_time_zone(state, county) or "America/New_York",
        )
        for state, county, city, facility in samples.FALLBACK_JURISDICTIONS
    ]


def _next_ids(session: so.Session) -> dict[str, int]:
    tables = db.metadata.tables
    return {
        name: (session.execute(sa.select(sa.func.max(tables[name].c.id))).scalar() or 0) + 1
        for name in TABLES
        if "id" in tables[name].c
    }


def start_generator(
    session: so.Session,
    *,
    rng: random.Random,
    jurisdictions: Sequence[Jurisdiction],
    staff_ids: Sequence[int],
    now: datetime,
) -> tuple[DemoGenerator, AuditHead]:
    """A generator that continues the tables and the audit chain, and the chain's locked head."""
    head = session.execute(
        sa.select(AuditHead).where(AuditHead.id == HEAD_ID).with_for_update()
    ).scalar_one()
    generator = DemoGenerator(
        rng=rng,
        jurisdictions=jurisdictions,
        staff_ids=staff_ids,
        now=now,
        next_ids=_next_ids(session),
        taken=set(session.execute(sa.select(Case.reference)).scalars()),
        audit_head=(head.seq, head.last_hash),
    )
    return generator, head


def insert_batches(
    session: so.Session,
    count: int,
    *,
    rng: random.Random,
    jurisdictions: Sequence[Jurisdiction],
    staff_ids: Sequence[int],
    now: datetime,
) -> Iterator[int]:
    """Insert `count` synthetic cases batch by batch, yielding each batch's size.

    The caller commits between batches, so a million-case load never holds one giant transaction.
    """
    generator, head = start_generator(
        session, rng=rng, jurisdictions=jurisdictions, staff_ids=staff_ids, now=now
    )
    writer = BatchWriter(session.get_bind().dialect)
    made = 0
    while made < count:
        size = min(BATCH_SIZE, count - made)
        writer.write(session, writer.prepare(generator.batch(size).rows))
        # The chain's head moves with each batch, so a load stopped midway leaves it whole.
        head.seq, head.last_hash = generator.audit_seq, generator.audit_hash
        session.flush()
        made += size
        yield size


Prepared = list[tuple[str, list[Any]]]


@dataclass(frozen=True)
class _Plan:
    """How one table's generated rows become a statement's parameters."""

    statement: str
    order: list[str]  # the statement's columns, in its parameters' order
    cells: Callable[[dict[str, Any]], tuple[Any, ...]]  # a row's values in that order
    fills: list[tuple[str, Callable[[], Any]]]  # columns the generator leaves to their default
    processed: list[tuple[int, Callable[[Any], Any]]]  # cells the column type converts


class BatchWriter:
    """Generated rows to one executemany per table, with each column's own bind processing.

    The same conversion SQLAlchemy applies row by row (enums to text, times to UTC, urgency to
    its rank), done column by column and ahead of time: `prepare` can run in another process
    (bench/load.py) while this one writes.
    """

    def __init__(self, dialect: sa.Dialect) -> None:
        self.dialect = dialect
        self.tables = db.metadata.tables
        self._plans: dict[tuple[str, tuple[str, ...]], _Plan] = {}

    def _plan(self, name: str, columns: tuple[str, ...]) -> _Plan:
        key = (name, columns)
        if key not in self._plans:
            table = self.tables[name]
            compiled = table.insert().compile(dialect=self.dialect, column_keys=list(columns))
            order = list(compiled.positiontup if compiled.positional else compiled.params)
            processes = [table.c[column].type._cached_bind_processor(self.dialect)
                         for column in order]  # fmt: skip
            fills = [(column, _default(table.c[column])) for column in order
                     if column not in columns]  # fmt: skip
            processed = [(index, process) for index, process in enumerate(processes)
                         if process is not None]  # fmt: skip
            cells = operator.itemgetter(*order) if len(order) > 1 else _one(order[0])
            self._plans[key] = _Plan(str(compiled), order, cells, fills, processed)
        return self._plans[key]

    def prepare(self, rows: dict[str, list[dict[str, Any]]]) -> Prepared:
        """Each table's rows as the driver's parameters, in the statement's column order.

        The rows are completed in place with the defaults of the columns they leave out.
        """
        prepared = []
        for name in TABLES:
            if not rows[name]:
                continue
            plan = self._plan(name, tuple(rows[name][0]))
            values: list[Any] = []
            for row in rows[name]:
                for column, fill in plan.fills:
                    row[column] = fill()
                cells = list(plan.cells(row))
                for index, process in plan.processed:
                    cells[index] = process(cells[index])
                values.append(tuple(cells))
            if not self.dialect.positional:  # named parameters, as psycopg takes them
                values = [dict(zip(plan.order, cells, strict=True)) for cells in values]
            prepared.append((plan.statement, values))
        return prepared

    def write(self, session: so.Session, prepared: Prepared) -> None:
        connection = session.connection()
        for statement, values in prepared:
            connection.exec_driver_sql(statement, values)


def advance_sequences(session: so.Session) -> None:
    """PostgreSQL: ids were given explicitly, so move each serial sequence past them."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for name in TABLES:
        if "id" in db.metadata.tables[name].c:
            session.execute(
                sa.text(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {name}), 0) + 1, false)"
                )
            )


def _one(column: str) -> Callable[[dict[str, Any]], tuple[Any]]:
    return lambda row: (row[column],)


def _default(column: sa.Column) -> Any:
    """A column the generator leaves out gets its model default, as an ORM insert would."""
    default = column.default
    if default is None:
        return lambda: None
    if default.is_callable:
        return lambda: default.arg(None)
    return lambda: default.arg
