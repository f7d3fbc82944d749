"""The 12-month trend, and the geometry of its chart (drawn as SVG by the template)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
import sqlalchemy.orm as so

from complaints.models import Case
from complaints.reports.window import Window


@dataclass(frozen=True)
class MonthPoint:
    month: date
    received: int
    closed: int
    profiling: int
    outside_priorities: int


def monthly_trend(session: so.Session, window: Window) -> list[MonthPoint]:
    """Per month of `window`: cases received (and how many flagged), cases closed.

    Two queries whatever the window's length, each one range scan of an index that holds every
    column it needs (ix_cases_created_flags, ix_cases_closed_at).
    """
    months = [Window(first, 1, window.zone) for first in window.month_starts()]
    received_rows = _by_month(session, months, Case.created_at, flagged=True)
    closed_rows = _by_month(session, months, Case.closed_at)
    points = []
    for index, month in enumerate(months):
        received, profiling, outside = received_rows.get(index, (0, 0, 0))
        closed = closed_rows.get(index, (0,))[0]
        points.append(
            MonthPoint(month.first, received, closed, int(profiling or 0), int(outside or 0))
        )
    return points


def _by_month(
    session: so.Session, months: list[Window], moment: sa.ColumnElement, *, flagged: bool = False
) -> dict[int, tuple]:
    """By month index: how many cases' `moment` falls in it (and, if `flagged`, how many of
    those carry the profiling and the outside-priorities flags)."""
    bucket = sa.case(
        *((moment < month.end, index) for index, month in enumerate(months)), else_=len(months)
    )
    flags = [Case.flag_possible_profiling, Case.flag_outside_priorities] if flagged else []
    rows = (
        sa.select(bucket.label("month"), *flags)
        .where(moment >= months[0].start, moment < months[-1].end)
        .subquery()
    )
    # Grouped by the subquery's column: PostgreSQL refuses a GROUP BY on an expression whose
    # bound values are numbered apart from the select list's.
    columns = [sa.func.count()]
    if flagged:
        columns += [
            sa.func.sum(sa.case((rows.c.flag_possible_profiling.is_(True), 1), else_=0)),
            sa.func.sum(sa.case((rows.c.flag_outside_priorities.is_(True), 1), else_=0)),
        ]
    query = sa.select(rows.c.month, *columns).group_by(rows.c.month)
    return {month: tuple(values) for month, *values in session.execute(query)}


@dataclass(frozen=True)
class Series:
    name: str
    points: str  # "x,y x,y ..." for an SVG polyline
    values: list[int]


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    top: int  # the value at the top of the scale
    labels: list[tuple[float, str]]  # (x, month label)
    series: list[Series]


def line_chart(trend: list[MonthPoint], width: int = 640, height: int = 220) -> LineChart:
    """Received and closed per month as polylines; the scale starts at zero."""
    margin, count = 40, max(len(trend), 2)
    top = max([1] + [p.received for p in trend] + [p.closed for p in trend])
    step = (width - 2 * margin) / (count - 1)

    def place(values: list[int]) -> str:
        return " ".join(
            f"{margin + i * step:.1f},{height - margin - (v / top) * (height - 2 * margin):.1f}"
            for i, v in enumerate(values)
        )

    received = [p.received for p in trend]
    closed = [p.closed for p in trend]
    labels = [(margin + i * step, f"{p.month:%Y-%m}") for i, p in enumerate(trend)]
    return LineChart(width, height, top, labels,
                     [Series("received", place(received), received),
                      Series("closed", place(closed), closed)])  # fmt: skip
