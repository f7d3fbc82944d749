"""Rows for synthetic cases, built in memory and bulk-inserted by the seed command.

Facts are drawn from plausible distributions; urgency, flags and enforcement level come from the
real triage rules, so the demo queue behaves as the live one would.
"""

from __future__ import annotations

import random
from bisect import bisect
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from itertools import accumulate
from typing import Any
from zoneinfo import ZoneInfo

from complaints.consents import worded
from complaints.demo import samples
from complaints.demo.creation_events import creation_event
from complaints.demo.distributions import (
    ANONYMOUS_BLANKS,
    CHANNEL_WEIGHTS,
    CONSENT_RATES,
    KNOWN_RELEASE_BASES,
    NOTHING_SAFE,
    STATUS_WEIGHTS,
    STOP_WEIGHTS,
    safe_flags,
)
from complaints.demo.rows import Batch, Jurisdiction
from complaints.rules.detainer import hold_deadline
from complaints.rules.identifiers import CROCKFORD_ALPHABET, name_key
from complaints.rules.levels import Conviction
from complaints.rules.triage import Flag, TriageInput, triage
from complaints.rules.vocabulary import (
    Answer,
    ChargeOutcome,
    ChargeSeverity,
    ComplaintType,
    ConsentDestination,
    ConsentSource,
    IdentityLevel,
    MessageAuthor,
    Outcome,
)
from complaints.rules.workflow import OPEN_STATUSES, Status

# Members listed once: listing an enum per case cost the generator about a twentieth of its time.
COMPLAINT_TYPES = list(ComplaintType)
IDENTITY_LEVELS = list(IdentityLevel)
OUTCOMES = list(Outcome)
CHARGE_OUTCOMES = list(ChargeOutcome)
FLAGS = [(f"flag_{flag.value}", flag) for flag in Flag]
LETTER_POSITION = {letter: position for position, letter in enumerate(CROCKFORD_ALPHABET)}


