"""Service levels: how soon a new complaint must be triaged."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from complaints.rules.detainer import is_business_day
from complaints.rules.triage import Urgency

CRITICAL_TRIAGE_WITHIN = timedelta(hours=4)
TRIAGE_BUSINESS_DAYS = 2


def triage_due(filed_at: datetime, urgency: Urgency) -> datetime:
    """When triage is due for a complaint filed at `filed_at` (aware; its zone is the office's).

    Critical complaints: within 4 real hours, whatever the day. Others: by the same local time on
    the second business day after filing; a filing on a weekend or holiday counts from the start
    of the next business day. Raises ValueError for a naive `filed_at`.
    """
    if filed_at.tzinfo is None or filed_at.utcoffset() is None:
        raise ValueError("filed_at must be timezone-aware")
    if urgency is Urgency.CRITICAL:
        # Real elapsed hours: aware arithmetic in one zone would count wall-clock hours.
        return (filed_at.astimezone(UTC) + CRITICAL_TRIAGE_WITHIN).astimezone(filed_at.tzinfo)
    day = filed_at.date()
    local_time = filed_at.timetz()
    if not is_business_day(day):
        local_time = local_time.replace(hour=0, minute=0, second=0, microsecond=0)
        while not is_business_day(day):
            day += timedelta(days=1)
    counted = 0
    while counted < TRIAGE_BUSINESS_DAYS:
        day += timedelta(days=1)
        if is_business_day(day):
            counted += 1
    return datetime.combine(day, local_time.replace(tzinfo=None), tzinfo=filed_at.tzinfo)
