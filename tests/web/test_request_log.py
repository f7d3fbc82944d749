"""One JSON line per request with a request id; nothing a person typed in any log (DESIGN §9)."""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, datetime, timedelta
from http import HTTPStatus
from urllib.parse import quote, quote_plus

import pytest
import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import Flask
from flask.testing import FlaskClient

from complaints.config import ConfigurationError, load_config
from complaints.models import Case
from complaints.rules.vocabulary import Role
from tests.factories import make_case
from tests.web.filing import PERSON, WHO, fill_form, submit
from tests.web.filing import token as form_token
from tests.web.staff import make_staff, sign_in, token

FIELDS = {"time", "request_id", "method", "rule", "endpoint", "status", "duration_ms"}
NEW_ID = re.compile(r"^[0-9a-f]{32}$")
CLIENT_IP = "203.0.113.77"


@pytest.fixture
def logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    """Every record from every logger, down to DEBUG: nothing may slip past a level."""
    caplog.set_level(logging.DEBUG)
    return caplog


def request_lines(caplog: pytest.LogCaptureFixture) -> list[dict]:
    return [
        json.loads(record.getMessage())
        for record in caplog.records
        if record.name == "complaints.requests"
    ]


def everything_logged(caplog: pytest.LogCaptureFixture) -> str:
    """Each record's message, arguments, exception text and extra fields, as one string."""
    parts = []
    for record in caplog.records:
        parts += [record.getMessage(), repr(record.args), repr(vars(record))]
        if record.exc_info:
            parts.append(logging.Formatter().formatException(record.exc_info))
    return "\n".join(parts)


def assert_absent(caplog: pytest.LogCaptureFixture, *secrets: str) -> None:
    logged = everything_logged(caplog)
    assert logged, "nothing was logged at all"
    for secret in secrets:
        for form in {secret, secret.lower(), secret.upper(), quote(secret), quote_plus(secret)}:
            assert form not in logged, form


def test_one_json_line_per_request_with_the_documented_fields(
    client: FlaskClient, logs: pytest.LogCaptureFixture
) -> None:
    before = datetime.now(UTC)
    response = client.get("/help/contact?lang=es&ref=SC-ABCD-EFGH")
    [line] = request_lines(logs)
    assert set(line) == FIELDS
    assert line["method"] == "GET"
    assert line["rule"] == "/help/<slug>"  # the route, not the path, and never the query
    assert line["endpoint"] == "info.page"
    assert line["status"] == response.status_code == HTTPStatus.OK
    assert isinstance(line["duration_ms"], float) and 0 <= line["duration_ms"] < 10_000
    logged_at = datetime.fromisoformat(line["time"])
    assert logged_at.utcoffset() == timedelta(0)
    assert before - timedelta(seconds=1) <= logged_at <= datetime.now(UTC)
    assert line["request_id"] == response.headers["X-Request-ID"]
    assert NEW_ID.match(line["request_id"])
    assert_absent(logs, "contact", "SC-ABCD-EFGH", "lang=es")


def test_a_page_that_does_not_exist_is_logged_without_its_path(
    client: FlaskClient, logs: pytest.LogCaptureFixture
) -> None:
    client.get("/file/Maria-Lopez-A123456789")
    client.post("/nowhere/jose.lopez@example.org")
    lines = request_lines(logs)
    assert [(line["rule"], line["status"]) for line in lines] == [
        ("/file/<slug>", HTTPStatus.NOT_FOUND),
        (None, HTTPStatus.NOT_FOUND),
    ]
    assert_absent(logs, "Maria-Lopez", "A123456789", "jose.lopez@example.org")


def test_staff_lines_carry_the_numeric_user_id_and_the_rule_only(
    app: Flask, client: FlaskClient, db: so.Session, logs: pytest.LogCaptureFixture
) -> None:
    case = make_case(db)
    db.commit()
    supervisor = make_staff(app, db, Role.SUPERVISOR, email="dana.supervisor@staff.example")
    sign_in(client, supervisor)
    logs.clear()
    client.get(f"/staff/cases/{case.reference}", environ_base={"REMOTE_ADDR": CLIENT_IP})
    [line] = request_lines(logs)
    assert line["rule"] == "/staff/cases/<reference>"
    assert line["endpoint"] == "casework.case"
    assert line["user_id"] == supervisor.id and set(line) == FIELDS | {"user_id"}
    session_cookie = client.get_cookie("session")
    assert session_cookie is not None
    assert_absent(logs, case.reference, "dana.supervisor", CLIENT_IP, session_cookie.value)


def test_lines_without_a_signed_in_staff_member_name_no_user(
    client: FlaskClient, logs: pytest.LogCaptureFixture
) -> None:
    client.get("/", environ_base={"REMOTE_ADDR": CLIENT_IP})
    client.get("/staff/cases/", environ_base={"REMOTE_ADDR": CLIENT_IP})
    lines = request_lines(logs)
    assert [(line["rule"], line["status"]) for line in lines] == [
        ("/", HTTPStatus.OK),
        ("/staff/cases/", HTTPStatus.FOUND),
    ]
    assert not [line for line in lines if "user_id" in line]
    assert_absent(logs, CLIENT_IP)


