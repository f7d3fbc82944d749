"""The permission table, cell by cell."""

from __future__ import annotations

from itertools import product

import pytest

from complaints.rules.permissions import Permission, can
from complaints.rules.vocabulary import Role

ALLOWED = {
    ("caseworker", "own_account"), ("caseworker", "work_cases"),
    ("supervisor", "own_account"), ("supervisor", "work_cases"), ("supervisor", "supervise"),
    ("supervisor", "view_reports"), ("supervisor", "set_legal_hold"),
    ("admin", "own_account"), ("admin", "manage_users"), ("admin", "view_reports"),
}  # fmt: skip


@pytest.mark.parametrize(("role", "permission"), list(product(Role, Permission)), ids=str)
def test_every_role_and_permission(role: Role, permission: Permission) -> None:
    assert can(role, permission) is ((role.value, permission.value) in ALLOWED)
