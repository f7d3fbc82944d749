"""What the filer's browser session holds: the draft token, the receipt, a follow-up sign-in.

The session cookie is signed, not encrypted, so the receipt (which carries the follow-up code
until the filer confirms they kept it) is encrypted with the data key before it goes in.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from flask import current_app, session

from complaints.extensions import db
from complaints.intake import drafts
from complaints.models import Case, Draft
from complaints.storage import Vault

DRAFT_KEY = "draft"
RECEIPT_KEY = "receipt"
FOLLOWUP_KEY = "followup"
FOLLOWUP_IDLE = timedelta(minutes=30)


def vault() -> Vault:
    return current_app.extensions["vault"]


def now() -> datetime:
    return datetime.now(UTC)


def current_draft() -> Draft | None:
    return drafts.open_draft(db.session, session.get(DRAFT_KEY), now())


def ensure_draft() -> Draft:
    """The session's draft, started if there is none (the caller commits)."""
    draft = current_draft()
    if draft is None:
        handle = drafts.start_draft(db.session, vault(), now())
        session[DRAFT_KEY] = handle.token
        session.permanent = True
        draft = handle.draft
    return draft


def forget_draft() -> None:
    session.pop(DRAFT_KEY, None)


def keep_receipt(reference: str, code: str, *, anonymous: bool, identity: str = "") -> None:
    kept = {"reference": reference, "code": code, "anonymous": anonymous, "identity": identity}
    payload = json.dumps(kept).encode()
    session[RECEIPT_KEY] = vault().encrypt(payload).decode()


def read_receipt() -> dict[str, str] | None:
    token = session.get(RECEIPT_KEY)
    if not token:
        return None
    try:
        return json.loads(vault().decrypt(token.encode()))
    except ValueError:
        session.pop(RECEIPT_KEY, None)
        return None


def drop_receipt() -> None:
    session.pop(RECEIPT_KEY, None)


def sign_in_followup(case: Case) -> None:
    session[FOLLOWUP_KEY] = {"case": case.id, "until": (now() + FOLLOWUP_IDLE).timestamp()}


def followup_case() -> Case | None:
    """The case this browser signed in to follow, while the sign-in is fresh (sliding window)."""
    state = session.get(FOLLOWUP_KEY)
    if not state or state.get("until", 0) < now().timestamp():
        session.pop(FOLLOWUP_KEY, None)
        return None
    case = db.session.get(Case, state["case"])
    if case is not None:
        sign_in_followup(case)
    return case


def sign_out_followup() -> None:
    session.pop(FOLLOWUP_KEY, None)
