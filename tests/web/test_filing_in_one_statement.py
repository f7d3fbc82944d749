"""On PostgreSQL a complaint without files is filed from its draft by one statement in
autocommit (intake/sending.py): the case, its audit event and the draft's deletion all happen,
or none does, and a draft sent twice at once is stored once."""

from __future__ import annotations

import threading
from http import HTTPStatus

import sqlalchemy as sa
import sqlalchemy.orm as so

from complaints import audit
from complaints.intake import case_rows, service
from complaints.intake.new_case import new_case
from complaints.models import AuditEvent, Case, Draft, Person
from complaints.rules.vocabulary import ConsentSource
from tests.web.filing import fill_form, submit, token
from tests.web.test_case_in_one_statement import EVENT, postgresql_only
from tests.web.test_new_case_rows import HELD, NOW

KEY = "a code key"


def count(session: so.Session, model: type) -> int:
    return session.execute(sa.select(sa.func.count()).select_from(model)).scalar_one()


def a_draft(db: so.Session) -> int:
    draft = Draft(token_hash="h" * 64, answers=b"sealed", expires_at=NOW)
    db.add(draft)
    db.commit()
    return draft.id


def file_it(connection: sa.Connection, draft_id: int) -> service.Filed | None:
    return service.file_draft_in_one(connection, HELD, draft_id, now=NOW, code_key=KEY)


def autocommit(engine: sa.Engine) -> sa.Connection:
    return engine.connect().execution_options(isolation_level="AUTOCOMMIT")


def test_the_case_its_event_and_the_draft_s_deletion_commit_as_one(app, db, engine) -> None:
    postgresql_only(db)
    draft_id = a_draft(db)
    with autocommit(engine) as connection:
        filed = file_it(connection, draft_id)
    assert filed is not None and filed.code
    case = db.execute(sa.select(Case)).scalar_one()  # committed: this session sees it
    assert (case.id, case.reference) == (filed.case_id, filed.reference)
    assert count(db, Person) == 1 and count(db, Draft) == 0
    event = db.execute(sa.select(AuditEvent)).scalar_one()
    assert (event.action, event.case_id, event.actor_kind) == (
        "case.created",
        case.id,
        "complainant",
    )
    assert event.details["urgency"] == filed.urgency.value
    assert audit.verify_chain(db) == (1, None)


def test_a_draft_already_gone_files_nothing(app, db, engine) -> None:
    postgresql_only(db)
    draft_id = a_draft(db)
    db.execute(sa.delete(Draft))
    db.commit()
    with autocommit(engine) as connection:
        assert file_it(connection, draft_id) is None
    assert (count(db, Case), count(db, Person), count(db, AuditEvent)) == (0, 0, 0)
    assert audit.verify_chain(db) == (0, None)


def test_a_taken_reference_keeps_the_draft_until_one_is_free(app, db, engine, monkeypatch) -> None:
    postgresql_only(db)
    rows = new_case(HELD, [], now=NOW, code_hash="h", source=ConsentSource.WEB)
    first = case_rows.write_in_one(db.connection(), rows, EVENT)
    db.commit()
    draft_id = a_draft(db)
    draws = iter([first.reference, first.reference, "SC-AAAA-CCCC"])
    monkeypatch.setattr(case_rows, "new_reference", lambda: next(draws))
    with autocommit(engine) as connection:
        filed = file_it(connection, draft_id)
    assert filed is not None and filed.reference == "SC-AAAA-CCCC"
    assert count(db, Case) == 2 and count(db, AuditEvent) == 2 and count(db, Draft) == 0
    assert audit.verify_chain(db) == (2, None)


def test_two_sends_of_one_draft_at_once_store_it_once(app, db, engine) -> None:
    """The first send's statement holds the draft's lock (its transaction still open); the
    second waits on it, then finds the draft gone and writes nothing."""
    postgresql_only(db)
    draft_id = a_draft(db)
    second: list[service.Filed | None] = []
    with engine.connect() as first_connection:  # a transaction, committed below
        first = file_it(first_connection, draft_id)
        with autocommit(engine) as other:
            waiting = threading.Thread(target=lambda: second.append(file_it(other, draft_id)))
            waiting.start()
            waiting.join(timeout=1.0)
            assert waiting.is_alive()  # held by the first send's lock on the draft
            first_connection.commit()
            waiting.join(timeout=10)
    assert first is not None and second == [None]
    assert (count(db, Case), count(db, AuditEvent), count(db, Draft)) == (1, 1, 0)
    assert audit.verify_chain(db) == (1, None)


def test_the_public_form_files_in_two_statements_and_no_transaction(
    app, client, db, statement_log
) -> None:
    postgresql_only(db)
    fill_form(client)
    form_token = token(client, "/file/review")
    with statement_log() as log:
        response = client.post("/file/submit", data={"csrf_token": form_token})
    assert response.status_code == HTTPStatus.FOUND
    read, filed = log.statements
    assert "FROM drafts" in read and "INSERT INTO cases" in filed
    assert log.commits == [1, 2]  # each in autocommit: no BEGIN, no COMMIT of its own
    assert count(db, Case) == count(db, AuditEvent) == 1 and count(db, Draft) == 0
    assert audit.verify_chain(db) == (1, None)


def test_a_database_failure_in_the_one_statement_keeps_the_draft(
    app, client, db, failing_database
) -> None:
    postgresql_only(db)
    fill_form(client)
    form_token = token(client, "/file/review")
    with failing_database("INSERT INTO audit_events"):
        response = client.post("/file/submit", data={"csrf_token": form_token})
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert (count(db, Case), count(db, AuditEvent), count(db, Draft)) == (0, 0, 1)
    reference, _code = submit(client)
    assert db.execute(sa.select(Case.reference)).scalar_one() == reference
