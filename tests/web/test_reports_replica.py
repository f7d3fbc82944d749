"""Reports read from a replica when one is configured; the audit trail stays on the primary."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import Flask

from complaints import create_app
from complaints.extensions import db as _db
from complaints.models import AuditEvent
from complaints.rules.vocabulary import Role
from tests.conftest import config_for
from tests.factories import make_case
from tests.web.staff import make_staff, sign_in, token

OCTOBER_DAY = datetime(2026, 10, 14, 12, 0, tzinfo=ZoneInfo("America/New_York"))


@pytest.fixture
def replica(empty_database: str) -> Iterator[sa.Engine]:
    """A second database standing in for a streaming replica, with three October cases."""
    engine = sa.create_engine(config_for(empty_database)["SQLALCHEMY_DATABASE_URI"])
    _db.metadata.create_all(engine)  # the audit chain's head row comes with its table
    with so.Session(engine) as session:
        for _number in range(3):
            make_case(session, created_at=OCTOBER_DAY)
        session.commit()
    yield engine
    engine.dispose()


@pytest.fixture
def reporting_app(app: Flask, replica: sa.Engine) -> Iterator[Flask]:
    url = replica.url.render_as_string(hide_password=False)
    primary = app.config["SQLALCHEMY_DATABASE_URI"]
    reporting = create_app(config_for(primary) | {"REPORTS_DATABASE_URL": url})
    yield reporting
    reporting.extensions["reports_engine"].dispose()
    with reporting.app_context():
        _db.session.remove()
        _db.engine.dispose()


def test_exports_read_the_replica_and_are_audited_on_the_primary(
    reporting_app: Flask, replica: sa.Engine, db: so.Session
) -> None:
    make_case(db, created_at=OCTOBER_DAY)  # on the primary only
    db.commit()
    client = reporting_app.test_client()
    sign_in(client, make_staff(reporting_app, db, Role.SUPERVISOR))
    path = "/staff/reports/cases-export?month=2026-10"
    response = client.post(path, data={"csrf_token": token(client, path), "reason": "replica"})
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert len(rows) == 1 + 3  # the replica's three cases, not the primary's one
    page = client.get("/staff/reports/monthly?month=2026-10").get_data(as_text=True)
    assert "Monthly summary" in page
    exported = sa.select(sa.func.count()).where(AuditEvent.action == "report.exported")
    assert db.execute(exported).scalar_one() == 1
    with so.Session(replica) as session:
        assert session.execute(exported).scalar_one() == 0


def test_without_a_replica_reports_read_the_primary(app: Flask) -> None:
    from complaints.reports.source import report_session

    with app.test_request_context():
        assert report_session() is _db.session
