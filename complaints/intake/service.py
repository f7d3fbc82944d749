"""Filing and following a complaint. Takes the session and plain values; never commits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from complaints.audit import record
from complaints.case_triage import apply_triage
from complaints.consents import record_consents
from complaints.intake.case_rows import insert_case
from complaints.intake.codes import code_digest, code_matches, new_code
from complaints.intake.inputs import ComplaintInput, FilerInput
from complaints.models import (
    Attachment,
    AttachmentContent,
    Case,
    CaseComplaintType,
    Charge,
    Detention,
    Filer,
    Message,
    Person,
    User,
)
from complaints.rules.contact_safety import SafeContact
from complaints.rules.identifiers import name_key, new_reference, normalize_reference
from complaints.rules.vocabulary import (
    AuthorityStatus,
    ConsentSource,
    IdentityLevel,
    MessageAuthor,
    Role,
)
from complaints.rules.workflow import Status, check_transition

MESSAGE_MAX = 10_000
NAME_KEY_MAX: int = Person.__table__.c.name_key.type.length


@dataclass(frozen=True)
class NewAttachment:
    """A validated file, already encrypted at rest."""

    original_name: str
    detected_type: str
    size: int
    sha256: str
    ciphertext: bytes


@dataclass(frozen=True)
class Filed:
    """A complaint just written. `case` is the case as it was built and written, to read
    (reference, urgency, id...); it is not in the session: to change it, load it by its id."""

    case: Case
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


def _search_key(given_name: str | None, family_name: str | None) -> str | None:
    """The name search key, cut to fit its column: normalising can lengthen a name (the ligature
    "ﷺ" becomes 18 letters), and prefix search needs only the start."""
    key = name_key(given_name, family_name)
    return key[:NAME_KEY_MAX] if key else key


def _person(complaint: ComplaintInput) -> Person:
    person = complaint.person
    values = {
        "date_of_birth": person.date_of_birth,
        "is_minor": person.is_minor,
        "country_of_birth": person.country_of_birth,
        "country_of_birth_answer": person.country_of_birth_answer,
        "preferred_language": person.preferred_language,
        "race_ethnicity": person.race_ethnicity,
        "race_ethnicity_answer": person.race_ethnicity_answer,
        "detained_now": person.detained_now,
        "detained_where": person.detained_where,
        "medical_emergency": person.medical_emergency,
    }
    if complaint.identity_level is not IdentityLevel.ANONYMOUS:
        # Anonymous filings keep no name, identifier or contact detail at all.
        values |= {
            "given_name": person.given_name,
            "family_name": person.family_name,
            "name_key": _search_key(person.given_name, person.family_name),
            "a_number": person.a_number,
            "phone": person.phone,
            "email": person.email,
            "mailing_address": person.mailing_address,
        }
    stored = Person(**values)
    # Anonymous filings keep nothing of how to reach the person either.
    if complaint.identity_level is not IdentityLevel.ANONYMOUS:
        stored.contact_safety = person.contact
    else:
        stored.contact_safety = SafeContact()
    return stored


def _attachment(new: NewAttachment, now: datetime) -> Attachment:
    attachment = Attachment(
        original_name=new.original_name,
        detected_type=new.detected_type,
        size=new.size,
        sha256=new.sha256,
        uploaded_by=MessageAuthor.COMPLAINANT,
        created_at=now,
    )
    attachment.content = AttachmentContent(ciphertext=new.ciphertext)
    return attachment


def _detention(complaint: ComplaintInput) -> Detention:
    facts = complaint.detention
    return Detention(
        stop_reason=facts.stop_reason,
        arrested_at=facts.arrested_at,
        booked_at=facts.booked_at,
        detainer_issued=facts.detainer_issued,
        detainer_copy_received=facts.detainer_copy_received,
        eligible_for_release_at=facts.eligible_at,
        release_basis=facts.release_basis,
        released_at=facts.released_at,
        transferred_to_ice=facts.transferred_to_ice,
        bond_denied_for_detainer=facts.bond_denied_for_detainer,
        no_lawyer_or_hearing=facts.no_lawyer_or_hearing,
    )


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
    """Store a complaint with its people, detention facts, charges and files, triaged.

    Everything is written through the session (complaints/intake/case_rows.py, which also draws
    the case's reference), so it all commits or fails together with the caller's commit.
    Returns the case and its follow-up code (the code is not kept anywhere). `partner_id`: the
    partner filing through the API.
    """
    code = new_code()
    anonymous = complaint.identity_level is IdentityLevel.ANONYMOUS
    case = Case(
        status=Status.NEW,
        narrative=complaint.narrative,
        language=complaint.language,
        channel=complaint.channel,
        identity_level=complaint.identity_level,
        incident_date=complaint.incident_date,
        state=complaint.state,
        county=complaint.county,
        city=complaint.city,
        agency=complaint.agency,
        facility_id=complaint.facility_id,
        facility_name=complaint.facility_name,
        time_zone=complaint.time_zone,
        consent_contact=complaint.consent_contact and not anonymous,
        followup_code_hash=code_digest(code_key, code),
        partner_id=partner_id,
        created_at=now,
        updated_at=now,
    )
    case.complaint_types = [
        CaseComplaintType(type=kind) for kind in dict.fromkeys(complaint.complaint_types)
    ]
    case.person = _person(complaint)
    if complaint.filer is not None:
        filer = complaint.filer
        case.filer = Filer(relationship=filer.relationship)
        if not anonymous:
            case.filer.name, case.filer.organisation = filer.name, filer.organisation
            case.filer.bar_number, case.filer.phone = filer.bar_number, filer.phone
            case.filer.email = filer.email
    case.detention = _detention(complaint)
    case.charges = [
        Charge(offence=charge.offence, severity=charge.severity, outcome=charge.outcome)
        for charge in complaint.charges
    ]
    case.attachments = [_attachment(new, now) for new in attachments]
    if complaint.filer is not None:
        _authority(case, complaint.filer)
    # The form's answers, each with the words the person read (or, by phone, heard from the
    # staff member recording them); one audit event says it all.
    source = ConsentSource.STAFF if recorded_by else ConsentSource.WEB
    record_consents(session, case, complaint.consents, source=source, actor=recorded_by,
                    language=complaint.language, now=now, audit=False)  # fmt: skip
    result = apply_triage(case, now)
    insert_case(session, case)
    record(
        session,
        "case.created",
        actor=recorded_by,
        actor_kind="staff" if recorded_by else "complainant",
        case=case,
        channel=complaint.channel.value,
        attachments=len(attachments),
        urgency=result.urgency.value,
        identity_level=case.identity_level.value,
        consents=sorted(choice.destination.value for choice in complaint.consents
                        if choice.granted),
    )  # fmt: skip
    return Filed(case, code)


def _authority(case: Case, filer: FilerInput) -> None:
    """The filer's authority to act for the person, linked to its file when it was uploaded."""
    assert case.filer is not None
    case.filer.authority, case.filer.authority_status = filer.authority, filer.authority_status
    if filer.authority_file is not None and 0 <= filer.authority_file < len(case.attachments):
        case.filer.authority_attachment = case.attachments[filer.authority_file]
    elif filer.authority_status is AuthorityStatus.UPLOADED:
        case.filer.authority_status = AuthorityStatus.TO_FOLLOW  # no file: not received


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
