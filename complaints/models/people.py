"""The affected person and, when someone files on their behalf, the filer."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import sqlalchemy as sa
import sqlalchemy.orm as so

from complaints.extensions import db
from complaints.models.types import enum_type
from complaints.rules.contact_safety import (
    CHANNELS,
    METHODS,
    ContactWarning,
    SafeContact,
    warnings,
)
from complaints.rules.identifiers import name_key
from complaints.rules.vocabulary import Answer, AuthorityKind, AuthorityStatus, FilerRelationship

if TYPE_CHECKING:
    from complaints.models.attachment import Attachment
    from complaints.models.case import Case


def search_key(given_name: str | None, family_name: str | None) -> str | None:
    """The name search key, cut to fit its column: normalising can lengthen a name (the ligature
    "ﷺ" becomes 18 letters), and prefix search needs only the start."""
    key = name_key(given_name, family_name)
    return key[:NAME_KEY_LENGTH] if key else key


def contact_columns(safe: SafeContact) -> dict[str, bool | str | None]:
    """The people columns that hold how a person may safely be reached."""
    return {
        **{f"safe_{name}": getattr(safe, name) for name in METHODS},
        **{f"shared_{name}": getattr(safe, f"shared_{name}") for name in CHANNELS},
        "best_hours": safe.best_hours,
        "safe_contact": safe.instructions,
    }


class Person(db.Model):
    """The individual the complaint is about. Every field but the case is optional."""

    __tablename__ = "people"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    case_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("cases.id", ondelete="CASCADE"), unique=True
    )
    given_name: so.Mapped[str | None] = so.mapped_column(sa.String(200))
    family_name: so.Mapped[str | None] = so.mapped_column(sa.String(200))
    # Case-folded "family given" without accents, for staff search by name prefix.
    # Compared by code point on PostgreSQL too: a name prefix is an index range (casework/queue.py).
    name_key: so.Mapped[str | None] = so.mapped_column(
        sa.String(410).with_variant(sa.String(410, collation="C"), "postgresql")
    )
    date_of_birth: so.Mapped[date | None]
    # Nine digits, no "A" (see complaints.rules.identifiers); sensitive, never in URLs or logs.
    a_number: so.Mapped[str | None] = so.mapped_column(sa.String(9))
    country_of_birth: so.Mapped[str | None] = so.mapped_column(sa.String(100))
    # "I don't know" / "I prefer not to say" chosen instead of typing; None when typed or skipped.
    country_of_birth_answer: so.Mapped[Answer | None] = so.mapped_column(enum_type(Answer))
    preferred_language: so.Mapped[str | None] = so.mapped_column(sa.String(50))
    phone: so.Mapped[str | None] = so.mapped_column(sa.String(50))
    email: so.Mapped[str | None] = so.mapped_column(sa.String(254))
    mailing_address: so.Mapped[str | None] = so.mapped_column(sa.Text)
    # How the person may safely be reached (complaints/rules/contact_safety.py): per channel,
    # what is safe and whether someone else may read or hear it; best hours; other instructions.
    safe_call: so.Mapped[bool] = so.mapped_column(default=False, server_default=sa.false())
    safe_text: so.Mapped[bool] = so.mapped_column(default=False, server_default=sa.false())
    safe_voicemail: so.Mapped[bool] = so.mapped_column(default=False, server_default=sa.false())
    safe_email: so.Mapped[bool] = so.mapped_column(default=False, server_default=sa.false())
    safe_mail: so.Mapped[bool] = so.mapped_column(default=False, server_default=sa.false())
    shared_phone: so.Mapped[bool] = so.mapped_column(default=False, server_default=sa.false())
    shared_email: so.Mapped[bool] = so.mapped_column(default=False, server_default=sa.false())
    shared_mail: so.Mapped[bool] = so.mapped_column(default=False, server_default=sa.false())
    best_hours: so.Mapped[str | None] = so.mapped_column(sa.String(200))
    safe_contact: so.Mapped[str | None] = so.mapped_column(sa.Text)  # other instructions
    race_ethnicity: so.Mapped[str | None] = so.mapped_column(sa.String(200))
    race_ethnicity_answer: so.Mapped[Answer | None] = so.mapped_column(enum_type(Answer))
    is_minor: so.Mapped[bool] = so.mapped_column(default=False)
    medical_emergency: so.Mapped[bool] = so.mapped_column(default=False)
    detained_now: so.Mapped[Answer] = so.mapped_column(enum_type(Answer), default=Answer.UNKNOWN)
    detained_where: so.Mapped[str | None] = so.mapped_column(sa.String(300))

    case: so.Mapped[Case] = so.relationship(back_populates="person")

    __table_args__ = (
        sa.Index("ix_people_a_number", "a_number"),
        # Name prefixes are searched on it; with the birth date, possible duplicates are found
        # without reading everyone who shares a common name.
        sa.Index("ix_people_name_key_birth", "name_key", "date_of_birth"),
    )

    @property
    def display_name(self) -> str:
        return " ".join(part for part in (self.given_name, self.family_name) if part)

    @property
    def contact_safety(self) -> SafeContact:
        return SafeContact(
            **{name: bool(getattr(self, f"safe_{name}")) for name in METHODS},
            **{f"shared_{name}": bool(getattr(self, f"shared_{name}")) for name in CHANNELS},
            best_hours=self.best_hours,
            instructions=self.safe_contact,
        )

    @contact_safety.setter
    def contact_safety(self, safe: SafeContact) -> None:
        for column, value in contact_columns(safe).items():
            setattr(self, column, value)

    @property
    def contact_methods(self) -> list[str]:
        """The ways marked safe ("call", "text", "voicemail", "email", "mail")."""
        return self.contact_safety.methods

    def contact_warnings(self) -> list[ContactWarning]:
        """What a caseworker must not do before reaching this person (rules/contact_safety.py)."""
        return warnings(self.contact_safety, has_phone=bool(self.phone),
                        has_email=bool(self.email),
                        has_address=bool(self.mailing_address))  # fmt: skip


class Filer(db.Model):
    """Someone filing on the affected person's behalf: relative, friend, attorney, advocate."""

    __tablename__ = "filers"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    case_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("cases.id", ondelete="CASCADE"), unique=True
    )
    relationship: so.Mapped[FilerRelationship] = so.mapped_column(enum_type(FilerRelationship))
    name: so.Mapped[str | None] = so.mapped_column(sa.String(200))
    organisation: so.Mapped[str | None] = so.mapped_column(sa.String(200))
    bar_number: so.Mapped[str | None] = so.mapped_column(sa.String(50))
    phone: so.Mapped[str | None] = so.mapped_column(sa.String(50))
    email: so.Mapped[str | None] = so.mapped_column(sa.String(254))
    # The authority to act for the person (None: none on file), and whether it came or will.
    authority: so.Mapped[AuthorityKind | None] = so.mapped_column(enum_type(AuthorityKind))
    authority_status: so.Mapped[AuthorityStatus | None] = so.mapped_column(
        enum_type(AuthorityStatus)
    )
    # The uploaded document, when it is one of the case's attachments.
    authority_attachment_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("attachments.id", ondelete="SET NULL")
    )

    case: so.Mapped[Case] = so.relationship(back_populates="filer")
    authority_attachment: so.Mapped[Attachment | None] = so.relationship()


@sa.event.listens_for(so.Session, "before_flush")
def _copy_name_keys(session: so.Session, _context: object, _instances: object) -> None:
    """Keep each case's copy of its person's name key (Case.name_key) the same as the person's.

    A new case gets it in its own INSERT; a changed name costs one UPDATE of the case.
    """
    from complaints.models.case import Case

    for person in (*session.new, *session.dirty):
        if not isinstance(person, Person):
            continue
        if person in session.dirty and not sa.inspect(person).attrs.name_key.history.has_changes():
            continue
        with session.no_autoflush:
            case = person.case or (person.case_id and session.get(Case, person.case_id))
        if case and case.name_key != person.name_key:
            case.name_key = person.name_key


NAME_KEY_LENGTH: int = Person.__table__.c.name_key.type.length  # type: ignore[attr-defined]
