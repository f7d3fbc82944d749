"""Sending the finished complaint: the draft read, checked, stored as a case and committed.

On PostgreSQL a complaint without files is filed by one statement on a connection in
autocommit (case_statement.py): the case, its rows, its audit event and the draft's deletion
commit together or not at all, in two round trips (reading the draft, the statement; the pool
checks a connection first only when it has rested: complaints/connection_checks.py) where a
transaction took seven (BEGIN, the check, reading, the case, the event, deleting the draft,
COMMIT). Everything else (SQLite; complaints with files) goes through the session's
transaction and its one commit.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace

import sqlalchemy as sa
from flask import current_app, session
from flask_login import current_user

from complaints.casework.staff_intake import current_staff_intake
from complaints.extensions import db
from complaints.intake import drafts, forms, service, step_values
from complaints.intake.answers import complaint_from
from complaints.intake.session_state import DRAFT_KEY, now, vault
from complaints.locales import current_locale
from complaints.rules.triage import Urgency
from complaints.rules.vocabulary import IdentityLevel

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Stored:
    """A complaint just committed, and what the filer and staff must now be told."""

    reference: str
    code: str
    urgency: Urgency
    anonymous: bool
    receipt_to: str | None  # where the receipt goes, when the filer asked for one
    language: str
    identity: str  # the identity level, shown to staff recording a complaint


class NotStored(enum.Enum):
    """Why nothing was stored; the view shows the page that fits."""

    NO_DRAFT = "no draft"  # none, expired, or filed a moment ago by another request
    BAD_TOKEN = "bad token"  # the form's CSRF token was missing, wrong or expired
    ROBOT = "robot"  # the honeypot field was filled
    INCOMPLETE = "incomplete"  # a step's answers are missing or no longer valid


@contextmanager
def _draft_to_file() -> Iterator[tuple[sa.Connection | None, drafts.DraftToFile | None]]:
    """The session's draft, read for filing (None when there is none), and on PostgreSQL the
    connection in autocommit that files it (None elsewhere: the session's transaction is used).

    A connection found lost at that first read (the server went away and came back a moment
    after the connection was last used: complaints/connection_checks.py) is replaced once;
    reading changes nothing, so reading again is safe."""
    token, at = session.get(DRAFT_KEY), now()
    if db.engine.dialect.name != "postgresql":
        yield None, drafts.open_for_filing(db.session.connection(), token, at)
        return
    for attempt in (1, 2):
        connection = db.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        try:
            draft = drafts.open_for_filing(connection, token, at)
        except sa.exc.DBAPIError as error:
            connection.close()
            if attempt == 2 or not error.connection_invalidated:
                raise
            log.warning("a pooled connection was lost; reading the draft on a new one")
            continue
        with connection:
            yield connection, draft
        return


def store_complaint(form: forms.ConfirmForm) -> Stored | NotStored:
    """Store the session's draft as a complaint and commit; or why nothing was stored.

    Raises SQLAlchemyError when the database fails; then nothing of the complaint is stored
    and the draft is kept.
    """
    with _draft_to_file() as (connection, draft):
        if draft is None:
            return NotStored.NO_DRAFT
        if not form.validate_on_submit():
            return NotStored.BAD_TOKEN
        if form.is_robot:
            log.info("submission dropped: honeypot filled")
            return NotStored.ROBOT
        answers, kept = drafts.read_draft(draft, vault())
        values = step_values.checked_values(answers, kept)
        if values is None:
            return NotStored.INCOMPLETE
        staff = current_staff_intake()
        complaint = complaint_from(values, answers, staff.language if staff else current_locale(),
                                   [draft_file.id for draft_file in draft.files])  # fmt: skip
        if staff is not None:
            complaint = replace(complaint, channel=staff.channel)
        settings = {
            "now": now(),
            "code_key": current_app.config["COMPLAINTS_CODE_KEY"],
            "recorded_by": current_user if staff else None,
        }
        if connection is not None and not draft.files:
            filed = service.file_draft_in_one(connection, complaint, draft.id, **settings)
        else:
            files = [draft_file.file for draft_file in draft.files]
            filed = service.submit_complaint(db.session, complaint, files, **settings)
            if not drafts.discard(db.session, draft.id):
                filed = None
        if filed is None:
            db.session.rollback()  # filed at the same moment by another request: stored once
            return NotStored.NO_DRAFT
        db.session.commit()  # nothing to do after the one statement, which committed itself
    # What the receipt and the notices need, as plain values (the case is not in the session).
    return Stored(
        reference=filed.reference,
        code=filed.code,
        urgency=filed.urgency,
        anonymous=complaint.identity_level is IdentityLevel.ANONYMOUS,
        receipt_to=complaint.receipt_email if values["consent"]["email_receipt"] else None,
        language=complaint.language,
        identity=complaint.identity_level.value,
    )
