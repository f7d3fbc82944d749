"""Workflow: every (from, to, role) triple against a table written out independently here."""

from itertools import product

import pytest

from complaints.rules.vocabulary import Outcome, Role
from complaints.rules.workflow import (
    OPEN_STATUSES,
    TRANSITIONS,
    Requirement,
    Status,
    TransitionError,
    allowed_transitions,
    check_transition,
    transition_for,
)

STAFF = {"caseworker", "supervisor"}
ANYONE_BUT_ADMIN = {"complainant", "caseworker", "supervisor"}

# (from, to): (roles allowed, requirements). Plain strings on purpose: this is the design read
# afresh, not the module's table re-imported.
EXPECTED: dict[tuple[str, str], tuple[set[str], set[str]]] = {
    ("new", "triaged"): (STAFF, set()),
    ("triaged", "investigating"): (STAFF, set()),
    ("investigating", "awaiting_information"): (STAFF, set()),
    ("awaiting_information", "investigating"): (STAFF, set()),
    ("investigating", "redress"): (STAFF, set()),
    ("investigating", "resolved"): (STAFF, {"outcome"}),
    ("redress", "resolved"): (STAFF, {"outcome"}),
    ("resolved", "closed"): (STAFF, set()),
    ("new", "duplicate"): (STAFF, {"duplicate_of"}),
    ("triaged", "duplicate"): (STAFF, {"duplicate_of"}),
    ("new", "withdrawn"): (ANYONE_BUT_ADMIN, {"reason"}),
    ("triaged", "withdrawn"): (ANYONE_BUT_ADMIN, {"reason"}),
    ("investigating", "withdrawn"): (ANYONE_BUT_ADMIN, {"reason"}),
    ("awaiting_information", "withdrawn"): (ANYONE_BUT_ADMIN, {"reason"}),
    ("redress", "withdrawn"): (ANYONE_BUT_ADMIN, {"reason"}),
    ("resolved", "investigating"): ({"supervisor"}, {"reason"}),
    ("closed", "investigating"): ({"supervisor"}, {"reason"}),
}

EVERYTHING = {"reason": "Complainant called to withdraw.", "outcome": Outcome.OTHER}


@pytest.mark.parametrize(
    ("status", "to", "role"),
    list(product(Status, Status, Role)),
    ids=lambda value: value.value,
)
def test_every_transition_for_every_role(status: Status, to: Status, role: Role) -> None:
    roles, _requires = EXPECTED.get((status.value, to.value), (set(), set()))
    allowed = role.value in roles
    assert (to in allowed_transitions(status, role)) is allowed
    if allowed:
        taken = check_transition(status, to, role, duplicate_of="CR-2026-0001", **EVERYTHING)
        assert (taken.from_status, taken.to_status) == (status, to)
        return
    with pytest.raises(TransitionError) as raised:
        check_transition(status, to, role, duplicate_of="CR-2026-0001", **EVERYTHING)
    if roles:
        expected = f"The {role.value} role cannot move a case from {status.value} to {to.value}."
    else:
        expected = f"A case cannot move from {status.value} to {to.value}."
    assert str(raised.value) == expected


def test_table_matches_the_design_exactly() -> None:
    actual = {
        (t.from_status.value, t.to_status.value): (
            {role.value for role in t.roles},
            {requirement.value for requirement in t.requires},
        )
        for t in TRANSITIONS
    }
    assert actual == EXPECTED
    assert len(TRANSITIONS) == len(EXPECTED), "one row per (from, to) pair"


@pytest.mark.parametrize(("status", "to"), list(product(Status, Status)), ids=str)
def test_transition_for(status: Status, to: Status) -> None:
    found = transition_for(status, to)
    if (status.value, to.value) in EXPECTED:
        assert found is not None
        assert (found.from_status, found.to_status) == (status, to)
    else:
        assert found is None


@pytest.mark.parametrize("status", list(Status), ids=str)
def test_admins_take_no_casework_transitions(status: Status) -> None:
    assert allowed_transitions(status, Role.ADMIN) == set()


@pytest.mark.parametrize("status", list(Status), ids=str)
def test_complainants_may_only_withdraw_an_open_case(status: Status) -> None:
    expected = {Status.WITHDRAWN} if status in OPEN_STATUSES else set()
    assert allowed_transitions(status, Role.COMPLAINANT) == expected


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (Status.NEW, {Status.TRIAGED, Status.DUPLICATE, Status.WITHDRAWN}),
        (Status.TRIAGED, {Status.INVESTIGATING, Status.DUPLICATE, Status.WITHDRAWN}),
        (
            Status.INVESTIGATING,
            {Status.AWAITING_INFORMATION, Status.REDRESS, Status.RESOLVED, Status.WITHDRAWN},
        ),
        (Status.AWAITING_INFORMATION, {Status.INVESTIGATING, Status.WITHDRAWN}),
        (Status.REDRESS, {Status.RESOLVED, Status.WITHDRAWN}),
        (Status.RESOLVED, {Status.CLOSED}),
        (Status.CLOSED, set()),
        (Status.DUPLICATE, set()),
        (Status.WITHDRAWN, set()),
    ],
    ids=str,
)
def test_caseworker_choices(status: Status, expected: set[Status]) -> None:
    assert allowed_transitions(status, Role.CASEWORKER) == expected


