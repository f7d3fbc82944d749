"""Triage: urgency, flags and the reasons given for each."""

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from complaints.rules import triage as t
from complaints.rules.levels import Conviction, Level
from complaints.rules.triage import Flag, Triage, TriageInput, Urgency, triage
from complaints.rules.vocabulary import Answer, ComplaintType, StopReason

CHI = ZoneInfo("America/Chicago")
# Eligible Friday before Memorial Day: the hold ends Wednesday 2026-05-27 17:00 Chicago time.
ELIGIBLE = datetime(2026, 5, 22, 17, tzinfo=CHI)
DEADLINE = datetime(2026, 5, 27, 17, tzinfo=CHI)
PAST_DEADLINE = datetime(2026, 5, 27, 18, tzinfo=CHI)
DAY_BEFORE_DEADLINE = datetime(2026, 5, 26, 17, tzinfo=CHI)
MORE_THAN_A_DAY_BEFORE = datetime(2026, 5, 26, 16, 59, tzinfo=CHI)

FELONY = Conviction(punishable_over_one_year=True)
MISDEMEANOR = Conviction(punishable_over_one_year=False)


def facts(**given: Any) -> TriageInput:
    """Facts with a Level 2 record, so no flag adds reasons and only urgency reasons remain."""
    return TriageInput(**{"convictions": (FELONY,), **given})


ON_HOLD = {"detained_now": True, "detainer_issued": Answer.YES, "eligible_at": ELIGIBLE}


