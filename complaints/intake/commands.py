"""`flask --app app drafts purge`: delete complaint drafts past their lifetime (run it hourly)."""

from __future__ import annotations

from datetime import UTC, datetime

import click
from flask.cli import AppGroup

from complaints.extensions import db
from complaints.intake.drafts import purge_expired

drafts_cli = AppGroup("drafts", help="Complaints being written.")


@drafts_cli.command("purge")
def purge() -> None:
    """Delete expired drafts and their files; nobody can open them any more."""
    removed = purge_expired(db.session, datetime.now(UTC))
    db.session.commit()
    click.echo(f"Deleted {removed} expired drafts.")
