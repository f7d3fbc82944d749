"""Telling staff what needs them now, by the same mail path as receipts.

Mail carries the case reference and a link, never personal data: mailboxes are shared,
forwarded and kept for years.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import click
import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import current_app, has_request_context, render_template, url_for
from flask.cli import AppGroup
from flask_babel import force_locale, gettext

from complaints.audit import record
from complaints.extensions import db
from complaints.mail import plain_message, send_later
from complaints.models import AuditEvent, Case, Person
from complaints.rules.triage import Urgency
from complaints.rules.vocabulary import Answer
from complaints.rules.workflow import OPEN_STATUSES

DUE_WITHIN = timedelta(hours=6)
DEADLINE_NOTICE = "notify.deadline_due"


def duty_addresses() -> list[str]:
    raw = current_app.config.get("DUTY_EMAILS", "")
    return [address.strip() for address in raw.split(",") if address.strip()]


def external_url(endpoint: str, **values: str) -> str:
    """An absolute link, in a request or from the command line (built on BASE_URL there)."""
    if has_request_context():
        return url_for(endpoint, _external=True, **values)
    with current_app.test_request_context(base_url=current_app.config["BASE_URL"]):
        return url_for(endpoint, _external=True, **values)


def _notice(to: list[str], reference: str, subject: str, reason: str) -> None:
    if not to:
        return  # nobody to tell (no duty list configured): nothing to write
    link = external_url("casework.case", reference=reference)
    with force_locale("en"):
        body = render_template("mail/staff_notice.txt", reason=reason, link=link,
                               reference=reference)  # fmt: skip
    for address in to:
        send_later(plain_message(to=address, subject=subject, body=body, language="en"))


def critical_case_arrived(reference: str, urgency: Urgency) -> None:
    """A complaint came in: when it is critical, tell the on-duty caseworkers at once.

    Takes the values, not the case, so a just-committed case is not read back to ask.
    """
    to = duty_addresses() if urgency is Urgency.CRITICAL else []
    if not to:
        return
    with force_locale("en"):
        subject = gettext("Critical case %(reference)s needs triage now", reference=reference)
        reason = gettext("A critical complaint was filed. It must be triaged within 4 hours.")
    _notice(to, reference, subject, reason)


def complainant_replied(case: Case) -> None:
    """The complainant wrote back: tell the assigned caseworker (or the duty list)."""
    to = [case.assigned_to.email] if case.assigned_to else duty_addresses()
    with force_locale("en"):
        subject = gettext("New message on case %(reference)s", reference=case.reference)
        reason = gettext("The complainant sent a message or documents.")
    _notice(to, case.reference, subject, reason)


def due_deadlines(session: so.Session, now: datetime) -> list[Case]:
    """Open cases of people still held whose detainer deadline falls within the next 6 hours
    and who have not been notified yet."""
    notified = sa.select(AuditEvent.case_id).where(AuditEvent.action == DEADLINE_NOTICE)
    return list(
        session.execute(
            sa.select(Case).join(Person, Person.case_id == Case.id)
            .where(Case.status.in_(sorted(OPEN_STATUSES)))
            .where(Case.detainer_deadline > now, Case.detainer_deadline <= now + DUE_WITHIN)
            .where(Person.detained_now == Answer.YES)
            .where(Case.id.not_in(notified))
            .order_by(Case.detainer_deadline)
        ).scalars()
    )  # fmt: skip


notify_cli = AppGroup("notify", help="Mail staff about cases that need them.")


@notify_cli.command("due")
def due() -> None:
    """Mail the assignee (or the duty list) about detainer deadlines in the next 6 hours."""
    now = datetime.now(UTC)
    cases = due_deadlines(db.session, now)
    for case in cases:
        to = [case.assigned_to.email] if case.assigned_to else duty_addresses()
        with force_locale("en"):
            subject = gettext(
                "Detainer deadline soon on case %(reference)s", reference=case.reference
            )
            reason = gettext(
                "The 48-hour detainer limit ends within 6 hours and the person is still held."
            )
        _notice(to, case.reference, subject, reason)
        record(db.session, DEADLINE_NOTICE, case=case, recipients=len(to))
    db.session.commit()
    click.echo(f"Notified about {len(cases)} cases.")
