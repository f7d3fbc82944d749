"""Case workflow: statuses and the one table of allowed transitions.

    new → triaged → investigating ⇄ awaiting_information → redress → resolved → closed

- `investigating → resolved` is allowed too: many cases end without redress (not substantiated,
  no jurisdiction, the person was released meanwhile), and forcing a redress step would record
  redress that never happened.
- `new | triaged → duplicate` names the original case.
- any open status → `withdrawn`: by the complainant, who never has to explain why, or by staff
  recording a withdrawal the complainant made by phone or letter, who must record a reason.
- `resolved | closed → investigating` reopens a case: supervisors only, with a reason.
- entering `resolved` requires an `Outcome`.

Roles: caseworkers do casework; supervisors do the same and may reopen; administrators manage
accounts and take no casework transitions (separation of duties); complainants may only withdraw.
"""

from dataclasses import dataclass
from enum import StrEnum

from complaints.rules.vocabulary import Outcome, Role


def _(message: str) -> str:
    """Mark a message for Babel extraction; the web layer translates it when showing it."""
    return message


class Status(StrEnum):
    NEW = "new"
    TRIAGED = "triaged"
    INVESTIGATING = "investigating"
    AWAITING_INFORMATION = "awaiting_information"
    REDRESS = "redress"
    RESOLVED = "resolved"
    CLOSED = "closed"
    DUPLICATE = "duplicate"
    WITHDRAWN = "withdrawn"


OPEN_STATUSES: frozenset[Status] = frozenset(
    {Status.NEW, Status.TRIAGED, Status.INVESTIGATING, Status.AWAITING_INFORMATION, Status.REDRESS}
)


class Requirement(StrEnum):
    """What a person must supply to take a transition."""

    REASON = "reason"
    OUTCOME = "outcome"
    DUPLICATE_OF = "duplicate_of"


@dataclass(frozen=True, slots=True)
class Transition:
    """One row of the table: who may move a case from one status to another, and what it needs."""

    from_status: Status
    to_status: Status
    roles: frozenset[Role]
    requires: frozenset[Requirement] = frozenset()
    # Roles excused from `requires` (a frightened complainant is never made to justify leaving).
    waived_for: frozenset[Role] = frozenset()

    def requirements_for(self, role: Role) -> frozenset[Requirement]:
        """What a person in `role` must supply to take this transition."""
        return frozenset() if role in self.waived_for else self.requires


_CASEWORK = frozenset({Role.CASEWORKER, Role.SUPERVISOR})
_SUPERVISOR = frozenset({Role.SUPERVISOR})
_WITHDRAWERS = frozenset({Role.COMPLAINANT, Role.CASEWORKER, Role.SUPERVISOR})
_COMPLAINANT = frozenset({Role.COMPLAINANT})
_REASON = frozenset({Requirement.REASON})
_OUTCOME = frozenset({Requirement.OUTCOME})
_DUPLICATE_OF = frozenset({Requirement.DUPLICATE_OF})


TRANSITIONS: tuple[Transition, ...] = (
    Transition(Status.NEW, Status.TRIAGED, _CASEWORK),
    Transition(Status.TRIAGED, Status.INVESTIGATING, _CASEWORK),
    Transition(Status.INVESTIGATING, Status.AWAITING_INFORMATION, _CASEWORK),
    Transition(Status.AWAITING_INFORMATION, Status.INVESTIGATING, _CASEWORK),
    Transition(Status.INVESTIGATING, Status.REDRESS, _CASEWORK),
    Transition(Status.INVESTIGATING, Status.RESOLVED, _CASEWORK, _OUTCOME),
    Transition(Status.REDRESS, Status.RESOLVED, _CASEWORK, _OUTCOME),
    Transition(Status.RESOLVED, Status.CLOSED, _CASEWORK),
    Transition(Status.NEW, Status.DUPLICATE, _CASEWORK, _DUPLICATE_OF),
    Transition(Status.TRIAGED, Status.DUPLICATE, _CASEWORK, _DUPLICATE_OF),
    # Iterating Status, not the frozenset, keeps the table's order the same on every run.
    *(
        Transition(status, Status.WITHDRAWN, _WITHDRAWERS, _REASON, _COMPLAINANT)
        for status in Status
        if status in OPEN_STATUSES
    ),
    Transition(Status.RESOLVED, Status.INVESTIGATING, _SUPERVISOR, _REASON),
    Transition(Status.CLOSED, Status.INVESTIGATING, _SUPERVISOR, _REASON),
)

