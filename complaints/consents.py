"""Consent to share a complaint, per destination: each yes or no is recorded with the date, the
words shown (in the person's language, with the wording's key) and where it came from.

Used by the complaint form, follow-up and casework. Takes the session; never commits. Every
record after the form's first answers is audited with the destination and old and new answer.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy.orm as so
from flask_babel import force_locale

from complaints.audit import record
from complaints.labels import CONSENT_WORDING
from complaints.locales import BY_CODE
from complaints.models import Case, Consent, User
from complaints.rules.vocabulary import ConsentDestination, ConsentSource


def _(message: str) -> str:
    return message


class ConsentError(ValueError):
    """A consent the rules refuse; `args[0]` is an untranslated message id."""


LAWYER_NAME_NEEDED = _("Give the lawyer's name to consent to sharing with a lawyer.")


@dataclass(frozen=True)
class ConsentChoice:
    destination: ConsentDestination
    granted: bool
    lawyer_name: str | None = None  # the lawyer the person named (destination "lawyer")


def worded(destination: ConsentDestination, language: str) -> tuple[str, str]:
    """The wording's key and its sentence in `language` (one of our codes; English otherwise)."""
    return worded_all([destination], language)[destination]


def worded_all(
    destinations: Iterable[ConsentDestination], language: str
) -> dict[ConsentDestination, tuple[str, str]]:
    """`worded` for several destinations, switching to the language once."""
    babel_id = BY_CODE[language].babel_id if language in BY_CODE else "en"
    with force_locale(babel_id):
        return {
            destination: (CONSENT_WORDING[destination][0], str(CONSENT_WORDING[destination][1]))
            for destination in destinations
        }


def in_force(case: Case) -> dict[ConsentDestination, Consent]:
    """The latest record per destination (records are in the order they were made)."""
    latest: dict[ConsentDestination, Consent] = {}
    for consent in case.consents:
        latest[consent.destination] = consent
    return latest


def granted(case: Case) -> frozenset[ConsentDestination]:
    """The destinations the person consents to now."""
    return frozenset(dest for dest, consent in in_force(case).items() if consent.granted)


def _changes(case: Case, choices: Iterable[ConsentChoice]) -> list[ConsentChoice]:
    current = in_force(case)
    changed = []
    for choice in choices:
        before = current.get(choice.destination)
        same_lawyer = before is not None and before.lawyer_name == choice.lawyer_name
        if before is None or before.granted != choice.granted or not same_lawyer:
            changed.append(choice)
    return changed


def _check_lawyer_names(choices: Iterable[ConsentChoice]) -> None:
    for choice in choices:
        lawyer = choice.destination is ConsentDestination.LAWYER
        if lawyer and choice.granted and not (choice.lawyer_name or "").strip():
            raise ConsentError(LAWYER_NAME_NEEDED)


def consent_rows(
    choices: Sequence[ConsentChoice],
    *,
    source: ConsentSource,
    language: str,
    now: datetime,
    recorded_by_id: int | None = None,
    note: str | None = None,
) -> list[dict[str, Any]]:
    """A consent record's column values for each choice, worded in `language` (one of our
    codes; English otherwise). A lawyer consent needs the lawyer's name (ConsentError)."""
    _check_lawyer_names(choices)
    wordings = worded_all([choice.destination for choice in choices], language)
    return [
        {
            "destination": choice.destination,
            "granted": choice.granted,
            "wording": wordings[choice.destination][1],
            "wording_key": wordings[choice.destination][0],
            "language": language if language in BY_CODE else "en",
            "source": source,
            "lawyer_name": (choice.lawyer_name or "").strip() or None
            if choice.destination is ConsentDestination.LAWYER else None,
            "note": note,
            "recorded_by_id": recorded_by_id,
            "recorded_at": now,
        }
        for choice in choices
    ]  # fmt: skip


def record_consents(
    session: so.Session,
    case: Case,
    choices: Iterable[ConsentChoice],
    *,
    source: ConsentSource,
    language: str,
    now: datetime,
    actor: User | None = None,
    note: str | None = None,
    audit: bool = True,
) -> list[Consent]:
    """Record each choice that changes the consent in force; return the new records.

    `language` is the one the person read the wording in. A lawyer consent needs the lawyer's
    name (ConsentError). With `audit`, each record is one audit event (old and new answer);
    the complaint form passes False, as its first answers go into the case's creation event.
    """
    choices = list(choices)
    _check_lawyer_names(choices)
    before = in_force(case)
    added = []
    changes = _changes(case, choices)
    rows = consent_rows(changes, source=source, language=language, now=now,
                        recorded_by_id=actor.id if actor else None, note=note)  # fmt: skip
    for choice, row in zip(changes, rows, strict=True):
        consent = Consent(**row)
        case.consents.append(consent)
        added.append(consent)
        if audit:
            old = before.get(choice.destination)
            record(
                session,
                "case.consent_recorded",
                actor=actor,
                actor_kind="staff" if actor else "complainant",
                case=case,
                at=now,
                destination=choice.destination.value,
                old=None if old is None else old.granted,
                new=choice.granted,
                source=source.value,
                wording_key=row["wording_key"],
            )
    if added:
        case.updated_at = now
    return added


def copy_consents(source_case: Case, target: Case) -> list[Consent]:
    """The consents in force on `source_case`, copied as they were given onto `target`."""
    copies = [
        Consent(
            destination=consent.destination, granted=consent.granted, wording=consent.wording,
            wording_key=consent.wording_key, language=consent.language, source=consent.source,
            lawyer_name=consent.lawyer_name, note=consent.note,
            recorded_by_id=consent.recorded_by_id, recorded_at=consent.recorded_at,
        )
        for consent in in_force(source_case).values()
    ]  # fmt: skip
    target.consents.extend(copies)
    return copies
