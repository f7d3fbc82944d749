"""A complaint as plain values: what the form (or, later, the partner API) hands the service."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from complaints.consents import ConsentChoice
from complaints.rules.contact_safety import SafeContact, may_email_receipt
from complaints.rules.vocabulary import (
    Answer,
    AuthorityKind,
    AuthorityStatus,
    Channel,
    ChargeOutcome,
    ChargeSeverity,
    ComplaintType,
    FilerRelationship,
    IdentityLevel,
    ReleaseBasis,
    StopReason,
)


@dataclass(frozen=True)
class NewAttachment:
    """A validated file, already encrypted at rest."""

    original_name: str
    detected_type: str
    size: int
    sha256: str
    ciphertext: bytes


@dataclass(frozen=True)
class FilerInput:
    relationship: FilerRelationship
    name: str | None = None
    organisation: str | None = None
    bar_number: str | None = None
    phone: str | None = None
    email: str | None = None
    authority: AuthorityKind | None = None  # None: no authority to act for the person yet
    authority_status: AuthorityStatus | None = None
    # Which of the complaint's attachments is the authority (its position), when uploaded.
    authority_file: int | None = None


@dataclass(frozen=True)
class PersonInput:
    given_name: str | None = None
    family_name: str | None = None
    date_of_birth: date | None = None
    is_minor: bool = False
    a_number: str | None = None  # already normalised to nine digits
    country_of_birth: str | None = None
    # "I don't know" or "I prefer not to say" when nothing was typed; None otherwise.
    country_of_birth_answer: Answer | None = None
    preferred_language: str | None = None
    phone: str | None = None
    email: str | None = None
    mailing_address: str | None = None
    race_ethnicity: str | None = None
    race_ethnicity_answer: Answer | None = None
    detained_now: Answer = Answer.UNKNOWN
    detained_where: str | None = None
    medical_emergency: bool = False
    # What is safe per channel, best hours and other instructions (rules/contact_safety.py).
    contact: SafeContact = field(default_factory=SafeContact)


@dataclass(frozen=True)
class ChargeInput:
    offence: str
    severity: ChargeSeverity = ChargeSeverity.UNKNOWN
    outcome: ChargeOutcome = ChargeOutcome.UNKNOWN


@dataclass(frozen=True)
class DetentionInput:
    """Times are aware datetimes (the form reads them in the jurisdiction's zone)."""

    stop_reason: StopReason | None = None
    arrested_at: datetime | None = None
    booked_at: datetime | None = None
    detainer_issued: Answer = Answer.UNKNOWN
    detainer_copy_received: Answer = Answer.UNKNOWN
    eligible_at: datetime | None = None
    release_basis: ReleaseBasis | None = None
    released_at: datetime | None = None
    transferred_to_ice: Answer = Answer.UNKNOWN
    still_held: bool = False
    bond_denied_for_detainer: Answer = Answer.UNKNOWN
    no_lawyer_or_hearing: Answer = Answer.UNKNOWN


@dataclass(frozen=True)
class ComplaintInput:
    narrative: str
    complaint_types: tuple[ComplaintType, ...]
    language: str
    identity_level: IdentityLevel
    channel: Channel = Channel.WEB
    filer: FilerInput | None = None
    person: PersonInput = field(default_factory=PersonInput)
    detention: DetentionInput = field(default_factory=DetentionInput)
    charges: tuple[ChargeInput, ...] = ()
    incident_date: date | None = None
    state: str | None = None
    county: str | None = None
    city: str | None = None
    agency: str | None = None
    facility_id: int | None = None  # a facility of the directory, when one was picked
    facility_name: str | None = None
    time_zone: str | None = None
    consent_contact: bool = False
    # One answer per destination, as the form showed it (complaints/consents.py).
    consents: tuple[ConsentChoice, ...] = ()

    @property
    def contact_email(self) -> str | None:
        """Where a receipt goes: the filer's address when filing for someone, else the person's."""
        if self.filer is not None and self.filer.email:
            return self.filer.email
        return self.person.email

    @property
    def receipt_email(self) -> str | None:
        """`contact_email` if a receipt may go there (rules/contact_safety.py), else None."""
        to_filer = self.filer is not None and bool(self.filer.email)
        if self.identity_level is IdentityLevel.ANONYMOUS or not self.contact_email:
            return None
        allowed = may_email_receipt(self.person.contact, to_filer=to_filer)
        return self.contact_email if allowed else None
