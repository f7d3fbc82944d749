"""Partners (hotlines, legal-aid groups) that file and follow complaints through the API."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from complaints.extensions import db
from complaints.models.types import UTCDateTime, utcnow


class Partner(db.Model):
    """An organisation with API keys; it sees only the cases it filed."""

    __tablename__ = "partners"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(200), unique=True)
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)

    keys: so.Mapped[list[PartnerKey]] = so.relationship(
        back_populates="partner", order_by="PartnerKey.id"
    )


class PartnerKey(db.Model):
    """One bearer key: shown once, kept only as a hash, with the scopes it may use."""

    __tablename__ = "partner_keys"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    partner_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("partners.id"), index=True)
    # The public first part of the key ("pk_" + 12 characters): finds the row, names the key in
    # lists and logs, and keys its rate limit. The secret part is never stored.
    prefix: so.Mapped[str] = so.mapped_column(sa.String(16), unique=True)
    secret_hash: so.Mapped[str] = so.mapped_column(sa.String(64))
    scopes: so.Mapped[list[str]] = so.mapped_column(sa.JSON, default=list)
    label: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)
    created_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"))
    last_used_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    revoked_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())

    partner: so.Mapped[Partner] = so.relationship(back_populates="keys")


class ApiReplay(db.Model):
    """The answer to a request sent with an Idempotency-Key, so a retry gets it again instead of
    filing twice. The answer holds the follow-up code, so it is kept encrypted and for a day."""

    __tablename__ = "api_replays"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    partner_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("partners.id"))
    idempotency_key: so.Mapped[str] = so.mapped_column(sa.String(200))
    # SHA-256 of the method, path and body: the same key with another request is refused.
    fingerprint: so.Mapped[str] = so.mapped_column(sa.String(64))
    status: so.Mapped[int]
    body_ciphertext: so.Mapped[bytes] = so.mapped_column(sa.LargeBinary)
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)

    __table_args__ = (
        sa.UniqueConstraint("partner_id", "idempotency_key"),
        sa.Index("ix_api_replays_created_at", "created_at"),
    )
