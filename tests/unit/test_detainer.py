"""The 48-hour detainer clock: expected deadlines are worked out by hand and written as literals."""

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from complaints.rules.detainer import (
    HOLD_LIMIT,
    business_hours_between,
    hold_deadline,
    is_business_day,
    overstay,
)

CHI = ZoneInfo("America/Chicago")
NYC = ZoneInfo("America/New_York")
LAX = ZoneInfo("America/Los_Angeles")
PHX = ZoneInfo("America/Phoenix")
HNL = ZoneInfo("Pacific/Honolulu")
ANC = ZoneInfo("America/Anchorage")
GUM = ZoneInfo("Pacific/Guam")
SJU = ZoneInfo("America/Puerto_Rico")
# US clocks change on Sundays, which never count, so these zones (clocks change on a Friday or a
# Thursday) are what proves a counted 23- or 25-hour day is counted in real hours.
JERUSALEM = ZoneInfo("Asia/Jerusalem")
CAIRO = ZoneInfo("Africa/Cairo")
MINUS_FIVE = timezone(timedelta(hours=-5))

H = timedelta(hours=1)


def assert_same_time(result: datetime, expected: datetime) -> None:
    # `==` on two datetimes sharing a tzinfo compares wall clocks only; also compare the zone and
    # the UTC offset so a result an hour off across a DST change cannot pass.
    assert (result.tzinfo, result.replace(tzinfo=None), result.utcoffset()) == (
        expected.tzinfo,
        expected.replace(tzinfo=None),
        expected.utcoffset(),
    )


# Weekday federal holidays (observed dates) in 2026 and 2027, checked against holidays 0.109.
# Weekend dates the package also lists (2026-07-04, 2027-06-19, 2027-07-04, 2027-12-25) are
# skipped as weekends anyway. 2027-12-31 is New Year's Day 2028 observed.
FEDERAL_HOLIDAYS_2026_2027 = [
    date(2026, 1, 1),
    date(2026, 1, 19),
    date(2026, 2, 16),
    date(2026, 5, 25),
    date(2026, 6, 19),
    date(2026, 7, 3),
    date(2026, 9, 7),
    date(2026, 10, 12),
    date(2026, 11, 11),
    date(2026, 11, 26),
    date(2026, 12, 25),
    date(2027, 1, 1),
    date(2027, 1, 18),
    date(2027, 2, 15),
    date(2027, 5, 31),
    date(2027, 6, 18),
    date(2027, 7, 5),
    date(2027, 9, 6),
    date(2027, 10, 11),
    date(2027, 11, 11),
    date(2027, 11, 25),
    date(2027, 12, 24),
    date(2027, 12, 31),
]


def test_holiday_list_matches_the_package_calendar() -> None:
    # Guards the literals below against a `holidays` upgrade that changes the federal calendar.
    calendar = holidays.country_holidays("US", years=[2026, 2027])
    weekday_holidays = sorted(day for day in calendar if day.weekday() < 5)
    assert weekday_holidays == FEDERAL_HOLIDAYS_2026_2027


@pytest.mark.parametrize("holiday", FEDERAL_HOLIDAYS_2026_2027, ids=str)
def test_federal_holidays_are_not_business_days(holiday: date) -> None:
    assert not is_business_day(holiday)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 5, 21), True),  # Thursday
        (date(2026, 5, 22), True),  # Friday before Memorial Day
        (date(2026, 5, 23), False),  # Saturday
        (date(2026, 5, 24), False),  # Sunday
        (date(2026, 7, 4), False),  # Independence Day on a Saturday
        (date(2026, 7, 6), True),  # Monday after the observed Friday
        (date(2027, 12, 30), True),  # Thursday before New Year's Day 2028 observed
    ],
    ids=str,
)
def test_is_business_day(day: date, expected: bool) -> None:
    assert is_business_day(day) is expected


