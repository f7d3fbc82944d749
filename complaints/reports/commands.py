"""`flask --app app reports monthly`: the de-identified monthly summary for scheduled runs."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import click
from flask import current_app
from flask.cli import AppGroup
from flask_babel import force_locale, gettext

from complaints.audit import record
from complaints.extensions import db
from complaints.reports.export_tables import summary_tables
from complaints.reports.source import report_session
from complaints.reports.summary import monthly_summary
from complaints.reports.tables import Chart
from complaints.reports.trend import monthly_trend
from complaints.reports.window import Window, ending_at, parse_month
from complaints.reports.writers import write_csv_zip, write_xlsx

reports_cli = AppGroup("reports", help="Reports for supervisors and oversight.")


@reports_cli.command("monthly")
@click.option("--month", required=True, help="YYYY-MM")
@click.option("--format", "kind", type=click.Choice(["csv", "xlsx"]), default="xlsx")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--language", default="en", help="Language of titles and labels.")
def monthly(month: str, kind: str, output: Path, language: str) -> None:
    """Write the month's de-identified summary (small counts suppressed) to OUTPUT."""
    zone = ZoneInfo(current_app.config["OPERATOR_TIME_ZONE"])
    first = parse_month(month, zone, datetime.now(zone).date())
    if f"{first:%Y-%m}" != month:
        raise click.BadParameter("use the form YYYY-MM", param_hint="--month")
    window = Window(first, 1, zone)
    with force_locale(language):
        summary = monthly_summary(report_session(), window, datetime.now(UTC))
        tables = summary_tables(
            summary, monthly_trend(report_session(), ending_at(first, 12, zone))
        )
        with output.open("wb") as stream:
            if kind == "csv":
                write_csv_zip(tables, stream)
            else:
                write_xlsx(tables, stream, Chart(gettext("Cases received and closed"), "trend"))
    record(db.session, "report.exported", actor_kind="system", month=month, format=kind,
           identified=False)  # fmt: skip
    db.session.commit()
    click.echo(f"Wrote {output} ({kind}, {len(tables)} tables).")
