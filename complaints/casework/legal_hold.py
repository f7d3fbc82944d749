"""Legal holds: a supervisor keeps a case's personal data past the retention period, or lets go."""

from __future__ import annotations

import sqlalchemy.orm as so

from complaints.audit import record
from complaints.casework.service import CaseworkError, check_version
from complaints.models import Case, User


def _(message: str) -> str:
    return message


REASON_REQUIRED = _("Give a reason for the legal hold.")


def set_legal_hold(
    session: so.Session,
    case: Case,
    hold: bool,
    reason: str,
    *,
    actor: User,
    expected_version: int | None,
) -> None:
    """Place (`hold` True) or lift a legal hold; a reason is required both ways and audited.

    The view checks the actor's permission. Raises StaleCase, or CaseworkError without a reason.
    """
    check_version(case, expected_version)
    reason = reason.strip()
    if not reason:
        raise CaseworkError(REASON_REQUIRED)
    case.legal_hold = hold
    case.legal_hold_reason = reason if hold else None
    action = "case.legal_hold_placed" if hold else "case.legal_hold_lifted"
    record(session, action, actor=actor, case=case, reason=reason)
