"""Alembic revisions: one head, each upgrades and downgrades, and head equals the models."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask
from flask_migrate import downgrade, upgrade

from complaints import create_app
from complaints.audit import record, verify_chain
from complaints.config import PROJECT_ROOT
from complaints.extensions import db
from complaints.maintenance import index_definitions
from tests.conftest import config_for

MIGRATIONS = str(PROJECT_ROOT / "migrations")


@pytest.fixture
def migration_app(empty_database: str) -> Iterator[Flask]:
    app = create_app(config_for(empty_database))
    yield app
    with app.app_context():
        db.engine.dispose()


def script() -> ScriptDirectory:
    return ScriptDirectory(MIGRATIONS)


def table_names(app: Flask) -> set[str]:
    return set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"}


def test_there_is_a_single_head() -> None:
    assert len(script().get_heads()) == 1


def test_head_builds_exactly_the_schema_the_models_describe(migration_app: Flask) -> None:
    with migration_app.app_context():
        upgrade(directory=MIGRATIONS)
        with db.engine.connect() as connection, warnings.catch_warnings():
            # SQLite's reflection cannot read an index on an expression, so Alembic skips
            # comparing it there (PostgreSQL compares it): checked below instead.
            warnings.filterwarnings("ignore", ".*expression-based index")
            differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
            built = index_definitions(connection)
        assert differences == []
        assert table_names(migration_app) == set(db.metadata.tables)
    county = re.sub(r"[\s\"()]|::text", "", built["ix_cases_county_lanes"])
    assert county.endswith("lowercounty,state,status,urgency,created_at,detainer_deadline,id")


def test_every_revision_upgrades_and_downgrades(migration_app: Flask) -> None:
    revisions = list(reversed(list(script().walk_revisions())))  # oldest first
    with migration_app.app_context():
        for revision in revisions:
            upgrade(directory=MIGRATIONS, revision=revision.revision)
        assert table_names(migration_app) == set(db.metadata.tables)
        for revision in reversed(revisions):
            downgrade(directory=MIGRATIONS, revision=revision.down_revision or "base")
        assert table_names(migration_app) == set()
        upgrade(directory=MIGRATIONS)
        assert table_names(migration_app) == set(db.metadata.tables)


def test_events_written_before_the_chain_are_chained_by_the_upgrade(migration_app: Flask) -> None:

    with migration_app.app_context():
        upgrade(directory=MIGRATIONS, revision="0002")
        with db.engine.begin() as connection:
            for number, action in enumerate(("login.success", "case.viewed", "user.created"), 1):
                connection.execute(
                    sa.text(
                        "INSERT INTO audit_events (at, actor_kind, action, details) "
                        "VALUES (:at, 'staff', :action, :details)"
                    ),
                    {"at": f"2026-01-0{number} 10:00:00.000123", "action": action,
                     "details": '{"note": "before the chain"}'},
                )  # fmt: skip
        upgrade(directory=MIGRATIONS)
        assert verify_chain(db.session) == (3, None)
        record(db.session, "after.upgrade")  # new events chain onto the migrated ones
        db.session.commit()
        assert verify_chain(db.session) == (4, None)
