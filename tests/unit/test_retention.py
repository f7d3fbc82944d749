"""The retention rule: which finished cases are due, counted from which time."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from complaints.config import ConfigurationError, load_config
from complaints.rules.retention import finished_at, redaction_due, years_before
from complaints.rules.workflow import Status

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
CUTOFF = years_before(NOW, 7)
OLD = datetime(2018, 1, 10, tzinfo=UTC)
RECENT = datetime(2021, 1, 10, tzinfo=UTC)


def test_years_before_keeps_the_instant_and_moves_leap_days() -> None:
    assert years_before(NOW, 7) == datetime(2019, 11, 25, 12, 0, tzinfo=UTC)
    assert years_before(datetime(2028, 2, 29, 8, tzinfo=UTC), 7) == datetime(
        2021, 2, 28, 8, tzinfo=UTC
    )


OPEN = (
    Status.NEW,
    Status.TRIAGED,
    Status.INVESTIGATING,
    Status.AWAITING_INFORMATION,
    Status.REDRESS,
)
FROM = {Status.CLOSED: "closed", Status.DUPLICATE: "closed", Status.WITHDRAWN: "closed",
        Status.RESOLVED: "resolved"} | dict.fromkeys(OPEN)  # fmt: skip


@pytest.mark.parametrize(("status", "expected"), FROM.items())
def test_each_status_counts_from_its_own_time(status: Status, expected: str | None) -> None:
    closed, resolved = datetime(2020, 2, 1, tzinfo=UTC), datetime(2020, 1, 1, tzinfo=UTC)
    times = {"closed": closed, "resolved": resolved, None: None}
    assert finished_at(status, closed, resolved) == times[expected]


def due(status: Status, closed=OLD, resolved=OLD, **kwargs) -> bool:
    options = {"legal_hold": False, "redacted_at": None, "cutoff": CUTOFF} | kwargs
    return redaction_due(status, closed, resolved, **options)


def test_only_finished_unheld_unredacted_cases_older_than_the_cutoff_are_due() -> None:
    assert due(Status.CLOSED)
    assert due(Status.RESOLVED, closed=None)
    assert not due(Status.CLOSED, closed=RECENT)
    assert not due(Status.RESOLVED, resolved=RECENT)
    assert not due(Status.CLOSED, legal_hold=True)
    assert not due(Status.CLOSED, redacted_at=NOW)
    assert not due(Status.INVESTIGATING)  # open, however old
    assert not due(Status.WITHDRAWN, closed=None)  # no time recorded: keep rather than guess
    assert not due(Status.CLOSED, closed=CUTOFF)  # exactly the period is not longer than it


def test_the_period_is_configured_in_whole_years() -> None:
    assert load_config({})["COMPLAINTS_RETENTION_YEARS"] == 7
    assert load_config({"COMPLAINTS_RETENTION_YEARS": "10"})["COMPLAINTS_RETENTION_YEARS"] == 10
    for wrong in ("0", "-1", "seven", "2.5"):
        with pytest.raises(ConfigurationError, match="COMPLAINTS_RETENTION_YEARS"):
            load_config({"COMPLAINTS_RETENTION_YEARS": wrong})
