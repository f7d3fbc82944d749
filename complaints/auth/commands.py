"""`flask --app app users ...`: staff accounts from the command line."""

from __future__ import annotations

import sys

import click
import sqlalchemy as sa
from flask.cli import AppGroup

from complaints.auth.passwords import WeakPassword
from complaints.auth.service import (
    AccountError,
    create_user,
    get_by_email,
    reset_second_factor,
    set_active,
    set_role,
)
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


def _existing(email: str) -> User:
    user = get_by_email(db.session, email)
    if user is None:
        raise click.ClickException(f"No account for {email}.")
    return user


@users_cli.command("deactivate")
@click.option("--email", required=True)
def deactivate(email: str) -> None:
    """Deactivate an account (accounts are never deleted: the audit trail keeps names)."""
    user = _existing(email)
    set_active(db.session, user, False, actor=None)
    db.session.commit()
    click.echo(f"Deactivated {user.email}.")


@users_cli.command("set-role")
@click.option("--email", required=True)
@click.option("--role", required=True, type=click.Choice([role.value for role in STAFF_ROLES]))
def change_role(email: str, role: str) -> None:
    """Give an account another role; its sessions end."""
    user = _existing(email)
    set_role(db.session, user, Role(role), actor=None)
    db.session.commit()
    click.echo(f"{user.email} is now {user.role}.")


@users_cli.command("reset-2fa")
@click.option("--email", required=True)
def reset_2fa(email: str) -> None:
    """Forget an account's authenticator; it is set up again at the next sign-in."""
    user = _existing(email)
    reset_second_factor(db.session, user, actor=None)
    db.session.commit()
    click.echo(f"Two-factor sign-in reset for {user.email}.")


@users_cli.command("list")
def list_users() -> None:
    """List staff accounts with their role and whether they are active."""
    for user in db.session.execute(sa.select(User).order_by(User.email)).scalars():
        state = "active" if user.active else "deactivated"
        click.echo(f"{user.email}\t{user.name}\t{user.role}\t{state}")
