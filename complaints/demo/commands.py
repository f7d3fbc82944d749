"""`flask --app app demo seed`: fill the database with synthetic cases and demo staff accounts."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import AppGroup

from complaints.demo.seeding import (
    DEMO_STAFF,
    advance_sequences,
    ensure_demo_staff,
    insert_batches,
    load_jurisdictions,
)
from complaints.extensions import db
from complaints.maintenance import analyze
from complaints.models import Case
from complaints.rules.vocabulary import Role

demo_cli = AppGroup("demo", help="Demo data for trying the system out.")


@demo_cli.command("seed")
@click.option("--cases", "count", default=1000, show_default=True, type=click.IntRange(0))
@click.option("--seed", "seed", default=None, type=int, help="Random seed for repeatable data.")
@click.option("--if-empty", is_flag=True, help="Do nothing when cases already exist.")
def seed(count: int, seed: int | None, if_empty: bool) -> None:
    """Create COUNT synthetic cases and the demo staff accounts, printing their logins."""
    if current_app.config["COMPLAINTS_ENV"] == "production":
        raise click.ClickException("Refusing to add demo data in production mode.")
    if if_empty and db.session.execute(sa.select(Case.id).limit(1)).first() is not None:
        click.echo("Cases already exist; demo data not added.")
        return
    staff = ensure_demo_staff(db.session)
    db.session.commit()
    # Imports the facility directory first (when the list is found), so cases link to it.
    jurisdictions = load_jurisdictions(current_app.config["FACILITIES_CSV"], db.session)
    db.session.commit()
    rng = random.Random(seed)
    batches = insert_batches(
        db.session,
        count,
        rng=rng,
        jurisdictions=jurisdictions,
        staff_ids=[user.id for user in staff if user.role is not Role.ADMIN],
        now=datetime.now(UTC),
    )
    with click.progressbar(length=count, label="Creating demo cases") as bar:
        for size in batches:
            db.session.commit()
            bar.update(size)
    advance_sequences(db.session)
    analyze(db.session)
    db.session.commit()
    click.echo(f"Created {count} demo cases.")
    click.echo("Demo staff logins (development only):")
    for email, _name, role, password in DEMO_STAFF:
        click.echo(f"  {role:<11} {email}  password: {password}")
