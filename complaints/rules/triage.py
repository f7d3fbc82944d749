"""Triage: urgency and flags computed from a complaint's facts.

Urgency, most urgent first; the most urgent rule that matches sets it (DESIGN §5):

- critical: held now on a detainer past its 48-hour deadline, a detained minor, or a medical
  emergency;
- high: held now on a detainer, or a detainer deadline that ends within 24 hours, or one that has
  ended while nobody has confirmed the hold (custody or detainer unknown);
- normal: the person is or was in custody (held now, booked, a detainer issued, bond denied, an
  eligibility or release time given, wrongful arrest, prolonged detention or bond denial alleged),
  or nobody knows whether the person is held now (`detained_now is None`): a caseworker must find
  out, so an unknown never sinks a case to low;
- low: the person is known not to be held (`detained_now is False`) and nothing shows an arrest,
  e.g. a stop or incident that ended on the spot.

Flags point a caseworker at a remedy; see `Flag`. Every urgency and flag comes with reasons: stable
English message ids that the web layer translates with gettext.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from complaints.rules.detainer import hold_deadline
from complaints.rules.levels import Conviction, Level, enforcement_level
from complaints.rules.vocabulary import Answer, ComplaintType, StopReason


def _(message: str) -> str:
    """Mark a message for Babel extraction; the web layer translates it when showing it."""
    return message


class Urgency(StrEnum):
    CRITICAL = "critical"
    HIGH = "high"
    NORMAL = "normal"
    LOW = "low"

    @property
    def rank(self) -> int:
        """Sort key: 0 is most urgent. Stored on the case so the queue can sort by an index."""
        return _URGENCY_RANKS[self]


_URGENCY_RANKS = {urgency: rank for rank, urgency in enumerate(Urgency)}


class Flag(StrEnum):
    """What a case may be a candidate for; several can apply at once.

    - outside_priorities: non-criminal, Level 3, or traffic-only convictions. The paper's central
      criticism; the case is a candidate for a prosecutorial-discretion request.
    - possible_profiling: profiling or a pretextual stop alleged, or a traffic stop or checkpoint
      that led to a booking.
    - due_process: bond denied for the detainer, no copy of the detainer, no lawyer or hearing.
    - pre_conviction: identified at booking with no conviction.
    """

    OUTSIDE_PRIORITIES = "outside_priorities"
    POSSIBLE_PROFILING = "possible_profiling"
    DUE_PROCESS = "due_process"
    PRE_CONVICTION = "pre_conviction"


# Urgency reasons.
HELD_PAST_DEADLINE = _("Held now on an immigration detainer past the 48-hour limit.")
DETAINED_MINOR = _("A minor is detained.")
MEDICAL_EMERGENCY = _("A medical emergency was reported.")
HELD_ON_DETAINER = _("Held now on an immigration detainer.")
DEADLINE_WITHIN_A_DAY = _("The 48-hour detainer limit ends within 24 hours.")
DEADLINE_PASSED_MAY_BE_HELD = _(
    "The 48-hour detainer limit has ended and the person may still be held on the detainer."
)
HELD_NOW = _("The person is held now.")
ARRESTED = _("The person was arrested or held.")
CUSTODY_UNKNOWN = _("It is not known whether the person is held now.")
NOTHING_TIME_SENSITIVE = _("The person is not held and no arrest was reported.")

# Flag reasons.
NO_CONVICTION = _("No criminal conviction: outside the enforcement priorities.")
MINOR_CONVICTIONS_ONLY = _(
    "Only convictions punishable by a year or less (Level 3): outside the enforcement priorities."
)
TRAFFIC_CONVICTIONS_ONLY = _("Only traffic convictions: outside the enforcement priorities.")
PROFILING_ALLEGED = _("Racial profiling was alleged.")
PRETEXTUAL_STOP_ALLEGED = _("A pretextual stop was alleged.")
STOP_LED_TO_BOOKING = _("A traffic stop or checkpoint led to a booking.")
BOND_DENIED = _("Bond was denied because of the detainer.")
NO_DETAINER_COPY = _("No copy of the detainer was given.")
NO_LAWYER_OR_HEARING = _("No lawyer or hearing was provided.")
BOOKED_WITHOUT_CONVICTION = _("Identified at booking with no conviction.")

_DEADLINE_WARNING = timedelta(hours=24)
# Grievances that only happen to someone who was arrested (bond is set only in custody).
_ARREST_COMPLAINTS = frozenset(
    {ComplaintType.WRONGFUL_ARREST, ComplaintType.PROLONGED_DETENTION, ComplaintType.BOND_DENIED}
)
_ROADSIDE_STOPS = frozenset({StopReason.TRAFFIC_STOP, StopReason.CHECKPOINT})
_OUTSIDE_PRIORITY_LEVELS = {
    Level.NON_CRIMINAL: NO_CONVICTION,
    Level.LEVEL_3: MINOR_CONVICTIONS_ONLY,
}


@dataclass(frozen=True, slots=True)
class TriageInput:
    """The facts triage looks at; every one is optional and defaults to "not known / not said".

    `convictions` holds convictions only, never pending or dismissed charges.
    `traffic_only_convictions` is True when the person's convictions are all traffic offences.
    `booked` means the person was booked into a jail (where Secure Communities checks prints).
    Times must be timezone-aware (ValueError otherwise); `released_at` is when the person left
    custody, and a time later than `now` is read as not yet released.
    """

    detained_now: bool | None = None
    detainer_issued: Answer = Answer.UNKNOWN
    eligible_at: datetime | None = None
    released_at: datetime | None = None
    minor: bool = False
    medical_emergency: bool = False
    convictions: tuple[Conviction, ...] = ()
    traffic_only_convictions: bool = False
    complaint_types: frozenset[ComplaintType] = field(default_factory=frozenset)
    stop_reason: StopReason | None = None
    booked: bool = False
    bond_denied_for_detainer: Answer = Answer.UNKNOWN
    detainer_copy_received: Answer = Answer.UNKNOWN
    no_lawyer_or_hearing: bool = False

    def __post_init__(self) -> None:
        for name in ("eligible_at", "released_at"):
            value = getattr(self, name)
            if value is not None and value.utcoffset() is None:
                raise ValueError(f"{name} must be timezone-aware")
        # Accept any iterable from callers but keep the stored value immutable and hashable.
        object.__setattr__(self, "convictions", tuple(self.convictions))
        object.__setattr__(self, "complaint_types", frozenset(self.complaint_types))


@dataclass(frozen=True, slots=True)
class Triage:
    """Result of triage: reasons explain the urgency first, then each flag in `Flag` order."""

    urgency: Urgency
    flags: frozenset[Flag]
    reasons: tuple[str, ...]
    level: Level


def triage(facts: TriageInput, now: datetime) -> Triage:
    """Compute a complaint's urgency, flags and enforcement level.

    Args:
        facts: what the complaint says (see `TriageInput`).
        now: the current time, timezone-aware; the detainer deadline is measured against it.

    Returns:
        A `Triage` whose reasons list every rule that set the urgency (only rules at that urgency,
        in the order of the module docstring) followed by every fact that raised a flag.

    Raises:
        ValueError: if `now` is naive.
    """
    if now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    urgency, urgency_reasons = _urgency(facts, now)
    level = enforcement_level(facts.convictions)
    flag_reasons = _flag_reasons(facts, level)
    return Triage(
        urgency=urgency,
        flags=frozenset(flag for flag, reasons in flag_reasons.items() if reasons),
        reasons=(*urgency_reasons, *(r for reasons in flag_reasons.values() for r in reasons)),
        level=level,
    )


def _urgency(facts: TriageInput, now: datetime) -> tuple[Urgency, tuple[str, ...]]:
    # Compared in UTC: two datetimes sharing a zone compare and subtract by wall clock, which is
    # an hour off across a DST change.
    now = now.astimezone(UTC)
    released = facts.released_at is not None and facts.released_at.astimezone(UTC) <= now
    deadline = None
    if facts.eligible_at is not None:
        deadline = hold_deadline(facts.eligible_at).astimezone(UTC)
    on_detainer_hold = (
        facts.detained_now is True and facts.detainer_issued is Answer.YES and not released
    )
    # A detainer clock may be running whenever nobody has said it is not: the person might be
    # held, might have a detainer, and has not been released.
    clock_may_run = (
        deadline is not None
        and not released
        and facts.detained_now is not False
        and facts.detainer_issued is not Answer.NO
    )
    past_deadline = deadline is not None and now > deadline
    near_deadline = deadline is not None and deadline - now <= _DEADLINE_WARNING

    found: list[tuple[Urgency, str]] = []
    if on_detainer_hold and past_deadline:
        found.append((Urgency.CRITICAL, HELD_PAST_DEADLINE))
    if facts.minor and facts.detained_now is True:
        found.append((Urgency.CRITICAL, DETAINED_MINOR))
    if facts.medical_emergency:
        found.append((Urgency.CRITICAL, MEDICAL_EMERGENCY))
    if on_detainer_hold and not past_deadline:
        found.append((Urgency.HIGH, HELD_ON_DETAINER))
    if clock_may_run and near_deadline and not past_deadline:
        found.append((Urgency.HIGH, DEADLINE_WITHIN_A_DAY))
    # Past the deadline but the hold is unconfirmed (custody or detainer unknown): not critical
    # until someone confirms it, yet too urgent to wait in the normal queue.
    if clock_may_run and past_deadline and not on_detainer_hold:
        found.append((Urgency.HIGH, DEADLINE_PASSED_MAY_BE_HELD))
    if facts.detained_now is True:
        found.append((Urgency.NORMAL, HELD_NOW))
    if _arrested(facts):
        found.append((Urgency.NORMAL, ARRESTED))
    if facts.detained_now is None:
        found.append((Urgency.NORMAL, CUSTODY_UNKNOWN))
    found.append((Urgency.LOW, NOTHING_TIME_SENSITIVE))

    urgency = min((u for u, _reason in found), key=lambda u: u.rank)
    return urgency, tuple(reason for u, reason in found if u is urgency)


def _arrested(facts: TriageInput) -> bool:
    return (
        facts.booked
        or facts.detainer_issued is Answer.YES
        or facts.bond_denied_for_detainer is Answer.YES
        or facts.eligible_at is not None
        or facts.released_at is not None
        or not facts.complaint_types.isdisjoint(_ARREST_COMPLAINTS)
    )


def _flag_reasons(facts: TriageInput, level: Level) -> dict[Flag, list[str]]:
    types = facts.complaint_types
    reasons: dict[Flag, list[str]] = {flag: [] for flag in Flag}

    if level in _OUTSIDE_PRIORITY_LEVELS:
        reasons[Flag.OUTSIDE_PRIORITIES].append(_OUTSIDE_PRIORITY_LEVELS[level])
    if facts.traffic_only_convictions:
        reasons[Flag.OUTSIDE_PRIORITIES].append(TRAFFIC_CONVICTIONS_ONLY)

    if ComplaintType.RACIAL_PROFILING in types:
        reasons[Flag.POSSIBLE_PROFILING].append(PROFILING_ALLEGED)
    if ComplaintType.PRETEXTUAL_STOP in types:
        reasons[Flag.POSSIBLE_PROFILING].append(PRETEXTUAL_STOP_ALLEGED)
    if facts.booked and facts.stop_reason in _ROADSIDE_STOPS:
        reasons[Flag.POSSIBLE_PROFILING].append(STOP_LED_TO_BOOKING)

    # A fact stated in the form and the same grievance ticked as a complaint type give one reason.
    if facts.bond_denied_for_detainer is Answer.YES or ComplaintType.BOND_DENIED in types:
        reasons[Flag.DUE_PROCESS].append(BOND_DENIED)
    if facts.detainer_copy_received is Answer.NO or ComplaintType.NO_DETAINER_COPY in types:
        reasons[Flag.DUE_PROCESS].append(NO_DETAINER_COPY)
    if facts.no_lawyer_or_hearing or ComplaintType.NO_COUNSEL_OR_HEARING in types:
        reasons[Flag.DUE_PROCESS].append(NO_LAWYER_OR_HEARING)

    if facts.booked and not facts.convictions:
        reasons[Flag.PRE_CONVICTION].append(BOOKED_WITHOUT_CONVICTION)
    return reasons
