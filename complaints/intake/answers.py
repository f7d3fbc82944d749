"""Turning a draft's validated step forms into a ComplaintInput for the service."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from complaints.consents import ConsentChoice
from complaints.facility_directory import facility_place
from complaints.intake import forms
from complaints.intake.inputs import (
    ChargeInput,
    ComplaintInput,
    DetentionInput,
    FilerInput,
    PersonInput,
)
from complaints.intake.steps import STEPS, Answers, Step, bind, zone_of
from complaints.rules.contact_safety import SafeContact
from complaints.rules.identifiers import normalize_a_number
from complaints.rules.places import place_of
from complaints.rules.vocabulary import (
    Answer,
    AuthorityKind,
    AuthorityStatus,
    ChargeOutcome,
    ChargeSeverity,
    ComplaintType,
    ConsentDestination,
    FilerRelationship,
    IdentityLevel,
    ReleaseBasis,
    StopReason,
)


@dataclass(frozen=True)
class Checked:
    """Every step's form bound to the saved answers, and the steps that still need attention."""

    forms: dict[str, forms.StepForm]
    missing: tuple[Step, ...]  # required steps never answered
    invalid: tuple[Step, ...]  # answered steps whose answers no longer pass (e.g. a changed place)

    @property
    def complete(self) -> bool:
        return not self.missing and not self.invalid


def check_answers(answers: Answers) -> Checked:
    bound: dict[str, forms.StepForm] = {}
    missing, invalid = [], []
    for step in STEPS:
        form = bind(step, answers, csrf=False)
        bound[step.slug] = form
        if step.slug not in answers and step.required:
            missing.append(step)
        elif step.slug in answers and not form.validate():
            invalid.append(step)
    return Checked(bound, tuple(missing), tuple(invalid))


# What "What happened next?" says of a handover to ICE; "I prefer not to say" is kept as such.
_RELEASE_KIND_TRANSFERRED = {"transferred": Answer.YES, "declined": Answer.DECLINED}


def _instead(typed, chosen) -> Answer | None:
    """The choice made instead of typing, when nothing was typed."""
    return None if typed.data or not chosen.data else Answer(chosen.data)


def _answer(value: str | None) -> Answer:
    return Answer(value) if value else Answer.UNKNOWN


def _optional(enum, value: str | None):
    return enum(value) if value else None


AUTHORITY_FILE = "authority-file"  # the draft's answer naming the authority among its files


def _authority(who: forms.WhoForm, answers: Answers, file_ids: Sequence[int]) -> dict:
    """The authority to act for the person: which, and whether uploaded (with its file's
    position among the complaint's files) or to follow. Uploaded means a file was chosen."""
    if who.authority.data not in AuthorityKind._value2member_map_:
        return {}
    chosen = (answers.get(AUTHORITY_FILE, {}).get("file") or [""])[0]
    ids = [str(file_id) for file_id in file_ids]
    uploaded = who.authority_delivery.data == AuthorityStatus.UPLOADED and chosen in ids
    return {
        "authority": AuthorityKind(who.authority.data),
        "authority_status": AuthorityStatus.UPLOADED if uploaded else AuthorityStatus.TO_FOLLOW,
        "authority_file": ids.index(chosen) if uploaded else None,
    }


def complaint_from(
    checked: Checked, answers: Answers, language: str, file_ids: Sequence[int] = ()
) -> ComplaintInput:
    """The complaint the filer described, as plain values. `checked` must be complete.

    `file_ids`: the draft's files in order, the complaint's attachments to be.
    """
    story = checked.forms["story"]
    who = checked.forms["who"]
    what = checked.forms["what-happened"]
    person = checked.forms["person"]
    detention = checked.forms["detention"]
    consent = checked.forms["consent"]
    assert isinstance(detention, forms.DetentionForm)
    assert isinstance(what, forms.WhatForm)
    anonymous = who.identity.data == "anonymous"
    filer = None
    if who.filing_for.data == "someone_else":
        filer = FilerInput(
            relationship=FilerRelationship(who.relationship.data),
            name=who.filer_name.data or None,
            organisation=who.organisation.data or None,
            bar_number=who.bar_number.data or None,
            phone=who.filer_phone.data or None,
            email=who.filer_email.data or None,
            **_authority(who, answers, file_ids),
        )
    release_kind = detention.release_kind.data
    charges = tuple(
        ChargeInput(
            offence=entry.offence.data,
            severity=ChargeSeverity(entry.severity.data or "unknown"),
            outcome=ChargeOutcome(entry.outcome.data or "unknown"),
        )
        for entry in detention.charges
        if entry.offence.data
    )
    contact = consent.contact_allowed.data == "yes"
    # A jail picked from the directory places the complaint (rules/places.py).
    facility = what.picked
    place = place_of(what.state.data or None, what.county.data or None, facility_place(facility))
    return ComplaintInput(
        narrative=story.narrative.data,
        complaint_types=tuple(ComplaintType(value) for value in what.complaint_types.data),
        language=language,
        identity_level=IdentityLevel(who.identity.data),
        filer=filer,
        person=PersonInput(
            given_name=person.given_name.data or None,
            family_name=person.family_name.data or None,
            date_of_birth=person.date_of_birth.data,
            is_minor=person.is_minor.data,
            a_number=normalize_a_number(person.a_number.data or ""),
            country_of_birth=person.country_of_birth.data or None,
            country_of_birth_answer=_instead(
                person.country_of_birth, person.country_of_birth_answer
            ),
            preferred_language=person.preferred_language.data or None,
            phone=person.phone.data or None,
            email=person.email.data or None,
            mailing_address=person.mailing_address.data or None,
            race_ethnicity=person.race_ethnicity.data or None,
            race_ethnicity_answer=_instead(person.race_ethnicity, person.race_ethnicity_answer),
            detained_now=Answer.YES
            if release_kind == "still_held"
            else _answer(person.detained_now.data),
            detained_where=person.detained_where.data or None,
            medical_emergency=person.medical_emergency.data,
            contact=consent.safe_contact(person.safe_contact.data or None)
            if contact and not anonymous
            else SafeContact(),
        ),
        detention=DetentionInput(
            stop_reason=_optional(StopReason, what.stop_reason.data),
            arrested_at=detention.local("arrested_at"),
            booked_at=detention.local("booked_at"),
            detainer_issued=_answer(detention.detainer_issued.data),
            detainer_copy_received=_answer(detention.detainer_copy_received.data),
            eligible_at=detention.local("eligible_at"),
            release_basis=_optional(ReleaseBasis, detention.release_basis.data),
            released_at=None if release_kind == "still_held" else detention.local("released_at"),
            transferred_to_ice=_RELEASE_KIND_TRANSFERRED.get(release_kind, Answer.UNKNOWN),
            still_held=release_kind == "still_held",
            bond_denied_for_detainer=_answer(detention.bond_denied_for_detainer.data),
            no_lawyer_or_hearing=_answer(detention.no_lawyer_or_hearing.data),
        ),
        charges=charges,
        incident_date=what.incident_date.data,
        state=place.state,
        county=place.county,
        city=what.city.data or None,
        agency=what.agency.data or None,
        facility_id=facility.id if facility else None,
        facility_name=facility.name if facility else what.facility.data or None,
        time_zone=zone_of(answers).key,
        consent_contact=contact,
        consents=tuple(
            ConsentChoice(
                destination,
                bool(ticked),
                consent.lawyer_name.data or None
                if ticked and destination is ConsentDestination.LAWYER
                else None,
            )
            for destination, ticked in consent.destinations().items()
        ),
    )
