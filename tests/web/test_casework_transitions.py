"""Every transition, for every staff role, through the web: allowed exactly when the table says."""

from __future__ import annotations

from http import HTTPStatus
from itertools import product

import pytest
import sqlalchemy.orm as so

from complaints.models import Case
from complaints.rules.vocabulary import Role
from complaints.rules.workflow import Status, allowed_transitions
from tests.factories import make_case
from tests.web.staff import make_staff, sign_in, token

ROLES = (Role.CASEWORKER, Role.SUPERVISOR, Role.ADMIN)


@pytest.mark.parametrize("role", ROLES, ids=str)
def test_every_transition_through_the_web(app, db: so.Session, role: Role) -> None:
    client = app.test_client()
    sign_in(client, make_staff(app, db, role))
    original = make_case(db)
    db.commit()
    outcomes = {}
    for status, to in product(Status, Status):
        case = make_case(db, status=status)
        db.commit()
        path = f"/staff/cases/{case.reference}"
        page = client.get(path)
        if role is Role.ADMIN:
            assert page.status_code == HTTPStatus.FORBIDDEN
        data = {
            "csrf_token": token(client, "/staff/account/password"),
            "version": str(case.version_id), "opened_at": "", "to": to.value,
            "reason": "Because the facts changed.", "outcome": "other",
            "duplicate_of": original.reference,
        }  # fmt: skip
        response = client.post(f"{path}/transition", data=data)
        moved = db.get(Case, case.id).status is to and status is not to
        outcomes[(status, to)] = (response.status_code, moved)
    for (status, to), (code, moved) in outcomes.items():
        expected = to in allowed_transitions(status, role)
        if role is Role.ADMIN:
            assert code == HTTPStatus.FORBIDDEN and not moved, (status, to)
        elif expected:
            assert code == HTTPStatus.FOUND and moved, (status, to, code)
        else:
            assert code == HTTPStatus.UNPROCESSABLE_ENTITY and not moved, (status, to, code)
