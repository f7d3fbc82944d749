"""Small builders for rows tests need; each returns an unsaved-but-added object."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy.orm as so

from complaints.auth.passwords import hash_password
from complaints.models import Case, CaseComplaintType, Person, User
from complaints.rules.identifiers import new_reference
from complaints.rules.vocabulary import ComplaintType, Role


def make_user(session: so.Session, role: Role = Role.CASEWORKER, email: str | None = None) -> User:
    user = User(
        email=email or f"{role.value}@test.example",
        name=f"Test {role.value}",
        role=role,
        password_hash=hash_password("correct horse battery"),
    )
    session.add(user)
    return user


def make_case(session: so.Session, **values: object) -> Case:
    values.setdefault("reference", new_reference())
    values.setdefault("narrative", "They kept me after I paid bail.")
    values.setdefault("created_at", datetime(2026, 3, 2, 15, 0, tzinfo=UTC))
    case = Case(**values)
    case.complaint_types.append(CaseComplaintType(type=ComplaintType.PROLONGED_DETENTION))
    case.person = Person(given_name="María", family_name="López")
    session.add(case)
    return case
