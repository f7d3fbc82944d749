"""Audit events: who saw or changed what, and when. Rows are only ever appended."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from complaints.extensions import db
from complaints.models.types import UTCDateTime, utcnow


class AuditEvent(db.Model):
    """One event in a hash chain: each row stores the previous row's hash and its own."""

    __tablename__ = "audit_events"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    # Position in the chain, given out by AuditHead so concurrent writers never fork it.
    seq: so.Mapped[int] = so.mapped_column(sa.BigInteger, unique=True)
    at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)
    actor_user_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"))
    # "staff", "complainant", "partner" or "system": who acted when there is no user.
    actor_kind: so.Mapped[str] = so.mapped_column(sa.String(20))
    action: so.Mapped[str] = so.mapped_column(sa.String(60))
    case_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("cases.id"))
    # Names of what changed and why, never the personal data itself.
    details: so.Mapped[dict[str, Any]] = so.mapped_column(sa.JSON, default=dict)
    prev_hash: so.Mapped[str] = so.mapped_column(sa.String(64))
    hash: so.Mapped[str] = so.mapped_column(sa.String(64))

    __table_args__ = (
        sa.Index("ix_audit_events_case_at", "case_id", "at"),
        sa.Index("ix_audit_events_actor_at", "actor_user_id", "at"),
    )


class AuditHead(db.Model):
    """The single row that serialises appends: the chain's length and its last hash."""

    __tablename__ = "audit_head"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    seq: so.Mapped[int] = so.mapped_column(sa.BigInteger, default=0)
    last_hash: so.Mapped[str] = so.mapped_column(sa.String(64))
    # The hash the last append chained onto, set by that append so that its RETURNING (which
    # gives new values only) can name it; nothing else reads it (a demo load leaves it behind).
    prev_hash: so.Mapped[str] = so.mapped_column(sa.String(64), default="", server_default="")
