"""Scratch rows the health check writes and deletes, to prove the database can still write."""

from __future__ import annotations

import sqlalchemy as sa
import sqlalchemy.orm as so

from complaints.extensions import db


class HealthProbe(db.Model):
    """Never holds a row outside a health check's transaction."""

    __tablename__ = "health_probes"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    # Larger than a page, so writing it needs fresh pages: a full disk shows at once.
    payload: so.Mapped[bytes] = so.mapped_column(sa.LargeBinary)
