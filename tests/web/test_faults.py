"""Faults on the public side: the database failing at any statement, a full disk, no database.

Whatever fails, nothing is half-stored (tests/web/integrity.py), the person gets a clear page
(503 while the database is at fault) with what they typed still on it, and trying again works.
"""

from __future__ import annotations

from http import HTTPStatus
from pathlib import Path

import pytest
import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import Flask

from complaints import create_app
from complaints.config import database_url
from complaints.extensions import db as _db
from complaints.models import AuditEvent, Case, Draft, Message
from complaints.rules.workflow import Status
from tests.conftest import config_for
from tests.web.filing import STORY, WHAT, errors_on, fill_form, post_step, submit, token
from tests.web.fuzzing import client_with, filed_and_signed_in
from tests.web.integrity import assert_nothing_partial

NARRATIVE = STORY["narrative"]
SUBMIT_FAILED = (
    "We could not save your complaint just now. Nothing was lost: your answers are still here. "
    "Please press Send again in a minute."
)
STEP_FAILED = (
    "We could not save this page just now. Your answers are still here: press the button again."
)
FOLLOW_UP_FAILED = "We could not save this just now. Nothing was lost. Please try again."


def count(db: so.Session, model: type, *conditions: object) -> int:
    db.rollback()
    query = sa.select(sa.func.count()).select_from(model).where(*conditions)
    return db.execute(query).scalar_one()


def send(client) -> object:
    return client.post("/file/submit", data={"csrf_token": token(client, "/file/review")})


# --- (a) A failure at each statement of a submission -------------------------------------------


def test_a_failure_at_any_statement_of_a_submission_loses_nothing(
    app: Flask, client, db: so.Session, statement_log, fail_at_statement
) -> None:
    """Count the statements of a good submission; then fail the 1st, the 2nd, ... in turn.

    Before the commit: a 503 review page with every answer, nothing stored, the draft kept.
    After it (the case is already safe): the receipt all the same.
    """
    app.config["INTAKE_SUBMIT_LIMIT"] = "1000 per hour"
    fill_form(client)
    review_token = token(client, "/file/review")
    with statement_log() as good:
        assert client.post("/file/submit", data={"csrf_token": review_token}).status_code == 302
    # The last commit stores it: the session's, or on PostgreSQL the one statement that files
    # a complaint without files in autocommit (after reading the draft, in autocommit too).
    committed_at = good.commits[-1]
    # The case and its parts (one statement on PostgreSQL, one per table on SQLite), the audit
    # event and the draft's deletion all come before the commit.
    written = " ".join(good.statements[:committed_at])
    for part in ("INSERT INTO cases", "INSERT INTO people", "INSERT INTO consents",
                 "INSERT INTO audit_events", "DELETE FROM drafts"):  # fmt: skip
        assert part in written, (part, good.statements)
    stored = 1
    fill_form(client)
    for number in range(1, len(good.statements) + 1):
        form_token = token(client, "/file/review")
        with fail_at_statement(number) as failed:
            response = client.post("/file/submit", data={"csrf_token": form_token})
        assert failed, f"statement {number} never ran"
        assert_nothing_partial(db)
        if number <= committed_at:
            page = response.get_data(as_text=True)
            assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE, (number, failed)
            assert errors_on(page) == [SUBMIT_FAILED], (number, failed)
            assert NARRATIVE in page and "Ana López" in page and "Send complaint" in page
            assert count(db, Case) == stored and count(db, Draft) == 1, (number, failed)
        else:
            # The complaint was committed before the failure: the filer still gets the receipt.
            assert response.headers["Location"] == "/file/receipt", (number, failed)
            assert "private code" in client.get("/file/receipt").get_data(as_text=True)
            stored += 1
            assert count(db, Case) == stored
            fill_form(client)
    form_token = token(client, "/file/review")
    with statement_log() as retry:  # the database answers again: the same draft goes in
        response = client.post("/file/submit", data={"csrf_token": form_token})
    assert response.headers["Location"] == "/file/receipt"
    assert count(db, Case) == stored + 1 and count(db, Draft) == 0
    assert len(retry.statements) == len(good.statements)
    assert_nothing_partial(db)


