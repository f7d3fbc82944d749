"""Staff hear by mail of critical cases, replies and detainer deadlines; no personal data."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
import sqlalchemy.orm as so

from complaints.mail import flush_mail
from complaints.models import AuditEvent, Case
from complaints.rules.triage import Urgency
from complaints.rules.vocabulary import Answer, Role
from complaints.rules.workflow import Status
from tests.factories import make_case
from tests.web.filing import fill_form, submit, token
from tests.web.staff import make_staff
from tests.web.test_mail import Inbox, inbox  # noqa: F401  (a real SMTP server fixture)


def test_a_critical_filing_alerts_the_duty_caseworkers(app, client, db, inbox: Inbox) -> None:  # noqa: F811
    app.config["DUTY_EMAILS"] = "duty1@staff.example, duty2@staff.example"
    fill_form(client)  # held in El Paso on a detainer since 2026-11-20: past its deadline
    reference, _code = submit(client)
    flush_mail(app)
    assert db.execute(sa.select(Case.urgency)).scalar_one() is Urgency.CRITICAL
    messages = inbox.messages()
    assert sorted(message["To"] for message in messages) == [
        "duty1@staff.example",
        "duty2@staff.example",
    ]
    body = messages[0].get_content()
    assert messages[0]["Subject"] == f"Critical case {reference} needs triage now"
    assert f"http://localhost/staff/cases/{reference}" in body
    assert "José" not in body and "López" not in body and "012345678" not in body


def test_a_reply_alerts_the_assigned_caseworker(app, client, db: so.Session, inbox: Inbox) -> None:  # noqa: F811
    worker = make_staff(app, db, Role.CASEWORKER, email="mine@staff.example")
    fill_form(client)
    reference, code = submit(client)
    case = db.execute(sa.select(Case)).scalar_one()
    case.assigned_to_id = worker.id
    db.commit()
    flush_mail(app)
    inbox.envelopes.clear()
    client.post("/follow-up", data={"csrf_token": token(client, "/follow-up"),
                                    "reference": reference, "code": code})  # fmt: skip
    client.post("/follow-up/reply", data={"csrf_token": token(client, "/follow-up/case"),
                                          "body": "They moved him to Otero."})  # fmt: skip
    flush_mail(app)
    [message] = inbox.messages()
    assert message["To"] == "mine@staff.example"
    assert "Otero" not in message.get_content()


def test_notify_due_warns_once_before_a_deadline(app, cli, db: so.Session, inbox: Inbox) -> None:  # noqa: F811
    app.config["DUTY_EMAILS"] = "duty@staff.example"
    soon = make_case(db, detainer_deadline=datetime.now(UTC) + timedelta(hours=2))
    soon.person.detained_now = Answer.YES
    later = make_case(db, detainer_deadline=datetime.now(UTC) + timedelta(hours=30))
    later.person.detained_now = Answer.YES
    released = make_case(db, detainer_deadline=datetime.now(UTC) + timedelta(hours=1))
    released.person.detained_now = Answer.NO
    closed = make_case(
        db, status=Status.CLOSED, detainer_deadline=datetime.now(UTC) + timedelta(hours=1)
    )
    closed.person.detained_now = Answer.YES
    db.commit()
    assert cli.invoke(args=["notify", "due"]).output.strip() == "Notified about 1 cases."
    assert cli.invoke(args=["notify", "due"]).output.strip() == "Notified about 0 cases."
    flush_mail(app)
    [message] = inbox.messages()
    assert message["Subject"] == f"Detainer deadline soon on case {soon.reference}"
    notices = db.execute(
        sa.select(AuditEvent.case_id).where(AuditEvent.action == "notify.deadline_due")
    ).scalars()
    assert list(notices) == [soon.id]
