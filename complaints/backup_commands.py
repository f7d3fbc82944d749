"""`flask --app app backup create PATH` and `backup restore PATH --yes`: the restore drill.

Both print counts, hashes and paths only, never a row.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from complaints.audit import verify_chain
from complaints.backup import BackupError, create_backup, manifest_path, restore_backup
from complaints.extensions import db

backup_cli = AppGroup("backup", help="Backups of the whole database, and restoring one.")
PATH = click.Path(dir_okay=False, path_type=Path)


@backup_cli.command("create")
@click.argument("path", type=PATH)
def create(path: Path) -> None:
    """Write a consistent backup to PATH (a new file) and PATH.manifest.json beside it."""
    db.session.remove()
    try:
        manifest = create_backup(db.engine, path)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(
        f"Backup of the {manifest.database} database written to {path} "
        f"({manifest.size} bytes, sha256 {manifest.sha256}).\n"
        f"{manifest.rows} rows in {len(manifest.row_counts)} tables, "
        f"schema revision {manifest.alembic_revision or 'unknown'}; "
        f"manifest in {manifest_path(path)}."
    )


@backup_cli.command("restore")
@click.argument("path", type=PATH)
@click.option("--yes", is_flag=True, help="Confirm: everything in the database is replaced.")
def restore(path: Path, yes: bool) -> None:
    """Replace everything in the database with the backup at PATH, then verify it."""
    if not yes:
        raise click.ClickException(
            "Restoring replaces everything in the database with the backup. "
            "Stop the app, then run again with --yes."
        )
    db.session.remove()
    try:
        manifest, counts = restore_backup(db.engine, path)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(
        f"Restored the backup taken at {manifest.created_at} "
        f"(schema revision {manifest.alembic_revision or 'unknown'})."
    )
    differing = sorted(
        name for name in manifest.row_counts.keys() | counts.keys()
        if manifest.row_counts.get(name) != counts.get(name)
    )  # fmt: skip
    checked, broken = verify_chain(db.session)
    db.session.remove()
    if differing:
        raise click.ClickException(
            f"Row counts differ from the manifest in: {', '.join(differing)}."
        )
    click.echo(f"Row counts match the manifest: {manifest.rows} rows in {len(counts)} tables.")
    if broken is not None:
        raise click.ClickException(
            f"Audit chain broken at event {broken.seq} (row id {broken.event_id}): "
            f"{broken.reason}. {checked} events before it are intact."
        )
    click.echo(f"Audit chain intact: {checked} events.")
