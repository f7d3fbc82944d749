"""Everything the case page shows, gathered in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from http import HTTPStatus

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import render_template
from flask_babel import gettext
from flask_login import current_user

from complaints.case_triage import case_zone, facts_for
from complaints.casework import forms
from complaints.casework.safety_page import default_forms, safety_context
from complaints.casework.service import CASE_VIEWED, likely_duplicates
from complaints.extensions import db
from complaints.locales import page_date_formatters
from complaints.models import AuditEvent, Case, Filer, User
from complaints.rules.detainer import hold_deadline, overstay
from complaints.rules.permissions import Permission, can
from complaints.rules.triage import triage
from complaints.rules.vocabulary import Answer
from complaints.rules.workflow import Requirement, allowed_transitions, transition_for


@dataclass(frozen=True)
class DetainerClock:
    eligible_at: datetime
    deadline: datetime
    released_at: datetime | None
    remaining: timedelta | None  # time left while still lawful
    excess: timedelta  # time held past the deadline (so far, if still held)


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    kind: str  # "event" or "message"
    text: str
    who: str | None


def detainer_clock(case: Case, now: datetime) -> DetainerClock | None:
    detention = case.detention
    if not detention or detention.detainer_issued is not Answer.YES:
        return None
    if detention.eligible_for_release_at is None:
        return None
    zone = case_zone(case)
    eligible = detention.eligible_for_release_at.astimezone(zone)
    deadline = hold_deadline(eligible)
    released = detention.released_at.astimezone(zone) if detention.released_at else None
    end = max(released or now.astimezone(zone), eligible)  # dates in the wrong order read as zero
    remaining = deadline - end if end < deadline else None
    return DetainerClock(eligible, deadline, released, remaining, overstay(eligible, end))


def load_case(session: so.Session, case: Case) -> Case | None:
    """Load the case's collections in one query each, whatever their size."""
    return _load(session, "id", case.id)


def load_by_reference(session: so.Session, reference: str) -> Case | None:
    """The case with this (canonical) reference, with everything its page shows."""
    return _load(session, "reference", reference)


def _load(session: so.Session, column: str, key: object) -> Case | None:
    found = session.execute(_page_query(column), {"key": key})
    return found.unique().scalar_one_or_none()


@cache
def _page_query(column: str) -> sa.Select[tuple[Case]]:
    """The case by `column` with all its page shows, in eight queries. Built once: SQLAlchemy
    keeps a statement's cache key, so it is not worked out again for every view."""
    # One-to-one parts join into the case's own row; each list is one more query. Authors of
    # notes and messages come from the staff list the page loads anyway.
    return sa.select(Case).where(getattr(Case, column) == sa.bindparam("key")).options(
        so.joinedload(Case.person),
        so.joinedload(Case.filer).joinedload(Filer.authority_attachment),
        so.joinedload(Case.detention), so.joinedload(Case.assigned_to),
        so.joinedload(Case.linked_to),
        so.selectinload(Case.complaint_types), so.selectinload(Case.charges),
        so.selectinload(Case.attachments), so.selectinload(Case.notes),
        so.selectinload(Case.messages), so.selectinload(Case.redress_actions),
        # Few cases are split, so the split-off cases join into the same row.
        so.joinedload(Case.split_off), so.selectinload(Case.consents),
    )  # fmt: skip


# Only what the timeline prints. Every view of the page adds an event, so a case worked for
# months has thousands: the timeline shows the latest view only (who looked last), and the
# audit trail keeps them all. Whole events (details, hashes) would cost more than the rest.
# Built once, like the case's own query.
_LATEST_VIEW = (
    sa.select(sa.func.max(AuditEvent.seq))
    .where(AuditEvent.case_id == sa.bindparam("case_id"), AuditEvent.action == CASE_VIEWED)
    .scalar_subquery()
)
_TIMELINE = (
    sa.select(AuditEvent.at, AuditEvent.action, AuditEvent.actor_user_id)
    .where(AuditEvent.case_id == sa.bindparam("case_id"))
    .where(sa.or_(AuditEvent.action != CASE_VIEWED, AuditEvent.seq == _LATEST_VIEW))
    .order_by(AuditEvent.seq)
)


