"""Identity levels: the person may only raise theirs; staff may lower it, with a reason."""

from __future__ import annotations

import pytest

from complaints.rules.identity import IdentityChangeError, check_identity_change, levels_above
from complaints.rules.vocabulary import IdentityLevel, Role

ANONYMOUS, CONFIDENTIAL, IDENTIFIED = (
    IdentityLevel.ANONYMOUS, IdentityLevel.CONFIDENTIAL, IdentityLevel.IDENTIFIED,
)  # fmt: skip


def refusal(*args, **kwargs) -> str:
    with pytest.raises(IdentityChangeError) as refused:
        check_identity_change(*args, **kwargs)
    return refused.value.message


def test_the_person_raises_their_level_leaving_anonymity_with_a_name() -> None:
    change = check_identity_change(ANONYMOUS, CONFIDENTIAL, Role.COMPLAINANT, has_name=True)
    assert (change.lowered, change.needs_name, change.removes_personal_data) == (
        False, True, False,
    )  # fmt: skip
    assert not check_identity_change(CONFIDENTIAL, IDENTIFIED, Role.COMPLAINANT).needs_name
    assert refusal(ANONYMOUS, IDENTIFIED, Role.COMPLAINANT) == (
        "Give at least a first or last name to stop being anonymous."
    )


def test_the_person_never_lowers_their_level() -> None:
    for old, new in ((IDENTIFIED, CONFIDENTIAL), (CONFIDENTIAL, ANONYMOUS)):
        message = refusal(old, new, Role.COMPLAINANT, reason="please")
        assert message.startswith("You can only give us more about yourself here.")


def test_staff_lower_it_only_with_a_reason() -> None:
    assert refusal(IDENTIFIED, CONFIDENTIAL, Role.CASEWORKER) == (
        "Give a reason for lowering the identity level."
    )
    assert refusal(IDENTIFIED, CONFIDENTIAL, Role.CASEWORKER, reason="   ") == (
        "Give a reason for lowering the identity level."
    )
    change = check_identity_change(CONFIDENTIAL, ANONYMOUS, Role.SUPERVISOR, reason=" Asked ")
    assert (change.lowered, change.removes_personal_data, change.reason) == (True, True, "Asked")
    assert refusal(IDENTIFIED, ANONYMOUS, Role.ADMIN, reason="x") == (
        "Only a caseworker can lower the identity level."
    )


def test_the_same_level_is_no_change() -> None:
    assert refusal(CONFIDENTIAL, CONFIDENTIAL, Role.CASEWORKER, reason="x") == (
        "The case is already at that identity level."
    )


def test_levels_above() -> None:
    assert levels_above(ANONYMOUS) == [CONFIDENTIAL, IDENTIFIED]
    assert levels_above(CONFIDENTIAL) == [IDENTIFIED]
    assert levels_above(IDENTIFIED) == []
