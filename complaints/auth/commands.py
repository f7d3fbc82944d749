"""`flask --app app users ...`: staff accounts from the command line."""

from __future__ import annotations

import sys

import click
import sqlalchemy as sa
from flask.cli import AppGroup

from complaints.auth.passwords import WeakPassword
from complaints.auth.service import AccountError, create_user
from complaints.extensions import db
from complaints.models import User
from complaints.rules.vocabulary import STAFF_ROLES, Role

users_cli = AppGroup("users", help="Manage staff accounts.")


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", required=True, type=click.Choice([role.value for role in STAFF_ROLES]))
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create(email: str, name: str, role: str, password_stdin: bool) -> None:
    """Create a staff account; the password is prompted for unless --password-stdin."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user = create_user(db.session, email=email, name=name, role=Role(role), password=password)
    except (AccountError, WeakPassword) as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Created {user.role} account {user.email} (id {user.id}).")


@users_cli.command("list")
def list_users() -> None:
    """List staff accounts with their role and whether they are active."""
    for user in db.session.execute(sa.select(User).order_by(User.email)).scalars():
        state = "active" if user.active else "deactivated"
        click.echo(f"{user.email}\t{user.name}\t{user.role}\t{state}")
