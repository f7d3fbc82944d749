"""The audit trail: append-only events in a hash chain. Nothing updates or deletes them.

Every event stores the hash of the event before it and a hash of its own content, so altering,
removing or reordering any row breaks the chain at that point, which `verify_chain` reports.
Appends lock the single `audit_head` row first, so concurrent writers never fork the chain.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from complaints.models import AuditEvent, AuditHead, Case, User

GENESIS = "0" * 64
HEAD_ID = 1
HEAD: sa.Table = AuditHead.__table__  # type: ignore[assignment]
EVENTS: sa.Table = AuditEvent.__table__  # type: ignore[assignment]
# An append's statements, built once (SQLAlchemy reuses their compiled form as they are).
_CLAIM_NEXT = (
    sa.update(HEAD)
    .where(HEAD.c.id == HEAD_ID)
    .values(seq=HEAD.c.seq + 1)
    .returning(HEAD.c.seq, HEAD.c.last_hash)
)
_INSERT_EVENT = sa.insert(EVENTS).returning(EVENTS.c.id)
_MOVE_HEAD = sa.update(HEAD).where(HEAD.c.id == HEAD_ID).values(last_hash=sa.bindparam("digest"))


def canonical_time(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event_hash(
    prev_hash: str,
    *,
    seq: int,
    at: datetime,
    actor_user_id: int | None,
    actor_kind: str,
    action: str,
    case_id: int | None,
    details: dict[str, Any],
) -> str:
    """SHA-256 of the previous hash and this event's content in canonical JSON (version 1).

    Frozen: migration 0003 repeats it to chain rows written before the chain existed.
    """
    content = json.dumps(
        {
            "seq": seq,
            "at": canonical_time(at),
            "actor_user_id": actor_user_id,
            "actor_kind": actor_kind,
            "action": action,
            "case_id": case_id,
            "details": details,
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(f"{prev_hash}\n{content}".encode()).hexdigest()


def _claim_next(connection: sa.Connection) -> tuple[int, str]:
    """The next position in the chain and the hash to chain onto.

    The UPDATE takes the write lock (a row lock on PostgreSQL, the database lock on SQLite)
    before the last hash is read, so two writers cannot both chain onto the same event.
    """
    claimed = connection.execute(_CLAIM_NEXT).first()
    if claimed is None:  # created with the table; only a hand-emptied table lacks it
        raise RuntimeError("audit_head row is missing; the audit chain cannot be extended")
    return claimed.seq, claimed.last_hash


def record(
    session: so.Session,
    action: str,
    *,
    actor: User | None = None,
    actor_kind: str | None = None,
    case: Case | None = None,
    case_id: int | None = None,
    at: datetime | None = None,
    **details: Any,
) -> AuditEvent:
    """Append an audit event (the caller commits it together with the change it describes).

    The case is named by its object or, when it was written without one, by its id.
    `details` name what changed and why; they must never hold the personal data itself.
    Returns the event as written (not in the session: events are only ever read back).
    """
    if case is not None and case.id is None:
        session.flush()
    # Plain statements on the session's connection and transaction: nothing to flush or track.
    connection = session.connection()
    seq, previous = _claim_next(connection)
    values = {
        "seq": seq,
        "at": at or datetime.now(UTC),
        "actor_user_id": actor.id if actor is not None else None,
        "actor_kind": actor_kind or ("staff" if actor is not None else "system"),
        "action": action,
        "case_id": case.id if case is not None else case_id,
        "details": details,
    }
    digest = event_hash(previous, **values)
    # Written at once, as plain statements: an event is never changed, so the unit of work
    # has nothing to track, and the chain's head stays locked for as short a time as can be.
    new_id = connection.execute(
        _INSERT_EVENT, {**values, "prev_hash": previous, "hash": digest}
    ).scalar_one()
    connection.execute(_MOVE_HEAD, {"digest": digest})
    event = AuditEvent(**values, prev_hash=previous, hash=digest)
    event.id = new_id
    return event


@dataclass(frozen=True)
class Break:
    """The first place the chain does not hold, and why."""

    seq: int
    event_id: int
    reason: str


_CHAIN_COLUMNS = (
    AuditEvent.id, AuditEvent.seq, AuditEvent.at, AuditEvent.actor_user_id,
    AuditEvent.actor_kind, AuditEvent.action, AuditEvent.case_id, AuditEvent.details,
    AuditEvent.prev_hash, AuditEvent.hash,
)  # fmt: skip


def _events(session: so.Session, batch: int = 5000) -> Iterator[sa.Row]:
    """Every event in chain order, read in batches of plain rows (a million fit in no memory)."""
    after = 0
    while True:
        query = sa.select(*_CHAIN_COLUMNS).where(AuditEvent.seq > after)
        rows = session.execute(query.order_by(AuditEvent.seq).limit(batch)).all()
        if not rows:
            return
        yield from rows
        after = rows[-1].seq


def verify_chain(session: so.Session) -> tuple[int, Break | None]:
    """Walk the chain from the start; return how many events hold and the first break, if any."""
    previous, expected_seq, checked = GENESIS, 1, 0
    for event in _events(session):
        if event.seq != expected_seq:
            return checked, Break(expected_seq, event.id, f"event {expected_seq} is missing")
        if event.prev_hash != previous:
            return checked, Break(event.seq, event.id, "does not follow the event before it")
        recomputed = event_hash(
            previous,
            seq=event.seq,
            at=event.at,
            actor_user_id=event.actor_user_id,
            actor_kind=event.actor_kind,
            action=event.action,
            case_id=event.case_id,
            details=event.details,
        )
        if recomputed != event.hash:
            return checked, Break(event.seq, event.id, "its content was changed")
        previous, expected_seq, checked = event.hash, expected_seq + 1, checked + 1
    head = session.get(AuditHead, HEAD_ID)
    if head is not None and (head.seq != checked or head.last_hash != previous):
        return checked, Break(checked + 1, 0, "events after this one were removed")
    return checked, None


def start_chain(connection: sa.Connection) -> None:
    """Give an empty `audit_head` table its one row: an empty chain."""
    connection.execute(sa.insert(AuditHead.__table__).values(id=HEAD_ID, seq=0, last_hash=GENESIS))


@sa.event.listens_for(AuditHead.__table__, "after_create")
def _start_chain_on_create(_target: sa.Table, connection: sa.Connection, **_kw: object) -> None:
    # A new database starts with an empty chain (migration 0003 does the same).
    start_chain(connection)
