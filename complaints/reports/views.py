"""Supervisor reports: the monthly summary, the profiling review, exports."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import UTC, datetime
from http import HTTPStatus
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import (
    Blueprint,
    Response,
    current_app,
    render_template,
    request,
    stream_with_context,
)
from flask_babel import gettext
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired

from complaints.audit import record
from complaints.auth.guard import role_required
from complaints.catalog import lazy_gettext as _l
from complaints.extensions import db
from complaints.intake.fields import MaxLength, clean_text, error_summary
from complaints.models import Case, Person
from complaints.reports.export_tables import summary_tables
from complaints.reports.profiling import profiling_review
from complaints.reports.source import report_session
from complaints.reports.summary import level_shares, monthly_summary
from complaints.reports.tables import Chart
from complaints.reports.trend import line_chart, monthly_trend
from complaints.reports.window import Window, ending_at, parse_month
from complaints.reports.writers import neutralise, write_csv_zip, write_xlsx
from complaints.rules.permissions import Permission

bp = Blueprint("reports", __name__, url_prefix="/staff/reports")
WINDOWS = {"month": 1, "quarter": 3, "year": 12}


def _zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["OPERATOR_TIME_ZONE"])


def _month() -> Window:
    zone = _zone()
    first = parse_month(request.args.get("month"), zone, datetime.now(zone).date())
    return Window(first, 1, zone)


@bp.get("/")
@role_required(Permission.VIEW_REPORTS)
def index() -> str:
    """The reports start with the last full month's summary."""
    return monthly()


@bp.get("/monthly")
@role_required(Permission.VIEW_REPORTS)
def monthly() -> str:
    window = _month()
    summary = monthly_summary(report_session(), window, datetime.now(UTC))
    trend = monthly_trend(report_session(), ending_at(window.first, 12, window.zone))
    return render_template(
        "reports/monthly.html",
        summary=summary,
        shares=level_shares(summary),
        trend=trend,
        chart=line_chart(trend),
        month=f"{window.first:%Y-%m}",
    )


@bp.get("/monthly/export")
@role_required(Permission.VIEW_REPORTS)
def export() -> Response:
    window = _month()
    kind = request.args.get("format", "csv")
    if kind not in ("csv", "xlsx"):
        return Response(status=HTTPStatus.NOT_FOUND)
    summary = monthly_summary(report_session(), window, datetime.now(UTC))
    trend = monthly_trend(report_session(), ending_at(window.first, 12, window.zone))
    tables = summary_tables(summary, trend)
    buffer = io.BytesIO()
    if kind == "csv":
        write_csv_zip(tables, buffer)
        mimetype, name = "application/zip", f"summary-{window.first:%Y-%m}.zip"
    else:
        write_xlsx(tables, buffer, Chart(gettext("Cases received and closed"), "trend"))
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        name = f"summary-{window.first:%Y-%m}.xlsx"
    record(db.session, "report.exported", actor=current_user, month=f"{window.first:%Y-%m}",
           format=kind, identified=False)  # fmt: skip
    db.session.commit()
    return Response(buffer.getvalue(), mimetype=mimetype,
                    headers={"Content-Disposition": f"attachment; filename={name}"})  # fmt: skip


@bp.get("/profiling")
@role_required(Permission.VIEW_REPORTS)
def profiling() -> str:
    month = _month()
    span = request.args.get("window", "month")
    window = ending_at(month.first, WINDOWS.get(span, 1), month.zone)
    review = profiling_review(report_session(), window)
    return render_template("reports/profiling.html", review=review, span=span,
                           month=f"{month.first:%Y-%m}")  # fmt: skip


class ExportReasonForm(FlaskForm):
    reason = TextAreaField(
        _l("Why do you need the names and contact details?"),
        description=_l("This export is recorded with your name and this reason."),
        filters=[clean_text],
        validators=[DataRequired(message=_l("Give the reason for this export.")), MaxLength(500)],
    )


CASE_COLUMNS = ("reference", "created_at", "status", "urgency", "state", "county", "language",
                "channel", "given_name", "family_name", "a_number", "phone", "email")  # fmt: skip


def _case_rows(window: Window) -> Iterator[str]:
    """The window's cases with personal data, as CSV text, a thousand rows at a time."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CASE_COLUMNS)
    yield "\ufeff" + out.getvalue()
    query = (
        sa.select(Case.reference, Case.created_at, Case.status, Case.urgency, Case.state,
                  Case.county, Case.language, Case.channel, Person.given_name,
                  Person.family_name, Person.a_number, Person.phone, Person.email)
        .outerjoin(Person, Person.case_id == Case.id)
        .where(Case.created_at >= window.start, Case.created_at < window.end)
        .order_by(Case.id)
        .execution_options(yield_per=1000)
    )  # fmt: skip
    for partition in report_session().execute(query).partitions():
        out.seek(0)
        out.truncate()
        writer.writerows(map(_case_line, partition))
        yield out.getvalue()


def _case_line(row: sa.Row) -> tuple[object, ...]:
    """One case's cells in CASE_COLUMNS order: enums as their values, the time in ISO 8601,
    anything a person typed neutralised (a phone number can start with "+")."""
    reference, created_at, status, urgency, state, county, language, channel, *person = row
    return (reference, created_at.isoformat(), status.value, urgency.value, neutralise(state),
            neutralise(county), language, channel.value, *map(neutralise, person))  # fmt: skip


@bp.route("/cases-export", methods=["GET", "POST"])
@role_required(Permission.SUPERVISE)
def cases_export() -> str | Response | tuple[str, int]:
    """Case-level data with names: supervisors only, with a reason, audited.

    One month, or the three or twelve months ending with it (`window`), streamed.
    """
    month = _month()
    span = request.args.get("window", "month")
    span = span if span in WINDOWS else "month"
    window = ending_at(month.first, WINDOWS[span], month.zone)
    form = ExportReasonForm()
    if not form.validate_on_submit():
        status = HTTPStatus.UNPROCESSABLE_ENTITY if request.method == "POST" else HTTPStatus.OK
        page = render_template("reports/cases_export.html", form=form, errors=error_summary(form),
                               month=f"{month.first:%Y-%m}", span=span,
                               label=window.label)  # fmt: skip
        return page, status
    record(db.session, "report.exported", actor=current_user, month=f"{month.first:%Y-%m}",
           months=window.months, format="csv", identified=True,
           reason=form.reason.data)  # fmt: skip
    db.session.commit()
    suffix = "" if window.months == 1 else f"-{window.months}-months"
    name = f"cases-{month.first:%Y-%m}{suffix}.csv"
    return Response(stream_with_context(_case_rows(window)), mimetype="text/csv",
                    headers={"Content-Disposition": f"attachment; filename={name}"})  # fmt: skip
