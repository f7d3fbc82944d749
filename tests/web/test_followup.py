"""Follow-up with case number and code: status, messages, documents, withdrawal, rate limits."""

from __future__ import annotations

import io
import re
from http import HTTPStatus

import sqlalchemy as sa
import sqlalchemy.orm as so

from complaints.models import Attachment, AuditEvent, Case, Message
from complaints.rules.vocabulary import MessageAuthor
from complaints.rules.workflow import Status
from tests.web.filing import TOKEN, errors_on, fill_form, submit, token

PDF = b"%PDF-1.4\n%%EOF\n"


def filed_case(client) -> tuple[str, str]:
    fill_form(client)
    reference, code = submit(client)
    client.post(
        "/file/receipt", data={"csrf_token": token(client, "/file/receipt"), "saved": "yes"}
    )
    return reference, code


def sign_in(client, reference: str, code: str):
    return client.post(
        "/follow-up",
        data={"csrf_token": token(client, "/follow-up"), "reference": reference, "code": code},
    )


def without_token(page: str) -> str:
    return TOKEN.sub("", page)


def test_the_right_code_opens_the_case_in_plain_words(app, client, db: so.Session) -> None:
    reference, code = filed_case(client)
    case = db.execute(sa.select(Case)).scalar_one()
    case.messages.append(Message(author=MessageAuthor.STAFF, body="We called the jail today."))
    db.commit()
    response = sign_in(client, reference, code)
    assert response.headers["Location"] == "/follow-up/case"
    page = client.get("/follow-up/case").get_data(as_text=True)
    assert reference in page
    assert "Received. A caseworker will read it soon." in page
    assert "We called the jail today." in page


def test_a_code_typed_loosely_still_works(client) -> None:
    reference, code = filed_case(client)
    typed = code.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    response = sign_in(client, f" {reference.lower()} ", typed)
    assert response.headers["Location"] == "/follow-up/case"


def test_a_wrong_code_and_a_missing_case_get_the_same_answer(client) -> None:
    reference, _code = filed_case(client)
    client.post("/follow-up/sign-out")
    wrong_code = sign_in(client, reference, "AAAA-BBBB-CCCC-DDDD-EEEE")
    no_such_case = sign_in(client, "SC-0000-0000", "AAAA-BBBB-CCCC-DDDD-EEEE")
    assert wrong_code.status_code == no_such_case.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    first = without_token(wrong_code.get_data(as_text=True)).replace(reference, "SC-0000-0000")
    assert first == without_token(no_such_case.get_data(as_text=True))
    assert errors_on(first) == [
        "We could not open a complaint with that case number and code. Check both and try "
        "again. After several tries you will have to wait 15 minutes."
    ]
    assert client.get("/follow-up/case").headers["Location"] == "/follow-up"


def test_failed_attempts_are_limited_per_case_number(app, client) -> None:
    app.config["FOLLOWUP_ATTEMPT_LIMIT"] = "3 per 15 minutes"
    reference, code = filed_case(client)
    for attempt in range(3):
        other_ip = {"REMOTE_ADDR": f"10.0.0.{attempt + 1}"}
        response = client.post(
            "/follow-up",
            data={"csrf_token": token(client, "/follow-up"), "reference": reference,
                  "code": "WRONG-CODE"},
            environ_base=other_ip,
        )  # fmt: skip
        assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    # A fourth try on the same case from yet another address is refused, even with the right code.
    response = client.post(
        "/follow-up",
        data={"csrf_token": token(client, "/follow-up"), "reference": reference, "code": code},
        environ_base={"REMOTE_ADDR": "10.0.0.9"},
    )
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_failed_attempts_are_limited_per_address(app, client) -> None:
    app.config["FOLLOWUP_ATTEMPT_LIMIT"] = "3 per 15 minutes"
    for number in range(3):
        response = sign_in(client, f"SC-0000-000{number}", "WRONG")
        assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert sign_in(client, "SC-0000-0009", "WRONG").status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_successful_sign_ins_do_not_use_up_attempts(app, client) -> None:
    app.config["FOLLOWUP_ATTEMPT_LIMIT"] = "2 per 15 minutes"
    reference, code = filed_case(client)
    for _ in range(4):
        assert sign_in(client, reference, code).status_code == HTTPStatus.FOUND


def test_empty_fields_are_explained(client) -> None:
    response = sign_in(client, "", "")
    assert errors_on(response.get_data(as_text=True)) == [
        "Enter your case number.",
        "Enter your private code.",
    ]


