"""Revision 0011: the yes/no consent columns become consent records, and come back on downgrade."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
import sqlalchemy as sa
from flask import Flask
from flask_migrate import downgrade, upgrade

from complaints import create_app
from complaints.extensions import db
from tests.conftest import config_for
from tests.migrations.test_migrations import MIGRATIONS

FILED = datetime(2026, 3, 2, 15, 0)
# (reference, crcl, oig, statistics) as the columns held them before 0011.
OLD = [("SC-AAAA-0001", True, False, True), ("SC-AAAA-0002", False, True, False)]


@pytest.fixture
def migration_app(empty_database: str) -> Iterator[Flask]:
    app = create_app(config_for(empty_database))
    yield app
    with app.app_context():
        db.engine.dispose()


def filler(column: sa.Column) -> object:
    """Any value a NOT NULL column without a default accepts."""
    if isinstance(column.type, sa.Boolean):
        return False
    if isinstance(column.type, sa.Integer):
        return 1
    if isinstance(column.type, sa.DateTime):
        return FILED
    if isinstance(column.type, sa.JSON):
        return {}
    return "x"


def insert_old_cases(connection: sa.Connection) -> None:
    cases = sa.Table("cases", sa.MetaData(), autoload_with=connection)
    required = {
        column.name: filler(column) for column in cases.columns
        if not column.nullable and column.server_default is None and not column.primary_key
    }  # fmt: skip
    for reference, crcl, oig, statistics in OLD:
        connection.execute(cases.insert().values(required | {
            "reference": reference, "status": "new", "language": "es", "channel": "web",
            "identity_level": "confidential", "consent_share_crcl": crcl,
            "consent_share_oig": oig, "consent_share_statistics": statistics,
        }))  # fmt: skip


def test_old_consents_become_records_and_come_back(migration_app: Flask) -> None:
    with migration_app.app_context():
        upgrade(directory=MIGRATIONS, revision="0010")
        with db.engine.begin() as connection:
            insert_old_cases(connection)
        upgrade(directory=MIGRATIONS, revision="0011")
        with db.engine.connect() as connection:
            rows = connection.execute(sa.text(
                "SELECT cases.reference, consents.destination, consents.granted, "
                "consents.wording_key, consents.language, consents.source, consents.recorded_at, "
                "consents.wording FROM consents JOIN cases ON cases.id = consents.case_id "
                "ORDER BY cases.reference, consents.destination"
            )).all()  # fmt: skip
            columns = {c["name"] for c in sa.inspect(connection).get_columns("cases")}
        assert [(row[0], row[1], bool(row[2])) for row in rows] == [
            ("SC-AAAA-0001", "crcl", True), ("SC-AAAA-0001", "oig", False),
            ("SC-AAAA-0001", "statistics", True), ("SC-AAAA-0002", "crcl", False),
            ("SC-AAAA-0002", "oig", True), ("SC-AAAA-0002", "statistics", False),
        ]  # fmt: skip
        first = rows[0]
        assert (first.wording_key, first.language, first.source) == ("crcl.v1", "en", "migrated")
        assert str(first.recorded_at).startswith("2026-03-02 15:00")
        assert first.wording.startswith("You may share my complaint with the DHS Office for Civil")
        assert not columns & {"consent_share_crcl", "consent_share_oig", "consent_share_statistics"}
        assert {"removal_proceedings", "linked_to_id"} <= columns

        # Later revisions copy the cases table on SQLite: nothing that hangs from a case is lost.
        upgrade(directory=MIGRATIONS)
        with db.engine.connect() as connection:
            kept = connection.execute(sa.text("SELECT COUNT(*) FROM consents")).scalar_one()
        assert kept == len(rows)

        # A later withdrawal: the downgrade keeps the latest answer per destination.
        with db.engine.begin() as connection:
            connection.execute(sa.text(
                "INSERT INTO consents (case_id, destination, granted, wording, wording_key, "
                "language, source, recorded_at) SELECT id, 'crcl', :no, 'w', 'crcl.v1', 'es', "
                "'follow_up', :at FROM cases WHERE reference = 'SC-AAAA-0001'"
            ), {"no": False, "at": datetime(2026, 4, 1)})  # fmt: skip
        downgrade(directory=MIGRATIONS, revision="0010")
        with db.engine.connect() as connection:
            back = connection.execute(sa.text(
                "SELECT reference, consent_share_crcl, consent_share_oig, consent_share_statistics "
                "FROM cases ORDER BY reference"
            )).all()  # fmt: skip
            tables = set(sa.inspect(connection).get_table_names())
        assert [(r[0], bool(r[1]), bool(r[2]), bool(r[3])) for r in back] == [
            ("SC-AAAA-0001", False, False, True), ("SC-AAAA-0002", False, True, False),
        ]  # fmt: skip
        assert "consents" not in tables
