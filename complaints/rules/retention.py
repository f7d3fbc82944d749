"""Retention: when a finished case's personal data is due to be removed.

A case is finished in four statuses, and the workflow stamps each with its own time
(complaints/casework/service.py, complaints/intake/service.py):

- `closed`, `duplicate`, `withdrawn`: `closed_at`, set when the case entered the status;
- `resolved`: `resolved_at` (a resolved case has no `closed_at` until someone closes it, and
  a case resolved years ago and never closed is as finished as a closed one).

The period runs from that time. A case without it (data entered by hand) is never due: when in
doubt the data is kept, since removal cannot be undone. Open cases are never due, however old;
a case under legal hold is never due; a case already redacted is done.
"""

from __future__ import annotations

from datetime import datetime

from complaints.rules.workflow import Status

DEFAULT_RETENTION_YEARS = 7
CLOSED_AT_STATUSES: frozenset[Status] = frozenset(
    {Status.CLOSED, Status.DUPLICATE, Status.WITHDRAWN}
)
RESOLVED_AT_STATUSES: frozenset[Status] = frozenset({Status.RESOLVED})
FINISHED_STATUSES = CLOSED_AT_STATUSES | RESOLVED_AT_STATUSES


def years_before(moment: datetime, years: int) -> datetime:
    """The same instant `years` calendar years earlier (29 February becomes 28 February)."""
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:
        return moment.replace(year=moment.year - years, day=28)


def finished_at(
    status: Status, closed_at: datetime | None, resolved_at: datetime | None
) -> datetime | None:
    """When the case was finished, for the retention period; None while it is open."""
    if status in CLOSED_AT_STATUSES:
        return closed_at
    if status in RESOLVED_AT_STATUSES:
        return resolved_at
    return None


def redaction_due(
    status: Status,
    closed_at: datetime | None,
    resolved_at: datetime | None,
    *,
    legal_hold: bool,
    redacted_at: datetime | None,
    cutoff: datetime,
) -> bool:
    """Whether the case's personal data must be removed now.

    `cutoff` is the retention period before now (`years_before(now, years)`): a case finished
    before it has been kept long enough.
    """
    if legal_hold or redacted_at is not None:
        return False
    finished = finished_at(status, closed_at, resolved_at)
    return finished is not None and finished < cutoff