def test_a_reply_reaches_the_case(client, db: so.Session) -> None:
    reference, code = filed_case(client)
    sign_in(client, reference, code)
    response = client.post(
        "/follow-up/reply",
        data={"csrf_token": token(client, "/follow-up/case"), "body": "He was moved today.\x00"},
    )
    assert response.headers["Location"] == "/follow-up/case?sent=1"
    message = db.execute(sa.select(Message)).scalar_one()
    assert (message.author, message.body) == (MessageAuthor.COMPLAINANT, "He was moved today.")
    actions = db.execute(sa.select(AuditEvent.action).order_by(AuditEvent.id)).scalars().all()
    assert actions == ["case.created", "message.received"]


def test_an_empty_reply_is_refused(client) -> None:
    reference, code = filed_case(client)
    sign_in(client, reference, code)
    response = client.post(
        "/follow-up/reply", data={"csrf_token": token(client, "/follow-up/case"), "body": "  "}
    )
    assert errors_on(response.get_data(as_text=True)) == ["Write your message before sending it."]


def test_documents_can_be_added_later(app, client, db: so.Session) -> None:
    reference, code = filed_case(client)
    sign_in(client, reference, code)
    response = client.post(
        "/follow-up/documents",
        data={"csrf_token": token(client, "/follow-up/case"),
              "files": [(io.BytesIO(PDF), "court paper.pdf"), (io.BytesIO(b"MZ\x90"), "x.pdf")]},
        content_type="multipart/form-data",
    )  # fmt: skip
    assert errors_on(response.get_data(as_text=True)) == [
        "x.pdf is not a kind of file we accept. Please send PDF, JPEG, PNG, HEIC or plain text."
    ]
    assert db.execute(sa.select(sa.func.count()).select_from(Attachment)).scalar_one() == 0
    response = client.post(
        "/follow-up/documents",
        data={"csrf_token": token(client, "/follow-up/case"),
              "files": [(io.BytesIO(PDF), "court paper.pdf")]},
        content_type="multipart/form-data",
    )  # fmt: skip
    assert response.status_code == HTTPStatus.FOUND
    attachment = db.execute(sa.select(Attachment)).scalar_one()
    assert (attachment.original_name, attachment.uploaded_by) == (
        "court paper.pdf",
        MessageAuthor.COMPLAINANT,
    )


def test_withdrawal_asks_first_then_withdraws(client, db: so.Session) -> None:
    reference, code = filed_case(client)
    sign_in(client, reference, code)
    page = client.get("/follow-up/withdraw").get_data(as_text=True)
    assert "Are you sure you want to withdraw your complaint?" in page
    assert db.execute(sa.select(Case.status)).scalar_one() is Status.NEW
    response = client.post(
        "/follow-up/withdraw", data={"csrf_token": token(client, "/follow-up/withdraw")}
    )
    assert response.status_code == HTTPStatus.FOUND
    case = db.execute(sa.select(Case)).scalar_one()
    assert case.status is Status.WITHDRAWN and case.closed_at is not None
    page = client.get("/follow-up/case").get_data(as_text=True)
    assert "You withdrew this complaint." in page
    assert "I want to withdraw this complaint" not in page
    event = db.execute(
        sa.select(AuditEvent).where(AuditEvent.action == "case.transition")
    ).scalar_one()
    assert event.details == {"from_status": "new", "to_status": "withdrawn"}


def test_withdrawal_needs_a_valid_token(client, db: so.Session) -> None:
    reference, code = filed_case(client)
    sign_in(client, reference, code)
    response = client.post("/follow-up/withdraw", data={"csrf_token": "forged"})
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert db.execute(sa.select(Case.status)).scalar_one() is Status.NEW


def test_signing_out_closes_the_case_on_this_device(client) -> None:
    reference, code = filed_case(client)
    sign_in(client, reference, code)
    client.post("/follow-up/sign-out")
    assert client.get("/follow-up/case").headers["Location"] == "/follow-up"


def test_pages_without_sign_in_go_to_the_sign_in_form(client) -> None:
    for path in ("/follow-up/case", "/follow-up/withdraw"):
        assert client.get(path).headers["Location"] == "/follow-up"
    response = client.post("/follow-up/reply", data={"body": "x"})
    assert response.headers["Location"] == "/follow-up"


def test_the_code_is_never_in_a_url(client) -> None:
    reference, code = filed_case(client)
    response = sign_in(client, reference, code)
    assert code not in response.headers["Location"]
    page = client.get("/follow-up/case").get_data(as_text=True)
    assert not re.search(re.escape(code), page)
