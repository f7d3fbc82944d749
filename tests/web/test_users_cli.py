"""`flask users create|list`: staff accounts from the command line."""

from __future__ import annotations

import sqlalchemy as sa
import sqlalchemy.orm as so

from complaints.auth.passwords import verify_password
from complaints.models import AuditEvent, User
from complaints.rules.vocabulary import Role


def test_create_reads_the_password_from_stdin(cli, db: so.Session) -> None:
    result = cli.invoke(
        args=["users", "create", "--email", " Rosa@Example.org ", "--name", "Rosa Díaz",
              "--role", "supervisor", "--password-stdin"],
        input="a long enough passphrase\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Created supervisor account rosa@example.org" in result.output
    user = db.execute(sa.select(User)).scalar_one()
    assert (user.email, user.name, user.role) == ("rosa@example.org", "Rosa Díaz", Role.SUPERVISOR)
    assert user.password_hash.startswith("$argon2id$")
    assert verify_password(user.password_hash, "a long enough passphrase")
    event = db.execute(sa.select(AuditEvent)).scalar_one()
    assert event.action == "user.created" and event.details["user_id"] == user.id


def test_create_prompts_for_the_password(cli, db: so.Session) -> None:
    result = cli.invoke(
        args=["users", "create", "--email", "a@example.org", "--name", "A", "--role", "admin"],
        input="prompted passphrase!\nprompted passphrase!\n",
    )
    assert result.exit_code == 0, result.output
    user = db.execute(sa.select(User)).scalar_one()
    assert verify_password(user.password_hash, "prompted passphrase!")


def test_short_password_is_refused_with_a_reason(cli, db: so.Session) -> None:
    result = cli.invoke(
        args=["users", "create", "--email", "b@example.org", "--name", "B",
              "--role", "caseworker", "--password-stdin"],
        input="short\n",
    )  # fmt: skip
    assert result.exit_code != 0
    assert "at least 12 characters" in result.output
    assert db.execute(sa.select(sa.func.count()).select_from(User)).scalar_one() == 0


def test_duplicate_email_is_refused(cli, db: so.Session) -> None:
    args = ["users", "create", "--email", "c@example.org", "--name", "C",
            "--role", "caseworker", "--password-stdin"]  # fmt: skip
    assert cli.invoke(args=args, input="first passphrase ok\n").exit_code == 0
    result = cli.invoke(args=args, input="second passphrase ok\n")
    assert result.exit_code != 0
    assert "already exists" in result.output


def test_complainant_is_not_a_staff_role(cli) -> None:
    result = cli.invoke(
        args=["users", "create", "--email", "d@example.org", "--name", "D",
              "--role", "complainant", "--password-stdin"],
        input="some passphrase 123\n",
    )  # fmt: skip
    assert result.exit_code != 0
    assert "Invalid value for '--role'" in result.output


def test_list_shows_accounts(cli) -> None:
    cli.invoke(
        args=["users", "create", "--email", "e@example.org", "--name", "Eve",
              "--role", "caseworker", "--password-stdin"],
        input="some passphrase 123\n",
    )  # fmt: skip
    result = cli.invoke(args=["users", "list"])
    assert "e@example.org\tEve\tcaseworker\tactive" in result.output


def make(cli, email: str, role: str = "caseworker") -> None:
    cli.invoke(
        args=["users", "create", "--email", email, "--name", "N", "--role", role,
              "--password-stdin"],
        input="some passphrase 123\n",
    )  # fmt: skip


def test_deactivate_set_role_and_reset_2fa(cli, db: so.Session) -> None:
    make(cli, "f@example.org")
    user = db.execute(sa.select(User)).scalar_one()
    user.totp_secret = "encrypted"
    db.commit()
    assert (
        "Deactivated f@example.org."
        in cli.invoke(args=["users", "deactivate", "--email", "F@example.org"]).output
    )
    assert (
        "f@example.org is now supervisor."
        in cli.invoke(
            args=["users", "set-role", "--email", "f@example.org", "--role", "supervisor"]
        ).output
    )
    assert (
        "Two-factor sign-in reset for f@example.org."
        in cli.invoke(args=["users", "reset-2fa", "--email", "f@example.org"]).output
    )
    user = db.get(User, user.id)
    assert (user.active, user.role, user.totp_secret) == (False, Role.SUPERVISOR, None)
    assert "f@example.org\tN\tsupervisor\tdeactivated" in cli.invoke(args=["users", "list"]).output


def test_an_unknown_account_is_reported(cli) -> None:
    result = cli.invoke(args=["users", "deactivate", "--email", "ghost@example.org"])
    assert result.exit_code != 0
    assert "No account for ghost@example.org." in result.output
