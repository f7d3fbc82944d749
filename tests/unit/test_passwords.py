"""Staff password policy and hashing."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from complaints.auth.passwords import (
    WeakPassword,
    check_policy,
    hash_password,
    needs_rehash,
    verify_password,
)

COMMON = "This password is too common. Choose a longer phrase that only you would use."


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short pass", "Passwords must be at least 12 characters long."),
        ("x" * 129, "Passwords must be at most 128 characters long."),
        ("password1234", COMMON),
        ("Password1234", COMMON),
        ("  qwertyuiopas ", COMMON),
        ("aaaaaaaaaaaaaaaa", COMMON),
        ("abababababab", COMMON),
    ],
)  # fmt: skip
def test_weak_passwords_are_refused_with_a_reason(password: str, message: str) -> None:
    with pytest.raises(WeakPassword) as refused:
        check_policy(password)
    assert str(refused.value) == message


@pytest.mark.parametrize(
    "password", ["mule staple 9", "a long and private passphrase", "kettle-orbit-" * 9 + "fig"]
)
def test_good_passwords_pass(password: str) -> None:
    check_policy(password)


def test_hashes_are_argon2id_and_verify() -> None:
    hashed = hash_password("a long and private passphrase")
    assert hashed.startswith("$argon2id$")
    assert verify_password(hashed, "a long and private passphrase")
    assert not verify_password(hashed, "a long and private passphrasE")
    assert not verify_password("not a hash", "anything at all")


def test_old_parameters_need_a_rehash() -> None:
    weak = PasswordHasher(time_cost=1, memory_cost=8 * 1024).hash("a long and private passphrase")
    assert needs_rehash(weak)
    assert not needs_rehash(hash_password("a long and private passphrase"))
