"""Filing a complaint from step answers: the one path under the web form and the partner API.

The answers are checked by the step forms themselves (the same validators, the same questions
that depend on each other), turned into a ComplaintInput and stored, triaged and audited by
`service.submit_complaint`. Never commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

import sqlalchemy.orm as so

from complaints.intake.answers import Checked, check_answers, complaint_from
from complaints.intake.service import Filed, NewAttachment, submit_complaint
from complaints.intake.steps import Answers
from complaints.models import User
from complaints.rules.vocabulary import Channel


def file_answers(
    session: so.Session,
    answers: Answers,
    *,
    language: str,
    channel: Channel,
    now: datetime,
    code_key: str,
    files: Sequence[NewAttachment] = (),
    recorded_by: User | None = None,
    partner_id: int | None = None,
) -> Filed | Checked:
    """The filed complaint, or the checked forms (with their errors) when the answers are not
    complete or not valid; then nothing is added to the session."""
    checked = check_answers(answers)
    if not checked.complete:
        return checked
    complaint = replace(complaint_from(checked.values, answers, language), channel=channel)
    return submit_complaint(
        session, complaint, files, now=now, code_key=code_key, recorded_by=recorded_by,
        partner_id=partner_id,
    )  # fmt: skip
