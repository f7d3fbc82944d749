"""A demo case's creation event on the audit trail, chained as `audit.record` chains one.

The content `audit.event_hash` hashes is filled into a fixed template with only the position,
the time and the case left to fill: json.dumps per event cost the generator a tenth of its time.
tests/unit/test_demo_generator.py holds the two hashes equal.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

_CREATION = (
    '{"action":"case.created","actor_kind":"complainant","actor_user_id":null,"at":"%sZ",'
    '"case_id":%d,"details":{"channel":"demo"},"seq":%d}'
)


def creation_hash(prev_hash: str, seq: int, at: datetime, case_id: int) -> str:
    """`audit.event_hash` of a demo "case.created" event."""
    moment = at.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds")
    content = _CREATION % (moment, case_id, seq)
    return hashlib.sha256(f"{prev_hash}\n{content}".encode()).hexdigest()


def creation_event(seq: int, prev_hash: str, at: datetime, case_id: int) -> dict[str, Any]:
    """The event's row (without its id), at position `seq` after the event hashed `prev_hash`."""
    return {
        "seq": seq, "at": at, "actor_user_id": None, "actor_kind": "complainant",
        "action": "case.created", "case_id": case_id, "details": {"channel": "demo"},
        "prev_hash": prev_hash, "hash": creation_hash(prev_hash, seq, at, case_id),
    }  # fmt: skip
