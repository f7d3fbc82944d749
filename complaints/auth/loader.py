"""How Flask-Login finds the signed-in user from the session."""

from __future__ import annotations

from complaints.extensions import db
from complaints.models import User


def load_user(user_id: str) -> User | None:
    """The active user whose id and session epoch match; a changed password or role ends it."""
    identifier, _, epoch = user_id.partition(":")
    if not (identifier.isdigit() and epoch.isdigit()):
        return None
    user = db.session.get(User, int(identifier))
    if user is None or not user.active or user.session_epoch != int(epoch):
        return None
    return user
