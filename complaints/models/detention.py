"""Arrest and detention facts, and the charges brought. The detainer clock reads these."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
import sqlalchemy.orm as so

from complaints.extensions import db
from complaints.models.types import UTCDateTime, enum_type
from complaints.rules.vocabulary import (
    Answer,
    ChargeOutcome,
    ChargeSeverity,
    ReleaseBasis,
    StopReason,
)

if TYPE_CHECKING:
    from complaints.models.case import Case


class Detention(db.Model):
    """How the person was stopped, booked and held; one per case."""

    __tablename__ = "detentions"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    case_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("cases.id", ondelete="CASCADE"), unique=True
    )
    stop_reason: so.Mapped[StopReason | None] = so.mapped_column(enum_type(StopReason))
    arrested_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    booked_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    detainer_issued: so.Mapped[Answer] = so.mapped_column(enum_type(Answer), default=Answer.UNKNOWN)
    detainer_copy_received: so.Mapped[Answer] = so.mapped_column(
        enum_type(Answer), default=Answer.UNKNOWN
    )
    # The detainer clock starts here: bond posted, charges dropped, sentence served...
    eligible_for_release_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    release_basis: so.Mapped[ReleaseBasis | None] = so.mapped_column(enum_type(ReleaseBasis))
    released_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    transferred_to_ice: so.Mapped[Answer] = so.mapped_column(
        enum_type(Answer), default=Answer.UNKNOWN
    )
    bond_denied_for_detainer: so.Mapped[Answer] = so.mapped_column(
        enum_type(Answer), default=Answer.UNKNOWN
    )
    no_lawyer_or_hearing: so.Mapped[Answer] = so.mapped_column(
        enum_type(Answer), default=Answer.UNKNOWN
    )

    case: so.Mapped[Case] = so.relationship(back_populates="detention")


class Charge(db.Model):
    """One criminal charge; only convictions count toward the enforcement level."""

    __tablename__ = "charges"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    case_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("cases.id", ondelete="CASCADE"), index=True
    )
    offence: so.Mapped[str] = so.mapped_column(sa.String(300), default="")
    severity: so.Mapped[ChargeSeverity] = so.mapped_column(
        enum_type(ChargeSeverity), default=ChargeSeverity.UNKNOWN
    )
    outcome: so.Mapped[ChargeOutcome] = so.mapped_column(
        enum_type(ChargeOutcome), default=ChargeOutcome.UNKNOWN
    )
    sentence_days: so.Mapped[int | None]
    aggravated_felony: so.Mapped[bool] = so.mapped_column(default=False)

    case: so.Mapped[Case] = so.relationship(back_populates="charges")