@pytest.mark.parametrize(
    ("given", "now", "urgency", "reasons"),
    [
        pytest.param(
            ON_HOLD, PAST_DEADLINE, Urgency.CRITICAL, (t.HELD_PAST_DEADLINE,), id="past deadline"
        ),
        pytest.param(
            ON_HOLD,
            DEADLINE,
            Urgency.HIGH,
            (t.HELD_ON_DETAINER, t.DEADLINE_WITHIN_A_DAY),
            id="at the deadline itself, not yet past",
        ),
        pytest.param(
            ON_HOLD,
            DAY_BEFORE_DEADLINE,
            Urgency.HIGH,
            (t.HELD_ON_DETAINER, t.DEADLINE_WITHIN_A_DAY),
            id="exactly 24 hours left",
        ),
        pytest.param(
            ON_HOLD,
            MORE_THAN_A_DAY_BEFORE,
            Urgency.HIGH,
            (t.HELD_ON_DETAINER,),
            id="24 hours and a minute left",
        ),
        # Deadline Monday 2026-11-02 00:30 CST; now Sunday 01:00 CDT, before the clocks go back:
        # 23.5 hours apart on the wall clock but 24.5 real hours.
        pytest.param(
            {**ON_HOLD, "eligible_at": datetime(2026, 10, 29, 0, 30, tzinfo=CHI)},
            datetime(2026, 11, 1, 1, 0, tzinfo=CHI),
            Urgency.HIGH,
            (t.HELD_ON_DETAINER,),
            id="24.5 real hours left across fall back",
        ),
        pytest.param(
            {**ON_HOLD, "eligible_at": datetime(2026, 10, 29, 0, 30, tzinfo=CHI)},
            datetime(2026, 11, 1, 1, 30, fold=1, tzinfo=CHI),
            Urgency.HIGH,
            (t.HELD_ON_DETAINER, t.DEADLINE_WITHIN_A_DAY),
            id="23 real hours left, at the repeated 01:30",
        ),
        pytest.param(
            {**ON_HOLD, "eligible_at": None},
            PAST_DEADLINE,
            Urgency.HIGH,
            (t.HELD_ON_DETAINER,),
            id="held on a detainer, eligibility unknown",
        ),
        pytest.param(
            {**ON_HOLD, "eligible_at": datetime(2026, 5, 28, 9, tzinfo=CHI)},
            PAST_DEADLINE,
            Urgency.HIGH,
            (t.HELD_ON_DETAINER,),
            id="held on a detainer, eligible tomorrow",
        ),
        pytest.param(
            {**ON_HOLD, "released_at": datetime(2026, 5, 28, 9, tzinfo=CHI)},
            PAST_DEADLINE,
            Urgency.CRITICAL,
            (t.HELD_PAST_DEADLINE,),
            id="release scheduled later is not a release",
        ),
        pytest.param(
            {**ON_HOLD, "detained_now": False, "released_at": PAST_DEADLINE},
            datetime(2026, 5, 28, 9, tzinfo=CHI),
            Urgency.NORMAL,
            (t.ARRESTED,),
            id="released after the deadline",
        ),
        pytest.param(
            {"detained_now": True, "minor": True},
            PAST_DEADLINE,
            Urgency.CRITICAL,
            (t.DETAINED_MINOR,),
            id="detained minor",
        ),
        pytest.param(
            {"detained_now": False, "minor": True},
            PAST_DEADLINE,
            Urgency.LOW,
            (t.NOTHING_TIME_SENSITIVE,),
            id="minor not held",
        ),
        pytest.param(
            {"detained_now": False, "medical_emergency": True},
            PAST_DEADLINE,
            Urgency.CRITICAL,
            (t.MEDICAL_EMERGENCY,),
            id="medical emergency",
        ),
        pytest.param(
            {**ON_HOLD, "minor": True, "medical_emergency": True},
            PAST_DEADLINE,
            Urgency.CRITICAL,
            (t.HELD_PAST_DEADLINE, t.DETAINED_MINOR, t.MEDICAL_EMERGENCY),
            id="every critical reason",
        ),
        pytest.param(
            {**ON_HOLD, "minor": True},
            MORE_THAN_A_DAY_BEFORE,
            Urgency.CRITICAL,
            (t.DETAINED_MINOR,),
            id="critical hides the high reasons",
        ),
        pytest.param(
            {**ON_HOLD, "detained_now": None},
            DAY_BEFORE_DEADLINE,
            Urgency.HIGH,
            (t.DEADLINE_WITHIN_A_DAY,),
            id="custody unknown, deadline within a day",
        ),
        pytest.param(
            {**ON_HOLD, "detained_now": None},
            PAST_DEADLINE,
            Urgency.HIGH,
            (t.DEADLINE_PASSED_MAY_BE_HELD,),
            id="custody unknown, deadline passed",
        ),
        pytest.param(
            {**ON_HOLD, "detainer_issued": Answer.UNKNOWN},
            PAST_DEADLINE,
            Urgency.HIGH,
            (t.DEADLINE_PASSED_MAY_BE_HELD,),
            id="held, detainer unknown, deadline passed",
        ),
        pytest.param(
            {**ON_HOLD, "detainer_issued": Answer.DECLINED},
            DAY_BEFORE_DEADLINE,
            Urgency.HIGH,
            (t.DEADLINE_WITHIN_A_DAY,),
            id="held, detainer question declined, deadline within a day",
        ),
        pytest.param(
            {**ON_HOLD, "detainer_issued": Answer.NO},
            PAST_DEADLINE,
            Urgency.NORMAL,
            (t.HELD_NOW, t.ARRESTED),
            id="held without a detainer",
        ),
        pytest.param(
            {**ON_HOLD, "detained_now": False},
            PAST_DEADLINE,
            Urgency.NORMAL,
            (t.ARRESTED,),
            id="detainer issued but not held now",
        ),
        pytest.param(
            {**ON_HOLD, "detained_now": None, "eligible_at": datetime(2026, 5, 28, 9, tzinfo=CHI)},
            PAST_DEADLINE,
            Urgency.NORMAL,
            (t.ARRESTED, t.CUSTODY_UNKNOWN),
            id="custody unknown, clock not started",
        ),
        pytest.param(
            {"detained_now": True}, PAST_DEADLINE, Urgency.NORMAL, (t.HELD_NOW,), id="held now"
        ),
        pytest.param(
            {"detained_now": False, "booked": True},
            PAST_DEADLINE,
            Urgency.NORMAL,
            (t.ARRESTED,),
            id="booked and released",
        ),
        pytest.param(
            {"detained_now": False, "complaint_types": {ComplaintType.WRONGFUL_ARREST}},
            PAST_DEADLINE,
            Urgency.NORMAL,
            (t.ARRESTED,),
            id="wrongful arrest alleged",
        ),
        pytest.param(
            {"detained_now": False, "complaint_types": {ComplaintType.PROLONGED_DETENTION}},
            PAST_DEADLINE,
            Urgency.NORMAL,
            (t.ARRESTED,),
            id="prolonged detention alleged",
        ),
        pytest.param(
            {"detained_now": None},
            PAST_DEADLINE,
            Urgency.NORMAL,
            (t.CUSTODY_UNKNOWN,),
            id="unknown",
        ),
        pytest.param(
            {"detained_now": False, "complaint_types": {ComplaintType.MISTREATMENT}},
            PAST_DEADLINE,
            Urgency.LOW,
            (t.NOTHING_TIME_SENSITIVE,),
            id="not held, no arrest",
        ),
        pytest.param(
            {"detained_now": False, "stop_reason": StopReason.TRAFFIC_STOP},
            PAST_DEADLINE,
            Urgency.LOW,
            (t.NOTHING_TIME_SENSITIVE,),
            id="stopped and let go",
        ),
    ],
)
def test_urgency(
    given: dict[str, Any], now: datetime, urgency: Urgency, reasons: tuple[str, ...]
) -> None:
    result = triage(facts(**given), now)
    assert (result.urgency, result.reasons, result.flags) == (urgency, reasons, frozenset())


