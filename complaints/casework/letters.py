"""Letters built from a case's facts: a prosecutorial-discretion request to ICE and a demand
to the holding jail to release a person held past the 48-hour detainer limit.

The facts are gathered here; the wording lives in templates/casework/letters/*.txt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from complaints.case_triage import case_zone
from complaints.models import Case
from complaints.rules.detainer import hold_deadline, overstay
from complaints.rules.levels import Level
from complaints.rules.vocabulary import Answer, ChargeOutcome, RedressKind


class LetterKind(StrEnum):
    DISCRETION = "discretion"
    RELEASE = "release"


# The redress action each letter is, checked before it is written (rules/redress_checks.py).
ACTIONS = {
    LetterKind.DISCRETION: RedressKind.PROSECUTORIAL_DISCRETION,
    LetterKind.RELEASE: RedressKind.RELEASE_DEMAND,
}
TEMPLATES = {
    LetterKind.DISCRETION: "casework/letters/discretion.txt",
    LetterKind.RELEASE: "casework/letters/release.txt",
}


@dataclass(frozen=True)
class ChargeLine:
    offence: str
    severity: str
    outcome: str


@dataclass(frozen=True)
class LetterFacts:
    today: date
    name: str
    date_of_birth: date | None
    a_number: str | None
    country_of_birth: str | None
    facility: str | None
    agency: str | None
    place: str
    arrested_at: datetime | None
    booked_at: datetime | None
    eligible_at: datetime | None
    deadline: datetime | None
    released_at: datetime | None
    held_past_limit: str | None  # e.g. "3 days 4 hours"
    detainer_issued: bool
    level: Level | None
    convictions: list[ChargeLine]
    other_charges: list[ChargeLine]
    reference: str


def _span(seconds: float) -> str:
    hours = int(seconds // 3600)
    days, hours = divmod(hours, 24)
    parts = []
    if days:
        parts.append(f"{days} day{'s' if days != 1 else ''}")
    parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    return " ".join(parts)


def letter_facts(case: Case, now: datetime) -> LetterFacts:
    """Everything a letter may cite, with times in the jail's local zone."""
    zone = case_zone(case)
    person, detention = case.person, case.detention

    def local(value: datetime | None) -> datetime | None:
        return value.astimezone(zone) if value else None

    eligible = local(detention.eligible_for_release_at) if detention else None
    released = local(detention.released_at) if detention else None
    deadline = hold_deadline(eligible) if eligible else None
    end = max(released or now.astimezone(zone), eligible) if eligible else None
    excess = overstay(eligible, end) if eligible and end else None
    charges = [
        ChargeLine(c.offence, c.severity.value, c.outcome.value) for c in case.charges if c.offence
    ]
    a_number = person.a_number if person else None
    return LetterFacts(
        today=now.astimezone(zone).date(),
        name=person.display_name if person and person.display_name else "[name]",
        date_of_birth=person.date_of_birth if person else None,
        a_number=f"A{a_number}" if a_number else None,
        country_of_birth=person.country_of_birth if person else None,
        facility=case.facility_name,
        agency=case.agency,
        place=", ".join(part for part in (case.city, case.county, case.state) if part),
        arrested_at=local(detention.arrested_at) if detention else None,
        booked_at=local(detention.booked_at) if detention else None,
        eligible_at=eligible,
        deadline=deadline,
        released_at=released,
        held_past_limit=_span(excess.total_seconds()) if excess else None,
        detainer_issued=bool(detention and detention.detainer_issued is Answer.YES),
        level=case.enforcement_level,
        convictions=[c for c in charges if c.outcome == ChargeOutcome.CONVICTED.value],
        other_charges=[c for c in charges if c.outcome != ChargeOutcome.CONVICTED.value],
        reference=case.reference,
    )
