"""Staff account operations. Take the session, never commit."""

from __future__ import annotations

import sqlalchemy as sa
import sqlalchemy.orm as so

from complaints.audit import record
from complaints.auth.passwords import check_policy, hash_password
from complaints.models import User
from complaints.rules.vocabulary import STAFF_ROLES, Role


class AccountError(ValueError):
    """The account cannot be created or changed as asked; the message says why."""


def normalize_email(email: str) -> str:
    return email.strip().lower()


def get_by_email(session: so.Session, email: str) -> User | None:
    return session.execute(
        sa.select(User).where(User.email == normalize_email(email))
    ).scalar_one_or_none()


def create_user(
    session: so.Session,
    *,
    email: str,
    name: str,
    role: Role,
    password: str,
    actor: User | None = None,
) -> User:
    """Create a staff account.

    Raises AccountError for a duplicate e-mail, a non-staff role or a bad address, and
    complaints.auth.passwords.WeakPassword when the password breaks the policy.
    """
    email = normalize_email(email)
    if "@" not in email or len(email) > 254:
        raise AccountError("Give a valid e-mail address.")
    if role not in STAFF_ROLES:
        raise AccountError(f"Role must be one of: {', '.join(STAFF_ROLES)}.")
    if not name.strip():
        raise AccountError("Give the person's name.")
    check_policy(password)
    if get_by_email(session, email) is not None:
        raise AccountError(f"An account for {email} already exists.")
    user = User(email=email, name=name.strip(), role=role, password_hash=hash_password(password))
    session.add(user)
    session.flush()
    record(session, "user.created", actor=actor, user_id=user.id, role=role.value)
    return user