def test_deadline_compared_as_instants_across_zones() -> None:
    # 22:00 UTC is exactly the 17:00 Chicago deadline; a microsecond later it has passed.
    at_deadline = datetime(2026, 5, 27, 22, tzinfo=UTC)
    assert triage(facts(**ON_HOLD), at_deadline).urgency is Urgency.HIGH
    later = at_deadline + timedelta(microseconds=1)
    assert triage(facts(**ON_HOLD), later).urgency is Urgency.CRITICAL


NOW = datetime(2026, 6, 1, 12, tzinfo=CHI)


@pytest.mark.parametrize(
    ("given", "flags", "reasons"),
    [
        pytest.param({"convictions": ()}, {Flag.OUTSIDE_PRIORITIES}, (t.NO_CONVICTION,), id="none"),
        pytest.param(
            {"convictions": (MISDEMEANOR, MISDEMEANOR)},
            {Flag.OUTSIDE_PRIORITIES},
            (t.MINOR_CONVICTIONS_ONLY,),
            id="level 3",
        ),
        pytest.param({"convictions": (MISDEMEANOR,) * 3}, set(), (), id="level 2 by count"),
        pytest.param({"convictions": (FELONY, FELONY)}, set(), (), id="level 1"),
        pytest.param(
            {"convictions": (FELONY, FELONY), "traffic_only_convictions": True},
            {Flag.OUTSIDE_PRIORITIES},
            (t.TRAFFIC_CONVICTIONS_ONLY,),
            id="traffic felonies only",
        ),
        pytest.param(
            {"convictions": (MISDEMEANOR,), "traffic_only_convictions": True},
            {Flag.OUTSIDE_PRIORITIES},
            (t.MINOR_CONVICTIONS_ONLY, t.TRAFFIC_CONVICTIONS_ONLY),
            id="traffic misdemeanour only",
        ),
        pytest.param(
            {"complaint_types": {ComplaintType.RACIAL_PROFILING}},
            {Flag.POSSIBLE_PROFILING},
            (t.PROFILING_ALLEGED,),
            id="profiling alleged",
        ),
        pytest.param(
            {"complaint_types": {ComplaintType.PRETEXTUAL_STOP}},
            {Flag.POSSIBLE_PROFILING},
            (t.PRETEXTUAL_STOP_ALLEGED,),
            id="pretextual stop alleged",
        ),
        pytest.param(
            {"stop_reason": StopReason.TRAFFIC_STOP},
            set(),
            (),
            id="traffic stop without booking",
        ),
        pytest.param(
            {"bond_denied_for_detainer": Answer.NO},
            set(),
            (),
            id="bond not denied",
        ),
        pytest.param(
            {"detainer_copy_received": Answer.NO},
            {Flag.DUE_PROCESS},
            (t.NO_DETAINER_COPY,),
            id="no copy of the detainer",
        ),
        pytest.param(
            {"detainer_copy_received": Answer.YES},
            set(),
            (),
            id="copy of the detainer received",
        ),
        pytest.param(
            {"detainer_copy_received": Answer.UNKNOWN, "bond_denied_for_detainer": Answer.DECLINED},
            set(),
            (),
            id="unknown and declined answers raise nothing",
        ),
        pytest.param(
            {"complaint_types": {ComplaintType.NO_DETAINER_COPY}},
            {Flag.DUE_PROCESS},
            (t.NO_DETAINER_COPY,),
            id="missing copy alleged",
        ),
        pytest.param(
            {"no_lawyer_or_hearing": True},
            {Flag.DUE_PROCESS},
            (t.NO_LAWYER_OR_HEARING,),
            id="no lawyer or hearing",
        ),
        pytest.param(
            {"complaint_types": {ComplaintType.NO_COUNSEL_OR_HEARING}},
            {Flag.DUE_PROCESS},
            (t.NO_LAWYER_OR_HEARING,),
            id="no counsel alleged",
        ),
    ],
)
def test_flags_without_arrest(
    given: dict[str, Any], flags: set[Flag], reasons: tuple[str, ...]
) -> None:
    result = triage(facts(detained_now=False, **given), NOW)
    assert (result.urgency, result.flags, result.reasons) == (
        Urgency.LOW,
        flags,
        (t.NOTHING_TIME_SENSITIVE, *reasons),
    )


