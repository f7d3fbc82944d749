"""Shared fixtures: a real database per test (SQLite, or PostgreSQL with TEST_DATABASE_URL)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy.exc import OperationalError

from complaints import create_app
from complaints.audit import start_chain
from complaints.config import database_url
from complaints.extensions import db as _db
from complaints.rules.vocabulary import Role
from tests.web.staff import make_staff, sign_in

POSTGRES_URL = (
    database_url(os.environ["TEST_DATABASE_URL"]) if os.environ.get("TEST_DATABASE_URL") else None
)


def config_for(url: str) -> dict[str, object]:
    return {
        "COMPLAINTS_ENV": "testing",
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": url,
        "SECRET_KEY": "test-secret-key-" + "x" * 32,
        "RATELIMIT_STORAGE_URI": "process-memory://",
    }


@pytest.fixture(scope="session")
def postgres_schema() -> Iterator[str | None]:
    """On PostgreSQL, build the tables once per run; each test then starts from empty tables."""
    if POSTGRES_URL is None:
        yield None
        return
    app = create_app(config_for(POSTGRES_URL))
    with app.app_context():
        _db.drop_all()
        with _db.engine.begin() as connection:
            connection.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
        _db.create_all()
    yield POSTGRES_URL
    with app.app_context():
        _db.drop_all()
        _db.engine.dispose()


@pytest.fixture
def empty_database(tmp_path: Path) -> Iterator[str]:
    """A second database with nothing in it: a new SQLite file, or a scratch PostgreSQL one."""
    if POSTGRES_URL is None:
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    url = sa.make_url(POSTGRES_URL)
    name = f"{url.database}_empty_{uuid.uuid4().hex[:8]}"
    admin = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def app(tmp_path: Path, postgres_schema: str | None) -> Iterator[Flask]:
    """A fresh app on a fresh, empty database."""
    url = postgres_schema or f"sqlite:///{tmp_path / 'test.db'}"
    application = create_app(config_for(url))
    with application.app_context():
        if postgres_schema:
            tables = ", ".join(table.name for table in _db.metadata.sorted_tables)
            with _db.engine.begin() as connection:
                connection.execute(sa.text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
                start_chain(connection)
        else:
            _db.create_all()
    yield application
    with application.app_context():
        _db.session.remove()
        _db.engine.dispose()


@pytest.fixture
def engine(app: Flask) -> sa.Engine:
    with app.app_context():
        return _db.engine


class FreshSession(so.Session):
    """A test's session that always reads what the app last committed.

    The app writes through its own sessions, so rows this session loaded earlier may be stale:
    every `get` and ORM query here refreshes them from the database.
    """

    def get(self, *args: object, **kwargs: object) -> object:
        kwargs.setdefault("populate_existing", True)
        return super().get(*args, **kwargs)


@sa.event.listens_for(FreshSession, "do_orm_execute")
def _always_fresh(state: so.ORMExecuteState) -> None:
    if state.is_select:
        state.update_execution_options(populate_existing=True)


@pytest.fixture
def db(engine: sa.Engine) -> Iterator[so.Session]:
    """A session of the test's own on the app's database, for reading and writing rows directly.

    No app context stays pushed: each request of the test client gets its own, as in production,
    so nothing (signed-in user, CSRF token) leaks from one request or client into the next.
    """
    session = FreshSession(engine)
    yield session
    session.rollback()
    session.close()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def cli(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def failing_database(app: Flask):
    """`with failing_database("INSERT INTO people"):` makes every statement holding that text
    (at its start, or inside it: PostgreSQL writes a new case's rows in one statement) fail as a
    real database would (an OperationalError from the driver), for testing that nothing is lost."""

    @contextmanager
    def failing(fragment: str) -> Iterator[None]:
        def fail(_conn, _cursor, statement: str, *_args: object) -> None:
            if fragment in statement:
                raise OperationalError(statement, {}, Exception("disk I/O error"))

        with app.app_context():
            engine = _db.engine
        sa.event.listen(engine, "before_cursor_execute", fail)
        try:
            yield
        finally:
            sa.event.remove(engine, "before_cursor_execute", fail)

    return failing


@pytest.fixture
def signed_in(app: Flask, client: FlaskClient):
    """`signed_in(Role.SUPERVISOR)` creates that staff member and signs `client` in as them.

    Returns the user's id and e-mail (a detached row would be of no use to the test).
    """

    def sign_in_as(role: Role, **kwargs: object) -> tuple[int, str]:
        with app.app_context():
            user = make_staff(app, _db.session, role, **kwargs)
            sign_in(client, user)
            return user.id, user.email

    return sign_in_as
