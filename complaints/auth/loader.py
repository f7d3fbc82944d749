"""How Flask-Login finds the signed-in user."""

from __future__ import annotations

from complaints.extensions import db
from complaints.models import User


def load_user(user_id: str) -> User | None:
    if not user_id.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    return user if user is not None and user.active else None
