"""Complainant safety and consent, as staff record it: identity level, consent per destination
(given by phone, letter or in person), the authority of someone filing for the person, and
whether the person is in removal proceedings.

Every change checks the version the caseworker saw, is audited with the old and new value, and
is left for the view to commit. Nothing here reads the request or commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy.orm as so

from complaints import safe_contact
from complaints.audit import record
from complaints.casework.service import CaseworkError, check_version
from complaints.consents import ConsentChoice, record_consents
from complaints.identity import ContactDetails, change_identity_level
from complaints.models import Case, User
from complaints.rules.contact_safety import SafeContact
from complaints.rules.identity import IdentityChange
from complaints.rules.vocabulary import (
    Answer,
    AuthorityKind,
    AuthorityStatus,
    ConsentSource,
    FilerRelationship,
    IdentityLevel,
)


def _(message: str) -> str:
    return message


NOTE_NEEDED = _("Say how and when the person gave or withdrew this consent.")
NO_FILER = _("The person filed this complaint themselves: no authority to act for them is needed.")
FILE_NEEDED = _("Choose the document among the case's files, or record it as to follow.")
STATUS_NEEDED = _("Say whether the document is uploaded or to follow.")


def change_identity(
    session: so.Session,
    case: Case,
    new: IdentityLevel,
    *,
    actor: User,
    expected_version: int | None,
    now: datetime,
    reason: str | None,
    details: ContactDetails | None = None,
) -> IdentityChange:
    """Raise or lower the identity level for the person (lowering needs a reason).

    Raises StaleCase, or rules.identity.IdentityChangeError (nothing changed).
    """
    check_version(case, expected_version)
    return change_identity_level(session, case, new, role=actor.role, now=now, actor=actor,
                                 reason=reason, details=details)  # fmt: skip


def update_safe_contact(
    session: so.Session,
    case: Case,
    safe: SafeContact,
    *,
    actor: User,
    expected_version: int | None,
    now: datetime,
) -> bool:
    """What the person told staff is safe. Raises StaleCase, or SafeContactError (anonymous)."""
    check_version(case, expected_version)
    return safe_contact.update_safe_contact(session, case, safe, now=now, actor=actor)


def record_staff_consent(
    session: so.Session,
    case: Case,
    choice: ConsentChoice,
    note: str,
    *,
    actor: User,
    expected_version: int | None,
    now: datetime,
) -> bool:
    """A consent the person gave or withdrew outside the site, with a note of how.

    The wording recorded is the standard sentence in the complainant's language: what the
    caseworker should have read out. Returns False when it changes nothing in force.
    Raises StaleCase, CaseworkError (no note), or consents.ConsentError (a lawyer unnamed).
    """
    check_version(case, expected_version)
    if not note.strip():
        raise CaseworkError(NOTE_NEEDED)
    added = record_consents(session, case, [choice], source=ConsentSource.STAFF,
                            language=case.language, now=now, actor=actor,
                            note=note.strip())  # fmt: skip
    return bool(added)


@dataclass(frozen=True)
class AuthorityInput:
    authority: AuthorityKind | None  # None: none on file
    status: AuthorityStatus | None = None
    attachment_id: int | None = None


def update_authority(
    session: so.Session,
    case: Case,
    change: AuthorityInput,
    *,
    actor: User,
    expected_version: int | None,
    now: datetime,
) -> None:
    """Record which authority lets the filer act for the person, and whether it came.

    Uploaded means one of this case's attachments. Raises StaleCase or CaseworkError.
    """
    check_version(case, expected_version)
    filer = case.filer
    if filer is None or filer.relationship is FilerRelationship.SELF:
        raise CaseworkError(NO_FILER)
    status, attachment = change.status, None
    if change.authority is None:
        status = None
    elif status is None:
        raise CaseworkError(STATUS_NEEDED)
    elif status is AuthorityStatus.UPLOADED:
        attachment = next((a for a in case.attachments if a.id == change.attachment_id), None)
        if attachment is None:
            raise CaseworkError(FILE_NEEDED)
    old = {"authority": _value(filer.authority), "status": _value(filer.authority_status),
           "attachment_id": filer.authority_attachment_id}  # fmt: skip
    filer.authority, filer.authority_status = change.authority, status
    filer.authority_attachment = attachment
    new = {"authority": _value(change.authority), "status": _value(status),
           "attachment_id": attachment.id if attachment else None}  # fmt: skip
    case.updated_at = now
    record(session, "case.authority_updated", actor=actor, case=case, old=old, new=new)


def set_removal_proceedings(
    session: so.Session,
    case: Case,
    answer: Answer,
    *,
    actor: User,
    expected_version: int | None,
    now: datetime,
) -> None:
    """Whether the person is in removal proceedings (a discretion request needs yes)."""
    check_version(case, expected_version)
    old = case.removal_proceedings
    if old is answer:
        return
    case.removal_proceedings = answer
    case.updated_at = now
    record(session, "case.removal_proceedings", actor=actor, case=case, old=old.value,
           new=answer.value)  # fmt: skip


def _value(member: object) -> str | None:
    return getattr(member, "value", None)