def test_supervisors_can_also_reopen() -> None:
    assert allowed_transitions(Status.RESOLVED, Role.SUPERVISOR) == {
        Status.CLOSED,
        Status.INVESTIGATING,
    }
    assert allowed_transitions(Status.CLOSED, Role.SUPERVISOR) == {Status.INVESTIGATING}


REASON_CASES = [
    (status, to) for (status, to), (_roles, requires) in EXPECTED.items() if "reason" in requires
]


@pytest.mark.parametrize(("status", "to"), REASON_CASES)
@pytest.mark.parametrize("reason", [None, "", "   ", "\n\t"], ids=repr)
def test_missing_reason(status: str, to: str, reason: str | None) -> None:
    with pytest.raises(TransitionError) as raised:
        check_transition(Status(status), Status(to), Role.SUPERVISOR, reason=reason)
    assert str(raised.value) == f"A reason is required to move a case from {status} to {to}."
    assert raised.value.params == {"from_status": status, "to_status": to}


@pytest.mark.parametrize("status", [Status.INVESTIGATING, Status.REDRESS], ids=str)
@pytest.mark.parametrize("outcome", [None, ""], ids=repr)
def test_resolving_requires_an_outcome(status: Status, outcome: str | None) -> None:
    with pytest.raises(TransitionError, match=r"^An outcome is required to resolve a case\.$"):
        check_transition(status, Status.RESOLVED, Role.CASEWORKER, outcome=outcome)


def test_resolving_rejects_an_unknown_outcome() -> None:
    with pytest.raises(TransitionError, match=r"^settled is not a known outcome\.$"):
        check_transition(Status.REDRESS, Status.RESOLVED, Role.CASEWORKER, outcome="settled")


@pytest.mark.parametrize("outcome", [*Outcome, "not_substantiated"], ids=str)
def test_resolving_accepts_every_outcome_or_its_value(outcome: Outcome | str) -> None:
    taken = check_transition(Status.REDRESS, Status.RESOLVED, Role.CASEWORKER, outcome=outcome)
    assert taken.requires == {Requirement.OUTCOME}


@pytest.mark.parametrize("status", [Status.NEW, Status.TRIAGED], ids=str)
@pytest.mark.parametrize("duplicate_of", [None, "", "  "], ids=repr)
def test_duplicate_requires_the_original(status: Status, duplicate_of: str | None) -> None:
    with pytest.raises(
        TransitionError,
        match=r"^The original case is required to mark a case as a duplicate\.$",
    ):
        check_transition(status, Status.DUPLICATE, Role.CASEWORKER, duplicate_of=duplicate_of)


@pytest.mark.parametrize("duplicate_of", ["CR-2026-0001", 17], ids=repr)
def test_duplicate_accepts_a_reference_or_an_id(duplicate_of: str | int) -> None:
    taken = check_transition(
        Status.NEW, Status.DUPLICATE, Role.SUPERVISOR, duplicate_of=duplicate_of
    )
    assert taken.to_status is Status.DUPLICATE


def test_transitions_without_requirements_need_nothing() -> None:
    for (status, to), (_roles, requires) in EXPECTED.items():
        if not requires:
            check_transition(Status(status), Status(to), Role.CASEWORKER)


def test_role_is_checked_before_requirements() -> None:
    # Telling a caseworker a reason is missing would suggest they could reopen with one.
    with pytest.raises(TransitionError) as raised:
        check_transition(Status.CLOSED, Status.INVESTIGATING, Role.CASEWORKER)
    assert (
        raised.value.message
        == "The %(role)s role cannot move a case from %(from_status)s to %(to_status)s."
    )
    assert raised.value.params == {
        "role": "caseworker",
        "from_status": "closed",
        "to_status": "investigating",
    }


@pytest.mark.parametrize("status", sorted(OPEN_STATUSES), ids=str)
def test_complainants_withdraw_without_giving_a_reason(status: Status) -> None:
    taken = check_transition(status, Status.WITHDRAWN, Role.COMPLAINANT)
    assert taken.requirements_for(Role.COMPLAINANT) == frozenset()
    with pytest.raises(TransitionError, match="A reason is required"):
        check_transition(status, Status.WITHDRAWN, Role.CASEWORKER, reason=" ")


def test_transition_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match=r"^A case cannot move from closed to closed\.$"):
        check_transition(Status.CLOSED, Status.CLOSED, Role.SUPERVISOR)
