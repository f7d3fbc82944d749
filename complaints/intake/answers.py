"""Checking a draft's step answers with the step forms, and turning the steps' checked values
into a ComplaintInput for the service."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from complaints.consents import ConsentChoice
from complaints.facility_directory import facility_place
from complaints.intake import forms
from complaints.intake.consent_form import destinations, safe_contact
from complaints.intake.facility_picker import picked_facility
from complaints.intake.inputs import (
    ChargeInput,
    ComplaintInput,
    DetentionInput,
    FilerInput,
    PersonInput,
)
from complaints.intake.step_values import Values, values_of
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

    @property
    def values(self) -> Values:
        return {slug: values_of(form) for slug, form in self.forms.items()}


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


def _instead(typed: str | None, chosen: str | None) -> Answer | None:
    """The choice made instead of typing, when nothing was typed."""
    return None if typed or not chosen else Answer(chosen)


def _answer(value: str | None) -> Answer:
    return Answer(value) if value else Answer.UNKNOWN


def _optional(enum, value: str | None):
    return enum(value) if value else None


def _local(value: datetime | None, zone: ZoneInfo) -> datetime | None:
    """A time as typed, read in the zone of the place (as the detention step checked it)."""
    return value.replace(tzinfo=zone) if value is not None else None


AUTHORITY_FILE = "authority-file"  # the draft's answer naming the authority among its files


def _authority(who: Mapping[str, Any], answers: Answers, file_ids: Sequence[int]) -> dict:
    """The authority to act for the person: which, and whether uploaded (with its file's
    position among the complaint's files) or to follow. Uploaded means a file was chosen."""
    if who["authority"] not in AuthorityKind._value2member_map_:
        return {}
    chosen = (answers.get(AUTHORITY_FILE, {}).get("file") or [""])[0]
    ids = [str(file_id) for file_id in file_ids]
    uploaded = who["authority_delivery"] == AuthorityStatus.UPLOADED and chosen in ids
    return {
        "authority": AuthorityKind(who["authority"]),
        "authority_status": AuthorityStatus.UPLOADED if uploaded else AuthorityStatus.TO_FOLLOW,
        "authority_file": ids.index(chosen) if uploaded else None,
    }


def complaint_from(
    values: Values, answers: Answers, language: str, file_ids: Sequence[int] = ()
) -> ComplaintInput:
    """The complaint the filer described, as plain values, from every step's checked values
    (`Checked.values` of a complete check, or `step_values.checked_values`).

    `file_ids`: the draft's files in order, the complaint's attachments to be.
    """
    who, what, person = values["who"], values["what-happened"], values["person"]
    detention, consent = values["detention"], values["consent"]
    zone = zone_of(answers)
    anonymous = who["identity"] == "anonymous"
    filer = None
    if who["filing_for"] == "someone_else":
        filer = FilerInput(
            relationship=FilerRelationship(who["relationship"]),
            name=who["filer_name"] or None,
            organisation=who["organisation"] or None,
            bar_number=who["bar_number"] or None,
            phone=who["filer_phone"] or None,
            email=who["filer_email"] or None,
            **_authority(who, answers, file_ids),
        )
    release_kind = detention["release_kind"]
    charges = tuple(
        ChargeInput(
            offence=entry["offence"],
            severity=ChargeSeverity(entry["severity"] or "unknown"),
            outcome=ChargeOutcome(entry["outcome"] or "unknown"),
        )
        for entry in detention["charges"]
        if entry["offence"]
    )
    contact = consent["contact_allowed"] == "yes"
    # A jail picked from the directory places the complaint (rules/places.py).
    facility = picked_facility(answers)
    place = place_of(what["state"] or None, what["county"] or None, facility_place(facility))
    return ComplaintInput(
        narrative=values["story"]["narrative"],
        complaint_types=tuple(ComplaintType(value) for value in what["complaint_types"]),
        language=language,
        identity_level=IdentityLevel(who["identity"]),
        filer=filer,
        person=PersonInput(
            given_name=person["given_name"] or None,
            family_name=person["family_name"] or None,
            date_of_birth=person["date_of_birth"],
            is_minor=person["is_minor"],
            a_number=normalize_a_number(person["a_number"] or ""),
            country_of_birth=person["country_of_birth"] or None,
            country_of_birth_answer=_instead(
                person["country_of_birth"], person["country_of_birth_answer"]
            ),
            preferred_language=person["preferred_language"] or None,
            phone=person["phone"] or None,
            email=person["email"] or None,
            mailing_address=person["mailing_address"] or None,
            race_ethnicity=person["race_ethnicity"] or None,
            race_ethnicity_answer=_instead(
                person["race_ethnicity"], person["race_ethnicity_answer"]
            ),
            detained_now=Answer.YES
            if release_kind == "still_held"
            else _answer(person["detained_now"]),
            detained_where=person["detained_where"] or None,
            medical_emergency=person["medical_emergency"],
            contact=safe_contact(consent, person["safe_contact"] or None)
            if contact and not anonymous
            else SafeContact(),
        ),
        detention=DetentionInput(
            stop_reason=_optional(StopReason, what["stop_reason"]),
            arrested_at=_local(detention["arrested_at"], zone),
            booked_at=_local(detention["booked_at"], zone),
            detainer_issued=_answer(detention["detainer_issued"]),
            detainer_copy_received=_answer(detention["detainer_copy_received"]),
            eligible_at=_local(detention["eligible_at"], zone),
            release_basis=_optional(ReleaseBasis, detention["release_basis"]),
            released_at=None
            if release_kind == "still_held"
            else _local(detention["released_at"], zone),
            transferred_to_ice=_RELEASE_KIND_TRANSFERRED.get(release_kind, Answer.UNKNOWN),
            still_held=release_kind == "still_held",
            bond_denied_for_detainer=_answer(detention["bond_denied_for_detainer"]),
            no_lawyer_or_hearing=_answer(detention["no_lawyer_or_hearing"]),
        ),
        charges=charges,
        incident_date=what["incident_date"],
        state=place.state,
        county=place.county,
        city=what["city"] or None,
        agency=what["agency"] or None,
        facility_id=facility.id if facility else None,
        facility_name=facility.name if facility else what["facility"] or None,
        time_zone=zone.key,
        consent_contact=contact,
        consents=tuple(
            ConsentChoice(
                destination,
                bool(ticked),
                consent["lawyer_name"] or None
                if ticked and destination is ConsentDestination.LAWYER
                else None,
            )
            for destination, ticked in destinations(consent).items()
        ),
    )
