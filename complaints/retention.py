"""Retention: redact the personal data of cases finished longer ago than the period; legal holds.

Redaction keeps what the monthly statistics count (dates, jurisdiction, agency and facility,
status, urgency, flags, complaint types, enforcement level, outcome, language, channel, identity
level, consent records (destination, answer, date and wording), the structured arrest and
detention facts, charge severities and outcomes, redress kinds, dates and outcomes) and removes
what identifies or describes a person: every personal field of the person and the filer, the
lawyer named in a consent and staff notes on consents, the narrative, notes and message bodies,
charge descriptions, redress targets and details, attachments with their contents, and the
follow-up code's hash so the code stops working. Rows are blanked rather than deleted so counts
and dates stay whole.

Nothing here commits; `retention run` commits batch by batch. Legal holds are placed and lifted
on the case page (complaints/casework/legal_hold.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from complaints.audit import record
from complaints.models import Attachment, AttachmentContent, Case
from complaints.rules.contact_safety import SafeContact
from complaints.rules.retention import (
    CLOSED_AT_STATUSES,
    RESOLVED_AT_STATUSES,
    redaction_due,
    years_before,
)

BATCH = 200
# Personal fields of the person that become NULL; is_minor, medical_emergency and detained_now
# stay (triage facts that identify no one).
PERSON_FIELDS = (
    "given_name", "family_name", "name_key", "date_of_birth", "a_number", "country_of_birth",
    "preferred_language", "phone", "email", "mailing_address", "safe_contact", "race_ethnicity",
    "detained_where", "best_hours",
)  # fmt: skip
# The filer's relationship stays (who files is counted); who they are goes.
FILER_FIELDS = ("name", "organisation", "bar_number", "phone", "email")


@dataclass(frozen=True)
class RetentionCount:
    due: int  # finished before the cutoff, not held, not yet redacted
    held: int  # would be due but for a legal hold


def _due_clause(cutoff: datetime) -> sa.ColumnElement[bool]:
    """SQL for "finished before `cutoff`" (the same rule as rules.retention.finished_at)."""
    return sa.or_(
        sa.and_(Case.status.in_(CLOSED_AT_STATUSES), Case.closed_at < cutoff),
        sa.and_(Case.status.in_(RESOLVED_AT_STATUSES), Case.resolved_at < cutoff),
    )


def count_due(session: so.Session, now: datetime, years: int) -> RetentionCount:
    """How many cases a run would redact now, and how many legal holds keep."""
    cutoff = years_before(now, years)
    rows = session.execute(
        sa.select(Case.legal_hold, sa.func.count(Case.id))
        .where(_due_clause(cutoff), Case.redacted_at.is_(None))
        .group_by(Case.legal_hold)
    ).all()
    counts = {bool(held): n for held, n in rows}
    return RetentionCount(due=counts.get(False, 0), held=counts.get(True, 0))


def due_batch(
    session: so.Session, now: datetime, years: int, *, after_id: int = 0, limit: int = BATCH
) -> list[Case]:
    """The next cases due for redaction with an id above `after_id`, in id order."""
    cutoff = years_before(now, years)
    query = (
        sa.select(Case)
        .where(_due_clause(cutoff), Case.redacted_at.is_(None), Case.legal_hold.is_(False))
        .where(Case.id > after_id)
        .order_by(Case.id)
        .limit(limit)
        .options(
            so.joinedload(Case.person), so.joinedload(Case.filer),
            so.selectinload(Case.charges), so.selectinload(Case.notes),
            so.selectinload(Case.messages), so.selectinload(Case.redress_actions),
            so.selectinload(Case.attachments), so.selectinload(Case.consents),
        )
    )  # fmt: skip
    return list(session.execute(query).unique().scalars())


def redact_cases(session: so.Session, cases: list[Case], now: datetime, *, years: int) -> int:
    """Remove the personal data of each case of `cases` that is due, one audit event each;
    return how many were redacted. Cases come from `due_batch`, with their parts loaded.

    The rule is checked again per case, so one held or reopened since it was selected is kept.
    """
    cutoff = years_before(now, years)
    redacted: list[int] = []
    # One flush for the batch at commit, not one per audit event (ten times faster).
    with session.no_autoflush:
        for case in cases:
            if redaction_due(
                case.status, case.closed_at, case.resolved_at, legal_hold=case.legal_hold,
                redacted_at=case.redacted_at, cutoff=cutoff,
            ):  # fmt: skip
                _blank(case)
                case.redacted_at = now
                record(session, "case.redacted", case=case, retention_years=years,
                       attachments=len(case.attachments))  # fmt: skip
                redacted.append(case.id)
    _delete_attachments(session, redacted)
    return len(redacted)


def _blank(case: Case) -> None:
    if case.person is not None:
        for name in PERSON_FIELDS:
            setattr(case.person, name, None)
        case.person.contact_safety = SafeContact()
    if case.filer is not None:
        for name in FILER_FIELDS:
            setattr(case.filer, name, None)
        case.filer.authority_attachment_id = None  # the file itself is deleted below
    for consent in case.consents:
        consent.lawyer_name = consent.note = None
    case.narrative = ""
    case.followup_code_hash = None
    for charge in case.charges:
        charge.offence = ""
    for entry in (*case.notes, *case.messages):
        entry.body = ""
    for action in case.redress_actions:
        action.target = action.details = ""


def _delete_attachments(session: so.Session, case_ids: list[int]) -> None:
    """Delete every file of these cases, contents first (they are never loaded)."""
    if not case_ids:
        return
    files = sa.select(Attachment.id).where(Attachment.case_id.in_(case_ids))
    session.execute(sa.delete(AttachmentContent).where(AttachmentContent.attachment_id.in_(files)))
    session.execute(
        sa.delete(Attachment)
        .where(Attachment.case_id.in_(case_ids))
        .execution_options(synchronize_session="fetch")
    )


def record_run(session: so.Session, now: datetime, *, years: int, redacted: int, held: int) -> None:
    """The summary event of one run: counts and the policy, never a case."""
    cutoff = years_before(now, years)
    record(session, "retention.run", retention_years=years, cutoff=cutoff.isoformat(),
           redacted=redacted, held=held)  # fmt: skip
