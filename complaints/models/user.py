"""Staff accounts. Never deleted (the audit trail keeps their names); deactivated instead."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_login import UserMixin

from complaints.extensions import db
from complaints.models.types import UTCDateTime, enum_type, utcnow
from complaints.rules.vocabulary import Role


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    email: so.Mapped[str] = so.mapped_column(sa.String(254), unique=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(200))
    role: so.Mapped[Role] = so.mapped_column(enum_type(Role))
    password_hash: so.Mapped[str] = so.mapped_column(sa.String(255))
    # Encrypted with the data key; None until the user has enrolled in two-factor sign-in.
    totp_secret: so.Mapped[str | None] = so.mapped_column(sa.String(255))
    # Last accepted TOTP time step, so a code cannot be used twice.
    totp_last_step: so.Mapped[int | None] = so.mapped_column(sa.BigInteger)
    active: so.Mapped[bool] = so.mapped_column(default=True)
    failed_logins: so.Mapped[int] = so.mapped_column(default=0)
    # Start of the current window of failures; 5 within 15 minutes lock the account for a while.
    failed_since: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    locked_until: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    # Bumped on password change to end the user's other sessions.
    session_epoch: so.Mapped[int] = so.mapped_column(default=0)
    # Set when an administrator issued a temporary password: it must be changed at first login.
    password_expired: so.Mapped[bool] = so.mapped_column(default=False)
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)
    last_login_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    def get_id(self) -> str:
        # The epoch travels in the session, so changing the password ends every other session.
        return f"{self.id}:{self.session_epoch}"

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"
