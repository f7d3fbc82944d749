"""Staff password hashing (argon2id) and the length policy."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 12
MAX_LENGTH = 128
_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
_COMMON_FILE = Path(__file__).with_name("common_passwords.txt")


@cache
def common_passwords() -> frozenset[str]:
    lines = _COMMON_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().casefold() for line in lines if line and not line.startswith("#"))


def _(message: str) -> str:
    """Mark a message for extraction; the web layer translates it."""
    return message


class WeakPassword(ValueError):
    """The password breaks the policy. `message` is the untranslated id, `params` its values."""

    def __init__(self, message: str, **params: int) -> None:
        self.message = message
        self.params = params
        super().__init__(message % params)


TOO_SHORT = _("Passwords must be at least %(min)d characters long.")
TOO_LONG = _("Passwords must be at most %(max)d characters long.")
TOO_COMMON = _("This password is too common. Choose a longer phrase that only you would use.")


def check_policy(password: str) -> None:
    """Raise WeakPassword unless the password is 12 to 128 characters and not a common one.

    A run of one repeated character counts as common however long it is.
    """
    if len(password) < MIN_LENGTH:
        raise WeakPassword(TOO_SHORT, min=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        raise WeakPassword(TOO_LONG, max=MAX_LENGTH)
    folded = password.strip().casefold()
    if folded in common_passwords() or len(set(folded)) <= 2:
        raise WeakPassword(TOO_COMMON)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when the password matches; a malformed hash counts as no match."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)