# Eligible at noon on the last business day before each holiday: 12 hours that day, 24 on the first
# business day after the holiday, 12 on the next.
@pytest.mark.parametrize(
    ("eligible_at", "expected"),
    [
        (datetime(2025, 12, 31, 12, tzinfo=CHI), datetime(2026, 1, 5, 12, tzinfo=CHI)),
        (datetime(2026, 1, 16, 12, tzinfo=CHI), datetime(2026, 1, 21, 12, tzinfo=CHI)),
        (datetime(2026, 2, 13, 12, tzinfo=CHI), datetime(2026, 2, 18, 12, tzinfo=CHI)),
        (datetime(2026, 5, 22, 12, tzinfo=CHI), datetime(2026, 5, 27, 12, tzinfo=CHI)),
        (datetime(2026, 6, 18, 12, tzinfo=CHI), datetime(2026, 6, 23, 12, tzinfo=CHI)),
        (datetime(2026, 7, 2, 12, tzinfo=CHI), datetime(2026, 7, 7, 12, tzinfo=CHI)),
        (datetime(2026, 9, 4, 12, tzinfo=CHI), datetime(2026, 9, 9, 12, tzinfo=CHI)),
        (datetime(2026, 10, 9, 12, tzinfo=CHI), datetime(2026, 10, 14, 12, tzinfo=CHI)),
        (datetime(2026, 11, 10, 12, tzinfo=CHI), datetime(2026, 11, 13, 12, tzinfo=CHI)),
        (datetime(2026, 11, 25, 12, tzinfo=CHI), datetime(2026, 11, 30, 12, tzinfo=CHI)),
        (datetime(2026, 12, 24, 12, tzinfo=CHI), datetime(2026, 12, 29, 12, tzinfo=CHI)),
        (datetime(2026, 12, 31, 12, tzinfo=CHI), datetime(2027, 1, 5, 12, tzinfo=CHI)),
        (datetime(2027, 1, 15, 12, tzinfo=CHI), datetime(2027, 1, 20, 12, tzinfo=CHI)),
        (datetime(2027, 2, 12, 12, tzinfo=CHI), datetime(2027, 2, 17, 12, tzinfo=CHI)),
        (datetime(2027, 5, 28, 12, tzinfo=CHI), datetime(2027, 6, 2, 12, tzinfo=CHI)),
        (datetime(2027, 6, 17, 12, tzinfo=CHI), datetime(2027, 6, 22, 12, tzinfo=CHI)),
        (datetime(2027, 7, 2, 12, tzinfo=CHI), datetime(2027, 7, 7, 12, tzinfo=CHI)),
        (datetime(2027, 9, 3, 12, tzinfo=CHI), datetime(2027, 9, 8, 12, tzinfo=CHI)),
        (datetime(2027, 10, 8, 12, tzinfo=CHI), datetime(2027, 10, 13, 12, tzinfo=CHI)),
        (datetime(2027, 11, 10, 12, tzinfo=CHI), datetime(2027, 11, 15, 12, tzinfo=CHI)),
        (datetime(2027, 11, 24, 12, tzinfo=CHI), datetime(2027, 11, 29, 12, tzinfo=CHI)),
        (datetime(2027, 12, 23, 12, tzinfo=CHI), datetime(2027, 12, 28, 12, tzinfo=CHI)),
        (datetime(2027, 12, 30, 12, tzinfo=CHI), datetime(2028, 1, 4, 12, tzinfo=CHI)),
    ],
    ids=lambda value: value.date().isoformat(),
)
def test_deadline_skips_each_federal_holiday(eligible_at: datetime, expected: datetime) -> None:
    assert_same_time(hold_deadline(eligible_at), expected)


