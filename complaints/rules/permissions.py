"""Who may do what: one table, read by the route guard and tested as a matrix over every route."""

from __future__ import annotations

from enum import StrEnum

from complaints.rules.vocabulary import Role


class Permission(StrEnum):
    OWN_ACCOUNT = "own_account"  # change one's own password and two-factor device
    WORK_CASES = "work_cases"  # queue, case pages, notes, messages, transitions, redress
    SUPERVISE = "supervise"  # reassign, reopen, identified exports
    VIEW_REPORTS = "view_reports"  # de-identified monthly summaries
    MANAGE_USERS = "manage_users"  # staff accounts and roles
    SET_LEGAL_HOLD = "set_legal_hold"  # keep a case's personal data past the retention period


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.CASEWORKER: frozenset({Permission.OWN_ACCOUNT, Permission.WORK_CASES}),
    Role.SUPERVISOR: frozenset(
        {
            Permission.OWN_ACCOUNT,
            Permission.WORK_CASES,
            Permission.SUPERVISE,
            Permission.VIEW_REPORTS,
            # Not administrators: the form sits on the case page, which they may not read.
            Permission.SET_LEGAL_HOLD,
        }
    ),
    # Administrators run accounts, not cases: separation of duties keeps them out of case files.
    Role.ADMIN: frozenset(
        {Permission.OWN_ACCOUNT, Permission.MANAGE_USERS, Permission.VIEW_REPORTS}
    ),
    Role.COMPLAINANT: frozenset(),
}


def can(role: Role, permission: Permission) -> bool:
    """Whether a person in `role` holds `permission`."""
    return permission in ROLE_PERMISSIONS.get(role, frozenset())
