"""The audit trail: one call records who did what to which case. Never updates or deletes."""

from __future__ import annotations

from typing import Any

import sqlalchemy.orm as so

from complaints.models import AuditEvent, Case, User


def record(
    session: so.Session,
    action: str,
    *,
    actor: User | None = None,
    actor_kind: str | None = None,
    case: Case | None = None,
    **details: Any,
) -> AuditEvent:
    """Append an audit event to the session (the caller commits it with the change it describes).

    `details` name what changed and why; they must never hold the personal data itself.
    """
    event = AuditEvent(
        action=action,
        actor_user_id=actor.id if actor is not None else None,
        actor_kind=actor_kind or ("staff" if actor is not None else "system"),
        case_id=case.id if case is not None else None,
        details=details,
    )
    session.add(event)
    return event
