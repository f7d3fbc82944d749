"""The safe-contact rules: warnings a caseworker sees, and when mail may go to the person."""

from __future__ import annotations

from complaints.rules.contact_safety import (
    ContactWarning,
    SafeContact,
    may_email,
    may_email_receipt,
    warnings,
)

ALL = {"has_phone": True, "has_email": True, "has_address": True}


def test_choices_become_flags_per_channel() -> None:
    safe = SafeContact.from_choices(["text", "mail", "bogus"], ["phone"], best_hours="6-9 pm")
    assert (safe.call, safe.text, safe.voicemail, safe.email, safe.mail) == (
        False, True, False, False, True,
    )  # fmt: skip
    assert (safe.shared_phone, safe.shared_email, safe.shared_mail) == (True, False, False)
    assert safe.methods == ["text", "mail"] and safe.shared == ["phone"]
    assert safe.best_hours == "6-9 pm" and safe.instructions is None


def test_nothing_safe_means_do_not_contact() -> None:
    assert warnings(SafeContact(), **ALL) == [ContactWarning.DO_NOT_CONTACT]
    no_details = {"has_phone": False, "has_email": False, "has_address": False}
    assert warnings(SafeContact(), **no_details) == []


def test_warnings_name_what_is_not_safe_for_the_details_on_file() -> None:
    safe = SafeContact.from_choices(["call", "text"], ["phone"])
    assert warnings(safe, has_phone=True, has_email=False, has_address=False) == [
        ContactWarning.NO_VOICEMAIL, ContactWarning.SHARED_PHONE,
    ]  # fmt: skip
    assert warnings(safe, **ALL) == [
        ContactWarning.NO_VOICEMAIL, ContactWarning.SHARED_PHONE, ContactWarning.NO_EMAIL,
        ContactWarning.NO_MAIL,
    ]  # fmt: skip
    shared = SafeContact.from_choices(["email", "mail"], ["email", "mail"])
    assert warnings(shared, has_phone=False, has_email=True, has_address=True) == [
        ContactWarning.SHARED_EMAIL, ContactWarning.SHARED_MAIL,
    ]  # fmt: skip


def test_email_only_where_safe_and_private() -> None:
    assert may_email(SafeContact(email=True))
    assert not may_email(SafeContact())
    assert not may_email(SafeContact(email=True, shared_email=True))
    assert not may_email_receipt(SafeContact(email=True, shared_email=True), to_filer=False)
    assert may_email_receipt(SafeContact(), to_filer=True)
