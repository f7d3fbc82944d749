"""Translatable wording for every choice, in one place: forms, review page, case page, exports.

Keys are the domain enums; values are lazy strings translated into the reader's language.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum

from wtforms.fields.choices import SelectChoice

from complaints.catalog import lazy_gettext as _l
from complaints.rules.contact_safety import ContactWarning
from complaints.rules.levels import Level
from complaints.rules.triage import Flag, Urgency
from complaints.rules.vocabulary import (
    Answer,
    AuthorityKind,
    AuthorityStatus,
    ChargeOutcome,
    ChargeSeverity,
    ComplaintType,
    ConsentDestination,
    ConsentSource,
    FilerRelationship,
    IdentityLevel,
    Outcome,
    RedressKind,
    RedressOutcome,
    ReleaseBasis,
    Role,
    StopReason,
)
from complaints.rules.workflow import Status

COMPLAINT_TYPES = {
    ComplaintType.WRONGFUL_ARREST: _l("Wrongful arrest"),
    ComplaintType.PROLONGED_DETENTION: _l("Held too long, or past the 48-hour detainer limit"),
    ComplaintType.RACIAL_PROFILING: _l("Stopped or treated differently because of race, "
                                       "ethnicity, language or accent"),
    ComplaintType.PRETEXTUAL_STOP: _l("Stopped for a small reason that seemed like an excuse"),
    ComplaintType.BOND_DENIED: _l("Bond or release denied because of immigration"),
    ComplaintType.NO_COUNSEL_OR_HEARING: _l("Not allowed a lawyer, a phone call or a hearing"),
    ComplaintType.MISTREATMENT: _l("Mistreated in custody"),
    ComplaintType.NO_DETAINER_COPY: _l("Not given a copy of the immigration detainer"),
    ComplaintType.RETALIATION: _l("Punished for complaining or speaking up"),
    ComplaintType.OTHER: _l("Something else"),
}  # fmt: skip
STOP_REASONS = {
    StopReason.TRAFFIC_STOP: _l("A traffic stop"),
    StopReason.CHECKPOINT: _l("A checkpoint or roadblock"),
    StopReason.CALL_FOR_SERVICE: _l("Police were called to the place"),
    StopReason.WARRANT: _l("A warrant"),
    StopReason.WORKPLACE: _l("At work"),
    StopReason.HOME: _l("At home"),
    StopReason.OTHER: _l("Something else"),
    StopReason.UNKNOWN: _l("I don't know"),
    StopReason.DECLINED: _l("I prefer not to say"),
}
ANSWERS = {
    Answer.YES: _l("Yes"),
    Answer.NO: _l("No"),
    Answer.UNKNOWN: _l("I don't know"),
    Answer.DECLINED: _l("I prefer not to say"),
}
RELATIONSHIPS = {
    FilerRelationship.FAMILY: _l("Family member"),
    FilerRelationship.FRIEND: _l("Friend or neighbour"),
    FilerRelationship.ATTORNEY: _l("Attorney"),
    FilerRelationship.ADVOCATE: _l("Advocate or community organisation"),
    FilerRelationship.OTHER: _l("Other"),
}
SEVERITIES = {
    ChargeSeverity.FELONY: _l("Felony"),
    ChargeSeverity.MISDEMEANOR: _l("Misdemeanor"),
    ChargeSeverity.INFRACTION: _l("Infraction or ticket"),
    ChargeSeverity.TRAFFIC: _l("Traffic offence"),
    ChargeSeverity.UNKNOWN: _l("I don't know"),
}
CHARGE_OUTCOMES = {
    ChargeOutcome.PENDING: _l("Not decided yet"),
    ChargeOutcome.DISMISSED: _l("Dropped or dismissed"),
    ChargeOutcome.ACQUITTED: _l("Found not guilty"),
    ChargeOutcome.CONVICTED: _l("Found guilty or pleaded guilty"),
    ChargeOutcome.UNKNOWN: _l("I don't know"),
}
RELEASE_BASES = {
    ReleaseBasis.BOND_POSTED: _l("Bond or bail was paid"),
    ReleaseBasis.OWN_RECOGNIZANCE: _l("Released on their own promise to return"),
    ReleaseBasis.CHARGES_DROPPED: _l("Charges were dropped"),
    ReleaseBasis.SENTENCE_SERVED: _l("Sentence was finished"),
    ReleaseBasis.OTHER: _l("Another reason"),
    ReleaseBasis.UNKNOWN: _l("I don't know"),
    ReleaseBasis.DECLINED: _l("I prefer not to say"),
}
# Status in plain words for the person who filed (follow-up) and for staff.
STATUSES = {
    Status.NEW: _l("Received. A caseworker will read it soon."),
    Status.TRIAGED: _l("A caseworker has read it and will look into it."),
    Status.INVESTIGATING: _l("A caseworker is looking into what happened."),
    Status.AWAITING_INFORMATION: _l("We need more information from you. Please read our message."),
    Status.REDRESS: _l("We are taking action, such as a referral or a request for release."),
    Status.RESOLVED: _l("We have finished our work on this complaint."),
    Status.CLOSED: _l("This complaint is closed."),
    Status.DUPLICATE: _l("This complaint is being handled together with another one."),
    Status.WITHDRAWN: _l("You withdrew this complaint."),
}
# Short status names for staff (the sentences above are for the person who filed).
STATUS_NAMES = {
    Status.NEW: _l("New"),
    Status.TRIAGED: _l("Triaged"),
    Status.INVESTIGATING: _l("Investigating"),
    Status.AWAITING_INFORMATION: _l("Awaiting information"),
    Status.REDRESS: _l("Redress"),
    Status.RESOLVED: _l("Resolved"),
    Status.CLOSED: _l("Closed"),
    Status.DUPLICATE: _l("Duplicate"),
    Status.WITHDRAWN: _l("Withdrawn"),
}
URGENCIES = {
    Urgency.CRITICAL: _l("Critical"),
    Urgency.HIGH: _l("High"),
    Urgency.NORMAL: _l("Normal"),
    Urgency.LOW: _l("Low"),
}
FLAGS = {
    Flag.OUTSIDE_PRIORITIES: _l("Outside enforcement priorities"),
    Flag.POSSIBLE_PROFILING: _l("Possible profiling"),
    Flag.DUE_PROCESS: _l("Due-process concern"),
    Flag.PRE_CONVICTION: _l("Identified before any conviction"),
}
OUTCOMES = {
    Outcome.RELEASED: _l("Released"),
    Outcome.DETAINER_LIFTED: _l("Detainer lifted"),
    Outcome.PROSECUTORIAL_DISCRETION_GRANTED: _l("Prosecutorial discretion granted"),
    Outcome.REFERRED_AND_ACCEPTED: _l("Referred and accepted"),
    Outcome.SUBSTANTIATED: _l("Complaint substantiated"),
    Outcome.NOT_SUBSTANTIATED: _l("Not substantiated"),
    Outcome.NO_JURISDICTION: _l("No jurisdiction"),
    Outcome.OTHER: _l("Other outcome"),
}
REDRESS_KINDS = {
    RedressKind.REFER_CRCL: _l("Referral to DHS Office for Civil Rights and Civil Liberties"),
    RedressKind.REFER_OIG: _l("Referral to DHS Office of Inspector General"),
    RedressKind.REFER_LOCAL_AGENCY: _l("Referral to the local agency's internal affairs"),
    RedressKind.REFER_OIDO: _l("Referral to the DHS immigration detention ombudsman (OIDO)"),
    RedressKind.REFER_PRO_BONO: _l("Referral to pro-bono counsel"),
    RedressKind.PROSECUTORIAL_DISCRETION: _l("Prosecutorial-discretion request to ICE"),
    RedressKind.RELEASE_DEMAND: _l("Demand to the jail for release"),
}
REDRESS_OUTCOMES = {
    RedressOutcome.PENDING: _l("Waiting for an answer"),
    RedressOutcome.ACCEPTED: _l("Accepted"),
    RedressOutcome.GRANTED: _l("Granted"),
    RedressOutcome.DENIED: _l("Denied"),
    RedressOutcome.NO_RESPONSE: _l("No response"),
    RedressOutcome.WITHDRAWN: _l("Withdrawn"),
}
ROLES = {
    Role.CASEWORKER: _l("Caseworker"),
    Role.SUPERVISOR: _l("Supervisor"),
    Role.ADMIN: _l("Administrator"),
}
LEVELS = {
    Level.LEVEL_1: _l("Level 1"),
    Level.LEVEL_2: _l("Level 2"),
    Level.LEVEL_3: _l("Level 3"),
    Level.NON_CRIMINAL: _l("Non-criminal"),
}

# Identity levels: the name, and the one line staff read beside it on every page of a case.
IDENTITY_LEVELS = {
    IdentityLevel.ANONYMOUS: _l("Anonymous"),
    IdentityLevel.CONFIDENTIAL: _l("Confidential"),
    IdentityLevel.IDENTIFIED: _l("Identified"),
}
IDENTITY_MEANINGS = {
    IdentityLevel.ANONYMOUS: _l("No name or contact details are kept."),
    IdentityLevel.CONFIDENTIAL: _l(
        "Known to us; never disclosed to any agency without the person's consent."
    ),
    IdentityLevel.IDENTIFIED: _l(
        "The person agreed to be named in letters and requests made for them."
    ),
}
# The same levels as the person reads them on follow-up.
IDENTITY_EXPLAINED = {
    IdentityLevel.ANONYMOUS: _l("You filed anonymously: we keep no name or contact details."),
    IdentityLevel.CONFIDENTIAL: _l(
        "We know who you are, and we give your name to no agency unless you agree."
    ),
    IdentityLevel.IDENTIFIED: _l(
        "You agreed that we may use your name in letters and requests we make for you."
    ),
}
# The sentence a person agrees to, per destination, and the key of that wording's version.
# The form shows exactly these words and the consent record keeps them, in the person's
# language: change a sentence and its key's version together (crcl.v1 -> crcl.v2).
CONSENT_WORDING = {
    ConsentDestination.CRCL: (
        "crcl.v1",
        _l("You may share my complaint with the DHS Office for Civil Rights and Civil Liberties"),
    ),
    ConsentDestination.OIG: (
        "oig.v1",
        _l("You may share my complaint with the DHS Office of Inspector General"),
    ),
    ConsentDestination.OIDO: (
        "oido.v1",
        _l("You may share my complaint with the DHS Office of the Immigration Detention "
           "Ombudsman"),
    ),
    ConsentDestination.LOCAL_AGENCY: (
        "local_agency.v1",
        _l("You may share my complaint with the police or sheriff's office where it happened, "
           "for its internal affairs review"),
    ),
    ConsentDestination.LAWYER: (
        "lawyer.v1",
        _l("You may share my complaint with my lawyer, named below"),
    ),
    ConsentDestination.STATISTICS: (
        "statistics.v1",
        _l("You may count my complaint, without names, in public statistics"),
    ),
}  # fmt: skip
# Short names of the destinations, for staff pages and the follow-up summary.
CONSENT_DESTINATIONS = {
    ConsentDestination.CRCL: _l("DHS Office for Civil Rights and Civil Liberties (CRCL)"),
    ConsentDestination.OIG: _l("DHS Office of Inspector General (OIG)"),
    ConsentDestination.OIDO: _l("Immigration Detention Ombudsman (OIDO)"),
    ConsentDestination.LOCAL_AGENCY: _l("The local police or sheriff's office"),
    ConsentDestination.LAWYER: _l("A lawyer the person named"),
    ConsentDestination.STATISTICS: _l("Statistics without names"),
}
CONSENT_SOURCES = {
    ConsentSource.WEB: _l("On the complaint form"),
    ConsentSource.FOLLOW_UP: _l("On the follow-up page"),
    ConsentSource.STAFF: _l("Recorded by staff"),
    ConsentSource.MIGRATED: _l("From the earlier yes/no record"),
}
AUTHORITIES = {
    AuthorityKind.WRITTEN_CONSENT: _l("A consent signed by the person"),
    AuthorityKind.G28: _l("Form G-28 (I am their attorney or accredited representative)"),
    AuthorityKind.ICE_60_001: _l("ICE Form 60-001 (privacy waiver signed by the person)"),
}
AUTHORITY_STATUSES = {
    AuthorityStatus.UPLOADED: _l("Uploaded"),
    AuthorityStatus.TO_FOLLOW: _l("To follow"),
}

# How the person may safely be reached (complaints/rules/contact_safety.py), per channel.
SAFE_METHODS = {
    "call": _l("Phone: safe to call"),
    "text": _l("Phone: safe to send a text message"),
    "voicemail": _l("Phone: safe to leave a voicemail"),
    "email": _l("Email: safe to email"),
    "mail": _l("Address: safe to send a letter"),
}
SHARED_CHANNELS = {
    "phone": _l("Phone: someone else may answer it, hear voicemail or read texts"),
    "email": _l("Email: someone else may read it"),
    "mail": _l("Address: someone else may open letters"),
}
# What a caseworker must not do, said plainly, before any contact.
CONTACT_WARNINGS = {
    ContactWarning.DO_NOT_CONTACT: _l(
        "Do not contact this person: no way to reach them was marked safe."
    ),
    ContactWarning.NO_CALL: _l("Do not call."),
    ContactWarning.NO_TEXT: _l("Do not send text messages."),
    ContactWarning.NO_VOICEMAIL: _l("Do not leave a voicemail."),
    ContactWarning.SHARED_PHONE: _l(
        "Someone else may answer the phone, hear voicemail or read texts."
    ),
    ContactWarning.NO_EMAIL: _l("Do not email."),
    ContactWarning.SHARED_EMAIL: _l("Someone else may read email."),
    ContactWarning.NO_MAIL: _l("Do not send letters."),
    ContactWarning.SHARED_MAIL: _l("Someone else may open letters."),
}


def options(pairs: Iterable[tuple[str, object]]) -> list[SelectChoice]:
    """WTForms choices from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


