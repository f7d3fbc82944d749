"""Triage: a case's facts put to the pure rules (`triaged`), with what it writes on the case.

A stored case's facts are read off it (`facts_for`) and the result written back (`apply_triage`,
on every edit of the facts by casework); a new complaint's facts are read off the complaint
itself on filing (complaints/intake/new_case.py). Never commits.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from complaints.models import Case
from complaints.rules.detainer import hold_deadline
from complaints.rules.levels import Conviction
from complaints.rules.service_levels import triage_due
from complaints.rules.triage import Flag, Triage, TriageInput, Urgency, triage
from complaints.rules.vocabulary import Answer, ChargeOutcome, ChargeSeverity

# Where no jurisdiction was given, times are read in the operator's zone.
FALLBACK_TIME_ZONE = "America/New_York"


def zone_named(time_zone: str | None) -> ZoneInfo:
    """A jurisdiction's zone by name, the operator's where none was given."""
    return ZoneInfo(time_zone or FALLBACK_TIME_ZONE)


def case_zone(case: Case) -> ZoneInfo:
    """The jurisdiction's zone, where the detainer clock counts business days."""
    return zone_named(case.time_zone)


# What "detained now?" answers say; "not known" and "prefer not to say" say nothing.
DETAINED = {Answer.YES: True, Answer.NO: False}
Charged = tuple[ChargeOutcome, ChargeSeverity, bool]  # outcome, severity, aggravated felony


def convictions_of(charges: Iterable[Charged]) -> tuple[tuple[Conviction, ...], bool]:
    """The convictions among the charges, and whether they are all traffic offences."""
    convicted = [(severity, aggravated) for outcome, severity, aggravated in charges
                 if outcome is ChargeOutcome.CONVICTED]  # fmt: skip
    convictions = tuple(
        Conviction(
            punishable_over_one_year=severity is ChargeSeverity.FELONY,
            aggravated_felony=aggravated,
        )
        for severity, aggravated in convicted
    )
    traffic_only = bool(convicted) and all(
        severity is ChargeSeverity.TRAFFIC for severity, _aggravated in convicted
    )
    return convictions, traffic_only


def facts_for(case: Case) -> TriageInput:
    """The triage facts of a case, with stored UTC times seen in the jurisdiction's zone."""
    zone = case_zone(case)
    detention = case.detention
    person = case.person
    convictions, traffic_only = convictions_of(
        (charge.outcome, charge.severity, charge.aggravated_felony) for charge in case.charges
    )

    def local(value: datetime | None) -> datetime | None:
        return value.astimezone(zone) if value is not None else None

    return TriageInput(
        detained_now=DETAINED.get(person.detained_now if person else Answer.UNKNOWN),
        detainer_issued=detention.detainer_issued if detention else Answer.UNKNOWN,
        eligible_at=local(detention.eligible_for_release_at) if detention else None,
        released_at=local(detention.released_at) if detention else None,
        minor=bool(person and person.is_minor),
        medical_emergency=bool(person and person.medical_emergency),
        convictions=convictions,
        traffic_only_convictions=traffic_only,
        complaint_types=frozenset(case.types),
        stop_reason=detention.stop_reason if detention else None,
        booked=bool(detention and detention.booked_at),
        bond_denied_for_detainer=(
            detention.bond_denied_for_detainer if detention else Answer.UNKNOWN
        ),
        detainer_copy_received=detention.detainer_copy_received if detention else Answer.UNKNOWN,
        no_lawyer_or_hearing=bool(detention and detention.no_lawyer_or_hearing is Answer.YES),
    )


@dataclass(frozen=True)
class Triaged:
    """What triage writes on a case, and the rules' result (reasons included)."""

    result: Triage
    urgency: Urgency
    flags: frozenset[Flag]
    detainer_deadline: datetime | None  # UTC
    triage_due_at: datetime  # UTC


def triaged(
    facts: TriageInput,
    *,
    zone: ZoneInfo,
    filed_at: datetime,
    now: datetime,
    urgency_override: Urgency | None = None,
    flag_overrides: Mapping[str, bool] | None = None,
) -> Triaged:
    """Urgency, flags, detainer deadline and triage due time for a case with these facts, filed
    at `filed_at`; a caseworker's urgency and flag overrides are kept."""
    result = triage(facts, now)
    urgency = urgency_override or result.urgency
    overrides = flag_overrides or {}
    deadline = None
    if facts.detainer_issued is Answer.YES and facts.eligible_at:
        deadline = hold_deadline(facts.eligible_at.astimezone(zone)).astimezone(UTC)
    return Triaged(
        result=result,
        urgency=urgency,
        flags=frozenset(flag for flag in Flag if overrides.get(flag.value, flag in result.flags)),
        detainer_deadline=deadline,
        triage_due_at=triage_due(filed_at.astimezone(zone), urgency).astimezone(UTC),
    )


def apply_triage(case: Case, now: datetime) -> Triage:
    """Recompute urgency, flags, level, detainer deadline and triage due time on the case.

    A caseworker's urgency and flag overrides are kept. Returns the rules' result, reasons included.
    """
    outcome = triaged(
        facts_for(case),
        zone=case_zone(case),
        filed_at=case.created_at or now,
        now=now,
        urgency_override=case.urgency if case.urgency_overridden else None,
        flag_overrides=case.flag_overrides,
    )
    if not case.urgency_overridden:
        case.urgency = outcome.urgency
    case.flags = outcome.flags
    case.enforcement_level = outcome.result.level
    case.detainer_deadline = outcome.detainer_deadline
    case.triage_due_at = outcome.triage_due_at
    return outcome.result