class DemoGenerator:
    """Draws cases with ids from `next_ids` onward; references never repeat one in `taken`."""

    def __init__(
        self,
        *,
        rng: random.Random,
        jurisdictions: Sequence[Jurisdiction],
        staff_ids: Sequence[int],
        now: datetime,
        next_ids: dict[str, int],
        taken: set[str],
        audit_head: tuple[int, str],
    ) -> None:
        self.rng = rng
        self.jurisdictions = jurisdictions
        self.staff_ids = staff_ids
        self.now = now
        self.next_ids = next_ids
        self.taken = taken
        self.audit_seq, self.audit_hash = audit_head
        self.languages = [code for code, _ in samples.LANGUAGE_WEIGHTS]
        self.language_weights = [weight for _, weight in samples.LANGUAGE_WEIGHTS]
        self._choices: dict[int, tuple[list[Any], list[int]]] = {}
        self._cumulative: dict[int, tuple[Sequence[int], list[int], float, int]] = {}
        self._name_keys: dict[tuple[str, str], str | None] = {}
        self._wording: dict[ConsentDestination, tuple[str, str]] = {}
        self._shard = (0, 1)

    def share(self, index: int, count: int, rng: random.Random) -> None:
        """Make this generator number `index` of `count` running side by side (bench/load.py):
        its own draws, and references whose first letter only it may draw, so that no two of
        them make the same reference. `count` must divide the alphabet's 32 letters."""
        if len(CROCKFORD_ALPHABET) % count or not 0 <= index < count:
            raise ValueError(f"generator {index} of {count} cannot share the references")
        self.rng, self._shard = rng, (index, count)

    def _id(self, table: str) -> int:
        value = self.next_ids[table]
        self.next_ids[table] = value + 1
        return value

    def _reference(self) -> str:
        while True:
            body = "".join(self.rng.choices(CROCKFORD_ALPHABET, k=8))
            index, count = self._shard
            if count > 1:  # the first letter moved into this generator's share
                first = LETTER_POSITION[body[0]]
                body = CROCKFORD_ALPHABET[first - first % count + index] + body[1:]
            reference = f"SC-{body[:4]}-{body[4:]}"
            if reference not in self.taken:
                self.taken.add(reference)
                return reference

    def _weighted(self, weights: dict[Any, int]) -> Any:
        # The tables are module constants: each is split into choices and weights once.
        split = self._choices.get(id(weights))
        if split is None:
            split = self._choices[id(weights)] = (list(weights), list(weights.values()))
        return self._pick(split[0], split[1])

    def _pick(self, population: Sequence[Any], weights: Sequence[int]) -> Any:
        """`rng.choices(population, weights)[0]`, the same draw (one `random()` placed among
        the running totals, as `choices` does), with the totals of constant weights summed
        once rather than at every draw."""
        kept = self._cumulative.get(id(weights))
        if kept is None:  # the weights are kept too, so their id is never reused
            running = list(accumulate(weights))
            kept = self._cumulative[id(weights)] = (weights, running, running[-1] + 0.0,
                                                    len(running) - 1)  # fmt: skip
        _weights, running, total, last = kept
        return population[bisect(running, self.rng.random() * total, 0, last)]

    def _name_key(self, given: str, family: str) -> str | None:
        """`name_key`, worked out once per pair: names come from short sample lists."""
        pair = (given, family)
        key = self._name_keys.get(pair)
        if key is None:
            key = self._name_keys[pair] = name_key(given, family)
        return key

    def batch(self, count: int) -> Batch:
        batch = Batch()
        for _ in range(count):
            self._add_case(batch)
        return batch

    def _add_case(self, batch: Batch) -> None:
        rng = self.rng
        case_id = self._id("cases")
        language = self._pick(self.languages, self.language_weights)
        place = rng.choice(self.jurisdictions)
        # Skewed toward recent months: a growing service over three years.
        created_at = self.now - timedelta(
            days=1095 * rng.random() ** 1.6, seconds=rng.randrange(86400)
        )
        status = self._weighted(STATUS_WEIGHTS)
        types = set(rng.sample(COMPLAINT_TYPES, k=rng.choice((1, 1, 2, 2, 3))))

        detention, charges = self._detention(batch, case_id, created_at, status, place)
        convictions = tuple(
            Conviction(punishable_over_one_year=c["severity"] is ChargeSeverity.FELONY,
                       aggravated_felony=c["aggravated_felony"])
            for c in charges if c["outcome"] is ChargeOutcome.CONVICTED
        )  # fmt: skip
        person = self._person(case_id, language, status, detention, place)
        identity = self._pick(IDENTITY_LEVELS, (8, 62, 30))
        anonymous = identity is IdentityLevel.ANONYMOUS
        if anonymous:
            person |= dict.fromkeys(ANONYMOUS_BLANKS) | NOTHING_SAFE
        result = triage(
            TriageInput(
                detained_now=person["detained_now"] is Answer.YES,
                detainer_issued=detention["detainer_issued"] if detention else Answer.UNKNOWN,
                eligible_at=self._local(detention, "eligible_for_release_at", place),
                released_at=self._local(detention, "released_at", place),
                minor=person["is_minor"],
                medical_emergency=person["medical_emergency"],
                convictions=convictions,
                traffic_only_convictions=bool(convictions)
                and all(c["severity"] is ChargeSeverity.TRAFFIC
                        for c in charges if c["outcome"] is ChargeOutcome.CONVICTED),
                complaint_types=frozenset(types),
                stop_reason=detention["stop_reason"] if detention else None,
                booked=bool(detention and detention["booked_at"]),
                bond_denied_for_detainer=detention["bond_denied_for_detainer"]
                if detention else Answer.UNKNOWN,
                detainer_copy_received=detention["detainer_copy_received"]
                if detention else Answer.UNKNOWN,
                no_lawyer_or_hearing=bool(detention)
                and detention["no_lawyer_or_hearing"] is Answer.YES,
            ),
            now=self.now,
        )  # fmt: skip

        triaged_at = created_at + timedelta(hours=rng.uniform(1, 96))
        resolved_at = triaged_at + timedelta(days=rng.uniform(5, 120))
        settled = status in (Status.RESOLVED, Status.CLOSED)
        batch.rows["cases"].append({
            "id": case_id, "reference": self._reference(), "status": status,
            "urgency": result.urgency, "urgency_overridden": False,
            "enforcement_level": result.level,
            **{name: flag in result.flags for name, flag in FLAGS},
            "state": place.state, "county": place.county, "city": place.city,
            "agency": f"{(place.county or place.city or '').title()} County Sheriff's Office",
            "facility_id": place.facility_id, "facility_name": place.facility_name,
            "time_zone": place.time_zone,
            "incident_date": (created_at - timedelta(days=rng.randrange(60))).date(),
            "narrative": rng.choice(samples.NARRATIVES[language]), "language": language,
            "channel": self._weighted(CHANNEL_WEIGHTS),
            "identity_level": identity,
            "consent_contact": not anonymous and rng.random() < 0.85,
            "removal_proceedings": self._pick(
                (Answer.YES, Answer.NO, Answer.UNKNOWN), (30, 20, 50)
            ),
            "assigned_to_id": rng.choice(self.staff_ids)
            if self.staff_ids and status is not Status.NEW else None,
            "outcome": rng.choice(OUTCOMES) if settled else None,
            "created_at": created_at, "updated_at": max(created_at, min(resolved_at, self.now)),
            "triaged_at": triaged_at if status is not Status.NEW else None,
            "resolved_at": resolved_at if settled else None,
            "closed_at": resolved_at + timedelta(days=14) if status is Status.CLOSED else None,
            "detainer_deadline": self._deadline(detention, place),
            "name_key": person["name_key"], "version_id": 1,
        })  # fmt: skip
        batch.rows["case_complaint_types"].extend(
            {"case_id": case_id, "type": complaint_type} for complaint_type in sorted(types)
        )
        batch.rows["people"].append(person)
        if rng.random() < 0.45:
            filer = self._filer(case_id, person["family_name"] or "")
            if anonymous:
                filer |= dict.fromkeys(("name", "organisation", "bar_number", "phone", "email"))
            batch.rows["filers"].append(filer)
        batch.rows["consents"].extend(self._consents(case_id, created_at))
        if detention:
            batch.rows["detentions"].append(detention)
        batch.rows["charges"].extend(charges)
        self._correspondence(batch, case_id, created_at, status)
        batch.rows["audit_events"].append(self.audit_event(created_at, case_id))

    def _person(
        self,
        case_id: int,
        language: str,
        status: Status,
        detention: dict[str, Any] | None,
        place: Jurisdiction,
    ) -> dict[str, Any]:
        rng = self.rng
        given = rng.choice(samples.GIVEN_NAMES[language])
        family = rng.choice(samples.FAMILY_NAMES[language])
        held = bool(detention) and detention["released_at"] is None and status in OPEN_STATUSES
        born = self.now.date() - timedelta(days=rng.randrange(16 * 365, 65 * 365))
        return {
            "id": self._id("people"), "case_id": case_id, "given_name": given,
            "family_name": family, "name_key": self._name_key(given, family),
            "date_of_birth": born if rng.random() < 0.8 else None,
            "a_number": f"{rng.randrange(10**9):09d}" if rng.random() < 0.5 else None,
            "country_of_birth": rng.choice(samples.COUNTRIES[language]),
            "preferred_language": language,
            "phone": f"+1 555 01{rng.randrange(100):02d}" if rng.random() < 0.8 else None,
            "email": None, "mailing_address": None,
            "safe_contact": "Do not leave voicemail." if rng.random() < 0.3 else None,
            **safe_flags(rng.choice((["call", "text"], ["call"], ["text"], ["mail"], []))),
            "best_hours": None,
            "race_ethnicity": None, "is_minor": rng.random() < 0.01,
            "medical_emergency": held and rng.random() < 0.02,
            "detained_now": Answer.YES if held else Answer.NO if detention else Answer.UNKNOWN,
            "detained_where": place.facility_name if held else None,
        }  # fmt: skip

    def _consents(self, case_id: int, at: datetime) -> list[dict[str, Any]]:
        """The consents the person gave on the form, with its English wording."""
        rows = []
        for destination, rate in CONSENT_RATES.items():
            if self.rng.random() >= rate:
                continue
            if destination not in self._wording:  # the form's English words, found once
                self._wording[destination] = worded(destination, "en")
            key, wording = self._wording[destination]
            lawyer = destination is ConsentDestination.LAWYER
            rows.append({
                "id": self._id("consents"), "case_id": case_id, "destination": destination,
                "granted": True, "wording": wording, "wording_key": key, "language": "en",
                "source": ConsentSource.WEB, "recorded_at": at, "note": None,
                "lawyer_name": f"{self.rng.choice(samples.GIVEN_NAMES['en'])} Legal Aid"
                if lawyer else None, "recorded_by_id": None,
            })  # fmt: skip
        return rows

    def _filer(self, case_id: int, family_name: str) -> dict[str, Any]:
        rng = self.rng
        relationship = self._pick(("family", "friend", "attorney", "advocate"), (60, 10, 18, 12))
        attorney = relationship == "attorney"
        return {
            "id": self._id("filers"), "case_id": case_id, "relationship": relationship,
            "name": f"{rng.choice(samples.GIVEN_NAMES['es'])} {family_name}",
            "organisation": "Community Legal Aid" if relationship != "family" else None,
            "bar_number": f"{rng.randrange(10**6):06d}" if attorney else None,
            "phone": f"+1 555 02{rng.randrange(100):02d}", "email": None,
        }  # fmt: skip

    def _detention(
        self, batch: Batch, case_id: int, created_at: datetime, status: Status, place: Jurisdiction
    ) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
        rng = self.rng
        if rng.random() < 0.3:
            return None, []
        arrested_at = created_at - timedelta(days=rng.uniform(0.5, 30))
        booked_at = arrested_at + timedelta(hours=rng.uniform(0.5, 6))
        detainer = self._pick((Answer.YES, Answer.NO, Answer.UNKNOWN), (65, 15, 20))
        eligible_at = (
            booked_at + timedelta(hours=rng.uniform(2, 240)) if rng.random() < 0.8 else None
        )
        if eligible_at is not None and eligible_at > self.now:
            eligible_at = None  # nobody becomes eligible in the future
        released_at = None
        still_held = status in OPEN_STATUSES and rng.random() < 0.25
        if eligible_at and not still_held:
            # Most are released within the limit; a real share are held days past it.
            released_at = eligible_at + timedelta(hours=rng.choice((4, 20, 40, 70, 100, 150)))
            released_at = min(released_at, self.now)
        charges = [self._charge(case_id) for _ in range(rng.choice((0, 1, 1, 1, 2, 2, 3, 4, 6)))]
        return {
            "id": self._id("detentions"), "case_id": case_id,
            "stop_reason": self._weighted(STOP_WEIGHTS), "arrested_at": arrested_at,
            "booked_at": booked_at, "detainer_issued": detainer,
            "detainer_copy_received": rng.choice((Answer.NO, Answer.NO, Answer.YES, Answer.UNKNOWN))
            if detainer is Answer.YES else Answer.UNKNOWN,
            "eligible_for_release_at": eligible_at,
            "release_basis": rng.choice(KNOWN_RELEASE_BASES) if eligible_at else None,
            "released_at": released_at,
            "transferred_to_ice": Answer.YES if released_at and rng.random() < 0.4
            else Answer.UNKNOWN,
            "bond_denied_for_detainer": Answer.YES if detainer is Answer.YES and rng.random() < 0.3
            else Answer.UNKNOWN,
            "no_lawyer_or_hearing": Answer.YES if rng.random() < 0.2 else Answer.UNKNOWN,
        }, charges  # fmt: skip

    def _charge(self, case_id: int) -> dict[str, Any]:
        rng = self.rng
        offence, severity, _long = rng.choice(samples.OFFENCES)
        outcome = self._pick(CHARGE_OUTCOMES, (30, 30, 5, 30, 5))
        return {
            "id": self._id("charges"), "case_id": case_id, "offence": offence,
            "severity": ChargeSeverity(severity), "outcome": outcome,
            "sentence_days": rng.choice((0, 2, 10, 30, 90, 365))
            if outcome is ChargeOutcome.CONVICTED else None,
            "aggravated_felony": severity == "felony" and rng.random() < 0.05,
        }  # fmt: skip

    def _correspondence(
        self, batch: Batch, case_id: int, created_at: datetime, status: Status
    ) -> None:
        rng = self.rng
        if status is Status.NEW:
            return
        for number in range(rng.choice((0, 1, 1, 2, 3))):
            batch.rows["notes"].append({
                "id": self._id("notes"), "case_id": case_id,
                "author_id": rng.choice(self.staff_ids) if self.staff_ids else None,
                "body": rng.choice(samples.STAFF_NOTES),
                "created_at": created_at + timedelta(hours=6 + 20 * number),
            })  # fmt: skip
        for number in range(rng.choice((0, 1, 2))):
            staff = number % 2 == 0
            batch.rows["messages"].append({
                "id": self._id("messages"), "case_id": case_id,
                "author": MessageAuthor.STAFF if staff else MessageAuthor.COMPLAINANT,
                "author_user_id": rng.choice(self.staff_ids) if staff and self.staff_ids else None,
                "body": rng.choice(
                    samples.STAFF_MESSAGES if staff else samples.COMPLAINANT_REPLIES
                ),
                "created_at": created_at + timedelta(hours=8 + 30 * number), "read_at": None,
            })  # fmt: skip

    def audit_event(self, at: datetime, case_id: int) -> dict[str, Any]:
        """The case's creation event, chained onto the audit trail like any other."""
        self.audit_seq += 1
        event = creation_event(self.audit_seq, self.audit_hash, at, case_id)
        self.audit_hash = event["hash"]
        return {"id": self._id("audit_events"), **event}

    @staticmethod
    def _local(row: dict[str, Any] | None, key: str, place: Jurisdiction) -> datetime | None:
        """A stored UTC time in the jurisdiction's zone: the detainer clock counts local days."""
        if not row or row.get(key) is None:
            return None
        return row[key].astimezone(ZoneInfo(place.time_zone))

    def _deadline(self, detention: dict[str, Any] | None, place: Jurisdiction) -> datetime | None:
        eligible_at = self._local(detention, "eligible_for_release_at", place)
        if (
            eligible_at is None
            or detention is None
            or detention["detainer_issued"] is not Answer.YES
        ):
            return None
        return hold_deadline(eligible_at).astimezone(UTC)
