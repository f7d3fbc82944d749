"""The 48-hour detainer clock of 8 C.F.R. 287.7(d) (ICE Form I-247).

A detainer lets a jail keep someone who would otherwise be released for at most 48 hours,
excluding Saturdays, Sundays and federal holidays. The clock starts when the person became
eligible for release. Only hours falling on business days count, and a day is a business day by
its date in the jurisdiction's own time zone, which is the zone of the `eligible_at` passed in.

All arithmetic is on real elapsed time (UTC instants), never on wall-clock differences, so a
23-hour or 25-hour daylight-saving day counts as 23 or 25 hours.
"""

from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache

from holidays.countries.united_states import UnitedStates

HOLD_LIMIT = timedelta(hours=48)

_ZERO = timedelta(0)
_ONE_DAY = timedelta(days=1)


def hold_deadline(eligible_at: datetime) -> datetime:
    """Return the latest lawful release time for someone held on a detainer.

    Args:
        eligible_at: when the person became eligible for release (bond posted, charges dropped,
            sentence served...). Must be timezone-aware; its zone is the jail's local zone and
            decides which calendar days are weekends or holidays.

    Returns:
        The instant when 48 business hours have elapsed, in `eligible_at`'s zone. If eligibility
        falls on a weekend or holiday, counting starts at the next business day's local midnight.
        If the 48th hour ends exactly at the midnight that closes a business day, the deadline is
        that midnight (the start of the following day), not the next business morning.

    Raises:
        ValueError: if `eligible_at` is naive.
    """
    zone = _zone_of(eligible_at, "eligible_at")
    remaining = HOLD_LIMIT
    cursor = eligible_at.astimezone(UTC)
    day = eligible_at.date()
    # One step per local day; the search ends within days because holidays never run a week long.
    while True:
        day_start, day_end = _day_bounds(day, zone)
        if is_business_day(day):
            counted_from = max(cursor, day_start)
            available = day_end - counted_from
            if available >= remaining:
                return (counted_from + remaining).astimezone(zone)
            remaining -= available
        day += _ONE_DAY


def overstay(eligible_at: datetime, released_at: datetime) -> timedelta:
    """Return how long someone was held past the detainer deadline.

    Args:
        eligible_at: when the person became eligible for release (timezone-aware).
        released_at: when the person was released, or the current time if still held
            (timezone-aware, any zone).

    Returns:
        Real elapsed time from `hold_deadline(eligible_at)` to `released_at` (weekends and
        holidays included: once the deadline has passed every hour is unlawful), or zero when
        the release came at or before the deadline.

    Raises:
        ValueError: if either time is naive, or `released_at` is earlier than `eligible_at`.
    """
    _zone_of(eligible_at, "eligible_at")
    _zone_of(released_at, "released_at")
    released = released_at.astimezone(UTC)
    if released < eligible_at.astimezone(UTC):
        raise ValueError("released_at is earlier than eligible_at")
    if released - eligible_at.astimezone(UTC) <= HOLD_LIMIT:
        return _ZERO  # only business hours count, so no deadline comes sooner than 48 real hours
    return max(released - hold_deadline(eligible_at).astimezone(UTC), _ZERO)


def business_hours_between(start: datetime, end: datetime) -> timedelta:
    """Return the real time between two instants that falls on business days.

    Args:
        start: the first instant (timezone-aware); its zone decides the calendar days.
        end: the last instant (timezone-aware, any zone).

    Returns:
        The elapsed time in [start, end) falling on local days that are neither weekends nor
        US federal holidays: the "time held so far" against the 48-hour limit.

    Raises:
        ValueError: if either time is naive, or `end` is earlier than `start`.
    """
    zone = _zone_of(start, "start")
    _zone_of(end, "end")
    cursor = start.astimezone(UTC)
    stop = end.astimezone(UTC)
    if stop < cursor:
        raise ValueError("end is earlier than start")
    total = _ZERO
    day = start.date()
    while cursor < stop:
        day_start, day_end = _day_bounds(day, zone)
        if is_business_day(day):
            # Clamped at zero: an imaginary start inside a DST gap can sit before its day's start.
            total += max(min(day_end, stop) - max(cursor, day_start), _ZERO)
        cursor = day_end
        day += _ONE_DAY
    return total


def is_business_day(day: date) -> bool:
    """Return whether a calendar date is neither a weekend nor a US federal holiday (observed)."""
    return day.weekday() < 5 and day not in _federal_holidays(day.year)


@lru_cache(maxsize=32)
def _federal_holidays(year: int) -> frozenset[date]:
    # The package's US calendar already moves a Saturday holiday to Friday and a Sunday one to
    # Monday ("observed"); a frozenset keeps the cache immutable and avoids its lazy year expansion.
    # The calendar's class is imported with this module (`country_holidays("US")` would import
    # it, and the package's every country, in the first filer's request after a worker starts).
    return frozenset(UnitedStates(years=year))


@lru_cache(maxsize=4096)
def _day_bounds(day: date, zone: tzinfo) -> tuple[datetime, datetime]:
    # Local midnights as UTC instants. If a midnight does not exist (a DST gap at 00:00), zoneinfo
    # reads it with the earlier offset, which lands on the first real instant of the day.
    start = datetime.combine(day, time(), tzinfo=zone).astimezone(UTC)
    end = datetime.combine(day + _ONE_DAY, time(), tzinfo=zone).astimezone(UTC)
    return start, end


def _zone_of(value: datetime, name: str) -> tzinfo:
    # A naive time has no day boundaries to count in, so guessing a zone could misplace the
    # deadline by hours; refuse instead.
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware")
    return value.tzinfo
