"""On PostgreSQL a pooled connection is pinged before use only once it has rested in the pool
(complaints/connection_checks.py). Connections are cut here for real: the server's own
pg_terminate_backend ends every other session on the test database, as a restart would."""

from __future__ import annotations

from http import HTTPStatus

import psycopg
import sqlalchemy as sa
import sqlalchemy.orm as so

from complaints import connection_checks
from complaints.models import Case, Draft
from tests.web.filing import REFERENCE, fill_form, token
from tests.web.test_case_in_one_statement import postgresql_only


def cut_every_connection(engine: sa.Engine) -> int:
    """End every session on the app's database but this one, waiting until each has ended
    (up to 5 s); how many were ended."""
    url = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(url, autocommit=True) as admin:
        ended = admin.execute(
            "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 5000)) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchone()
    return ended[0]


def count(db: so.Session, model: type) -> int:
    return db.execute(sa.select(sa.func.count()).select_from(model)).scalar_one()


def test_a_connection_lost_while_resting_is_replaced_before_a_page_uses_it(
    db, engine, client, monkeypatch
) -> None:
    postgresql_only(db)
    db.close()
    assert client.get("/healthz").status_code == HTTPStatus.OK
    assert cut_every_connection(engine) >= 1
    monkeypatch.setattr(connection_checks, "RESTED_BEFORE_CHECK", 0.0)  # it has rested enough
    assert client.get("/healthz").status_code == HTTPStatus.OK


def test_a_connection_used_a_moment_ago_is_used_unchecked(db, engine, client) -> None:
    # The trade this makes: the server gone and back within half a second of the connection's
    # last use costs one request a "busy" page; the pool then drops every connection it had.
    postgresql_only(db)
    db.close()
    assert client.get("/healthz").status_code == HTTPStatus.OK
    assert cut_every_connection(engine) >= 1
    assert client.get("/healthz").status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert client.get("/healthz").status_code == HTTPStatus.OK


def test_a_send_a_moment_after_its_connection_was_lost_still_files(db, engine, client) -> None:
    postgresql_only(db)
    fill_form(client)
    csrf = token(client, "/file/review")  # the review page read the draft a moment ago
    db.close()
    assert cut_every_connection(engine) >= 1
    response = client.post("/file/submit", data={"csrf_token": csrf})
    assert response.headers["Location"] == "/file/receipt"
    reference = REFERENCE.search(client.get("/file/receipt").get_data(as_text=True)).group(0)
    stored = db.execute(sa.select(Case.reference)).scalars().all()
    assert stored == [reference]
    assert count(db, Draft) == 0
