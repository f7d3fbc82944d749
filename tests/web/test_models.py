"""The domain model on a real database: relationships, types, constraints, optimistic locking."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
import sqlalchemy.orm as so
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm.exc import StaleDataError

from complaints.models import (
    Attachment,
    AttachmentContent,
    AuditEvent,
    Case,
    Charge,
    Detention,
    Filer,
    Message,
    Note,
    RedressAction,
)
from complaints.rules.triage import Flag, Urgency
from complaints.rules.vocabulary import (
    Answer,
    ChargeOutcome,
    ChargeSeverity,
    FilerRelationship,
    MessageAuthor,
    RedressKind,
    Role,
    StopReason,
)
from complaints.rules.workflow import Status
from tests.factories import make_case, make_user


def test_a_case_with_everything_round_trips(db: so.Session) -> None:
    worker = make_user(db)
    case = make_case(db, state="TX", county="HARRIS", time_zone="America/Chicago")
    case.filer = Filer(
        relationship=FilerRelationship.ATTORNEY, name="Ana Ruiz", bar_number="24071234"
    )
    eligible = datetime(2026, 5, 22, 22, 0, tzinfo=UTC)
    case.detention = Detention(
        stop_reason=StopReason.TRAFFIC_STOP,
        detainer_issued=Answer.YES,
        eligible_for_release_at=eligible,
    )
    case.charges.append(
        Charge(
            offence="Broken tail light",
            severity=ChargeSeverity.TRAFFIC,
            outcome=ChargeOutcome.DISMISSED,
        )
    )
    case.notes.append(Note(author=worker, body="Called the jail."))
    case.messages.append(
        Message(author=MessageAuthor.STAFF, author_user=worker, body="We are on it.")
    )
    case.redress_actions.append(
        RedressAction(
            kind=RedressKind.RELEASE_DEMAND, target="Harris County Jail", taken_on=date(2026, 5, 27)
        )
    )
    attachment = Attachment(
        original_name="detainer.pdf",
        detected_type="application/pdf",
        size=3,
        sha256="0" * 64,
        uploaded_by=MessageAuthor.COMPLAINANT,
    )
    attachment.content = AttachmentContent(ciphertext=b"\x00\x01\x02")
    case.attachments.append(attachment)
    db.commit()
    case_id = case.id
    db.expunge_all()

    loaded = db.get(Case, case_id)
    assert loaded is not None
    assert loaded.person is not None and loaded.person.display_name == "María López"
    assert loaded.filer is not None and loaded.filer.bar_number == "24071234"
    assert loaded.detention is not None
    assert loaded.detention.eligible_for_release_at == eligible
    assert loaded.detention.stop_reason is StopReason.TRAFFIC_STOP
    assert [charge.outcome for charge in loaded.charges] == [ChargeOutcome.DISMISSED]
    assert loaded.notes[0].author is not None and loaded.notes[0].author.role is Role.CASEWORKER
    assert loaded.messages[0].body == "We are on it."
    assert loaded.redress_actions[0].kind is RedressKind.RELEASE_DEMAND
    assert loaded.attachments[0].original_name == "detainer.pdf"
    assert loaded.types == ["prolonged_detention"]
    assert loaded.status is Status.NEW
    assert loaded.version_id == 1


def test_deleting_a_case_removes_its_children(db: so.Session) -> None:
    case = make_case(db)
    case.notes.append(Note(body="internal"))
    db.commit()
    db.delete(case)
    db.commit()
    assert db.execute(sa.select(sa.func.count()).select_from(Note)).scalar() == 0
    assert db.execute(sa.text("SELECT COUNT(*) FROM people")).scalar() == 0
    assert db.execute(sa.text("SELECT COUNT(*) FROM case_complaint_types")).scalar() == 0


def test_enums_are_stored_as_their_values(db: so.Session) -> None:
    make_case(db, status=Status.AWAITING_INFORMATION)
    db.commit()
    assert db.execute(sa.text("SELECT status FROM cases")).scalar() == "awaiting_information"


def test_urgency_is_stored_as_a_rank_so_ordering_is_most_urgent_first(db: so.Session) -> None:
    for urgency in (Urgency.LOW, Urgency.CRITICAL, Urgency.NORMAL, Urgency.HIGH):
        make_case(db, urgency=urgency)
    db.commit()
    ordered = db.execute(sa.select(Case.urgency).order_by(Case.urgency)).scalars().all()
    assert ordered == [Urgency.CRITICAL, Urgency.HIGH, Urgency.NORMAL, Urgency.LOW]
    assert db.execute(sa.text("SELECT MIN(urgency) FROM cases")).scalar() == 0


def test_datetimes_come_back_as_aware_utc(db: so.Session) -> None:
    eastern_noon = datetime(2026, 7, 1, 12, 0, tzinfo=timezone(timedelta(hours=-4)))
    case = make_case(db, triaged_at=eastern_noon)
    db.commit()
    db.expire(case)
    assert case.triaged_at == datetime(2026, 7, 1, 16, 0, tzinfo=UTC)
    assert case.triaged_at.tzinfo is UTC


def test_naive_datetimes_are_refused(db: so.Session) -> None:
    make_case(db, triaged_at=datetime(2026, 7, 1, 12, 0))
    with pytest.raises(StatementError, match="naive datetime"):
        db.commit()


def test_references_are_unique(db: so.Session) -> None:
    make_case(db, reference="SC-7Q4K-M2XD")
    db.commit()
    make_case(db, reference="SC-7Q4K-M2XD")
    with pytest.raises(IntegrityError):
        db.commit()


def test_flags_read_and_write_the_flag_columns(db: so.Session) -> None:
    case = make_case(db)
    case.flags = {Flag.POSSIBLE_PROFILING, Flag.DUE_PROCESS}
    db.commit()
    assert case.flag_possible_profiling and case.flag_due_process
    assert not case.flag_outside_priorities
    assert case.flags == frozenset({Flag.POSSIBLE_PROFILING, Flag.DUE_PROCESS})


def test_concurrent_edits_are_detected_not_overwritten(engine, db: so.Session) -> None:
    case = make_case(db)
    db.commit()
    case_id = case.id
    with so.Session(engine) as other:
        theirs = other.get(Case, case_id)
        assert theirs is not None
        case.county = "HARRIS"
        db.commit()
        assert case.version_id == 2
        theirs.county = "DALLAS"
        with pytest.raises(StaleDataError):
            other.commit()
    db.expire_all()
    assert db.get(Case, case_id).county == "HARRIS"


def test_audit_events_keep_their_details(db: so.Session) -> None:
    from complaints.audit import record

    user = make_user(db, Role.SUPERVISOR)
    case = make_case(db)
    db.flush()
    record(db, "case.viewed", actor=user, case=case, section="person")
    db.commit()
    event = db.execute(sa.select(AuditEvent)).scalar_one()
    assert (event.action, event.actor_kind, event.case_id) == ("case.viewed", "staff", case.id)
    assert event.details == {"section": "person"}
    assert event.at.tzinfo is UTC
