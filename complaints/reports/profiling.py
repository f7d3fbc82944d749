"""Profiling review: which jurisdictions' complaints are far above the overall rate of possible
profiling or of people outside the enforcement priorities (the paper asks oversight to examine
"data from all activated jurisdictions for possible profiling")."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
import sqlalchemy.orm as so

from complaints.models import Case
from complaints.reports.window import Window
from complaints.rules.statistics import RateComparison, compare_rate

MIN_CASES = 10  # below this a jurisdiction is shown but never flagged: too few to tell


@dataclass(frozen=True)
class JurisdictionRates:
    state: str
    county: str
    cases: int
    profiling: RateComparison
    outside: RateComparison

    @property
    def flagged(self) -> bool:
        return self.profiling.far_above or self.outside.far_above


@dataclass(frozen=True)
class ProfilingReview:
    window: Window
    cases: int
    profiling_rate: float
    outside_rate: float
    rows: list[JurisdictionRates]


def profiling_review(session: so.Session, window: Window) -> ProfilingReview:
    as_int = lambda column: sa.func.sum(sa.case((column.is_(True), 1), else_=0))  # noqa: E731
    # Grouped on the bare columns: PostgreSQL will not match two copies of an expression whose
    # literals travel as separate bound parameters.
    grouped = session.execute(
        sa.select(
            Case.state, Case.county, sa.func.count(Case.id),
            as_int(Case.flag_possible_profiling), as_int(Case.flag_outside_priorities),
        )
        .where(Case.created_at >= window.start, Case.created_at < window.end)
        .group_by(Case.state, Case.county)
    ).all()  # fmt: skip
    rows = [(state or "", county or "", n, p or 0, o or 0) for state, county, n, p, o in grouped]
    total = sum(n for _s, _c, n, _p, _o in rows)
    profiled = sum(p for _s, _c, _n, p, _o in rows)
    outside = sum(o for _s, _c, _n, _p, o in rows)
    profiling_rate = profiled / total if total else 0.0
    outside_rate = outside / total if total else 0.0
    result = [
        JurisdictionRates(
            state, county, n,
            compare_rate(int(p), n, profiling_rate, min_trials=MIN_CASES),
            compare_rate(int(o), n, outside_rate, min_trials=MIN_CASES),
        )
        for state, county, n, p, o in rows
    ]  # fmt: skip
    result.sort(key=lambda row: (not row.flagged, -row.cases, row.state, row.county))
    return ProfilingReview(window, total, profiling_rate, outside_rate, result)
