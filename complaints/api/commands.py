"""`flask partners create|revoke|list`: partner API keys from the command line."""

from __future__ import annotations

from datetime import UTC, datetime

import click
from flask.cli import AppGroup

from complaints.api.keys import PartnerKeyError, Scope, create_key, list_keys, revoke_key
from complaints.extensions import db

partners_cli = AppGroup("partners", help="Keys for the partner API (/api/v1).")


@partners_cli.command("create")
@click.argument("partner")
@click.option(
    "--scope",
    "scopes",
    multiple=True,
    required=True,
    type=click.Choice([scope.value for scope in Scope]),
    help="Repeat for several.",
)
@click.option("--label", default="", help="What the key is for, e.g. the hotline's server.")
def create(partner: str, scopes: tuple[str, ...], label: str) -> None:
    """Create a key for PARTNER (the organisation's name) and print it once."""  # fmt: skip
    try:
        new = create_key(db.session, partner, scopes, now=datetime.now(UTC), label=label)
    except PartnerKeyError as error:
        raise click.UsageError(str(error)) from None
    db.session.commit()
    click.echo(f"Key for {new.key.partner.name} ({', '.join(new.key.scopes)}):")
    click.echo(new.token)
    click.echo("It is shown only now; only its hash is kept. Give it to the partner safely.")


@partners_cli.command("revoke")
@click.argument("prefix")
def revoke(prefix: str) -> None:
    """Revoke the key starting PREFIX (pk_...) for good."""
    try:
        revoke_key(db.session, prefix, now=datetime.now(UTC))
    except PartnerKeyError as error:
        raise click.UsageError(str(error)) from None
    db.session.commit()
    click.echo(f"Revoked {prefix}.")


@partners_cli.command("list")
def list_() -> None:
    """Every key: partner, prefix, scopes, created, last used, revoked."""
    for key in list_keys(db.session):
        state = f"revoked {key.revoked_at:%Y-%m-%d}" if key.revoked_at else "active"
        used = f"{key.last_used_at:%Y-%m-%d %H:%M}" if key.last_used_at else "never"
        click.echo(f"{key.partner.name}\t{key.prefix}\t{','.join(key.scopes)}\t"
                   f"created {key.created_at:%Y-%m-%d}\tlast used {used}\t{state}")  # fmt: skip
