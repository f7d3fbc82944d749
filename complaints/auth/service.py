"""Staff account operations: sign-in with lockout, passwords, roles, two-factor.

Services take the session and plain values, raise typed errors and never commit.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

import sqlalchemy as sa
import sqlalchemy.orm as so

from complaints.audit import record
from complaints.auth import totp
from complaints.auth.passwords import check_policy, hash_password, needs_rehash, verify_password
from complaints.models import User
from complaints.rules.vocabulary import STAFF_ROLES, Role
from complaints.storage import Vault

MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=15)
LOCKOUT = timedelta(minutes=15)
# Verified against when the e-mail is unknown, so both answers take the same time.
_DUMMY_HASH = hash_password("not a real password, only here for timing")


def _(message: str) -> str:
    return message


CURRENT_WRONG = _("Your current password is not right.")


class AccountError(ValueError):
    """The account cannot be created or changed as asked; the message says why."""


class SignInProblem(StrEnum):
    WRONG = "wrong"  # unknown e-mail, wrong password, or a deactivated account: one answer
    LOCKED = "locked"


@dataclass(frozen=True)
class SignIn:
    user: User | None
    problem: SignInProblem | None = None


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
    temporary: bool = False,
) -> User:
    """Create a staff account.

    Raises AccountError for a duplicate e-mail, a non-staff role or a bad address, and
    complaints.auth.passwords.WeakPassword when the password breaks the policy.
    A temporary password must be changed at first sign-in.
    """
    email = normalize_email(email)
    if "@" not in email or len(email) > 254:
        raise AccountError(_("Give a valid e-mail address."))
    if role not in STAFF_ROLES:
        raise AccountError(_("Choose a staff role."))
    if not name.strip():
        raise AccountError(_("Give the person's name."))
    check_policy(password)
    if get_by_email(session, email) is not None:
        raise AccountError(_("An account with that e-mail address already exists."))
    user = User(
        email=email,
        name=name.strip(),
        role=role,
        password_hash=hash_password(password),
        password_expired=temporary,
    )
    session.add(user)
    session.flush()
    record(session, "user.created", actor=actor, user_id=user.id, role=role.value)
    return user


def temporary_password() -> str:
    """A random password an administrator hands over once; it must be changed at first use."""
    return "-".join(secrets.token_urlsafe(4) for _ in range(4))


def authenticate(session: so.Session, email: str, password: str, now: datetime) -> SignIn:
    """Check an e-mail and password, counting failures per account.

    Five failures within 15 minutes lock the account for 15 minutes; the lock is per account,
    never per address, so one network cannot lock out a whole office. Rehashes the password
    when the hashing parameters have changed. Records every outcome in the audit trail.
    """
    user = get_by_email(session, email)
    if user is None:
        verify_password(_DUMMY_HASH, password)
        record(session, "login.failure", actor_kind="anonymous", reason="unknown")
        return SignIn(None, SignInProblem.WRONG)
    if user.locked_until is not None and user.locked_until > now:
        record(session, "login.failure", actor=user, reason="locked")
        return SignIn(None, SignInProblem.LOCKED)
    if not verify_password(user.password_hash, password) or not user.active:
        _count_failure(user, now)
        record(session, "login.failure", actor=user, reason="password")
        locked = user.locked_until is not None and user.locked_until > now
        return SignIn(None, SignInProblem.LOCKED if locked else SignInProblem.WRONG)
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.failed_logins, user.failed_since, user.locked_until = 0, None, None
    return SignIn(user)


def _count_failure(user: User, now: datetime) -> None:
    if user.failed_since is None or now - user.failed_since > FAILURE_WINDOW:
        user.failed_logins, user.failed_since = 0, now
    user.failed_logins += 1
    if user.failed_logins >= MAX_FAILURES:
        user.locked_until = now + LOCKOUT
        user.failed_logins, user.failed_since = 0, None


def complete_sign_in(session: so.Session, user: User, now: datetime) -> None:
    user.last_login_at = now
    record(session, "login.success", actor=user)


def check_second_factor(
    session: so.Session, user: User, code: str, vault: Vault, now: datetime
) -> bool:
    """Check a one-time code and remember its step so it cannot be used again."""
    if user.totp_secret is None:
        return False
    secret = vault.decrypt(user.totp_secret.encode()).decode()
    accepted = totp.check_code(secret, code, now, user.totp_last_step)
    if accepted is None:
        _count_failure(user, now)
        record(session, "login.failure", actor=user, reason="second_factor")
        return False
    user.totp_last_step = accepted.step
    return True


def enrol_second_factor(
    session: so.Session, user: User, secret: str, code: str, vault: Vault, now: datetime
) -> bool:
    """Save a new authenticator secret once a code from it has been typed correctly."""
    accepted = totp.check_code(secret, code, now, None)
    if accepted is None:
        return False
    user.totp_secret = vault.encrypt(secret.encode()).decode()
    user.totp_last_step = accepted.step
    record(session, "user.two_factor_enrolled", actor=user, user_id=user.id)
    return True


def change_password(
    session: so.Session, user: User, current: str, new: str, *, actor: User | None = None
) -> None:
    """Set a new password after checking the current one; ends the user's other sessions.

    Raises AccountError when the current password is wrong, WeakPassword for a weak new one.
    """
    if not verify_password(user.password_hash, current):
        raise AccountError(CURRENT_WRONG)
    if verify_password(user.password_hash, new):
        raise AccountError(_("Choose a password different from the current one."))
    check_policy(new)
    user.password_hash = hash_password(new)
    user.password_expired = False
    user.session_epoch += 1
    record(session, "user.password_changed", actor=actor or user, user_id=user.id)


def set_role(session: so.Session, user: User, role: Role, *, actor: User | None) -> None:
    if role not in STAFF_ROLES:
        raise AccountError(_("Choose a staff role."))
    if user.role is not role:
        record(session, "user.role_changed", actor=actor, user_id=user.id,
               old=user.role.value, new=role.value)  # fmt: skip
        user.role = role
        user.session_epoch += 1


def set_active(session: so.Session, user: User, active: bool, *, actor: User | None) -> None:
    """Deactivate (never delete: the audit trail keeps names) or reactivate an account."""
    if actor is not None and actor.id == user.id and not active:
        raise AccountError(_("You cannot deactivate your own account."))
    if user.active != active:
        user.active = active
        user.session_epoch += 1
        record(session, "user.activated" if active else "user.deactivated",
               actor=actor, user_id=user.id)  # fmt: skip


def reset_second_factor(session: so.Session, user: User, *, actor: User | None) -> None:
    """Forget the user's authenticator; they enrol a new one at their next sign-in."""
    user.totp_secret = None
    user.totp_last_step = None
    user.session_epoch += 1
    record(session, "user.two_factor_reset", actor=actor, user_id=user.id)