@pytest.mark.parametrize(
    ("eligible_at", "expected"),
    [
        pytest.param(
            datetime(2026, 5, 22, 17, tzinfo=CHI),
            datetime(2026, 5, 27, 17, tzinfo=CHI),
            id="issue example: Friday evening, Memorial Day skipped",
        ),
        pytest.param(
            datetime(2026, 3, 3, 9, tzinfo=CHI),
            datetime(2026, 3, 5, 9, tzinfo=CHI),
            id="Tuesday to Thursday, nothing skipped",
        ),
        pytest.param(
            datetime(2026, 3, 12, 9, tzinfo=CHI),
            datetime(2026, 3, 16, 9, tzinfo=CHI),
            id="Thursday: weekend skipped",
        ),
        pytest.param(
            datetime(2026, 3, 13, 23, tzinfo=CHI),
            datetime(2026, 3, 17, 23, tzinfo=CHI),
            id="Friday 23:00: one hour, Monday, 23 hours of Tuesday",
        ),
        # Eligible on a non-business day: counting starts at the next business day's midnight.
        pytest.param(
            datetime(2026, 3, 14, 10, tzinfo=CHI),
            datetime(2026, 3, 18, 0, tzinfo=CHI),
            id="eligible Saturday",
        ),
        pytest.param(
            datetime(2026, 3, 15, 23, 59, 59, 999999, tzinfo=CHI),
            datetime(2026, 3, 18, 0, tzinfo=CHI),
            id="eligible a microsecond before Monday",
        ),
        pytest.param(
            datetime(2026, 5, 25, 12, tzinfo=CHI),
            datetime(2026, 5, 28, 0, tzinfo=CHI),
            id="eligible on Memorial Day",
        ),
        pytest.param(
            datetime(2026, 7, 4, 12, tzinfo=CHI),
            datetime(2026, 7, 8, 0, tzinfo=CHI),
            id="eligible on Independence Day, a Saturday, after the observed Friday",
        ),
        pytest.param(
            datetime(2026, 7, 3, 23, 59, tzinfo=CHI),
            datetime(2026, 7, 8, 0, tzinfo=CHI),
            id="eligible late on the observed Independence Day",
        ),
        pytest.param(
            datetime(2027, 12, 31, 8, tzinfo=CHI),
            datetime(2028, 1, 5, 0, tzinfo=CHI),
            id="eligible on New Year's Day 2028 observed, in 2027",
        ),
    ],
)
def test_deadline_weekends_and_eligibility_on_days_off(
    eligible_at: datetime, expected: datetime
) -> None:
    assert_same_time(hold_deadline(eligible_at), expected)


@pytest.mark.parametrize(
    ("eligible_at", "expected"),
    [
        pytest.param(
            datetime(2026, 3, 2, 0, tzinfo=CHI),
            datetime(2026, 3, 4, 0, tzinfo=CHI),
            id="Monday midnight to Wednesday midnight",
        ),
        # The 48th hour ends at the midnight closing Friday: that midnight is the deadline, not
        # Monday morning.
        pytest.param(
            datetime(2026, 3, 5, 0, tzinfo=CHI),
            datetime(2026, 3, 7, 0, tzinfo=CHI),
            id="Thursday midnight ends at Saturday midnight",
        ),
        pytest.param(
            datetime(2026, 11, 25, 0, tzinfo=CHI),
            datetime(2026, 11, 28, 0, tzinfo=CHI),
            id="Wednesday midnight over Thanksgiving ends at Saturday midnight",
        ),
        pytest.param(
            datetime(2026, 3, 5, 0, 0, 0, 1, tzinfo=CHI),
            datetime(2026, 3, 9, 0, 0, 0, 1, tzinfo=CHI),
            id="one microsecond later carries over the weekend",
        ),
    ],
)
def test_deadline_exact_boundaries(eligible_at: datetime, expected: datetime) -> None:
    assert_same_time(hold_deadline(eligible_at), expected)