def choices(
    labels: Mapping[StrEnum, object],
    only: Iterable[StrEnum] | None = None,
    *,
    first: tuple[str, object] | None = None,
) -> list[SelectChoice]:
    """WTForms choices from a label table, in the table's order (or only the keys given),
    after an optional `first` (value, label) such as a blank "choose" option."""
    keys = list(only) if only is not None else list(labels)
    pairs = [(key.value, labels[key]) for key in keys]
    return options([first, *pairs] if first else pairs)


def by_value(table: Mapping[StrEnum, object]) -> dict[str, object]:
    """The same labels keyed by the stored value, for figures grouped in SQL."""
    return {key.value: label for key, label in table.items()}


def translated(table: Mapping[StrEnum, object]) -> dict[StrEnum, str]:
    """The labels translated once, for a page that shows them on every row: a lazy label is
    translated again each time it is printed, and a 50-row queue prints hundreds."""
    return {key: str(label) for key, label in table.items()}


# Label tables the staff templates read by name.
TEMPLATE_GLOBALS = {
    "level_labels": LEVELS,
    "type_names": by_value(COMPLAINT_TYPES),
    "status_value_names": by_value(STATUS_NAMES),
    "outcome_value_names": by_value(OUTCOMES),
    "redress_value_names": by_value(REDRESS_KINDS),
    "redress_outcome_value_names": by_value(REDRESS_OUTCOMES),
    "status_names": STATUS_NAMES,
    "urgency_labels": URGENCIES,
    "flag_labels": FLAGS,
    "type_labels": COMPLAINT_TYPES,
    "answer_labels": ANSWERS,
    "stop_labels": STOP_REASONS,
    "severity_labels": SEVERITIES,
    "outcome_of_charge": CHARGE_OUTCOMES,
    "outcome_labels": OUTCOMES,
    "redress_labels": REDRESS_KINDS,
    "redress_outcome_labels": REDRESS_OUTCOMES,
    "identity_labels": IDENTITY_LEVELS,
    "identity_meanings": IDENTITY_MEANINGS,
    "identity_explained": IDENTITY_EXPLAINED,
    "destination_labels": CONSENT_DESTINATIONS,
    "consent_source_labels": CONSENT_SOURCES,
    "authority_labels": AUTHORITIES,
    "authority_status_labels": AUTHORITY_STATUSES,
    "safe_method_labels": SAFE_METHODS,
    "shared_channel_labels": SHARED_CHANNELS,
    "contact_warning_labels": CONTACT_WARNINGS,
}
