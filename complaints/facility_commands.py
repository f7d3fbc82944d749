"""`flask --app app facilities import PATH`: load the ICE facility list into the directory.

Safe to run again: facilities are matched on their code, so a second import of the same list
changes nothing. One transaction: an import that fails part-way leaves the directory as it was.
"""

from __future__ import annotations

import time
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from complaints.extensions import db
from complaints.facilities import find_csv, read_facilities
from complaints.facility_import import FacilityListError, import_facilities

facilities_cli = AppGroup("facilities", help="The directory of jails and detention centers.")


@facilities_cli.command("import")
@click.argument("path", required=False, type=click.Path(dir_okay=False, path_type=Path))
def import_command(path: Path | None) -> None:
    """Import the facility list at PATH (default: COMPLAINTS_FACILITIES_CSV or the shared copy)."""
    path = path or find_csv(current_app.config["FACILITIES_CSV"])
    if path is None or not path.is_file():
        raise click.ClickException(
            f"No facility list at {path}." if path else "No facility list found; give its path."
        )
    started = time.perf_counter()
    try:
        counts = import_facilities(db.session, read_facilities(path))
    except (FacilityListError, KeyError, ValueError, UnicodeDecodeError) as error:
        db.session.rollback()
        raise click.ClickException(f"{path} cannot be imported: {error!r}") from error
    db.session.commit()
    click.echo(
        f"Read {counts.read} facilities from {path} in {time.perf_counter() - started:.1f} s: "
        f"{counts.added} added, {counts.updated} updated, {counts.unchanged} unchanged."
    )
    click.echo(
        f"{counts.without_coordinates} have no coordinates (time zone from state and county); "
        f"{counts.without_time_zone} have no time zone at all."
    )