@pytest.mark.parametrize(
    "given",
    [
        pytest.param({"bond_denied_for_detainer": Answer.YES}, id="stated"),
        pytest.param({"complaint_types": {ComplaintType.BOND_DENIED}}, id="alleged"),
    ],
)
def test_bond_denial_means_an_arrest(given: dict[str, Any]) -> None:
    # Bond is only ever set for someone in custody, so this cannot be a low-urgency incident.
    result = triage(facts(detained_now=False, **given), NOW)
    assert (result.urgency, result.flags, result.reasons) == (
        Urgency.NORMAL,
        {Flag.DUE_PROCESS},
        (t.ARRESTED, t.BOND_DENIED),
    )


@pytest.mark.parametrize(
    ("given", "flags", "reasons"),
    [
        pytest.param(
            {"stop_reason": StopReason.TRAFFIC_STOP},
            {Flag.POSSIBLE_PROFILING},
            (t.STOP_LED_TO_BOOKING,),
            id="traffic stop to booking",
        ),
        pytest.param(
            {"stop_reason": StopReason.CHECKPOINT},
            {Flag.POSSIBLE_PROFILING},
            (t.STOP_LED_TO_BOOKING,),
            id="checkpoint to booking",
        ),
        pytest.param({"stop_reason": StopReason.WARRANT}, set(), (), id="warrant arrest"),
        pytest.param(
            {"convictions": ()},
            {Flag.OUTSIDE_PRIORITIES, Flag.PRE_CONVICTION},
            (t.NO_CONVICTION, t.BOOKED_WITHOUT_CONVICTION),
            id="booked with no conviction",
        ),
        pytest.param(
            {"convictions": (MISDEMEANOR,)},
            {Flag.OUTSIDE_PRIORITIES},
            (t.MINOR_CONVICTIONS_ONLY,),
            id="booked with a misdemeanour conviction",
        ),
        pytest.param(
            {"bond_denied_for_detainer": Answer.YES},
            {Flag.DUE_PROCESS},
            (t.BOND_DENIED,),
            id="bond denied for the detainer",
        ),
        pytest.param(
            {
                "bond_denied_for_detainer": Answer.YES,
                "detainer_copy_received": Answer.NO,
                "no_lawyer_or_hearing": True,
                "complaint_types": {
                    ComplaintType.BOND_DENIED,
                    ComplaintType.NO_DETAINER_COPY,
                    ComplaintType.NO_COUNSEL_OR_HEARING,
                },
            },
            {Flag.DUE_PROCESS},
            (t.BOND_DENIED, t.NO_DETAINER_COPY, t.NO_LAWYER_OR_HEARING),
            id="each due-process reason once though both fact and allegation",
        ),
        pytest.param(
            {
                "convictions": (),
                "stop_reason": StopReason.TRAFFIC_STOP,
                "complaint_types": {ComplaintType.RACIAL_PROFILING, ComplaintType.PRETEXTUAL_STOP},
                "bond_denied_for_detainer": Answer.YES,
                "detainer_copy_received": Answer.NO,
                "no_lawyer_or_hearing": True,
            },
            set(Flag),
            (
                t.NO_CONVICTION,
                t.PROFILING_ALLEGED,
                t.PRETEXTUAL_STOP_ALLEGED,
                t.STOP_LED_TO_BOOKING,
                t.BOND_DENIED,
                t.NO_DETAINER_COPY,
                t.NO_LAWYER_OR_HEARING,
                t.BOOKED_WITHOUT_CONVICTION,
            ),
            id="every flag, reasons in flag order",
        ),
    ],
)
def test_flags_after_booking(
    given: dict[str, Any], flags: set[Flag], reasons: tuple[str, ...]
) -> None:
    result = triage(facts(detained_now=False, booked=True, **given), NOW)
    assert (result.urgency, result.flags, result.reasons) == (
        Urgency.NORMAL,
        flags,
        (t.ARRESTED, *reasons),
    )


def test_full_result_for_the_papers_typical_case() -> None:
    # Stopped for a broken tail light, booked, no record, detainer issued, still held on Wednesday
    # evening after becoming eligible on the Friday before Memorial Day.
    given = TriageInput(
        detained_now=True,
        detainer_issued=Answer.YES,
        eligible_at=ELIGIBLE,
        stop_reason=StopReason.TRAFFIC_STOP,
        booked=True,
        detainer_copy_received=Answer.NO,
    )
    assert triage(given, PAST_DEADLINE) == Triage(
        urgency=Urgency.CRITICAL,
        flags=frozenset(
            {
                Flag.OUTSIDE_PRIORITIES,
                Flag.POSSIBLE_PROFILING,
                Flag.DUE_PROCESS,
                Flag.PRE_CONVICTION,
            }
        ),
        reasons=(
            "Held now on an immigration detainer past the 48-hour limit.",
            "No criminal conviction: outside the enforcement priorities.",
            "A traffic stop or checkpoint led to a booking.",
            "No copy of the detainer was given.",
            "Identified at booking with no conviction.",
        ),
        level=Level.NON_CRIMINAL,
    )


