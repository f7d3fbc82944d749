"""Revision 0013: the ticked ways (people.contact_methods) become per-channel flags, the free-text
note stays as the other instructions, and the ways come back on downgrade."""

from __future__ import annotations

import json

import sqlalchemy as sa
from flask import Flask
from flask_migrate import downgrade, upgrade

from complaints.extensions import db
from tests.migrations.test_consent_migration import filler, migration_app  # noqa: F401
from tests.migrations.test_migrations import MIGRATIONS

# (reference, contact_methods, safe_contact) as the columns held them before 0013.
OLD = [("SC-AAAA-0001", ["text", "mail"], "Only after 6 pm"), ("SC-AAAA-0002", [], None)]


def insert_old_people(connection: sa.Connection) -> None:
    metadata = sa.MetaData()
    cases = sa.Table("cases", metadata, autoload_with=connection)
    people = sa.Table("people", metadata, autoload_with=connection)

    def required(table: sa.Table) -> dict[str, object]:
        return {column.name: filler(column) for column in table.columns
                if not column.nullable and column.server_default is None
                and not column.primary_key}  # fmt: skip

    for reference, methods, note in OLD:
        case_id = connection.execute(cases.insert().values(required(cases) | {
            "reference": reference, "status": "new", "language": "es", "channel": "web",
            "identity_level": "confidential"})).inserted_primary_key[0]  # fmt: skip
        connection.execute(people.insert().values(required(people) | {
            "case_id": case_id, "detained_now": "unknown", "contact_methods": methods,
            "safe_contact": note}))  # fmt: skip


def test_contact_methods_become_flags_and_come_back(migration_app: Flask) -> None:  # noqa: F811
    flags = "safe_call, safe_text, safe_voicemail, safe_email, safe_mail, shared_phone"
    with migration_app.app_context():
        upgrade(directory=MIGRATIONS, revision="0012")
        with db.engine.begin() as connection:
            insert_old_people(connection)
        upgrade(directory=MIGRATIONS, revision="0013")
        with db.engine.connect() as connection:
            rows = connection.execute(sa.text(
                f"SELECT cases.reference, {flags}, best_hours, safe_contact FROM people "
                "JOIN cases ON cases.id = people.case_id ORDER BY cases.reference"
            )).all()  # fmt: skip
        assert [(row[0], *map(bool, row[1:7]), row[7], row[8]) for row in rows] == [
            ("SC-AAAA-0001", False, True, False, False, True, False, None, "Only after 6 pm"),
            ("SC-AAAA-0002", False, False, False, False, False, False, None, None),
        ]
        downgrade(directory=MIGRATIONS, revision="0012")
        with db.engine.connect() as connection:
            back = connection.execute(sa.text(
                "SELECT contact_methods, safe_contact FROM people ORDER BY id")).all()  # fmt: skip
        methods = [value if isinstance(value, list) else json.loads(value) for value, _ in back]
        assert methods == [["text", "mail"], []]
        assert back[0][1] == "Only after 6 pm"
