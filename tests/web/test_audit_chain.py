"""The audit trail is a hash chain: intact when untouched, broken where anyone altered it."""

from __future__ import annotations

import hashlib
import json
import threading
from datetime import UTC, datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from complaints.audit import GENESIS, event_hash, record, verify_chain
from complaints.models import AuditEvent, AuditHead
from complaints.rules.vocabulary import Role
from tests.factories import make_case, make_user


def three_events(db: so.Session) -> list[AuditEvent]:
    user = make_user(db, Role.SUPERVISOR)
    case = make_case(db)
    db.flush()
    events = [
        record(db, "login.success", actor=user),
        record(db, "case.viewed", actor=user, case=case, section="person"),
        record(
            db, "case.transition", actor=user, case=case, from_status="new", to_status="triaged"
        ),
    ]
    db.commit()
    return events


def test_events_are_chained_in_order(db: so.Session) -> None:
    first, second, third = three_events(db)
    assert [event.seq for event in (first, second, third)] == [1, 2, 3]
    assert first.prev_hash == GENESIS
    assert second.prev_hash == first.hash and third.prev_hash == second.hash
    assert len({first.hash, second.hash, third.hash}) == 3
    head = db.get(AuditHead, 1)
    assert (head.seq, head.last_hash) == (3, third.hash)
    assert verify_chain(db) == (3, None)


def test_an_altered_row_breaks_the_chain_there(db: so.Session, cli) -> None:
    _first, second, _third = three_events(db)
    db.execute(
        sa.text("UPDATE audit_events SET details = :details WHERE id = :id"),
        {"details": '{"section": "nothing to see"}', "id": second.id},
    )
    db.commit()
    checked, broken = verify_chain(db)
    assert checked == 1
    assert (broken.seq, broken.event_id, broken.reason) == (2, second.id, "its content was changed")
    result = cli.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert (
        f"Audit chain broken at event 2 (row id {second.id}): its content was changed."
        in result.output
    )


def test_a_changed_actor_or_time_is_caught(db: so.Session) -> None:
    first, *_rest = three_events(db)
    db.execute(
        sa.text("UPDATE audit_events SET actor_user_id = NULL WHERE id = :id"), {"id": first.id}
    )
    db.commit()
    assert verify_chain(db)[1].seq == 1


def test_a_deleted_row_in_the_middle_is_caught(db: so.Session) -> None:
    _first, second, _third = three_events(db)
    db.execute(sa.text("DELETE FROM audit_events WHERE id = :id"), {"id": second.id})
    db.commit()
    checked, broken = verify_chain(db)
    assert (checked, broken.seq, broken.reason) == (1, 2, "event 2 is missing")


def test_deleting_the_newest_rows_is_caught(db: so.Session) -> None:
    _first, _second, third = three_events(db)
    db.execute(sa.text("DELETE FROM audit_events WHERE id = :id"), {"id": third.id})
    db.commit()
    checked, broken = verify_chain(db)
    assert (checked, broken.reason) == (2, "events after this one were removed")


def test_the_cli_reports_an_intact_chain(db: so.Session, cli) -> None:
    three_events(db)
    result = cli.invoke(args=["audit", "verify"])
    assert result.exit_code == 0
    assert result.output.strip() == "Audit chain intact: 3 events."


def test_the_demo_seed_extends_the_chain(db: so.Session, cli) -> None:
    three_events(db)
    cli.invoke(args=["demo", "seed", "--cases", "120", "--seed", "4"])
    record(db, "export.downloaded", actor_kind="staff")
    db.commit()
    checked, broken = verify_chain(db)
    # 3 events, 4 demo accounts created, 120 demo cases, and one more event after the load.
    assert (checked, broken) == (3 + 4 + 120 + 1, None)


def test_concurrent_writers_never_fork_the_chain(engine, db: so.Session) -> None:
    def write(number: int) -> None:
        with so.Session(engine) as session:
            for step in range(10):
                record(session, "case.viewed", actor_kind="staff", writer=number, step=step)
                session.commit()

    threads = [threading.Thread(target=write, args=(number,)) for number in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert verify_chain(db) == (40, None)


def test_the_database_hashes_what_python_hashes(db: so.Session) -> None:
    # The database works out each hash (PostgreSQL's sha256, SQLite's from hashlib);
    # verify_chain works it out again in Python, byte for byte, whatever the details hold.
    odd = {"note": 'José "Pepe" \\ López\n✓ 山田', "empty": {}, "list": [1, None, True], "n": 0}
    record(db, "case.viewed", actor_kind="staff", **odd)
    event = record(db, "case.viewed", actor_kind="staff", where="línea 2\t🙂")
    db.commit()
    assert verify_chain(db) == (2, None)
    stored = db.get(AuditEvent, event.id)
    assert (stored.seq, stored.prev_hash, stored.hash) == (event.seq, event.prev_hash, event.hash)
    assert db.get(AuditHead, 1).last_hash == event.hash


def test_the_hash_is_still_version_one() -> None:
    # Frozen (migration 0003 repeats it): the canonical JSON with "seq" in it, hashed whole.
    at = datetime(2026, 12, 4, 20, 30, 1, 500, tzinfo=UTC)
    content = {"seq": 7, "at": "2026-12-04T20:30:01.000500Z", "actor_user_id": 3,
               "actor_kind": "staff", "action": "case.viewed", "case_id": 12,
               "details": {"b": "é", "a": [1]}}  # fmt: skip
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    expected = hashlib.sha256(f"{GENESIS}\n{canonical}".encode()).hexdigest()
    assert expected == event_hash(GENESIS, seq=7, at=at, actor_user_id=3, actor_kind="staff",
                                  action="case.viewed", case_id=12,
                                  details={"b": "é", "a": [1]})  # fmt: skip
