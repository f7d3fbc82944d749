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
from typing import Any, NoReturn

import sqlalchemy as sa
import sqlalchemy.orm as so

from complaints.models import AuditEvent, AuditHead, Case, User
from complaints.sql_sha256 import sha256_hex

GENESIS = "0" * 64
HEAD_ID = 1
HEAD: sa.Table = AuditHead.__table__  # type: ignore[assignment]
EVENTS: sa.Table = AuditEvent.__table__  # type: ignore[assignment]


def canonical_time(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def content_before_seq(
    *,
    at: datetime,
    actor_user_id: int | None,
    actor_kind: str,
    action: str,
    case_id: int | None,
    details: dict[str, Any],
) -> str:
    """An event's canonical JSON up to its position in the chain. "seq" sorts after every other
    key, so the whole content is this, the position and a closing brace: the database appends
    the position it gives out (`_CLAIM`)."""
    content = json.dumps(
        {
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
    return f'{content[:-1]},"seq":'


def event_hash(prev_hash: str, *, seq: int, **content: Any) -> str:
    """SHA-256 of the previous hash and this event's content in canonical JSON (version 1):
    `{"action":...,"actor_kind":...,"actor_user_id":...,"at":...,"case_id":...,
    "details":{...},"seq":...}`, keys sorted, no spaces, UTF-8.

    Frozen: migration 0003 repeats it to chain rows written before the chain existed, and
    `_CLAIM` works out the same digest in SQL.
    """
    return hashlib.sha256(
        f"{prev_hash}\n{content_before_seq(**content)}{seq}}}".encode()
    ).hexdigest()


# An append, built once (SQLAlchemy reuses its compiled form). The UPDATE takes the chain's
# write lock (a row lock on PostgreSQL, the database lock on SQLite) and, in the same statement,
# gives out the next position and chains the event onto the last hash: the database hashes the
# previous hash, a newline and the event's content (`content_before_seq`, the position, "}"),
# as `event_hash` does. The head keeps the hash it chained onto (`prev_hash`), since RETURNING
# gives a row's new values only. On PostgreSQL the event's INSERT rides in the same statement.
_CLAIM = (
    sa.update(HEAD)
    .where(HEAD.c.id == HEAD_ID)
    .values(
        seq=HEAD.c.seq + 1,
        prev_hash=HEAD.c.last_hash,
        last_hash=sha256_hex(
            HEAD.c.last_hash
            + "\n"
            + sa.bindparam("content_before_seq", type_=sa.Text)
            + sa.cast(HEAD.c.seq + 1, sa.Text)
            + "}"
        ),
    )
    .returning(HEAD.c.seq, HEAD.c.prev_hash, HEAD.c.last_hash)
)
_VALUES = ("at", "actor_user_id", "actor_kind", "action", "case_id", "details")
_INSERT_EVENT = sa.insert(EVENTS).returning(EVENTS.c.id)


def _append_in_one() -> sa.Insert:
    claimed = _CLAIM.cte("claimed")
    chained = sa.select(
        claimed.c.seq,
        *(sa.bindparam(name, type_=EVENTS.c[name].type) for name in _VALUES),
        claimed.c.prev_hash,
        claimed.c.last_hash,
    )
    columns = ["seq", *_VALUES, "prev_hash", "hash"]
    returned = (EVENTS.c.id, EVENTS.c.seq, EVENTS.c.prev_hash, EVENTS.c.hash)
    return sa.insert(EVENTS).from_select(columns, chained).returning(*returned)


_APPEND_IN_ONE = _append_in_one()


def append(connection: sa.Connection, values: dict[str, Any]) -> AuditEvent:
    """Write the event at the chain's next position; the event as written."""
    before_seq = {"content_before_seq": content_before_seq(**values)}
    if connection.dialect.name == "postgresql":
        row = connection.execute(_APPEND_IN_ONE, {**values, **before_seq}).first()
        if row is None:
            _missing_head()
        return AuditEvent(id=row.id, seq=row.seq, prev_hash=row.prev_hash, hash=row.hash, **values)
    claimed = connection.execute(_CLAIM, before_seq).first()
    if claimed is None:
        _missing_head()
    chained = {"seq": claimed.seq, "prev_hash": claimed.prev_hash, "hash": claimed.last_hash}
    new_id = connection.execute(_INSERT_EVENT, {**values, **chained}).scalar_one()
    return AuditEvent(id=new_id, **values, **chained)


def _missing_head() -> NoReturn:
    # Created with the table; only a hand-emptied table lacks it.
    raise RuntimeError("audit_head row is missing; the audit chain cannot be extended")


def event_values(
    action: str,
    *,
    actor: User | None = None,
    actor_kind: str | None = None,
    case_id: int | None = None,
    at: datetime | None = None,
    **details: Any,
) -> dict[str, Any]:
    """An event's columns, its place in the chain aside (`record` says what each one means)."""
    return {
        "at": at or datetime.now(UTC),
        "actor_user_id": actor.id if actor is not None else None,
        "actor_kind": actor_kind or ("staff" if actor is not None else "system"),
        "action": action,
        "case_id": case_id,
        "details": details,
    }


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
    values = event_values(
        action, actor=actor, actor_kind=actor_kind, at=at,
        case_id=case.id if case is not None else case_id, **details,
    )  # fmt: skip
    # Plain statements on the session's connection and transaction: an event is never changed,
    # so the unit of work has nothing to track, and the chain's head stays locked for as short
    # a time as can be.
    return append(session.connection(), values)


# A case id no case has: where an event's content is split for the id its case gets.
_CASE_MARK = -9_999_999_999


def content_around_case(values: dict[str, Any]) -> tuple[str, str]:
    """The event's `content_before_seq`, split where its case id goes: for an event written in
    the same statement as its new case, whose id only the database knows then."""
    marked = content_before_seq(**{**values, "case_id": _CASE_MARK})
    before, _mark, after = marked.partition(f'"case_id":{_CASE_MARK},')
    return f'{before}"case_id":', f",{after}"


def chained_to_new_case(case_cte: str) -> str:
    """PostgreSQL: two common table expressions appending an event about the case that the
    common table expression `case_cte` inserts (returning its id), when it inserts one.

    The same append as `_APPEND_IN_ONE`: the head's row lock, the next position, and the hash
    of the previous hash, a newline and the event's content (`event_hash`), with the new case's
    id put in between the two halves from `content_around_case`. Parameters: "event_" and each
    of "at", "actor_user_id", "actor_kind", "action", "details" (JSON text), "before_case" and
    "after_case"."""
    content = (
        "audit_head.last_hash || chr(10) || :event_before_case"
        f" || CAST({case_cte}.id AS text) || :event_after_case"
        " || CAST(audit_head.seq + 1 AS text) || '}'"
    )
    return (
        "claimed AS (UPDATE audit_head SET seq = audit_head.seq + 1,"
        " prev_hash = audit_head.last_hash,"
        f" last_hash = encode(sha256(convert_to({content}, 'UTF8')), 'hex')"
        f" FROM {case_cte} WHERE audit_head.id = {HEAD_ID}"
        " RETURNING audit_head.seq, audit_head.prev_hash, audit_head.last_hash),"
        " event AS (INSERT INTO audit_events"
        " (seq, at, actor_user_id, actor_kind, action, case_id, details, prev_hash, hash)"
        " SELECT claimed.seq, :event_at, :event_actor_user_id, :event_actor_kind, :event_action,"
        f" {case_cte}.id, CAST(:event_details AS json), claimed.prev_hash, claimed.last_hash"
        f" FROM claimed, {case_cte})"
    )


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
