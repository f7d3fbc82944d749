"""Shared fixtures: a real database per test (SQLite, or PostgreSQL with TEST_DATABASE_URL)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy.exc import OperationalError

from complaints import create_app
from complaints.config import database_url
from complaints.extensions import db as _db

POSTGRES_URL = (
    database_url(os.environ["TEST_DATABASE_URL"]) if os.environ.get("TEST_DATABASE_URL") else None
)


def config_for(url: str) -> dict[str, object]:
    return {
        "COMPLAINTS_ENV": "testing",
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": url,
        "SECRET_KEY": "test-secret-key-" + "x" * 32,
        "RATELIMIT_STORAGE_URI": "memory://",
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
def app(tmp_path: Path, postgres_schema: str | None) -> Iterator[Flask]:
    """A fresh app on a fresh, empty database."""
    url = postgres_schema or f"sqlite:///{tmp_path / 'test.db'}"
    application = create_app(config_for(url))
    with application.app_context():
        if postgres_schema:
            tables = ", ".join(table.name for table in _db.metadata.sorted_tables)
            with _db.engine.begin() as connection:
                connection.execute(sa.text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        else:
            _db.create_all()
    yield application
    with application.app_context():
        _db.session.remove()
        _db.engine.dispose()


@pytest.fixture
def db(app: Flask) -> Iterator[sa.orm.scoped_session]:
    """The database session inside an app context, for tests that read or write rows directly."""
    with app.app_context():
        yield _db.session
        _db.session.rollback()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def cli(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def failing_database(app: Flask):
    """`with failing_database("INSERT INTO people"):` makes such statements fail as a real
    database would (an OperationalError from the driver), for testing that nothing is lost."""

    @contextmanager
    def failing(statement_prefix: str) -> Iterator[None]:
        def fail(_conn, _cursor, statement: str, *_args: object) -> None:
            if statement.startswith(statement_prefix):
                raise OperationalError(statement, {}, Exception("disk I/O error"))

        with app.app_context():
            engine = _db.engine
        sa.event.listen(engine, "before_cursor_execute", fail)
        try:
            yield
        finally:
            sa.event.remove(engine, "before_cursor_execute", fail)

    return failing
