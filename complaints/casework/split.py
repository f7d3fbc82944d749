"""One incident per complaint: a caseworker splits a second incident into a new, linked case.

The new case copies the person, the filer and their authority, the identity level, the contact
consent and the consents in force, the place and the language; it gets its own account, types
and date, and starts at `new`, triaged. It keeps the same follow-up code (the person need learn
only the new case number) and links to the case it came from, which lists it in turn.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from complaints.audit import record
from complaints.case_triage import apply_triage
from complaints.casework.service import CaseworkError, check_version
from complaints.consents import copy_consents
from complaints.intake.service import unique_reference
from complaints.models import Case, CaseComplaintType, Filer, Person, User
from complaints.rules.vocabulary import ComplaintType
from complaints.rules.workflow import Status


def _(message: str) -> str:
    return message


NARRATIVE_NEEDED = _("Write what happened in the second incident.")
TYPES_NEEDED = _("Choose at least one complaint type for the second incident.")
# What moves to the new case unchanged: who the person is and where and how they complained.
CASE_FIELDS = (
    "language", "channel", "identity_level", "consent_contact", "removal_proceedings", "state",
    "county", "city", "agency", "facility_id", "facility_name", "time_zone", "followup_code_hash",
)  # fmt: skip


@dataclass(frozen=True)
class SplitInput:
    narrative: str
    complaint_types: tuple[ComplaintType, ...]
    incident_date: date | None = None


def _copy(row: Person | Filer, model: type[Person] | type[Filer]) -> Person | Filer:
    keys = [column.key for column in sa.inspect(model).columns
            if column.key not in ("id", "case_id")]  # fmt: skip
    return model(**{key: getattr(row, key) for key in keys})


def split_incident(
    session: so.Session,
    case: Case,
    split: SplitInput,
    *,
    actor: User,
    expected_version: int | None,
    now: datetime,
) -> Case:
    """The new case for the second incident, linked to `case`; both audited.

    Raises StaleCase, or CaseworkError without an account or a complaint type.
    """
    check_version(case, expected_version)
    if not split.narrative.strip():
        raise CaseworkError(NARRATIVE_NEEDED)
    if not split.complaint_types:
        raise CaseworkError(TYPES_NEEDED)
    copied = {name: getattr(case, name) for name in CASE_FIELDS}
    new = Case(
        reference=unique_reference(session), status=Status.NEW, narrative=split.narrative,
        incident_date=split.incident_date, created_at=now, updated_at=now, **copied,
    )  # fmt: skip
    session.add(new)
    with session.no_autoflush:  # nothing half-built goes to the database before it is whole
        new.linked_to = case
        new.complaint_types = [
            CaseComplaintType(type=kind) for kind in dict.fromkeys(split.complaint_types)
        ]
        if case.person is not None:
            new.person = _copy(case.person, Person)
        if case.filer is not None:
            # The authority stays the one on file: an uploaded document remains the first case's.
            new.filer = _copy(case.filer, Filer)
        copy_consents(case, new)
        result = apply_triage(new, now)
    case.updated_at = now
    session.flush()
    record(session, "case.split", actor=actor, case=case, at=now, new_case=new.reference)
    record(session, "case.created", actor=actor, case=new, at=now, channel=new.channel.value,
           split_from=case.reference, urgency=result.urgency.value)  # fmt: skip
    return new