@pytest.mark.parametrize(
    ("eligible_at", "expected", "real_hours"),
    [
        pytest.param(
            datetime(2026, 3, 6, 12, tzinfo=CHI),
            datetime(2026, 3, 10, 12, tzinfo=CHI),
            95,
            id="Chicago spring forward: Sunday has 23 hours, none counted",
        ),
        pytest.param(
            datetime(2026, 3, 6, 12, tzinfo=PHX),
            datetime(2026, 3, 10, 12, tzinfo=PHX),
            96,
            id="Phoenix keeps standard time that week",
        ),
        pytest.param(
            datetime(2026, 3, 7, 23, 30, tzinfo=LAX),
            datetime(2026, 3, 11, 0, tzinfo=LAX),
            None,
            id="Los Angeles: eligible the Saturday night before spring forward",
        ),
        pytest.param(
            datetime(2026, 3, 8, 2, 30, tzinfo=CHI),
            datetime(2026, 3, 11, 0, tzinfo=CHI),
            None,
            id="eligible at a wall time skipped by spring forward, on a Sunday",
        ),
        pytest.param(
            datetime(2026, 10, 30, 12, tzinfo=NYC),
            datetime(2026, 11, 3, 12, tzinfo=NYC),
            97,
            id="New York fall back: Sunday has 25 hours, none counted",
        ),
        pytest.param(
            datetime(2026, 11, 1, 1, 30, tzinfo=CHI),
            datetime(2026, 11, 4, 0, tzinfo=CHI),
            None,
            id="eligible at the first 01:30 of fall back",
        ),
        pytest.param(
            datetime(2026, 11, 1, 1, 30, fold=1, tzinfo=CHI),
            datetime(2026, 11, 4, 0, tzinfo=CHI),
            None,
            id="eligible at the second 01:30 of fall back",
        ),
        pytest.param(
            datetime(2026, 3, 26, 12, tzinfo=JERUSALEM),
            datetime(2026, 3, 30, 13, tzinfo=JERUSALEM),
            96,
            id="a counted 23-hour Friday: 12 + 23 + 13 business hours",
        ),
        pytest.param(
            datetime(2026, 4, 23, 12, tzinfo=CAIRO),
            datetime(2026, 4, 27, 13, tzinfo=CAIRO),
            96,
            id="a counted Friday whose midnight does not exist",
        ),
        pytest.param(
            datetime(2026, 4, 24, 1, tzinfo=CAIRO),
            datetime(2026, 4, 28, 1, tzinfo=CAIRO),
            None,
            id="eligible at the first instant of a day that starts at 01:00",
        ),
        pytest.param(
            datetime(2026, 10, 28, 12, tzinfo=CAIRO),
            datetime(2026, 10, 30, 11, tzinfo=CAIRO),
            48,
            id="a counted 25-hour Thursday: 12 + 25 + 11 business hours",
        ),
    ],
)
def test_deadline_across_clock_changes(
    eligible_at: datetime, expected: datetime, real_hours: int | None
) -> None:
    deadline = hold_deadline(eligible_at)
    assert_same_time(deadline, expected)
    if real_hours is not None:
        assert deadline.astimezone(UTC) - eligible_at.astimezone(UTC) == real_hours * H


@pytest.mark.parametrize(
    ("eligible_at", "expected"),
    [
        pytest.param(
            datetime(2026, 5, 22, 17, tzinfo=GUM),
            datetime(2026, 5, 27, 17, tzinfo=GUM),
            id="Guam skips Memorial Day on its own calendar",
        ),
        # 2026-05-25 22:00 UTC is Memorial Day in UTC but already Tuesday in Guam.
        pytest.param(
            datetime(2026, 5, 26, 8, tzinfo=GUM),
            datetime(2026, 5, 28, 8, tzinfo=GUM),
            id="Guam: Tuesday morning locally",
        ),
        pytest.param(
            datetime(2026, 5, 25, 22, tzinfo=UTC),
            datetime(2026, 5, 28, 0, tzinfo=UTC),
            id="the same instant in UTC is on Memorial Day",
        ),
        # 2026-07-02 18:00 in Honolulu is already the observed holiday in UTC.
        pytest.param(
            datetime(2026, 7, 2, 18, tzinfo=HNL),
            datetime(2026, 7, 7, 18, tzinfo=HNL),
            id="Honolulu: Thursday evening before the observed Independence Day",
        ),
        pytest.param(
            datetime(2026, 11, 10, 20, tzinfo=ANC),
            datetime(2026, 11, 13, 20, tzinfo=ANC),
            id="Anchorage: Veterans Day on a Wednesday",
        ),
        pytest.param(
            datetime(2026, 11, 6, 20, tzinfo=ANC),
            datetime(2026, 11, 10, 20, tzinfo=ANC),
            id="Anchorage: Friday evening, week after fall back",
        ),
        pytest.param(
            datetime(2027, 7, 5, 9, tzinfo=SJU),
            datetime(2027, 7, 8, 0, tzinfo=SJU),
            id="Puerto Rico: eligible on the observed Independence Day",
        ),
        pytest.param(
            datetime(2026, 5, 22, 17, tzinfo=MINUS_FIVE),
            datetime(2026, 5, 27, 17, tzinfo=MINUS_FIVE),
            id="a fixed-offset zone",
        ),
    ],
)
def test_deadline_uses_the_local_calendar(eligible_at: datetime, expected: datetime) -> None:
    assert_same_time(hold_deadline(eligible_at), expected)


