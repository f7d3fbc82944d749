"""How the person may safely be reached, channel by channel, and what that allows.

Pure rules: no Flask, no database. The phone, email and postal address each carry what is safe
(call, text, voicemail; email; letters) and whether someone else may read or hear what arrives
there. Caseworkers see the warnings before every contact; every message sent to the person
(today the emailed receipt) asks `may_email` first.

"Someone else may read or hear this" is kept per channel, not overall: a shared family phone and
a private email are common, and a caseworker needs to know which one to use.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

METHODS = ("call", "text", "voicemail", "email", "mail")
CHANNELS = ("phone", "email", "mail")
BEST_HOURS_MAX = 200


@dataclass(frozen=True)
class SafeContact:
    """What the person said is safe. Nothing ticked means nothing is known to be safe."""

    call: bool = False
    text: bool = False
    voicemail: bool = False
    email: bool = False
    mail: bool = False
    shared_phone: bool = False  # someone else may answer, hear voicemail or read texts
    shared_email: bool = False  # someone else may read this mailbox
    shared_mail: bool = False  # someone else may open letters
    best_hours: str | None = None
    instructions: str | None = None  # anything else, in the person's words

    @classmethod
    def from_choices(
        cls,
        methods: Iterable[str] = (),
        shared: Iterable[str] = (),
        *,
        best_hours: str | None = None,
        instructions: str | None = None,
    ) -> SafeContact:
        """From the form's checkbox values ("call", ..., and "phone", "email", "mail")."""
        chosen, others = set(methods), set(shared)
        return cls(
            **{method: method in chosen for method in METHODS},
            **{f"shared_{channel}": channel in others for channel in CHANNELS},
            best_hours=best_hours or None,
            instructions=instructions or None,
        )

    @property
    def methods(self) -> list[str]:
        return [method for method in METHODS if getattr(self, method)]

    @property
    def shared(self) -> list[str]:
        return [channel for channel in CHANNELS if getattr(self, f"shared_{channel}")]

    @property
    def any_safe(self) -> bool:
        return bool(self.methods)


class ContactWarning(StrEnum):
    """One plain sentence each (complaints/labels.py words them)."""

    DO_NOT_CONTACT = "do_not_contact"
    NO_CALL = "no_call"
    NO_TEXT = "no_text"
    NO_VOICEMAIL = "no_voicemail"
    SHARED_PHONE = "shared_phone"
    NO_EMAIL = "no_email"
    SHARED_EMAIL = "shared_email"
    NO_MAIL = "no_mail"
    SHARED_MAIL = "shared_mail"


def warnings(
    safe: SafeContact, *, has_phone: bool, has_email: bool, has_address: bool
) -> list[ContactWarning]:
    """What a caseworker must not do, for the contact details on file.

    Only channels with a detail on file are warned about; with no safe way at all, one
    sentence says not to contact the person.
    """
    if not safe.any_safe:
        return [ContactWarning.DO_NOT_CONTACT] if has_phone or has_email or has_address else []
    found: list[ContactWarning] = []
    if has_phone:
        phone = ((ContactWarning.NO_CALL, safe.call), (ContactWarning.NO_TEXT, safe.text),
                 (ContactWarning.NO_VOICEMAIL, safe.voicemail))  # fmt: skip
        found += [warning for warning, safe_here in phone if not safe_here]
        if safe.shared_phone:
            found.append(ContactWarning.SHARED_PHONE)
    if has_email:
        if not safe.email:
            found.append(ContactWarning.NO_EMAIL)
        if safe.shared_email:
            found.append(ContactWarning.SHARED_EMAIL)
    if has_address:
        if not safe.mail:
            found.append(ContactWarning.NO_MAIL)
        if safe.shared_mail:
            found.append(ContactWarning.SHARED_MAIL)
    return found


def may_email(safe: SafeContact) -> bool:
    """Whether anything may be emailed to the person's address: marked safe, and nobody else
    reads it. Not even a content-free note goes otherwise: the sender alone can give the
    complaint away."""
    return safe.email and not safe.shared_email


def may_email_receipt(safe: SafeContact, *, to_filer: bool) -> bool:
    """The emailed receipt: to someone filing for the person, at the address they gave as
    their own and asked for it at; to the person, only where `may_email` allows."""
    return to_filer or may_email(safe)