def timeline(session: so.Session, case: Case, staff: dict[int, User]) -> list[TimelineEntry]:
    events = session.execute(_TIMELINE, {"case_id": case.id})
    entries = [
        TimelineEntry(at, "event", action, staff[actor].name if actor in staff else None)
        for at, action, actor in events
    ]
    entries += [
        TimelineEntry(message.created_at, "message", message.body,
                      staff[message.author_user_id].name
                      if message.author_user_id in staff else None)
        for message in case.messages
    ]  # fmt: skip
    return sorted(entries, key=lambda entry: entry.at)


def facts_form(case: Case) -> forms.FactsForm:
    """The triage facts as they stand, times shown in the jurisdiction's local time."""
    zone = case_zone(case)
    person, detention = case.person, case.detention

    def local(value: datetime | None) -> datetime | None:
        return value.astimezone(zone).replace(tzinfo=None) if value else None

    return forms.FactsForm(
        formdata=None,
        detained_now=person.detained_now.value if person else "unknown",
        detainer_issued=detention.detainer_issued.value if detention else "unknown",
        eligible_at=local(detention.eligible_for_release_at) if detention else None,
        released_at=local(detention.released_at) if detention else None,
        is_minor=bool(person and person.is_minor),
        medical_emergency=bool(person and person.medical_emergency),
    )


def render_case(
    case: Case,
    *,
    status: int = HTTPStatus.OK,
    errors: list[tuple[str, str]] | None = None,
    conflict: list[AuditEvent] | None = None,
    kept: forms.VersionedForm | None = None,
    loaded: bool = False,
    **forms_kept: object,
) -> tuple[str, int]:
    now = datetime.now(UTC)
    if not loaded:
        load_case(db.session, case)
    staff = {user.id: user for user in db.session.execute(sa.select(User)).scalars()}
    allowed = sorted(allowed_transitions(case.status, current_user.role))
    transitions = [(to, transition_for(case.status, to).requirements_for(current_user.role))
                   for to in allowed]  # fmt: skip
    assignable = [user for user in staff.values()
                  if user.active and can(user.role, Permission.WORK_CASES)]  # fmt: skip
    context = {
        "note_form": forms.NoteForm(formdata=None),
        "message_form": forms.MessageForm(formdata=None),
        "urgency_form": forms.UrgencyForm(formdata=None),
        "redress_form": forms.RedressForm(formdata=None),
        "facts_form": facts_form(case),
        "flags_form": forms.FlagsForm(formdata=None, flags=[flag.value for flag in case.flags]),
        "legal_hold_form": forms.LegalHoldForm(formdata=None),
    }
    context |= default_forms(case) | forms_kept
    context |= safety_context(case, context)
    page = render_template(
        "casework/case.html",
        case=case,
        now=now,
        zone=case_zone(case),
        result=triage(facts_for(case), now),
        clock=detainer_clock(case, now),
        timeline=timeline(db.session, case, staff),
        duplicates=likely_duplicates(db.session, case),
        transitions=transitions,
        Requirement=Requirement,
        assignable=assignable,
        supervisor=can(current_user.role, Permission.SUPERVISE),
        can_hold=can(current_user.role, Permission.SET_LEGAL_HOLD),
        version=case.version_id,
        opened_at=now.isoformat(),
        errors=errors or [],
        conflict=conflict,
        kept=kept,
        outcome_form=forms.RedressOutcomeForm(formdata=None),
        transition_form=forms.TransitionForm(formdata=None),
        charges_label=gettext("Charges"),
        staff=staff,
        **context,
        **page_date_formatters(),  # a busy case prints a hundred dates and more
    )
    return page, status
