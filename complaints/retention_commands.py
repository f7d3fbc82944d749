"""`flask --app app retention run [--dry-run]`: redact cases finished longer ago than the period.

Run it nightly. It commits every batch, so an interrupted run keeps what it did and the next run
carries on. It prints counts only, never a case's data.
"""

from __future__ import annotations

from datetime import UTC, datetime

import click
from flask import current_app
from flask.cli import AppGroup

from complaints import retention
from complaints.extensions import db
from complaints.rules.retention import years_before

retention_cli = AppGroup("retention", help="Removing personal data once it is no longer needed.")


@retention_cli.command("run")
@click.option("--dry-run", is_flag=True, help="Only count the cases that would be redacted.")
def run(dry_run: bool) -> None:
    """Redact the personal data of cases finished more than COMPLAINTS_RETENTION_YEARS ago."""
    now = datetime.now(UTC)
    years = current_app.config["COMPLAINTS_RETENTION_YEARS"]
    cutoff = f"{years_before(now, years):%Y-%m-%d}"
    counts = retention.count_due(db.session, now, years)
    if dry_run:
        db.session.rollback()
        click.echo(
            f"{counts.due} cases finished before {cutoff} would be redacted; "
            f"{counts.held} are kept under a legal hold. Nothing was changed."
        )
        return
    redacted, after_id = 0, 0
    while batch := retention.due_batch(db.session, now, years, after_id=after_id):
        redacted += retention.redact_cases(db.session, batch, now, years=years)
        after_id = batch[-1].id
        db.session.commit()
        db.session.expunge_all()  # a run over a million old cases holds one batch at a time
    retention.record_run(db.session, now, years=years, redacted=redacted, held=counts.held)
    db.session.commit()
    click.echo(
        f"Redacted {redacted} cases finished before {cutoff}; "
        f"{counts.held} are kept under a legal hold."
    )
