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
    points = []
    for first in window.month_starts():
        month = Window(first, 1, window.zone)
        in_month = (Case.created_at >= month.start, Case.created_at < month.end)
        received, profiling, outside = session.execute(
            sa.select(
                sa.func.count(Case.id),
                sa.func.sum(sa.case((Case.flag_possible_profiling.is_(True), 1), else_=0)),
                sa.func.sum(sa.case((Case.flag_outside_priorities.is_(True), 1), else_=0)),
            ).where(*in_month)
        ).one()
        closed = session.execute(
            sa.select(sa.func.count(Case.id)).where(
                Case.closed_at >= month.start, Case.closed_at < month.end
            )
        ).scalar_one()
        points.append(MonthPoint(first, received, closed, int(profiling or 0), int(outside or 0)))
    return points


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
