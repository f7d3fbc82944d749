"""Redress actions: referrals, discretion requests and release demands, with their outcomes."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
import sqlalchemy.orm as so

from complaints.extensions import db
from complaints.models.types import UTCDateTime, enum_type, utcnow
from complaints.rules.vocabulary import RedressKind, RedressOutcome

if TYPE_CHECKING:
    from complaints.models.case import Case
    from complaints.models.user import User


class RedressAction(db.Model):
    __tablename__ = "redress_actions"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    case_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("cases.id", ondelete="CASCADE"), index=True
    )
    kind: so.Mapped[RedressKind] = so.mapped_column(enum_type(RedressKind))
    target: so.Mapped[str] = so.mapped_column(sa.String(300), default="")
    taken_on: so.Mapped[date]
    outcome: so.Mapped[RedressOutcome] = so.mapped_column(
        enum_type(RedressOutcome), default=RedressOutcome.PENDING
    )
    outcome_on: so.Mapped[date | None]
    details: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    created_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"))
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)

    case: so.Mapped[Case] = so.relationship(back_populates="redress_actions")
    created_by: so.Mapped[User | None] = so.relationship()

    __table_args__ = (sa.Index("ix_redress_actions_kind_taken_on", "kind", "taken_on"),)
