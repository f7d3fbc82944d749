"""Changing a case's identity level (anonymous, confidential, identified), by the person through
follow-up or by staff, under complaints/rules/identity.py. Takes the session; never commits.

Leaving anonymity stores the name and contact details given with the change; becoming
anonymous removes every name and contact detail of the person and the filer, as an anonymous
filing keeps none. Each change is audited with the old and new level and the names (never the
values) of the fields given or removed.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime

import sqlalchemy.orm as so

from complaints.audit import record
from complaints.models import Case, Person, User
from complaints.models.people import search_key
from complaints.rules.contact_safety import SafeContact
from complaints.rules.identity import IdentityChange, check_identity_change
from complaints.rules.vocabulary import Answer, IdentityLevel, Role

# What an anonymous case holds none of (the same list the complaint form hides).
PERSON_IDENTIFYING = (
    "given_name", "family_name", "name_key", "a_number", "phone", "email", "mailing_address",
    "safe_contact", "best_hours",
)  # fmt: skip
FILER_IDENTIFYING = ("name", "organisation", "bar_number", "phone", "email")


@dataclass(frozen=True)
class ContactDetails:
    """A name and ways to reach the person, given when they stop being anonymous."""

    given_name: str | None = None
    family_name: str | None = None
    phone: str | None = None
    email: str | None = None
    mailing_address: str | None = None
    safe_contact: str | None = None
    contact_methods: tuple[str, ...] = ()
    shared_channels: tuple[str, ...] = ()
    best_hours: str | None = None

    @property
    def has_name(self) -> bool:
        return bool(self.given_name or self.family_name)

    def given(self) -> list[str]:
        """The names of the fields that hold something (for the audit trail)."""
        return [field.name for field in fields(self) if getattr(self, field.name)]


def _store_details(case: Case, details: ContactDetails) -> None:
    person = case.person or Person(detained_now=Answer.UNKNOWN, is_minor=False,
                                   medical_emergency=False)  # fmt: skip
    case.person = person
    for name in ("given_name", "family_name", "phone", "email", "mailing_address", "safe_contact"):
        value = getattr(details, name)
        if value:
            setattr(person, name, value)
    person.name_key = search_key(person.given_name, person.family_name)
    if details.contact_methods:
        person.contact_safety = SafeContact.from_choices(
            details.contact_methods,
            details.shared_channels,
            best_hours=details.best_hours,
            instructions=person.safe_contact,
        )
        case.consent_contact = True


def _remove_personal_data(case: Case) -> list[str]:
    removed = []
    if case.person is not None:
        for name in PERSON_IDENTIFYING:
            if getattr(case.person, name):
                removed.append(f"person.{name}")
                setattr(case.person, name, None)
        case.person.contact_safety = SafeContact()
    if case.filer is not None:
        for name in FILER_IDENTIFYING:
            if getattr(case.filer, name):
                removed.append(f"filer.{name}")
                setattr(case.filer, name, None)
    case.consent_contact = False
    return removed


def change_identity_level(
    session: so.Session,
    case: Case,
    new: IdentityLevel,
    *,
    role: Role,
    now: datetime,
    actor: User | None = None,
    reason: str | None = None,
    details: ContactDetails | None = None,
) -> IdentityChange:
    """Move the case to `new` if `role` may (the person is Role.COMPLAINANT, with no actor).

    Raises rules.identity.IdentityChangeError, and then changes nothing.
    """
    has_name = bool(details and details.has_name) or bool(
        case.person and (case.person.given_name or case.person.family_name)
    )
    change = check_identity_change(case.identity_level, new, role, reason=reason,
                                   has_name=has_name)  # fmt: skip
    audit: dict[str, object] = {"old": change.old.value, "new": change.new.value}
    if change.needs_name and details is not None:
        _store_details(case, details)
        audit["given"] = details.given()
    if change.removes_personal_data:
        audit["removed"] = _remove_personal_data(case)
    if change.reason:
        audit["reason"] = change.reason
    case.identity_level = new
    case.updated_at = now
    record(session, "case.identity_changed", actor=actor,
           actor_kind="staff" if actor else "complainant", case=case, at=now,
           **audit)  # fmt: skip
    return change
