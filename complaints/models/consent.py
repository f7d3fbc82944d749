"""Consent per destination: each record is one yes or no, with the words the person was shown.

Rows are only ever added: the latest record per destination is the consent in force, and the
earlier ones are its history (given on the form, withdrawn on follow-up, given again by phone).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
import sqlalchemy.orm as so

from complaints.extensions import db
from complaints.models.types import UTCDateTime, enum_type, utcnow
from complaints.rules.vocabulary import ConsentDestination, ConsentSource

if TYPE_CHECKING:
    from complaints.models.case import Case
    from complaints.models.user import User


class Consent(db.Model):
    __tablename__ = "consents"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    case_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"))
    destination: so.Mapped[ConsentDestination] = so.mapped_column(enum_type(ConsentDestination))
    granted: so.Mapped[bool]
    # The sentence exactly as shown (or read out), in `language`; the key names its version.
    wording: so.Mapped[str] = so.mapped_column(sa.Text)
    wording_key: so.Mapped[str] = so.mapped_column(sa.String(40))
    language: so.Mapped[str] = so.mapped_column(sa.String(8))
    source: so.Mapped[ConsentSource] = so.mapped_column(enum_type(ConsentSource))
    # The lawyer the person named (destination "lawyer" only).
    lawyer_name: so.Mapped[str | None] = so.mapped_column(sa.String(200))
    # Staff only: how the person gave or withdrew it ("by phone, 3 June, in Spanish").
    note: so.Mapped[str | None] = so.mapped_column(sa.Text)
    recorded_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"))
    recorded_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)

    case: so.Mapped[Case] = so.relationship(back_populates="consents")
    recorded_by: so.Mapped[User | None] = so.relationship()

    __table_args__ = (sa.Index("ix_consents_case_destination", "case_id", "destination", "id"),)
