"""Complaints being written: answers and files kept server-side, encrypted, until submitted.

A draft lives only as long as the filer's browser session points at it (a random token in the
signed session cookie, stored here as a hash) and is deleted on submission or when it expires.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from complaints.extensions import db
from complaints.models.types import UTCDateTime, utcnow


class Draft(db.Model):
    __tablename__ = "drafts"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    token_hash: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    # Encrypted JSON: each step's answers exactly as typed, so nothing is lost between steps.
    answers: so.Mapped[bytes] = so.mapped_column(sa.LargeBinary)
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)
    expires_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), index=True)

    # Deleting a draft deletes its files in the database (ON DELETE CASCADE), unread.
    files: so.Mapped[list[DraftFile]] = so.relationship(
        back_populates="draft",
        cascade="all, delete-orphan",
        order_by="DraftFile.id",
        passive_deletes=True,
    )


class DraftFile(db.Model):
    """A file that passed validation, kept so the filer need not choose it again."""

    __tablename__ = "draft_files"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    draft_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("drafts.id", ondelete="CASCADE"), index=True
    )
    original_name: so.Mapped[str] = so.mapped_column(sa.String(255))
    detected_type: so.Mapped[str] = so.mapped_column(sa.String(100))
    size: so.Mapped[int]
    sha256: so.Mapped[str] = so.mapped_column(sa.String(64))
    ciphertext: so.Mapped[bytes] = so.mapped_column(sa.LargeBinary, deferred=True)

    draft: so.Mapped[Draft] = so.relationship(back_populates="files")