def test_deadline_rejects_naive_time() -> None:
    with pytest.raises(ValueError, match="eligible_at must be timezone-aware"):
        hold_deadline(datetime(2026, 5, 22, 17))


# Eligible Friday 2026-05-22 17:00 Chicago: the deadline is Wednesday 2026-05-27 17:00 (22:00 UTC).
ELIGIBLE = datetime(2026, 5, 22, 17, tzinfo=CHI)
DEADLINE = datetime(2026, 5, 27, 17, tzinfo=CHI)


@pytest.mark.parametrize(
    ("eligible_at", "released_at", "expected"),
    [
        pytest.param(ELIGIBLE, ELIGIBLE, timedelta(0), id="released when eligible"),
        pytest.param(ELIGIBLE, datetime(2026, 5, 26, 9, tzinfo=CHI), timedelta(0), id="early"),
        pytest.param(
            ELIGIBLE, DEADLINE - timedelta(microseconds=1), timedelta(0), id="just before"
        ),
        pytest.param(ELIGIBLE, DEADLINE, timedelta(0), id="exactly at the deadline"),
        pytest.param(
            ELIGIBLE,
            DEADLINE + timedelta(microseconds=1),
            timedelta(microseconds=1),
            id="just after",
        ),
        pytest.param(
            ELIGIBLE,
            datetime(2026, 5, 27, 23, 30, tzinfo=UTC),
            timedelta(hours=1, minutes=30),
            id="released time in another zone",
        ),
        # Past the deadline every hour is unlawful, weekend or not: Saturday 24 + Sunday 23
        # (spring forward) real hours.
        pytest.param(
            datetime(2026, 3, 5, 0, tzinfo=CHI),
            datetime(2026, 3, 9, 0, tzinfo=CHI),
            timedelta(hours=47),
            id="over a spring-forward weekend",
        ),
        pytest.param(
            datetime(2026, 10, 30, 12, tzinfo=CHI),
            datetime(2026, 11, 4, 12, tzinfo=CHI),
            timedelta(hours=24),
            id="a day past a deadline after fall back",
        ),
    ],
)
def test_overstay(eligible_at: datetime, released_at: datetime, expected: timedelta) -> None:
    assert overstay(eligible_at, released_at) == expected


def test_overstay_rejects_release_before_eligibility() -> None:
    with pytest.raises(ValueError, match="released_at is earlier than eligible_at"):
        overstay(ELIGIBLE, ELIGIBLE - timedelta(microseconds=1))


