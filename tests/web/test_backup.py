"""Backups and the restore drill: every row comes back, a live backup is consistent, and a
tampered or foreign file is refused before anything is replaced."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import Flask

from complaints import create_app
from complaints.audit import record
from complaints.backup import file_sha256, libpq_arguments, manifest_path
from complaints.extensions import db as _db
from complaints.models import (
    Attachment,
    AttachmentContent,
    AuditEvent,
    Case,
    Charge,
    Detention,
    Filer,
    Message,
    Note,
    RedressAction,
)
from complaints.rules.vocabulary import (
    Answer,
    ChargeOutcome,
    ChargeSeverity,
    FilerRelationship,
    MessageAuthor,
    RedressKind,
    Role,
)
from tests.conftest import POSTGRES_URL, config_for
from tests.factories import make_case, make_user
from tests.web.snapshot import every_row

KIND = "postgresql" if POSTGRES_URL else "sqlite"
OTHER_KIND = "sqlite" if POSTGRES_URL else "postgresql"


def fill(app: Flask, db: so.Session, cases: int = 3) -> None:
    """Cases with every part a case can have, a staff member, and their audit events."""
    user = make_user(db, Role.CASEWORKER)
    for number in range(cases):
        case = make_case(db, state="TX", county="El Paso", narrative=f"Story {number}.")
        case.filer = Filer(relationship=FilerRelationship.FAMILY, name="Ana López")
        case.detention = Detention(
            detainer_issued=Answer.YES, eligible_for_release_at=datetime(2026, 3, 1, tzinfo=UTC)
        )
        case.charges.append(
            Charge(
                offence="Broken tail light",
                severity=ChargeSeverity.TRAFFIC,
                outcome=ChargeOutcome.DISMISSED,
            )
        )
        case.notes.append(Note(author=user, body="Called the jail."))
        case.messages.append(Message(author=MessageAuthor.STAFF, body="We are on it."))
        case.redress_actions.append(
            RedressAction(kind=RedressKind.REFER_CRCL, target="CRCL", taken_on=date(2026, 3, 5))
        )
        attachment = Attachment(
            original_name="bail-receipt.pdf",
            detected_type="application/pdf",
            size=4,
            sha256="0" * 64,
            uploaded_by=MessageAuthor.COMPLAINANT,
        )
        attachment.content = AttachmentContent(ciphertext=app.extensions["vault"].encrypt(b"%PDF"))
        case.attachments.append(attachment)
        record(db, "case.created", actor_kind="complainant", case=case)
        record(db, "case.viewed", actor=user, case=case)
    db.commit()


@pytest.fixture
def target(empty_database: str) -> Iterator[Flask]:
    """The app of a second, empty database, to restore into as onto a new server."""
    application = create_app(config_for(empty_database))
    yield application
    with application.app_context():
        _db.session.remove()
        _db.engine.dispose()


def engine_of(application: Flask) -> sa.Engine:
    with application.app_context():
        return _db.engine


def test_restore_brings_back_every_row_as_it_was_at_backup_time(
    app: Flask, cli, db: so.Session, engine: sa.Engine, tmp_path: Path
) -> None:
    fill(app, db)
    at_backup = every_row(engine)
    backup = tmp_path / "nightly.backup"
    created = cli.invoke(args=["backup", "create", str(backup)])
    assert created.exit_code == 0, created.output
    assert "López" not in created.output and "Story" not in created.output
    # Afterwards rows are changed, deleted and added, by hand and through the audit trail.
    first, second = db.execute(sa.select(Case).order_by(Case.id).limit(2)).scalars()
    first.narrative = "Changed after the backup."
    first.person.given_name = "Someone else"
    second.notes.clear()
    second.filer = None
    db.execute(sa.delete(AttachmentContent))
    db.execute(sa.delete(Attachment))
    make_case(db)
    record(db, "case.viewed", case=first)
    db.commit()
    db.close()
    assert every_row(engine) != at_backup

    refused = cli.invoke(args=["backup", "restore", str(backup)])
    assert refused.exit_code == 1
    assert "run again with --yes" in refused.output
    assert every_row(engine) != at_backup  # nothing was replaced without --yes

    restored = cli.invoke(args=["backup", "restore", str(backup), "--yes"])
    assert restored.exit_code == 0, restored.output
    assert "Row counts match the manifest" in restored.output
    assert "Audit chain intact: 6 events." in restored.output  # two per case
    assert every_row(engine) == at_backup


def test_a_backup_restores_into_an_empty_database(
    app: Flask, cli, db: so.Session, engine: sa.Engine, target: Flask, tmp_path: Path
) -> None:
    fill(app, db)
    backup = tmp_path / "offsite.backup"
    assert cli.invoke(args=["backup", "create", str(backup)]).exit_code == 0

    result = target.test_cli_runner().invoke(args=["backup", "restore", str(backup), "--yes"])

    assert result.exit_code == 0, result.output
    assert "Audit chain intact: 6 events." in result.output
    assert every_row(engine_of(target)) == every_row(engine)


def test_the_manifest_describes_the_backup(
    app: Flask, cli, db: so.Session, engine: sa.Engine, tmp_path: Path
) -> None:
    fill(app, db, cases=2)
    with engine.begin() as connection:
        connection.execute(sa.text("CREATE TABLE alembic_version (version_num VARCHAR(32))"))
        connection.execute(sa.text("INSERT INTO alembic_version VALUES ('0007')"))
    backup = tmp_path / "described.backup"
    try:
        assert cli.invoke(args=["backup", "create", str(backup)]).exit_code == 0
    finally:
        with engine.begin() as connection:
            connection.execute(sa.text("DROP TABLE alembic_version"))

    manifest = json.loads(manifest_path(backup).read_text())
    assert manifest["database"] == KIND
    assert manifest["alembic_revision"] == "0007"
    assert manifest["sha256"] == file_sha256(backup)
    assert manifest["size"] == backup.stat().st_size
    assert backup.stat().st_mode & 0o777 == 0o600  # it holds everyone's personal data
    assert abs(datetime.fromisoformat(manifest["created_at"]) - datetime.now(UTC)).seconds < 60
    expected = {table: len(rows) for table, rows in every_row(engine).items()}
    expected["alembic_version"] = 1
    assert manifest["row_counts"] == expected
    assert manifest["row_counts"]["cases"] == 2 and manifest["row_counts"]["attachments"] == 2


def test_a_backup_taken_while_cases_keep_arriving_is_consistent(
    app: Flask, cli, db: so.Session, engine: sa.Engine, target: Flask, tmp_path: Path
) -> None:
    fill(app, db, cases=1)
    stop, filed = threading.Event(), []

    def keep_filing() -> None:
        with app.app_context():
            while not stop.is_set():
                case = make_case(_db.session)
                record(_db.session, "case.created", actor_kind="complainant", case=case)
                _db.session.commit()  # the case and its event commit together, or neither
                filed.append(case.id)
            _db.session.remove()

    writer = threading.Thread(target=keep_filing)
    writer.start()
    try:
        while len(filed) < 20 and writer.is_alive():
            stop.wait(0.01)
        backup = tmp_path / "live.backup"
        created = cli.invoke(args=["backup", "create", str(backup)])
        filed_at_backup_end = len(filed)
        while len(filed) < filed_at_backup_end + 20 and writer.is_alive():
            stop.wait(0.01)
    finally:
        stop.set()
        writer.join()
    assert created.exit_code == 0, created.output

    result = target.test_cli_runner().invoke(args=["backup", "restore", str(backup), "--yes"])

    assert result.exit_code == 0, result.output
    assert "Audit chain intact" in result.output
    manifest = json.loads(manifest_path(backup).read_text())
    with engine_of(target).connect() as connection:
        cases = connection.execute(sa.select(sa.func.count()).select_from(Case)).scalar_one()
        created_events = connection.execute(
            sa.select(sa.func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "case.created")
        ).scalar_one()
    assert cases == created_events == manifest["row_counts"]["cases"]
    assert 1 + 20 <= cases < 1 + len(filed)  # writes went on during and after the backup


def test_a_tampered_backup_is_refused_and_nothing_is_replaced(
    app: Flask, cli, db: so.Session, engine: sa.Engine, tmp_path: Path
) -> None:
    fill(app, db)
    backup = tmp_path / "tampered.backup"
    assert cli.invoke(args=["backup", "create", str(backup)]).exit_code == 0
    make_case(db)
    db.commit()
    db.close()
    now = every_row(engine)
    data = bytearray(backup.read_bytes())
    data[len(data) // 2] ^= 0xFF
    backup.write_bytes(bytes(data))

    result = cli.invoke(args=["backup", "restore", str(backup), "--yes"])

    assert result.exit_code == 1
    assert "does not match its manifest" in result.output
    assert every_row(engine) == now


def test_a_file_of_another_kind_is_refused(
    app: Flask, cli, db: so.Session, engine: sa.Engine, tmp_path: Path
) -> None:
    fill(app, db, cases=1)
    backup = tmp_path / "real.backup"
    assert cli.invoke(args=["backup", "create", str(backup)]).exit_code == 0
    manifest = json.loads(manifest_path(backup).read_text())
    before = every_row(engine)

    manifest_path(backup).write_text(json.dumps(manifest | {"database": OTHER_KIND}))
    other = cli.invoke(args=["backup", "restore", str(backup), "--yes"])
    assert other.exit_code == 1
    assert f"This is a backup of a {OTHER_KIND} database; this app uses {KIND}." in other.output

    # A file that is no backup at all, with a manifest that matches it byte for byte.
    stray = tmp_path / "notes.txt"
    stray.write_text("not a database\n")
    manifest_path(stray).write_text(
        json.dumps(manifest | {"sha256": file_sha256(stray), "size": stray.stat().st_size})
    )
    foreign = cli.invoke(args=["backup", "restore", str(stray), "--yes"])
    assert foreign.exit_code == 1
    assert f"is not a {KIND} backup" in foreign.output

    unlisted = tmp_path / "copied-without-manifest.backup"
    unlisted.write_bytes(backup.read_bytes())
    missing = cli.invoke(args=["backup", "restore", str(unlisted), "--yes"])
    assert missing.exit_code == 1
    assert "is missing or unreadable" in missing.output
    assert every_row(engine) == before


def test_create_never_overwrites_a_file(cli, tmp_path: Path) -> None:
    existing = tmp_path / "keep.backup"
    existing.write_bytes(b"an older backup")
    result = cli.invoke(args=["backup", "create", str(existing)])
    assert result.exit_code == 1
    assert "exists already" in result.output
    assert existing.read_bytes() == b"an older backup"


def test_the_postgres_url_loses_its_driver_and_password() -> None:
    url = sa.make_url("postgresql+psycopg://app:s3cret@db.internal:5433/complaints?sslmode=require")
    conninfo, env = libpq_arguments(url)
    assert conninfo == "postgresql://app@db.internal:5433/complaints?sslmode=require"
    assert env["PGPASSWORD"] == "s3cret"
