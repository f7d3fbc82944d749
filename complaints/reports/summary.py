"""The monthly summary: what came in, what was done, how fast, and whom the program reached.

Counts come from the database with GROUP BY; durations and overstays are computed in Python
over the window's cases only (a month is thousands of rows, not millions).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
import sqlalchemy.orm as so

from complaints.models import Case, CaseComplaintType, Detention, RedressAction
from complaints.reports.window import Window
from complaints.rules.detainer import overstay
from complaints.rules.statistics import median, percentile
from complaints.rules.vocabulary import Answer

DAY = 86_400


@dataclass(frozen=True)
class Durations:
    count: int
    median: float | None
    p90: float | None


@dataclass(frozen=True)
class Overstays:
    count: int  # people held past the 48-hour limit
    median_hours: float | None
    max_hours: float | None


@dataclass(frozen=True)
class Summary:
    window: Window
    received: int
    triaged: int
    closed: int
    open_at_end: int
    by_type: dict[str, int]
    by_state: dict[str, int]
    by_jurisdiction: dict[str, int]
    by_agency: dict[str, int]
    by_language: dict[str, int]
    by_channel: dict[str, int]
    by_status: dict[str, int]
    by_outcome: dict[str, int]
    by_level: dict[str, int]
    days_to_triage: Durations
    days_to_resolution: Durations
    triage_breaches: int
    overstays: Overstays
    redress: dict[str, dict[str, int]] = field(default_factory=dict)  # kind -> outcome -> count


def _count(session: so.Session, *where: sa.ColumnElement[bool]) -> int:
    return session.execute(sa.select(sa.func.count(Case.id)).where(*where)).scalar_one()


def _grouped(session: so.Session, column: sa.ColumnElement, *where: sa.ColumnElement[bool]) -> dict:
    rows = session.execute(
        sa.select(column, sa.func.count(Case.id)).where(*where).group_by(column)
    ).all()
    return {(str(key.value) if hasattr(key, "value") else key or "unknown"): n for key, n in rows}


def _jurisdictions(session: so.Session, *where: sa.ColumnElement[bool]) -> dict[str, int]:
    rows = session.execute(
        sa.select(Case.state, Case.county, sa.func.count(Case.id))
        .where(*where)
        .group_by(Case.state, Case.county)
    ).all()
    return {f"{state or ''} / {county or ''}": n for state, county, n in rows}


def _durations(pairs: list[tuple[datetime, datetime]]) -> Durations:
    days = [(end - start).total_seconds() / DAY for start, end in pairs if end >= start]
    return Durations(len(days), median(days), percentile(days, 90))


def monthly_summary(session: so.Session, window: Window, now: datetime) -> Summary:
    """Every figure of the summary for `window` (usually one month)."""
    start, end = window.start, window.end
    received = (Case.created_at >= start, Case.created_at < end)
    # Driven from the month's cases (a range of the created_at index), never from every type row.
    types = session.execute(
        sa.select(CaseComplaintType.type, sa.func.count())
        .where(CaseComplaintType.case_id.in_(sa.select(Case.id).where(*received)))
        .group_by(CaseComplaintType.type)
    ).all()
    triaged_pairs = session.execute(
        sa.select(Case.created_at, Case.triaged_at).where(
            Case.triaged_at >= start, Case.triaged_at < end
        )
    ).all()
    resolved_pairs = session.execute(
        sa.select(Case.created_at, Case.resolved_at).where(
            Case.resolved_at >= start, Case.resolved_at < end
        )
    ).all()
    redress: dict[str, dict[str, int]] = {}
    for kind, outcome, n in session.execute(
        sa.select(RedressAction.kind, RedressAction.outcome, sa.func.count())
        .where(RedressAction.taken_on >= window.first)
        .where(RedressAction.taken_on < end.astimezone(window.zone).date())
        .group_by(RedressAction.kind, RedressAction.outcome)
    ):
        redress.setdefault(kind.value, {})[outcome.value] = n
    return Summary(
        window=window,
        received=_count(session, *received),
        triaged=len(triaged_pairs),
        closed=_count(session, Case.closed_at >= start, Case.closed_at < end),
        open_at_end=_open_at(session, end),
        by_type={kind.value: n for kind, n in types},
        by_state=_grouped(session, Case.state, *received),
        by_jurisdiction=_jurisdictions(session, *received),
        by_agency=_grouped(session, Case.agency, *received),
        by_language=_grouped(session, Case.language, *received),
        by_channel=_grouped(session, Case.channel, *received),
        by_status=_grouped(session, Case.status, *received),
        by_outcome=_grouped(
            session, Case.outcome, Case.resolved_at >= start, Case.resolved_at < end
        ),
        by_level=_grouped(session, Case.enforcement_level, *received),
        days_to_triage=_durations(triaged_pairs),
        days_to_resolution=_durations(resolved_pairs),
        triage_breaches=_count(
            session,
            Case.triage_due_at >= start,
            Case.triage_due_at < end,
            sa.or_(Case.triaged_at.is_(None), Case.triaged_at > Case.triage_due_at),
        ),
        overstays=_overstays(session, received, now),
        redress=redress,
    )


def _open_at(session: so.Session, end: datetime) -> int:
    """Cases filed before `end` and neither resolved nor closed by then.

    Counted as filed minus settled, each part one scan of an index that holds every column it
    reads (ix_cases_created_flags, ix_cases_resolved_at, ix_cases_closed_at), not of the table.
    """
    filed = _count(session, Case.created_at < end)
    resolved = _count(session, Case.resolved_at < end, Case.created_at < end)
    closed_only = _count(
        session,
        Case.closed_at < end,
        sa.or_(Case.resolved_at.is_(None), Case.resolved_at >= end),
        Case.created_at < end,
    )
    return filed - resolved - closed_only


def _overstays(session: so.Session, received, now: datetime) -> Overstays:
    rows = session.execute(
        sa.select(Detention.eligible_for_release_at, Detention.released_at, Case.time_zone)
        .join(Case, Case.id == Detention.case_id)
        .where(*received)
        .where(Detention.detainer_issued == Answer.YES)
        .where(Detention.eligible_for_release_at.is_not(None))
    ).all()
    hours = []
    for eligible, released, zone_name in rows:
        zone = ZoneInfo(zone_name or "America/New_York")
        end = released or now
        if end < eligible:
            continue  # dates in the wrong order (released before eligible): nothing to count
        held = overstay(eligible.astimezone(zone), end.astimezone(zone))
        if held.total_seconds() > 0:
            hours.append(held.total_seconds() / 3600)
    return Overstays(len(hours), median(hours), max(hours) if hours else None)


def level_shares(summary: Summary) -> dict[str, float]:
    total = sum(summary.by_level.values())
    return {level: n / total for level, n in summary.by_level.items()} if total else {}
