"""/api/v1/reports: the de-identified monthly figures, suppressed exactly as in the exports."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import force_locale
from flask_smorest import Blueprint

from complaints.api.auth import SECURITY, partner_required, problems
from complaints.api.keys import Scope
from complaints.api.schemas import MonthlyReportSchema, MonthQuerySchema
from complaints.reports.export_tables import summary_tables
from complaints.reports.source import report_session
from complaints.reports.summary import monthly_summary
from complaints.reports.trend import monthly_trend
from complaints.reports.window import Window, ending_at


def monthly_report(month: str) -> dict[str, Any]:
    """The month's summary tables (English titles), as the CSV and XLSX exports hold them."""
    zone = ZoneInfo(current_app.config["OPERATOR_TIME_ZONE"])
    first = date(int(month[:4]), int(month[5:7]), 1)
    with force_locale("en"):
        summary = monthly_summary(report_session(), Window(first, 1, zone), datetime.now(UTC))
        trend = monthly_trend(report_session(), ending_at(first, 12, zone))
        tables = summary_tables(summary, trend)
    return {
        "month": month,
        "tables": [
            {"key": t.key, "title": t.title, "columns": list(t.columns),
             "rows": [list(row) for row in t.rows]}
            for t in tables
        ],
    }  # fmt: skip


def build() -> Blueprint:
    bp = Blueprint(
        "reports_api",
        __name__,
        url_prefix="/api/v1/reports",
        description="De-identified figures; counts of 1 to 4 are suppressed.",
    )

    @bp.get("/monthly")
    @partner_required(Scope.REPORTS)
    @bp.doc(security=SECURITY, summary="The monthly summary")
    @bp.arguments(MonthQuerySchema, location="query")
    @bp.response(200, MonthlyReportSchema)
    @problems(bp, 401, 403, 429)
    def monthly(query: dict[str, str]):
        return monthly_report(query["month"])

    return bp