def test_a_staff_search_leaves_no_name_or_a_number_in_any_log(
    app: Flask, client: FlaskClient, db: so.Session, logs: pytest.LogCaptureFixture
) -> None:
    case = make_case(db)
    case.person.given_name, case.person.family_name = "Teodora", "Villanueva"
    case.person.name_key, case.person.a_number = "villanueva teodora", "208765431"
    db.commit()
    sign_in(client, make_staff(app, db, Role.SUPERVISOR))
    for text in ("Villanueva Teo", "A208765431"):
        posted = client.post(
            "/staff/cases/", data={"csrf_token": token(client, "/staff/cases/"), "q": text}
        )
        page = client.get(posted.headers["Location"]).get_data(as_text=True)
        assert case.reference in page  # the search worked
    client.get("/staff/cases/?q=Villanueva")  # an old link with the text in it
    assert {line["rule"] for line in request_lines(logs)} >= {"/staff/cases/"}
    assert_absent(logs, "Villanueva", "Teodora", "208765431", case.reference)


def test_a_public_complaint_leaves_no_personal_data_in_any_log(
    app: Flask, client: FlaskClient, db: so.Session, logs: pytest.LogCaptureFixture
) -> None:
    # The development mail backend writes whole messages to the log on purpose; production refuses
    # it (see the test below), so here mail is off, as it is in production without a server.
    app.config["MAIL_BACKEND"] = "off"
    fill_form(client)
    reference, code = submit(client)
    response = client.post("/follow-up", data={"csrf_token": form_token(client, "/follow-up"),
                                               "reference": reference, "code": code})  # fmt: skip
    assert response.headers["Location"] == "/follow-up/case"
    assert db.execute(sa.select(Case).where(Case.reference == reference)).scalar_one()
    posts = [line for line in request_lines(logs) if line["method"] == "POST"]
    assert {line["rule"] for line in posts} >= {"/file/<slug>", "/file/submit", "/follow-up"}
    assert_absent(
        logs, WHO["filer_name"], WHO["filer_email"], PERSON["family_name"], PERSON["given_name"],
        PERSON["a_number"], PERSON["a_number"][1:], PERSON["phone"], reference, code,
    )  # fmt: skip


def test_production_refuses_the_console_mail_backend() -> None:
    with pytest.raises(ConfigurationError, match="COMPLAINTS_MAIL_BACKEND"):
        load_config({"COMPLAINTS_ENV": "production", "SECRET_KEY": "s" * 48,
                     "COMPLAINTS_DATA_KEY": "c2VjcmV0LWtleS1mb3ItdGVzdHMtMzItYnl0ZXMhIQ==",
                     "COMPLAINTS_CODE_KEY": "k" * 40,
                     "COMPLAINTS_MAIL_BACKEND": "console"})  # fmt: skip


def test_an_unexpected_error_logs_its_type_and_request_id_only(
    client: FlaskClient, logs: pytest.LogCaptureFixture, failing_database
) -> None:
    fill_form(client)
    reference, code = submit(client)
    client.post("/follow-up", data={"csrf_token": form_token(client, "/follow-up"),
                                    "reference": reference, "code": code})  # fmt: skip
    logs.clear()
    with failing_database("SELECT cases"):
        response = client.get("/follow-up/case", headers={"X-Request-ID": "proxy-id-0001"})
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE  # the database, not a bug
    [error] = [record for record in logs.records if record.name == "complaints.errors"]
    assert error.getMessage() == "database unavailable: OperationalError request_id=proxy-id-0001"
    assert not error.exc_info  # no traceback outside debug mode: it can quote parameters
    [line] = request_lines(logs)
    assert (line["request_id"], line["status"]) == ("proxy-id-0001", 503)
    assert_absent(logs, reference, code, "disk I/O error")


@pytest.mark.parametrize(
    "offered", ["abcd1234", "req.2026-11-25_0001", "A" * 64, "0af7651916cd43dd8448eb211c80319c"]
)
def test_a_well_formed_request_id_is_kept(
    client: FlaskClient, logs: pytest.LogCaptureFixture, offered: str
) -> None:
    response = client.get("/help/", headers={"X-Request-ID": offered})
    assert response.headers["X-Request-ID"] == offered
    assert request_lines(logs)[0]["request_id"] == offered


@pytest.mark.parametrize(
    "offered",
    ["short", "A" * 65, "has spaces in it", "name=José López", "<script>x</script>",
     "id\",\"status\":200", "../../etc/passwd", ""],
)  # fmt: skip
def test_any_other_request_id_is_replaced(
    client: FlaskClient, logs: pytest.LogCaptureFixture, offered: str
) -> None:
    response = client.get("/help/", headers={"X-Request-ID": offered})
    replaced = response.headers["X-Request-ID"]
    assert NEW_ID.match(replaced) and replaced != offered
    [line] = request_lines(logs)
    assert line["request_id"] == replaced
    if offered:
        assert_absent(logs, offered)


def test_each_request_gets_its_own_id(client: FlaskClient) -> None:
    ids = {client.get("/help/").headers["X-Request-ID"] for _ in range(3)}
    assert len(ids) == 3


def test_a_signed_out_search_link_leaves_the_name_out_of_the_sign_in_redirect(client) -> None:
    response = client.get("/staff/cases/?q=Nguyen+Minh&state=TX")
    location = response.headers["Location"]
    assert response.status_code == 302 and "/staff/login" in location
    assert "Nguyen" not in location and "Minh" not in location
    assert "state%3DTX" in location  # the rest of the view is kept for after sign-in
