"""Internal notes (staff only) and messages between a caseworker and the complainant."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
import sqlalchemy.orm as so

from complaints.extensions import db
from complaints.models.types import UTCDateTime, enum_type, utcnow
from complaints.rules.vocabulary import MessageAuthor

if TYPE_CHECKING:
    from complaints.models.case import Case
    from complaints.models.user import User


class Note(db.Model):
    """An internal note; never shown to the complainant."""

    __tablename__ = "notes"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    case_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("cases.id", ondelete="CASCADE"), index=True
    )
    author_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"))
    body: so.Mapped[str] = so.mapped_column(sa.Text)
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)

    case: so.Mapped[Case] = so.relationship(back_populates="notes")
    author: so.Mapped[User | None] = so.relationship()


class Message(db.Model):
    """A message shown in follow-up: from staff to the complainant or back."""

    __tablename__ = "messages"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    case_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("cases.id", ondelete="CASCADE"), index=True
    )
    author: so.Mapped[MessageAuthor] = so.mapped_column(enum_type(MessageAuthor))
    author_user_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"))
    body: so.Mapped[str] = so.mapped_column(sa.Text)
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)
    read_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())

    case: so.Mapped[Case] = so.relationship(back_populates="messages")
    author_user: so.Mapped[User | None] = so.relationship()
