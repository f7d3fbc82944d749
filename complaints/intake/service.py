"""Filing and following a complaint. Takes the session and plain values; never commits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from complaints.audit import event_values, record
from complaints.intake import case_rows
from complaints.intake.codes import code_digest, code_matches, new_code
from complaints.intake.inputs import ComplaintInput, NewAttachment
from complaints.intake.new_case import NewCase, attachment_row, new_case
from complaints.models import Attachment, AttachmentContent, Case, Message, User
from complaints.rules.identifiers import new_reference, normalize_reference
from complaints.rules.triage import Urgency
from complaints.rules.vocabulary import ConsentSource, MessageAuthor, Role
from complaints.rules.workflow import Status, check_transition

MESSAGE_MAX = 10_000


@dataclass(frozen=True)
class Filed:
    """A complaint just written, as the filer and the partner API are told of it. To read or
    change the case, load it by its id."""

    case_id: int
    reference: str
    urgency: Urgency
    filed_at: datetime
    code: str  # shown to the filer once; only its HMAC is stored


def unique_reference(session: so.Session) -> str:
    """A new random reference not yet used (40 random bits: a clash is rare, but checked)."""
    cases = Case.__table__  # a plain statement: no ORM entity to build for one yes-or-no
    connection = session.connection()
    while True:
        reference = new_reference()
        taken = connection.execute(sa.select(cases.c.id).where(cases.c.reference == reference))
        if taken.first() is None:
            return reference


def _attachment(new: NewAttachment, now: datetime) -> Attachment:
    attachment = Attachment(**attachment_row(new, now))
    attachment.content = AttachmentContent(ciphertext=new.ciphertext)
    return attachment


def submit_complaint(
    session: so.Session,
    complaint: ComplaintInput,
    attachments: Sequence[NewAttachment],
    *,
    now: datetime,
    code_key: str,
    recorded_by: User | None = None,
    partner_id: int | None = None,
) -> Filed:
    """Store a complaint with its people, detention facts, charges, consents and files, triaged
    and audited.

    Everything is written through the session (complaints/intake/case_rows.py, which also draws
    the case's reference), so it all commits or fails together with the caller's commit.
    Returns what the filer is told, with the follow-up code (the code is not kept anywhere).
    `partner_id`: the partner filing through the API.
    """
    code, new, event = _new_case(complaint, attachments, now, code_key, recorded_by, partner_id)
    written = case_rows.insert_new_case(session.connection(), new, event)
    return Filed(written.case_id, written.reference, new.triage.urgency, now, code)


def file_draft_in_one(
    connection: sa.Connection,
    complaint: ComplaintInput,
    draft_id: int,
    *,
    now: datetime,
    code_key: str,
    recorded_by: User | None = None,
) -> Filed | None:
    """PostgreSQL, a complaint without files read from the draft `draft_id`: stored, audited and
    the draft deleted in one statement (case_rows.file_draft_in_one), which commits by itself on
    a connection in autocommit. None, with nothing stored, when the draft is already gone."""
    code, new, event = _new_case(complaint, (), now, code_key, recorded_by, None)
    written = case_rows.file_draft_in_one(connection, new, event, draft_id)
    if written is None:
        return None
    return Filed(written.case_id, written.reference, new.triage.urgency, now, code)


def _new_case(
    complaint: ComplaintInput,
    attachments: Sequence[NewAttachment],
    now: datetime,
    code_key: str,
    recorded_by: User | None,
    partner_id: int | None,
) -> tuple[str, NewCase, dict]:
    """A new follow-up code, the case's rows, and its "case.created" event (the case id aside)."""
    code = new_code()
    new = new_case(
        complaint,
        attachments,
        now=now,
        code_hash=code_digest(code_key, code),
        # The words of each consent were read by the person or, by phone, heard from the staff
        # member recording them.
        source=ConsentSource.STAFF if recorded_by else ConsentSource.WEB,
        recorded_by_id=recorded_by.id if recorded_by else None,
        partner_id=partner_id,
    )
    event = event_values(
        "case.created",
        actor=recorded_by,
        actor_kind="staff" if recorded_by else "complainant",
        channel=complaint.channel.value,
        attachments=len(attachments),
        urgency=new.triage.urgency.value,
        identity_level=complaint.identity_level.value,
        consents=sorted(choice.destination.value for choice in complaint.consents
                        if choice.granted),
    )  # fmt: skip
    return code, new, event


def find_for_followup(
    session: so.Session, reference: str, code: str, *, code_key: str
) -> Case | None:
    """The case when reference and code match, else None, taking the same work either way."""
    canonical = normalize_reference(reference)
    stored = None
    case = None
    if canonical is not None:
        case = session.execute(
            sa.select(Case).where(Case.reference == canonical)
        ).scalar_one_or_none()
        stored = case.followup_code_hash if case is not None else None
    return case if code_matches(code_key, code, stored) else None


def add_reply(session: so.Session, case: Case, body: str, now: datetime) -> Message:
    """A message from the complainant, shown to the caseworker."""
    message = Message(author=MessageAuthor.COMPLAINANT, body=body, created_at=now)
    case.messages.append(message)
    case.updated_at = now
    record(session, "message.received", actor_kind="complainant", case=case)
    return message


def add_documents(
    session: so.Session, case: Case, attachments: Sequence[NewAttachment], now: datetime
) -> None:
    case.attachments.extend(_attachment(new, now) for new in attachments)
    case.updated_at = now
    record(session, "documents.added", actor_kind="complainant", case=case, count=len(attachments))


def withdraw(session: so.Session, case: Case, reason: str | None, now: datetime) -> None:
    """The complainant withdraws; raises workflow.TransitionError when the case is not open."""
    check_transition(case.status, Status.WITHDRAWN, Role.COMPLAINANT, reason=reason)
    previous = case.status
    case.status = Status.WITHDRAWN
    case.closed_at = now
    case.updated_at = now
    if reason:
        case.messages.append(Message(author=MessageAuthor.COMPLAINANT, body=reason, created_at=now))
    record(
        session,
        "case.transition",
        actor_kind="complainant",
        case=case,
        from_status=previous.value,
        to_status=Status.WITHDRAWN.value,
    )
