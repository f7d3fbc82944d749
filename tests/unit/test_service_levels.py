"""Triage service levels: 4 hours for critical complaints, 2 business days for the rest."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from complaints.rules.service_levels import triage_due
from complaints.rules.triage import Urgency

NY = ZoneInfo("America/New_York")


def ny(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=NY)


@pytest.mark.parametrize(
    ("filed", "urgency", "due"),
    [
        # Monday 10:00 -> Wednesday 10:00
        (ny(2026, 3, 2, 10, 0), Urgency.NORMAL, ny(2026, 3, 4, 10, 0)),
        # Thursday -> Monday (weekend skipped)
        (ny(2026, 3, 5, 16, 30), Urgency.HIGH, ny(2026, 3, 9, 16, 30)),
        # Saturday -> counts from Monday 00:00: Tuesday 00:00 is one day, Wednesday 00:00 two
        (ny(2026, 3, 7, 13, 0), Urgency.LOW, ny(2026, 3, 11, 0, 0)),
        # Friday before Memorial Day 2026 -> Tuesday, then Wednesday
        (ny(2026, 5, 22, 9, 0), Urgency.NORMAL, ny(2026, 5, 27, 9, 0)),
        # Wednesday before Thanksgiving 2026 -> Friday is a business day, then Monday
        (ny(2026, 11, 25, 11, 0), Urgency.NORMAL, ny(2026, 11, 30, 11, 0)),
        # Critical: 4 real hours, even across a weekend night
        (ny(2026, 3, 7, 22, 0), Urgency.CRITICAL, ny(2026, 3, 8, 3, 0)),
    ],
)
def test_triage_due(filed: datetime, urgency: Urgency, due: datetime) -> None:
    assert triage_due(filed, urgency) == due


def test_critical_across_spring_forward_is_four_real_hours() -> None:
    filed = ny(2026, 3, 7, 23, 30)  # the night clocks go forward
    due = triage_due(filed, Urgency.CRITICAL)
    assert (
        due.astimezone(ZoneInfo("UTC")) - filed.astimezone(ZoneInfo("UTC"))
    ).total_seconds() == 4 * 3600


def test_naive_filing_time_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        triage_due(datetime(2026, 3, 2, 10, 0), Urgency.NORMAL)