def test_default_facts_are_unknown_custody_with_no_record() -> None:
    assert triage(TriageInput(), NOW) == Triage(
        urgency=Urgency.NORMAL,
        flags=frozenset({Flag.OUTSIDE_PRIORITIES}),
        reasons=(t.CUSTODY_UNKNOWN, t.NO_CONVICTION),
        level=Level.NON_CRIMINAL,
    )


def test_level_comes_from_the_convictions() -> None:
    result = triage(TriageInput(convictions=(FELONY, FELONY)), NOW)
    assert result.level is Level.LEVEL_1


def test_collections_are_stored_immutable() -> None:
    given = TriageInput(
        convictions=[FELONY],  # type: ignore[arg-type]
        complaint_types={ComplaintType.OTHER},  # type: ignore[arg-type]
    )
    assert given.convictions == (FELONY,)
    assert given.complaint_types == frozenset({ComplaintType.OTHER})
    assert hash(given) == hash(
        TriageInput(convictions=(FELONY,), complaint_types=given.complaint_types)
    )


def test_now_must_be_aware() -> None:
    with pytest.raises(ValueError, match="now must be timezone-aware"):
        triage(TriageInput(), datetime(2026, 6, 1, 12))


@pytest.mark.parametrize("name", ["eligible_at", "released_at"])
def test_times_in_facts_must_be_aware(name: str) -> None:
    with pytest.raises(ValueError, match=f"{name} must be timezone-aware"):
        TriageInput(**{name: datetime(2026, 5, 22, 17)})


def test_urgency_rank_orders_most_urgent_first() -> None:
    ranked = sorted(Urgency, key=lambda urgency: urgency.rank)
    assert ranked == [Urgency.CRITICAL, Urgency.HIGH, Urgency.NORMAL, Urgency.LOW]
    assert [urgency.rank for urgency in ranked] == [0, 1, 2, 3]


URGENCY_REASONS = {
    Urgency.CRITICAL: {t.HELD_PAST_DEADLINE, t.DETAINED_MINOR, t.MEDICAL_EMERGENCY},
    Urgency.HIGH: {t.HELD_ON_DETAINER, t.DEADLINE_WITHIN_A_DAY, t.DEADLINE_PASSED_MAY_BE_HELD},
    Urgency.NORMAL: {t.HELD_NOW, t.ARRESTED, t.CUSTODY_UNKNOWN},
    Urgency.LOW: {t.NOTHING_TIME_SENSITIVE},
}
times = st.datetimes(
    min_value=datetime(2025, 1, 1),
    max_value=datetime(2028, 12, 31),
    timezones=st.sampled_from([CHI, ZoneInfo("Pacific/Guam"), ZoneInfo("Pacific/Honolulu")]),
)
any_facts = st.builds(
    TriageInput,
    detained_now=st.sampled_from([True, False, None]),
    detainer_issued=st.sampled_from(Answer),
    eligible_at=st.none() | times,
    released_at=st.none() | times,
    minor=st.booleans(),
    medical_emergency=st.booleans(),
    convictions=st.lists(st.builds(Conviction, st.booleans(), st.booleans()), max_size=4).map(
        tuple
    ),
    traffic_only_convictions=st.booleans(),
    complaint_types=st.frozensets(st.sampled_from(ComplaintType)),
    stop_reason=st.none() | st.sampled_from(StopReason),
    booked=st.booleans(),
    bond_denied_for_detainer=st.sampled_from(Answer),
    detainer_copy_received=st.sampled_from(Answer),
    no_lawyer_or_hearing=st.booleans(),
)


@settings(max_examples=200, deadline=None)
@given(any_facts, times)
def test_every_urgency_is_explained_first(facts_given: TriageInput, now: datetime) -> None:
    result = triage(facts_given, now)
    explained = [reason for reason in result.reasons if reason in URGENCY_REASONS[result.urgency]]
    assert explained
    assert list(result.reasons[: len(explained)]) == explained
    # Flag reasons follow, at least one per flag raised.
    assert len(result.reasons) - len(explained) >= len(result.flags)
