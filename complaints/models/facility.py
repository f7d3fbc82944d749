"""Facilities ICE has used to hold people, imported from the UWCHR/ICE facility list."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
import sqlalchemy.orm as so

from complaints.extensions import db


class Facility(db.Model):
    __tablename__ = "facilities"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    # The source's own identifier (DETLOC code), stable across re-imports.
    code: so.Mapped[str] = so.mapped_column(sa.String(20), unique=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(200))
    address: so.Mapped[str | None] = so.mapped_column(sa.String(300))
    city: so.Mapped[str | None] = so.mapped_column(sa.String(120))
    county: so.Mapped[str | None] = so.mapped_column(sa.String(120))
    state: so.Mapped[str | None] = so.mapped_column(sa.String(2))
    zip: so.Mapped[str | None] = so.mapped_column(sa.String(10))
    area_of_responsibility: so.Mapped[str | None] = so.mapped_column(sa.String(10))
    type: so.Mapped[str | None] = so.mapped_column(sa.String(40))
    latitude: so.Mapped[float | None]
    longitude: so.Mapped[float | None]
    time_zone: so.Mapped[str | None] = so.mapped_column(sa.String(64))
    first_used: so.Mapped[date | None]
    last_used: so.Mapped[date | None]

    __table_args__ = (sa.Index("ix_facilities_state_name", "state", "name"),)