# --- (b) A full disk, for real, and no database at all ----------------------------------------


def test_a_full_disk_keeps_what_was_typed_on_a_step(client, db: so.Session, full_disk) -> None:
    post_step(client, "story", STORY)
    story = "Me tuvieron cuatro días después de pagar la fianza. " * 300  # needs new pages
    with full_disk():
        response = post_step(client, "story", {"narrative": story})
    page = response.get_data(as_text=True)
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert errors_on(page) == [STEP_FAILED]
    assert story.strip() in page
    # Room again: the same press saves it.
    assert post_step(client, "story", {"narrative": story}).status_code == 302
    assert story.strip() in client.get("/file/story").get_data(as_text=True)


def test_a_full_disk_on_send_stores_nothing_and_keeps_the_draft(
    client, db: so.Session, full_disk
) -> None:
    story = "Lo retuvieron por el detainer de ICE después de la fianza. " * 250
    fill_form(client, story={"narrative": story})
    form_token = token(client, "/file/review")
    with full_disk():
        response = client.post("/file/submit", data={"csrf_token": form_token})
        healthz = client.get("/healthz")
    page = response.get_data(as_text=True)
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert errors_on(page) == [SUBMIT_FAILED]
    assert story.strip() in page
    assert count(db, Case) == 0 and count(db, Draft) == 1
    assert_nothing_partial(db)
    # /healthz writes too, so the load balancer learns the host cannot store a complaint.
    assert healthz.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert healthz.get_json() == {"status": "error", "database": "cannot write"}
    assert client.get("/healthz").status_code == HTTPStatus.OK  # room again
    submit(client)
    assert count(db, Case) == 1 and count(db, Draft) == 0
    assert_nothing_partial(db)


UNREACHABLE = {
    "postgresql-closed-port": "postgresql://complaints@127.0.0.1:9/complaints",
    "sqlite-unopenable-path": "sqlite:///{tmp}/no-such-dir/complaints.db",
}