@pytest.mark.parametrize(
    ("eligible_at", "released_at", "name"),
    [
        (datetime(2026, 5, 22, 17), DEADLINE, "eligible_at"),
        (ELIGIBLE, datetime(2026, 5, 28, 17), "released_at"),
    ],
)
def test_overstay_rejects_naive_times(
    eligible_at: datetime, released_at: datetime, name: str
) -> None:
    with pytest.raises(ValueError, match=f"{name} must be timezone-aware"):
        overstay(eligible_at, released_at)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        pytest.param(ELIGIBLE, ELIGIBLE, timedelta(0), id="empty"),
        pytest.param(
            datetime(2026, 5, 22, 12, tzinfo=CHI),
            datetime(2026, 5, 26, 12, tzinfo=CHI),
            24 * H,
            id="Friday noon to Tuesday noon over Memorial Day",
        ),
        pytest.param(
            datetime(2026, 5, 23, 12, tzinfo=CHI),
            datetime(2026, 5, 25, 23, tzinfo=CHI),
            timedelta(0),
            id="entirely on days off",
        ),
        pytest.param(
            datetime(2026, 3, 2, 0, tzinfo=CHI),
            datetime(2026, 3, 2, 12, tzinfo=UTC),
            6 * H,
            id="end in another zone",
        ),
        pytest.param(
            datetime(2026, 10, 29, 0, tzinfo=CAIRO),
            datetime(2026, 10, 30, 0, tzinfo=CAIRO),
            25 * H,
            id="a 25-hour business day",
        ),
        pytest.param(
            datetime(2026, 3, 27, 0, tzinfo=JERUSALEM),
            datetime(2026, 3, 28, 0, tzinfo=JERUSALEM),
            23 * H,
            id="a 23-hour business day",
        ),
        # 2026 has 261 weekdays, 11 of them federal holidays; US clocks change on Sundays.
        pytest.param(
            datetime(2026, 1, 1, 0, tzinfo=CHI),
            datetime(2027, 1, 1, 0, tzinfo=CHI),
            250 * 24 * H,
            id="all of 2026",
        ),
    ],
)
def test_business_hours_between(start: datetime, end: datetime, expected: timedelta) -> None:
    assert business_hours_between(start, end) == expected


def test_business_hours_between_rejects_end_before_start() -> None:
    with pytest.raises(ValueError, match="end is earlier than start"):
        business_hours_between(DEADLINE, ELIGIBLE)


def test_business_hours_between_rejects_naive_times() -> None:
    with pytest.raises(ValueError, match="end must be timezone-aware"):
        business_hours_between(ELIGIBLE, datetime(2026, 5, 27, 17))


# Properties, over US zones from Guam to Honolulu, across 2025-2028.
PROPERTY_ZONES = [CHI, NYC, LAX, PHX, HNL, ANC, GUM, SJU]
eligible_times = st.datetimes(
    min_value=datetime(2025, 1, 1),
    max_value=datetime(2028, 12, 31, 23, 59, 59),
    timezones=st.sampled_from(PROPERTY_ZONES),
)
delays = st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=10))
properties = settings(max_examples=200, deadline=None)


@properties
@given(eligible_times)
def test_deadline_is_never_earlier_than_48_real_hours(eligible_at: datetime) -> None:
    elapsed = hold_deadline(eligible_at).astimezone(UTC) - eligible_at.astimezone(UTC)
    assert elapsed >= HOLD_LIMIT


@properties
@given(eligible_times, delays)
def test_later_eligibility_never_moves_the_deadline_earlier(
    eligible_at: datetime, delay: timedelta
) -> None:
    later = (eligible_at.astimezone(UTC) + delay).astimezone(eligible_at.tzinfo)
    assert hold_deadline(later).astimezone(UTC) >= hold_deadline(eligible_at).astimezone(UTC)


@properties
@given(eligible_times)
def test_exactly_48_business_hours_run_to_the_deadline(eligible_at: datetime) -> None:
    assert business_hours_between(eligible_at, hold_deadline(eligible_at)) == HOLD_LIMIT


@properties
@given(eligible_times, delays)
def test_overstay_is_real_time_past_the_deadline(eligible_at: datetime, delay: timedelta) -> None:
    # Shifted in UTC: adding to a zoned datetime moves its wall clock, not real time.
    deadline = hold_deadline(eligible_at).astimezone(UTC)
    assert overstay(eligible_at, deadline + delay) == delay
    assert overstay(eligible_at, deadline - min(delay, HOLD_LIMIT)) == timedelta(0)
