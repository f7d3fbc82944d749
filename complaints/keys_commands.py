"""`flask --app app keys ...`: make data keys and move everything stored to the newest one.

COMPLAINTS_DATA_KEY lists Fernet keys, newest first: new data is encrypted with the first, data
under any listed key can be read. To rotate: `keys generate`, put the new key first ("new,old"),
restart every host, run `keys rotate`, and once it reports nothing unreadable or changed, drop the
old key. Rotation walks each encrypted column in primary-key order and commits every batch, so a
million rows never sit in one transaction and an interrupted run can simply be started again.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass

import click
import sqlalchemy as sa
import sqlalchemy.orm as so
from cryptography.fernet import Fernet
from flask import current_app
from flask.cli import AppGroup

from complaints.audit import record
from complaints.extensions import db
from complaints.models import AttachmentContent, Draft, DraftFile, User
from complaints.storage import Vault

keys_cli = AppGroup("keys", help="The data encryption keys (COMPLAINTS_DATA_KEY).")

DEFAULT_BATCH_SIZE = 500
# Files are up to 10 MiB each: fewer of them per batch keeps a batch's memory near 150 MB.
FILE_BATCH_SIZE = 10


@dataclass(frozen=True)
class EncryptedColumn:
    """One column holding Fernet tokens, and how to walk it."""

    name: str  # shown in the counts and the audit event
    key: sa.Column
    token: sa.Column
    max_batch: int = DEFAULT_BATCH_SIZE

    @property
    def as_text(self) -> bool:
        """True when the token is stored as a string (an ASCII Fernet token), not bytes."""
        return isinstance(self.token.type, sa.String)


# Every ciphertext the database keeps. Cookies (sign-in state, receipts) and sealed searches are
# also encrypted with the data key but live at most a day: keep the old key listed that long.
ENCRYPTED_COLUMNS = (
    EncryptedColumn(
        "attachment_contents",
        AttachmentContent.__table__.c.attachment_id,
        AttachmentContent.__table__.c.ciphertext,
        FILE_BATCH_SIZE,
    ),
    EncryptedColumn("drafts", Draft.__table__.c.id, Draft.__table__.c.answers),
    EncryptedColumn(
        "draft_files", DraftFile.__table__.c.id, DraftFile.__table__.c.ciphertext, FILE_BATCH_SIZE
    ),
    EncryptedColumn("users", User.__table__.c.id, User.__table__.c.totp_secret),
)


@dataclass
class ColumnCounts:
    rotated: int = 0  # re-encrypted under the newest key (or, in a dry run, would be)
    current: int = 0  # already under the newest key; left alone
    unreadable: int = 0  # no listed key opens it; left alone
    changed: int = 0  # rewritten by the app while we worked; left alone, a re-run checks it


def _batches(
    session: so.Session, column: EncryptedColumn, batch_size: int
) -> Iterator[Sequence[sa.Row]]:
    """Yield successive batches of (key, token) rows, in key order, tokens never NULL."""
    last = None
    while True:
        query = sa.select(column.key, column.token).where(column.token.is_not(None))
        if last is not None:
            query = query.where(column.key > last)
        rows = session.execute(query.order_by(column.key).limit(batch_size)).all()
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def rotate_column(
    session: so.Session, vault: Vault, column: EncryptedColumn, *, batch_size: int, dry_run: bool
) -> ColumnCounts:
    """Re-encrypt every token in `column` that is not under the newest key; commit per batch.

    A row is written only if its token is still the one read (compare and swap), so a draft saved
    by a filer meanwhile is never overwritten with its older answers. In a dry run nothing is
    written and `rotated` counts what would be. Unreadable tokens are counted, not raised.
    """
    counts = ColumnCounts()
    size = min(batch_size, column.max_batch)
    for rows in _batches(session, column, size):
        for key, stored in rows:
            token = stored.encode() if column.as_text else stored
            if vault.is_current(token):
                counts.current += 1
                continue
            try:
                fresh = vault.rotate(token)
            except ValueError:
                counts.unreadable += 1
                continue
            if dry_run:
                counts.rotated += 1
                continue
            written = session.execute(
                sa.update(column.token.table)
                .where(column.key == key, column.token == stored)
                .values({column.token.name: fresh.decode() if column.as_text else fresh})
            ).rowcount
            if written:
                counts.rotated += 1
            else:
                counts.changed += 1
        if dry_run:
            session.rollback()
        else:
            session.commit()
    return counts


@keys_cli.command("generate")
def generate() -> None:
    """Print a new random Fernet key (put it first in COMPLAINTS_DATA_KEY)."""
    click.echo(Fernet.generate_key().decode())


@keys_cli.command("rotate")
@click.option("--dry-run", is_flag=True, help="Count what would be re-encrypted; change nothing.")
@click.option(
    "--batch-size",
    default=DEFAULT_BATCH_SIZE,
    show_default=True,
    type=click.IntRange(min=1),
    help="Rows per transaction (files: at most 10).",
)
def rotate(dry_run: bool, batch_size: int) -> None:
    """Re-encrypt every stored ciphertext with the newest key in COMPLAINTS_DATA_KEY.

    Safe to run again: rows already under the newest key are left alone. Exits 1 if any row
    could not be opened with any listed key.
    """
    vault: Vault = current_app.extensions["vault"]
    totals: dict[str, ColumnCounts] = {}
    for column in ENCRYPTED_COLUMNS:
        counts = rotate_column(db.session, vault, column, batch_size=batch_size, dry_run=dry_run)
        totals[column.name] = counts
        verb = "to rotate" if dry_run else "rotated"
        click.echo(
            f"{column.name}: {counts.rotated} {verb}, {counts.current} already current, "
            f"{counts.unreadable} unreadable, {counts.changed} changed meanwhile"
        )
    if not dry_run:
        # Counts only: which rows and whose data are not the audit trail's business here.
        record(
            db.session,
            "keys.rotated",
            tables={name: asdict(counts) for name, counts in totals.items()},
        )
        db.session.commit()
    unreadable = sum(counts.unreadable for counts in totals.values())
    changed = sum(counts.changed for counts in totals.values())
    if unreadable:
        raise click.ClickException(
            f"{unreadable} stored values open with none of the listed keys and were left as "
            "they were; keep every old key listed until this is resolved."
        )
    if dry_run:
        click.echo("Dry run: nothing was changed.")
    elif changed:
        click.echo("Some rows changed while rotating; run `keys rotate` again.")
    else:
        click.echo("Every stored value is under the newest key; older keys may now be removed.")
