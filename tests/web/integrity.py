"""The "nothing half-stored" invariant, checked against the database after any request.

A complaint is stored whole or not at all: every case has its person, its detention facts, at
least one complaint type, its triage results and its `case.created` audit event; no row of a
table that belongs to a case (or to a draft, or to an attachment) is left without its parent;
and the audit chain is unbroken (a half-written event would break it).
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlalchemy.orm as so

from complaints.audit import verify_chain
from complaints.models import (
    Attachment,
    AttachmentContent,
    AuditEvent,
    AuditHead,
    Case,
    CaseComplaintType,
    Charge,
    Detention,
    Draft,
    DraftFile,
    Filer,
    Message,
    Note,
    Person,
    RedressAction,
)

CASE_CHILDREN = (Person, Filer, Detention, Charge, CaseComplaintType, Attachment, Message, Note,
                 RedressAction, AuditEvent)  # fmt: skip


def _ids(session: so.Session, query: sa.Select) -> list[int]:
    return list(session.execute(query).scalars())


def partial_writes(session: so.Session) -> list[str]:
    """Every way the database falls short of "each complaint whole", in words; [] when none."""
    problems: list[str] = []
    cases = sa.select(Case.id)

    def missing(what: str, child: type, *conditions: sa.ColumnElement[bool]) -> None:
        has_one = sa.select(child.case_id).where(*conditions)
        for case_id in _ids(session, cases.where(Case.id.not_in(has_one))):
            problems.append(f"case {case_id} has no {what}")

    missing("person", Person)
    missing("detention facts", Detention)
    missing("complaint type", CaseComplaintType)
    missing("case.created audit event", AuditEvent, AuditEvent.action == "case.created")
    untriaged = cases.where(sa.or_(Case.triage_due_at.is_(None), Case.urgency.is_(None)))
    problems += [f"case {case_id} was not triaged" for case_id in _ids(session, untriaged)]
    for child in CASE_CHILDREN:
        orphans = sa.select(child.case_id).where(
            child.case_id.is_not(None), child.case_id.not_in(cases)
        )
        problems += [f"{child.__tablename__} row of missing case {case_id}"
                     for case_id in _ids(session, orphans)]  # fmt: skip
    no_content = sa.select(Attachment.id).where(
        Attachment.id.not_in(sa.select(AttachmentContent.attachment_id))
    )
    problems += [f"attachment {row} has no content" for row in _ids(session, no_content)]
    loose_content = sa.select(AttachmentContent.attachment_id).where(
        AttachmentContent.attachment_id.not_in(sa.select(Attachment.id))
    )
    problems += [f"content of missing attachment {row}" for row in _ids(session, loose_content)]
    loose_files = sa.select(DraftFile.id).where(DraftFile.draft_id.not_in(sa.select(Draft.id)))
    problems += [f"draft file {row} of a missing draft" for row in _ids(session, loose_files)]
    events, broken = verify_chain(session)
    if broken is not None:
        problems.append(f"audit chain broken at event {broken.seq}: {broken.reason}")
    head = session.execute(sa.select(AuditHead.seq)).scalar_one()
    if head != events:
        problems.append(f"audit head says {head} events, the chain holds {events}")
    return problems


def assert_nothing_partial(session: so.Session) -> None:
    """Fail the test, listing what is half-stored, unless every complaint is whole."""
    session.rollback()  # read what is committed now, not a snapshot from before the request
    assert partial_writes(session) == []
