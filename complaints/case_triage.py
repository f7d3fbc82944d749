"""Triage a stored case: read its facts into the pure rules and write the result back.

Used on submission and, by casework, on every edit of the facts. Never commits.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from complaints.models import Case
from complaints.rules.detainer import hold_deadline
from complaints.rules.levels import Conviction
from complaints.rules.service_levels import triage_due
from complaints.rules.triage import Flag, Triage, TriageInput, triage
from complaints.rules.vocabulary import Answer, ChargeOutcome, ChargeSeverity

# Where no jurisdiction was given, times are read in the operator's zone.
FALLBACK_TIME_ZONE = "America/New_York"


def case_zone(case: Case) -> ZoneInfo:
    """The jurisdiction's zone, where the detainer clock counts business days."""
    return ZoneInfo(case.time_zone or FALLBACK_TIME_ZONE)


def facts_for(case: Case) -> TriageInput:
    """The triage facts of a case, with stored UTC times seen in the jurisdiction's zone."""
    zone = case_zone(case)
    detention = case.detention
    person = case.person
    convicted = [charge for charge in case.charges if charge.outcome is ChargeOutcome.CONVICTED]

    def local(value: datetime | None) -> datetime | None:
        return value.astimezone(zone) if value is not None else None

    return TriageInput(
        detained_now={Answer.YES: True, Answer.NO: False}.get(
            person.detained_now if person else Answer.UNKNOWN
        ),
        detainer_issued=detention.detainer_issued if detention else Answer.UNKNOWN,
        eligible_at=local(detention.eligible_for_release_at) if detention else None,
        released_at=local(detention.released_at) if detention else None,
        minor=bool(person and person.is_minor),
        medical_emergency=bool(person and person.medical_emergency),
        convictions=tuple(
            Conviction(
                punishable_over_one_year=charge.severity is ChargeSeverity.FELONY,
                aggravated_felony=charge.aggravated_felony,
            )
            for charge in convicted
        ),
        traffic_only_convictions=bool(convicted)
        and all(charge.severity is ChargeSeverity.TRAFFIC for charge in convicted),
        complaint_types=frozenset(case.types),
        stop_reason=detention.stop_reason if detention else None,
        booked=bool(detention and detention.booked_at),
        bond_denied_for_detainer=(
            detention.bond_denied_for_detainer if detention else Answer.UNKNOWN
        ),
        detainer_copy_received=detention.detainer_copy_received if detention else Answer.UNKNOWN,
        no_lawyer_or_hearing=bool(detention and detention.no_lawyer_or_hearing is Answer.YES),
    )


def apply_triage(case: Case, now: datetime) -> Triage:
    """Recompute urgency, flags, level, detainer deadline and triage due time on the case.

    A caseworker's urgency and flag overrides are kept. Returns the rules' result, reasons included.
    """
    result = triage(facts_for(case), now)
    if not case.urgency_overridden:
        case.urgency = result.urgency
    overrides = case.flag_overrides or {}
    case.flags = {flag for flag in Flag if overrides.get(flag.value, flag in result.flags)}
    case.enforcement_level = result.level
    detention = case.detention
    if detention and detention.detainer_issued is Answer.YES and detention.eligible_for_release_at:
        eligible = detention.eligible_for_release_at.astimezone(case_zone(case))
        case.detainer_deadline = hold_deadline(eligible).astimezone(UTC)
    else:
        case.detainer_deadline = None
    filed = (case.created_at or now).astimezone(case_zone(case))
    case.triage_due_at = triage_due(filed, case.urgency).astimezone(UTC)
    return result
