"""Report windows: calendar months in the operator's time zone, as UTC instants for queries."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class Window:
    first: date  # first day of the first month
    months: int
    zone: ZoneInfo

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first, time(), self.zone).astimezone(UTC)

    @property
    def end(self) -> datetime:
        """The instant the window closes (exclusive): local midnight after its last day."""
        return datetime.combine(add_months(self.first, self.months), time(), self.zone).astimezone(
            UTC
        )

    @property
    def label(self) -> str:
        last = add_months(self.first, self.months - 1)
        return f"{self.first:%Y-%m}" if self.months == 1 else f"{self.first:%Y-%m} – {last:%Y-%m}"

    def month_starts(self) -> list[date]:
        return [add_months(self.first, offset) for offset in range(self.months)]


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def parse_month(text: str | None, zone: ZoneInfo, today: date) -> date:
    """The first day of the month named `YYYY-MM`, or of the last full month when unreadable."""
    match = _MONTH.match(text or "")
    if match and 1 <= int(match.group(2)) <= 12 and 2000 <= int(match.group(1)) <= 2100:
        return date(int(match.group(1)), int(match.group(2)), 1)
    return add_months(today.replace(day=1), -1)


def ending_at(month: date, months: int, zone: ZoneInfo) -> Window:
    """The `months`-long window whose last month is `month`."""
    return Window(add_months(month, -(months - 1)), months, zone)
