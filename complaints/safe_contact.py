"""Changing how the person may safely be reached, by the person through follow-up or by staff
on the case page (complaints/rules/contact_safety.py says what each flag means).

Takes the session; never commits. Every change is audited with the names of the fields that
changed and the ways now safe (which channels, never the phone, address or instructions).
"""

from __future__ import annotations

from dataclasses import fields
from datetime import datetime

import sqlalchemy.orm as so

from complaints.audit import record
from complaints.models import Case, User
from complaints.rules.contact_safety import SafeContact
from complaints.rules.vocabulary import IdentityLevel


def _(message: str) -> str:
    return message


ANONYMOUS = _(
    "An anonymous case keeps no way to reach the person. Raise the identity level first, "
    "giving a name and contact details."
)


class SafeContactError(Exception):
    """The change cannot be made; args[0] is an untranslated message."""


def update_safe_contact(
    session: so.Session,
    case: Case,
    safe: SafeContact,
    *,
    now: datetime,
    actor: User | None = None,
) -> bool:
    """Store what is safe; False when nothing changed. Raises SafeContactError when anonymous.

    Nothing safe means the person may not be contacted, so the contact consent follows it.
    """
    if case.identity_level is IdentityLevel.ANONYMOUS or case.person is None:
        raise SafeContactError(ANONYMOUS)
    old = case.person.contact_safety
    if old == safe:
        return False
    changed = [f.name for f in fields(SafeContact) if getattr(old, f.name) != getattr(safe, f.name)]
    case.person.contact_safety = safe
    case.consent_contact = safe.any_safe
    case.updated_at = now
    record(session, "case.safe_contact_changed", actor=actor,
           actor_kind="staff" if actor else "complainant", case=case, at=now, changed=changed,
           safe=safe.methods, shared=safe.shared)  # fmt: skip
    return True
