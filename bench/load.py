"""Loading synthetic cases fast: one process generates, this one writes.

The demo generator (complaints/demo/generator.py: realistic languages, states, statuses,
urgency from the real triage rules, detainers, 0-6 charges, notes and messages, the audit chain)
runs in a forked child; the parent converts each batch to database values, runs one executemany
per table and commits. On two cores the two halves overlap. The indexes that only serve reads
are dropped for the load and built again after it, as a database restore does: sorting a
million keys once costs less than placing them one by one.
"""

from __future__ import annotations

import multiprocessing
import random
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from complaints.demo.generator import TABLES
from complaints.demo.seeding import (
    BATCH_SIZE,
    BatchWriter,
    advance_sequences,
    load_jurisdictions,
    start_generator,
)
from complaints.extensions import db
from complaints.maintenance import analyze
from complaints.models import Case, User

QUEUED_BATCHES = 4


def _produce(generator: Any, count: int, out: Any) -> None:
    made = 0
    while made < count:
        size = min(BATCH_SIZE, count - made)
        out.put((generator.batch(size).rows, generator.audit_seq, generator.audit_hash, size))
        made += size


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
        context = multiprocessing.get_context("fork")
        batches = context.Queue(maxsize=QUEUED_BATCHES)
        child = context.Process(target=_produce, args=(generator, total - have, batches))
        child.start()
        indexes = _secondary_indexes([db.metadata.tables[name] for name in TABLES])
        for index in indexes:
            index.drop(session.connection())
        made = 0
        try:
            while made < total - have:
                rows, seq, last_hash, size = batches.get()
                writer.write(session, writer.prepare(rows))
                # The chain's head moves with each batch, so a load stopped midway leaves it whole.
                head.seq, head.last_hash = seq, last_hash
                session.commit()
                made += size
            child.join()
        finally:
            session.rollback()
            for index in indexes:
                index.create(session.connection())
            session.commit()
        advance_sequences(session)
        analyze(session)
        session.commit()
