"""A-numbers: stored as nine digits (an 8-digit number is padded), never in a URL, a log line or
a de-identified export (the monthly CSV and XLSX, and the API's monthly report)."""

from __future__ import annotations

import io
import logging
import zipfile
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
import sqlalchemy.orm as so

from complaints.models import Person
from complaints.rules.identifiers import normalize_a_number
from complaints.rules.vocabulary import Role
from tests.api.partner import auth, new_key
from tests.web.filing import PERSON, fill_form, submit
from tests.web.staff import make_staff, sign_in, token

EIGHT = "A 1234-5678"  # eight digits, typed loosely
STORED = "012345678"


def test_eight_digits_are_padded_to_nine() -> None:
    assert normalize_a_number(EIGHT) == STORED
    assert normalize_a_number("a12345678") == STORED
    assert normalize_a_number("A1234567") is None  # seven digits are not an A-number


def everything_in(archive: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        return "".join(opened.read(name).decode("utf-8", "replace") for name in opened.namelist())


@pytest.fixture
def filed(app, client, db: so.Session) -> str:
    """A case filed this month through the web form with an 8-digit A-number."""
    app.config["MAIL_BACKEND"] = "off"
    fill_form(client, person={**PERSON, "a_number": EIGHT})
    submit(client)
    assert db.execute(sa.select(Person.a_number)).scalar_one() == STORED
    return datetime.now(ZoneInfo(app.config["OPERATOR_TIME_ZONE"])).strftime("%Y-%m")


def test_no_de_identified_export_holds_the_a_number(app, db: so.Session, filed: str) -> None:
    supervisor = app.test_client()
    sign_in(supervisor, make_staff(app, db, Role.SUPERVISOR))
    csv_zip = supervisor.get(f"/staff/reports/monthly/export?month={filed}&format=csv")
    xlsx = supervisor.get(f"/staff/reports/monthly/export?month={filed}&format=xlsx")
    page = supervisor.get(f"/staff/reports/monthly?month={filed}")
    assert (csv_zip.status_code, xlsx.status_code, page.status_code) == (200, 200, 200)
    api = app.test_client().get(f"/api/v1/reports/monthly?month={filed}",
                                headers=auth(new_key(app)))  # fmt: skip
    assert api.status_code == 200
    for content in (everything_in(csv_zip.data), everything_in(xlsx.data),
                    page.get_data(as_text=True), api.get_data(as_text=True)):  # fmt: skip
        assert STORED not in content and "12345678" not in content


def test_a_search_by_a_number_is_sealed_out_of_urls_and_logs(
    app, db: so.Session, filed: str, caplog: pytest.LogCaptureFixture
) -> None:
    staff = app.test_client()
    sign_in(staff, make_staff(app, db, Role.CASEWORKER))
    caplog.set_level(logging.INFO)
    posted = staff.post("/staff/cases/", data={"csrf_token": token(staff, "/staff/cases/"),
                                               "q": "A12345678"})  # fmt: skip
    location = posted.headers["Location"]
    page = staff.get(location).get_data(as_text=True)
    assert "12345678" not in location
    assert "12345678" not in " ".join(
        part for part in page.split('"') if part.startswith(("/staff", "?", "http"))
    )  # no link on the result page carries it
    assert "12345678" not in caplog.text
