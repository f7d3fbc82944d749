"""Loading synthetic cases fast: two processes generate, this one writes.

The demo generator (complaints/demo/generator.py: realistic languages, states, statuses,
urgency from the real triage rules, detainers, 0-6 charges, notes and messages, the audit chain)
runs in two forked children, each making every other batch of cases and turning it into the
database's values (the conversion is as costly as the writing, so it goes where the work is
shared). Each batch's cases take the ids its number gives them; the rows that belong to them take
theirs from the database as they are written. The audit trail is one chain, so this process
chains each case's creation event, batch after batch in order, and writes it with the batch.
On two cores the three overlap. The indexes that only serve reads are dropped for the load and
built again after it, as a database restore does: sorting a million keys once costs less than
placing them one by one.
"""

from __future__ import annotations

import multiprocessing
import queue
import random
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from complaints.demo.distributions import TABLES
from complaints.demo.generator import DemoGenerator
from complaints.demo.seeding import (
    BATCH_SIZE,
    BatchWriter,
    Prepared,
    advance_sequences,
    load_jurisdictions,
    start_generator,
)
from complaints.extensions import db
from complaints.maintenance import after_bulk_load, index_definitions
from complaints.models import Case, User

PRODUCERS = 2
QUEUED_BATCHES = 2  # per producer
BATCH_WAIT_S = 600  # a producer silent this long has failed: stop, keep what is written
POLL_S = 2  # how often a wait checks that both producers are still alive
Events = list[tuple[int, datetime]]  # each new case's id and creation time, to chain


def _produce(
    generator: DemoGenerator,
    writer: BatchWriter,
    index: int,
    seed: int,
    sizes: list[int],
    first_case_id: int,
    out: Any,
) -> None:
    """Batches number `index`, `index + PRODUCERS`... as the database's values, with the
    creation events left for the writer to chain."""
    generator.share(index, PRODUCERS, random.Random(seed))
    for number in range(index, len(sizes), PRODUCERS):
        generator.next_ids["cases"] = first_case_id + number * BATCH_SIZE
        rows = generator.batch(sizes[number]).rows
        events = [(event["case_id"], event["at"]) for event in rows["audit_events"]]
        rows["audit_events"] = []
        for name in TABLES[1:]:  # the database numbers every row but the cases
            for row in rows[name]:
                row.pop("id", None)
        out.put((writer.prepare(rows), events))


def _next_batch(source: Any, children: list[Any]) -> tuple[Prepared, Events]:
    """The next batch from `source`; raises RuntimeError as soon as a producer has died (its
    error is on this process's stderr) or none has sent anything for BATCH_WAIT_S."""
    waited = 0.0
    while True:
        try:
            return source.get(timeout=POLL_S)
        except queue.Empty:
            waited += POLL_S
        failed = [child.exitcode for child in children if child.exitcode not in (None, 0)]
        if failed:
            raise RuntimeError(f"a generating process failed (exit code {failed[0]})")
        if waited >= BATCH_WAIT_S:
            raise RuntimeError("a generating process stopped sending batches")


def _chained(generator: DemoGenerator, writer: BatchWriter, events: Events) -> Prepared:
    """The batch's creation events, chained on in order, as the database's values."""
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    rows["audit_events"] = [generator.audit_event(at, case_id) for case_id, at in events]
    return writer.prepare(rows)


def _secondary_indexes(tables: list[sa.Table]) -> list[sa.Index]:
    """Indexes that only speed up reads: built once after a bulk load, not row by row during it
    (unique ones stay, so a duplicate would still be refused)."""
    return [index for table in tables for index in table.indexes if not index.unique]


def load(app, total: int, seed: int) -> None:
    """Add synthetic cases until the database holds `total`; then refresh the statistics."""
    with app.app_context():
        session = db.session
        have = session.execute(sa.select(sa.func.count(Case.id))).scalar_one()
        staff = list(session.execute(sa.select(User.id)).scalars())
        generator, head = start_generator(
            session, rng=random.Random(seed + have), jurisdictions=load_jurisdictions(None),
            staff_ids=staff, now=datetime.now(UTC),
        )  # fmt: skip
        writer = BatchWriter(session.get_bind().dialect)
        count = max(total - have, 0)
        sizes = [min(BATCH_SIZE, count - start) for start in range(0, count, BATCH_SIZE)]
        context = multiprocessing.get_context("fork")
        queues = [context.Queue(maxsize=QUEUED_BATCHES) for _ in range(PRODUCERS)]
        children = [
            context.Process(
                target=_produce, daemon=True,
                args=(generator, writer, index, seed + have + 1 + index, sizes,
                      generator.next_ids["cases"], queues[index]),
            )
            for index in range(PRODUCERS)
        ]  # fmt: skip
        for child in children:
            child.start()
        indexes = _secondary_indexes([db.metadata.tables[name] for name in TABLES])
        for index in indexes:
            index.drop(session.connection())
        session.commit()  # PostgreSQL's DDL is transactional: a failed batch must not undo this
        try:
            for number in range(len(sizes)):
                prepared, events = _next_batch(queues[number % PRODUCERS], children)
                writer.write(session, prepared)
                writer.write(session, _chained(generator, writer, events))
                # The chain's head moves with each batch, so a load stopped midway leaves it whole.
                head.seq, head.last_hash = generator.audit_seq, generator.audit_hash
                session.commit()
            for child in children:
                child.join()
        finally:
            for child in children:
                child.kill()
            session.rollback()
            built = index_definitions(session.connection())  # a failed load may have built some
            for index in indexes:
                if index.name not in built:
                    index.create(session.connection())
            session.commit()
        advance_sequences(session)
        session.commit()
        after_bulk_load(db.engine)
