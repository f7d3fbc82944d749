"""The words the domain is written in: enums shared by the rules, the models, forms and reports.

Values are stable identifiers stored in the database and exports; never rename one without a
migration. Human-readable, translated labels live beside the forms, not here.
"""

from enum import StrEnum


class Role(StrEnum):
    """Who acts on a case: staff roles are stored on users; the complainant acts via follow-up."""

    COMPLAINANT = "complainant"
    CASEWORKER = "caseworker"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


STAFF_ROLES: tuple[Role, ...] = (Role.CASEWORKER, Role.SUPERVISOR, Role.ADMIN)


class ComplaintType(StrEnum):
    WRONGFUL_ARREST = "wrongful_arrest"
    PROLONGED_DETENTION = "prolonged_detention"
    RACIAL_PROFILING = "racial_profiling"
    PRETEXTUAL_STOP = "pretextual_stop"
    BOND_DENIED = "bond_denied"
    NO_COUNSEL_OR_HEARING = "no_counsel_or_hearing"
    MISTREATMENT = "mistreatment"
    NO_DETAINER_COPY = "no_detainer_copy"
    RETALIATION = "retaliation"
    OTHER = "other"


class StopReason(StrEnum):
    TRAFFIC_STOP = "traffic_stop"
    CHECKPOINT = "checkpoint"
    CALL_FOR_SERVICE = "call_for_service"
    WARRANT = "warrant"
    WORKPLACE = "workplace"
    HOME = "home"
    OTHER = "other"
    UNKNOWN = "unknown"
    DECLINED = "declined"  # "I prefer not to say": an answer, kept apart from "I don't know"


class ChargeSeverity(StrEnum):
    FELONY = "felony"
    MISDEMEANOR = "misdemeanor"
    INFRACTION = "infraction"
    TRAFFIC = "traffic"
    UNKNOWN = "unknown"


class ChargeOutcome(StrEnum):
    PENDING = "pending"
    DISMISSED = "dismissed"
    ACQUITTED = "acquitted"
    CONVICTED = "convicted"
    UNKNOWN = "unknown"


class Answer(StrEnum):
    """A yes/no question that a frightened person may not know, or may not want to answer."""

    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"
    DECLINED = "declined"


class ReleaseBasis(StrEnum):
    """Why the person became eligible for release: the moment the detainer clock starts."""

    BOND_POSTED = "bond_posted"
    OWN_RECOGNIZANCE = "own_recognizance"
    CHARGES_DROPPED = "charges_dropped"
    SENTENCE_SERVED = "sentence_served"
    OTHER = "other"
    UNKNOWN = "unknown"
    DECLINED = "declined"


class Channel(StrEnum):
    WEB = "web"
    PHONE = "phone"
    PAPER = "paper"
    IN_PERSON = "in_person"
    PARTNER = "partner"


class IdentityLevel(StrEnum):
    ANONYMOUS = "anonymous"
    CONFIDENTIAL = "confidential"
    IDENTIFIED = "identified"


IDENTITY_ORDER: dict[IdentityLevel, int] = {
    IdentityLevel.ANONYMOUS: 0,
    IdentityLevel.CONFIDENTIAL: 1,
    IdentityLevel.IDENTIFIED: 2,
}


class ConsentDestination(StrEnum):
    """Where a complaint may be shared; the person consents to each one separately."""

    CRCL = "crcl"  # DHS Office for Civil Rights and Civil Liberties
    OIG = "oig"  # DHS Office of Inspector General
    OIDO = "oido"  # Office of the Immigration Detention Ombudsman
    LOCAL_AGENCY = "local_agency"  # the police or sheriff's internal affairs
    LAWYER = "lawyer"  # a lawyer the person names
    STATISTICS = "statistics"  # counted, without names, in published figures


class ConsentSource(StrEnum):
    """How a consent (or its withdrawal) reached us."""

    WEB = "web"  # the complaint form
    FOLLOW_UP = "follow_up"  # the person, on the follow-up page
    STAFF = "staff"  # a caseworker recording what the person said (phone, letter, visit)
    MIGRATED = "migrated"  # carried over from the yes/no columns kept before revision 0011


class AuthorityKind(StrEnum):
    """What lets someone act for the affected person."""

    WRITTEN_CONSENT = "written_consent"  # a consent signed by the person
    G28 = "g28"  # Form G-28: an attorney's or accredited representative's appearance
    ICE_60_001 = "ice_60_001"  # ICE Form 60-001: the person's privacy waiver


class AuthorityStatus(StrEnum):
    UPLOADED = "uploaded"  # the document is one of the case's attachments
    TO_FOLLOW = "to_follow"  # the filer promised it; not received yet


class FilerRelationship(StrEnum):
    SELF = "self"
    FAMILY = "family"
    FRIEND = "friend"
    ATTORNEY = "attorney"
    ADVOCATE = "advocate"
    OTHER = "other"


class RedressKind(StrEnum):
    REFER_CRCL = "refer_crcl"
    REFER_OIG = "refer_oig"
    REFER_LOCAL_AGENCY = "refer_local_agency"
    REFER_OIDO = "refer_oido"
    REFER_PRO_BONO = "refer_pro_bono"
    PROSECUTORIAL_DISCRETION = "prosecutorial_discretion"
    RELEASE_DEMAND = "release_demand"


class RedressOutcome(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    GRANTED = "granted"
    DENIED = "denied"
    NO_RESPONSE = "no_response"
    WITHDRAWN = "withdrawn"


class Outcome(StrEnum):
    """How a resolved case ended (required to enter `resolved`)."""

    RELEASED = "released"
    DETAINER_LIFTED = "detainer_lifted"
    PROSECUTORIAL_DISCRETION_GRANTED = "prosecutorial_discretion_granted"
    REFERRED_AND_ACCEPTED = "referred_and_accepted"
    SUBSTANTIATED = "substantiated"
    NOT_SUBSTANTIATED = "not_substantiated"
    NO_JURISDICTION = "no_jurisdiction"
    OTHER = "other"


class MessageAuthor(StrEnum):
    STAFF = "staff"
    COMPLAINANT = "complainant"
