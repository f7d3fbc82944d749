"""Loading synthetic cases fast: one process generates, this one writes.

The demo generator (complaints/demo/generator.py: realistic languages, states, statuses,
urgency from the real triage rules, detainers, 0-6 charges, notes and messages, the audit chain)
runs in a forked child that also converts each batch to database values; the parent only runs
one executemany per table per batch and commits. On two cores the two halves overlap.
"""

from __future__ import annotations

import multiprocessing
import random
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

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


def _produce(generator: Any, writer: BatchWriter, count: int, out: Any) -> None:
    made = 0
    while made < count:
        size = min(BATCH_SIZE, count - made)
        prepared = writer.prepare(generator.batch(size).rows)
        out.put((prepared, generator.audit_seq, generator.audit_hash, size))
        made += size


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
        child = context.Process(target=_produce, args=(generator, writer, total - have, batches))
        child.start()
        made = 0
        while made < total - have:
            prepared, seq, last_hash, size = batches.get()
            writer.write(session, prepared)
            # The chain's head moves with each batch, so a load stopped midway leaves it whole.
            head.seq, head.last_hash = seq, last_hash
            session.commit()
            made += size
        child.join()
        advance_sequences(session)
        analyze(session)
        session.commit()