_BY_STATUSES: dict[tuple[Status, Status], Transition] = {
    (t.from_status, t.to_status): t for t in TRANSITIONS
}
# One row per (from, to) pair, so "who may" and "what it needs" never disagree between rows.
assert len(_BY_STATUSES) == len(TRANSITIONS), "duplicate (from, to) pair in TRANSITIONS"

NOT_A_TRANSITION = _("A case cannot move from %(from_status)s to %(to_status)s.")
ROLE_NOT_ALLOWED = _("The %(role)s role cannot move a case from %(from_status)s to %(to_status)s.")
REASON_REQUIRED = _("A reason is required to move a case from %(from_status)s to %(to_status)s.")
OUTCOME_REQUIRED = _("An outcome is required to resolve a case.")
UNKNOWN_OUTCOME = _("%(outcome)s is not a known outcome.")
DUPLICATE_OF_REQUIRED = _("The original case is required to mark a case as a duplicate.")

_OUTCOME_VALUES = frozenset(outcome.value for outcome in Outcome)


class TransitionError(ValueError):
    """A transition that is not allowed, or lacks what it requires.

    `message` is the untranslated message id and `params` its placeholders, so the web layer can
    show `gettext(error.message) % error.params`; `str(error)` is the English text.
    """

    def __init__(self, message: str, **params: str) -> None:
        self.message = message
        self.params = params
        super().__init__(message % params)


def transition_for(status: Status, to: Status) -> Transition | None:
    """Return the table row for moving from `status` to `to`, or None if there is none."""
    return _BY_STATUSES.get((status, to))


def allowed_transitions(status: Status, role: Role) -> set[Status]:
    """Return the statuses a person in `role` may move a case in `status` to (possibly empty)."""
    return {t.to_status for t in TRANSITIONS if t.from_status is status and role in t.roles}


def check_transition(
    status: Status,
    to: Status,
    role: Role,
    *,
    reason: str | None = None,
    outcome: Outcome | str | None = None,
    duplicate_of: str | int | None = None,
) -> Transition:
    """Check that a person in `role` may move a case from `status` to `to` with what they gave.

    Args:
        status: the case's current status.
        to: the status asked for.
        role: the role of the person acting.
        reason: free text; empty or whitespace-only counts as missing.
        outcome: an `Outcome` (or its value), needed to resolve a case.
        duplicate_of: the reference or id of the original case, needed to mark a duplicate.

    Returns:
        The `Transition` taken, so the caller can record it.

    Raises:
        TransitionError: if the table has no such transition, the role may not take it, or a
            requirement is missing or invalid. Requirements are checked in the order reason,
            outcome, original case, and the first failure is reported.
    """
    statuses = {"from_status": status.value, "to_status": to.value}
    transition = transition_for(status, to)
    if transition is None:
        raise TransitionError(NOT_A_TRANSITION, **statuses)
    if role not in transition.roles:
        raise TransitionError(ROLE_NOT_ALLOWED, role=role.value, **statuses)
    requires = transition.requirements_for(role)
    if Requirement.REASON in requires and not (reason and reason.strip()):
        raise TransitionError(REASON_REQUIRED, **statuses)
    if Requirement.OUTCOME in requires:
        if outcome is None or outcome == "":
            raise TransitionError(OUTCOME_REQUIRED)
        if outcome not in _OUTCOME_VALUES:
            raise TransitionError(UNKNOWN_OUTCOME, outcome=str(outcome))
    if Requirement.DUPLICATE_OF in requires and (
        duplicate_of is None or not str(duplicate_of).strip()
    ):
        raise TransitionError(DUPLICATE_OF_REQUIRED)
    return transition