@pytest.mark.parametrize("where", UNREACHABLE)
def test_with_no_database_health_says_503_and_pages_stay_clear(
    app: Flask, client, tmp_path: Path, where: str
) -> None:
    """A browser that has a draft comes to a host whose database does not answer."""
    post_step(client, "who", {"filing_for": "self", "identity": "anonymous"})
    cookie = client.get_cookie("session").value
    url = database_url(UNREACHABLE[where].format(tmp=tmp_path))
    broken = create_app({**config_for(url), "SECRET_KEY": app.config["SECRET_KEY"]})
    browser = broken.test_client()
    browser.set_cookie("session", cookie)

    health = browser.get("/healthz")
    assert health.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert health.get_json() == {"status": "error", "database": "unavailable"}
    sign_in = {"reference": "SC-7Q4K-M2XD", "code": "7Q4K-M2XD-3F8H-K9PA-ZT6W",
               "csrf_token": token(client, "/follow-up")}  # fmt: skip
    for path, data in (("/file/who", None), ("/file/review", None), ("/follow-up", sign_in)):
        response = browser.post(path, data=data) if data else browser.get(path)
        page = response.get_data(as_text=True)
        # The site's own page, in the person's language: the service is down, not broken.
        assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE, path
        assert "<h1>The service is busy</h1>" in page
        assert "Nothing you sent has been lost on our side." in page
        assert page.rstrip().endswith("</html>")
    # A step that is posted keeps what was typed, and says it was not saved.
    # (Its token comes from the same session on the healthy host: this host cannot show a page.)
    response = browser.post(
        "/file/story", data={**STORY, "csrf_token": token(client, "/file/story")}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert errors_on(page) == [STEP_FAILED] and NARRATIVE in page
    response = browser.post(
        "/file/what-happened", data={**WHAT, "csrf_token": token(client, "/file/what-happened")}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert errors_on(page) == [STEP_FAILED] and 'value="El Paso County Jail"' in page
    with broken.app_context():
        _db.engine.dispose()


# --- (c) Follow-up: a reply and a withdrawal when the database fails ----------------------------


def replies(db: so.Session) -> tuple[int, int]:
    """(messages from the complainant, "message.received" audit events): always equal."""
    return (
        count(db, Message, Message.author == "complainant"),
        count(db, AuditEvent, AuditEvent.action == "message.received"),
    )


def test_a_failure_at_any_statement_of_a_reply_keeps_the_text(
    app: Flask, db: so.Session, statement_log, fail_at_statement
) -> None:
    client = client_with(app, filed_and_signed_in(app)[2])
    body = "El jueves lo trasladaron a otro centro. Tengo el papel del detainer."
    form_token = token(client, "/follow-up/case")
    with statement_log() as good:
        response = client.post("/follow-up/reply", data={"csrf_token": form_token, "body": body})
    assert response.headers["Location"] == "/follow-up/case?sent=1"
    [committed_at] = good.commits
    saved = 1
    for number in range(1, len(good.statements) + 1):
        form_token = token(client, "/follow-up/case")
        with fail_at_statement(number) as failed:
            response = client.post("/follow-up/reply", data={"csrf_token": form_token,
                                                             "body": body})  # fmt: skip
        assert failed, f"statement {number} never ran"
        assert_nothing_partial(db)
        if number <= committed_at:
            page = response.get_data(as_text=True)
            assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE, (number, failed)
            assert errors_on(page) == [FOLLOW_UP_FAILED]
            assert f">\r\n{body}</textarea>" in page  # the text is back in the box, unsent
        else:
            assert response.headers["Location"] == "/follow-up/case?sent=1", (number, failed)
            saved += 1
        assert replies(db) == (saved, saved), (number, failed)


def test_a_failure_at_any_statement_of_a_withdrawal_keeps_the_reason(
    app: Flask, db: so.Session, statement_log, fail_at_statement
) -> None:
    client = client_with(app, filed_and_signed_in(app)[2])
    reason = "Ya lo soltaron y no quiere seguir con la queja."

    def reopen() -> None:
        db.execute(sa.update(Case).values(status=Status.NEW, closed_at=None))
        db.commit()

    form_token = token(client, "/follow-up/withdraw")
    with statement_log() as good:
        response = client.post(
            "/follow-up/withdraw", data={"csrf_token": form_token, "reason": reason}
        )
    assert response.headers["Location"] == "/follow-up/case?sent=1"
    [committed_at] = good.commits
    reopen()
    for number in range(1, len(good.statements) + 1):
        events_before = count(db, AuditEvent, AuditEvent.action == "case.transition")
        form_token = token(client, "/follow-up/withdraw")
        with fail_at_statement(number) as failed:
            response = client.post("/follow-up/withdraw", data={"csrf_token": form_token,
                                                                "reason": reason})  # fmt: skip
        assert failed, f"statement {number} never ran"
        assert_nothing_partial(db)
        status = db.execute(sa.select(Case.status)).scalar_one()
        events = count(db, AuditEvent, AuditEvent.action == "case.transition")
        if number <= committed_at:
            page = response.get_data(as_text=True)
            assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE, (number, failed)
            assert errors_on(page) == [FOLLOW_UP_FAILED]
            assert reason in page and 'action="/follow-up/withdraw"' in page
            assert (status, events) == (Status.NEW, events_before), (number, failed)
        else:
            assert response.headers["Location"] == "/follow-up/case?sent=1"
            assert (status, events) == (Status.WITHDRAWN, events_before + 1)
            reopen()
