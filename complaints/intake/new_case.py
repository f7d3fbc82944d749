"""A new complaint as the rows it is stored in: plain column values from a ComplaintInput,
triaged, ready for `case_rows.insert_new_case`.

Filing used to build the case as ORM objects (case, person, filer, detention, charges, types,
consents: thirteen objects and some 140 instrumented attribute sets, with their collection
events) only to read the rows back off them for the INSERTs: building plain rows instead saved
about 3.9 M of a complaint's 31.6 M instructions (valgrind; submit and receipt). The triage facts
are read off the complaint itself, by the same rules `case_triage.facts_for` applies to a stored
case. No session; the consents' wording needs the app's translations.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from complaints.case_triage import DETAINED, Triaged, convictions_of, triaged, zone_named
from complaints.consents import consent_rows
from complaints.intake.inputs import ComplaintInput, FilerInput, NewAttachment
from complaints.models.people import contact_columns, search_key
from complaints.rules.contact_safety import SafeContact
from complaints.rules.triage import Flag, TriageInput
from complaints.rules.vocabulary import (
    Answer,
    AuthorityStatus,
    ConsentSource,
    IdentityLevel,
    MessageAuthor,
)
from complaints.rules.workflow import Status

Row = dict[str, Any]


@dataclass(frozen=True)
class NewCase:
    """Each table's rows for one new case; the case's id and reference are added on insert."""

    case: Row
    person: Row
    detention: Row
    filer: Row | None
    charges: list[Row]
    types: list[Row]
    consents: list[Row]
    attachments: list[tuple[Row, bytes]]  # each file's row and its encrypted content
    authority_file: int | None  # the attachment that is the filer's authority, by position
    triage: Triaged


def new_case(
    complaint: ComplaintInput,
    files: Sequence[NewAttachment],
    *,
    now: datetime,
    code_hash: str,
    source: ConsentSource,
    recorded_by_id: int | None = None,
    partner_id: int | None = None,
) -> NewCase:
    anonymous = complaint.identity_level is IdentityLevel.ANONYMOUS
    person = _person(complaint, anonymous)
    filer, authority_file = _filer(complaint.filer, anonymous, len(files))
    outcome = triaged(_facts(complaint), zone=zone_named(complaint.time_zone), filed_at=now,
                      now=now)  # fmt: skip
    case = {
        "status": Status.NEW,
        "narrative": complaint.narrative,
        "language": complaint.language,
        "channel": complaint.channel,
        "identity_level": complaint.identity_level,
        "incident_date": complaint.incident_date,
        "state": complaint.state,
        "county": complaint.county,
        "city": complaint.city,
        "agency": complaint.agency,
        "facility_id": complaint.facility_id,
        "facility_name": complaint.facility_name,
        "time_zone": complaint.time_zone,
        "consent_contact": complaint.consent_contact and not anonymous,
        "followup_code_hash": code_hash,
        "partner_id": partner_id,
        "name_key": person["name_key"],  # the queue's copy (models/people.py)
        "urgency": outcome.urgency,
        **{f"flag_{flag.value}": flag in outcome.flags for flag in Flag},
        "enforcement_level": outcome.result.level,
        "detainer_deadline": outcome.detainer_deadline,
        "triage_due_at": outcome.triage_due_at,
        "created_at": now,
        "updated_at": now,
    }
    # The form's answers, each with the words the person read (or, by phone, heard from the
    # staff member recording them).
    consents = consent_rows(complaint.consents, source=source, language=complaint.language,
                            now=now, recorded_by_id=recorded_by_id)  # fmt: skip
    return NewCase(
        case=case,
        person=person,
        detention=_detention(complaint),
        filer=filer,
        charges=[
            {"offence": charge.offence, "severity": charge.severity, "outcome": charge.outcome}
            for charge in complaint.charges
        ],
        types=[{"type": kind} for kind in dict.fromkeys(complaint.complaint_types)],
        consents=consents,
        attachments=[(attachment_row(file, now), file.ciphertext) for file in files],
        authority_file=authority_file,
        triage=outcome,
    )


def _person(complaint: ComplaintInput, anonymous: bool) -> Row:
    person = complaint.person
    # Anonymous filings keep no name, identifier or contact detail at all, nor anything of how
    # to reach the person.
    named = not anonymous
    return {
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
        "given_name": person.given_name if named else None,
        "family_name": person.family_name if named else None,
        "name_key": search_key(person.given_name, person.family_name) if named else None,
        "a_number": person.a_number if named else None,
        "phone": person.phone if named else None,
        "email": person.email if named else None,
        "mailing_address": person.mailing_address if named else None,
        **contact_columns(person.contact if named else SafeContact()),
    }


def _filer(filer: FilerInput | None, anonymous: bool, files: int) -> tuple[Row | None, int | None]:
    """The filer's row, and which file is their authority to act for the person (uploaded means
    a file came with it; without one it is still to follow)."""
    if filer is None:
        return None, None
    named = not anonymous
    linked = filer.authority_file is not None and 0 <= filer.authority_file < files
    status = filer.authority_status
    if not linked and status is AuthorityStatus.UPLOADED:
        status = AuthorityStatus.TO_FOLLOW  # no file: not received
    row = {
        "relationship": filer.relationship,
        "name": filer.name if named else None,
        "organisation": filer.organisation if named else None,
        "bar_number": filer.bar_number if named else None,
        "phone": filer.phone if named else None,
        "email": filer.email if named else None,
        "authority": filer.authority,
        "authority_status": status,
    }
    return row, filer.authority_file if linked else None


def _detention(complaint: ComplaintInput) -> Row:
    facts = complaint.detention
    return {
        "stop_reason": facts.stop_reason,
        "arrested_at": facts.arrested_at,
        "booked_at": facts.booked_at,
        "detainer_issued": facts.detainer_issued,
        "detainer_copy_received": facts.detainer_copy_received,
        "eligible_for_release_at": facts.eligible_at,
        "release_basis": facts.release_basis,
        "released_at": facts.released_at,
        "transferred_to_ice": facts.transferred_to_ice,
        "bond_denied_for_detainer": facts.bond_denied_for_detainer,
        "no_lawyer_or_hearing": facts.no_lawyer_or_hearing,
    }


def attachment_row(file: NewAttachment, now: datetime) -> Row:
    """A file the complainant sent, as its attachments row (its content is a row of its own)."""
    return {
        "original_name": file.original_name,
        "detected_type": file.detected_type,
        "size": file.size,
        "sha256": file.sha256,
        "uploaded_by": MessageAuthor.COMPLAINANT,
        "created_at": now,
    }


def _facts(complaint: ComplaintInput) -> TriageInput:
    """The triage facts of the complaint, times seen in the jurisdiction's zone (as
    `case_triage.facts_for` reads them off a stored case)."""
    zone = zone_named(complaint.time_zone)
    person, detention = complaint.person, complaint.detention

    def local(value: datetime | None) -> datetime | None:
        return value.astimezone(zone) if value is not None else None

    convictions, traffic_only = convictions_of(
        (charge.outcome, charge.severity, False) for charge in complaint.charges
    )
    return TriageInput(
        detained_now=DETAINED.get(person.detained_now),
        detainer_issued=detention.detainer_issued,
        eligible_at=local(detention.eligible_at),
        released_at=local(detention.released_at),
        minor=person.is_minor,
        medical_emergency=person.medical_emergency,
        convictions=convictions,
        traffic_only_convictions=traffic_only,
        complaint_types=frozenset(complaint.complaint_types),
        stop_reason=detention.stop_reason,
        booked=detention.booked_at is not None,
        bond_denied_for_detainer=detention.bond_denied_for_detainer,
        detainer_copy_received=detention.detainer_copy_received,
        no_lawyer_or_hearing=detention.no_lawyer_or_hearing is Answer.YES,
    )
