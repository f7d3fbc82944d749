"""Attachments: metadata in one table, encrypted content in its own, both in the same database
so a case and its files commit or fail together and several app hosts need no shared disk."""

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


class Attachment(db.Model):
    __tablename__ = "attachments"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    case_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("cases.id", ondelete="CASCADE"), index=True
    )
    original_name: so.Mapped[str] = so.mapped_column(sa.String(255))
    # Sniffed from the bytes, never trusted from the name or the browser.
    detected_type: so.Mapped[str] = so.mapped_column(sa.String(100))
    size: so.Mapped[int]
    sha256: so.Mapped[str] = so.mapped_column(sa.String(64))
    uploaded_by: so.Mapped[MessageAuthor] = so.mapped_column(enum_type(MessageAuthor))
    uploaded_by_user_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"))
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)

    case: so.Mapped[Case] = so.relationship(back_populates="attachments")
    content: so.Mapped[AttachmentContent] = so.relationship(
        back_populates="attachment", cascade="all, delete-orphan", lazy="raise"
    )


class AttachmentContent(db.Model):
    """The encrypted bytes, loaded only when a file is downloaded."""

    __tablename__ = "attachment_contents"

    attachment_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("attachments.id", ondelete="CASCADE"), primary_key=True
    )
    ciphertext: so.Mapped[bytes] = so.mapped_column(sa.LargeBinary)

    attachment: so.Mapped[Attachment] = so.relationship(back_populates="content")
