"""Data key rotation: `keys rotate` moves every stored ciphertext to the newest key."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from http import HTTPStatus

import pytest
import sqlalchemy as sa
import sqlalchemy.orm as so
from cryptography.fernet import Fernet
from flask import Flask

from complaints import create_app
from complaints.config import DEVELOPMENT_DATA_KEY, ConfigurationError, load_config
from complaints.extensions import db as _db
from complaints.intake import drafts
from complaints.keys_commands import ENCRYPTED_COLUMNS, rotate_column
from complaints.models import Attachment, AuditEvent, Draft, User
from complaints.rules.vocabulary import Role
from complaints.storage import Vault
from tests.conftest import config_for
from tests.web.filing import fill_form, post_step, submit
from tests.web.staff import make_staff, sign_in
from tests.web.test_intake_documents import PDF, upload

KEY_A = Fernet.generate_key().decode()
KEY_B = Fernet.generate_key().decode()
Snapshot = dict[tuple[str, int], bytes | str]


@contextmanager
def keyed_app(app: Flask, keys: str) -> Iterator[Flask]:
    """Another host on the test's database, configured with COMPLAINTS_DATA_KEY=`keys`."""
    other = create_app(
        config_for(app.config["SQLALCHEMY_DATABASE_URI"]) | {"COMPLAINTS_DATA_KEY": keys}
    )
    try:
        yield other
    finally:
        with other.app_context():
            _db.session.remove()
            _db.engine.dispose()


def snapshot(db: so.Session) -> Snapshot:
    """Every stored ciphertext, by table and row."""
    found: Snapshot = {}
    for column in ENCRYPTED_COLUMNS:
        rows = db.execute(sa.select(column.key, column.token).where(column.token.is_not(None)))
        found.update({(column.name, key): token for key, token in rows})
    return found


def run(host: Flask, *args: str):
    return host.test_cli_runner().invoke(args=list(args))


def audit_actions(db: so.Session) -> list[str]:
    return list(db.execute(sa.select(AuditEvent.action).order_by(AuditEvent.seq)).scalars())


@pytest.fixture
def written_under_a(app: Flask, db: so.Session) -> Iterator[str]:
    """A submitted case with a PDF, a half-written draft with a file, and an enrolled caseworker,
    all written by a host whose only key is A. Yields the case reference."""
    with keyed_app(app, KEY_A) as host:
        filer = host.test_client()
        fill_form(filer)
        assert upload(filer, (PDF, "detainer.pdf")).status_code == HTTPStatus.FOUND
        reference, _code = submit(filer)
        writer = host.test_client()
        post_step(writer, "who", {"filing_for": "myself", "identity": "named"})
        assert upload(writer, (PDF, "notice.pdf")).status_code == HTTPStatus.FOUND
        make_staff(host, db, Role.CASEWORKER)
    stored = snapshot(db)
    assert {table for table, _key in stored} == {
        "attachment_contents",
        "drafts",
        "draft_files",
        "users",
    }
    assert all(Vault(KEY_A).is_current(_as_bytes(token)) for token in stored.values())
    yield reference


def _as_bytes(token: bytes | str) -> bytes:
    return token.encode() if isinstance(token, str) else token


def test_rotation_moves_everything_to_the_new_key(
    app: Flask, db: so.Session, written_under_a: str
) -> None:
    before = snapshot(db)
    with keyed_app(app, f"{KEY_B},{KEY_A}") as both:
        result = run(both, "keys", "rotate", "--batch-size", "1")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "attachment_contents: 1 rotated, 0 already current, 0 unreadable, 0 changed meanwhile",
        "drafts: 1 rotated, 0 already current, 0 unreadable, 0 changed meanwhile",
        "draft_files: 1 rotated, 0 already current, 0 unreadable, 0 changed meanwhile",
        "users: 1 rotated, 0 already current, 0 unreadable, 0 changed meanwhile",
        "Every stored value is under the newest key; older keys may now be removed.",
    ]
    after = snapshot(db)
    assert after.keys() == before.keys()
    new_only = Vault(KEY_B)
    for row, token in after.items():
        assert token != before[row], row
        assert new_only.decrypt(_as_bytes(token)) == Vault(KEY_A).decrypt(_as_bytes(before[row]))

    # Key A is gone: every host now has only B, and nothing is lost.
    with keyed_app(app, KEY_B) as host:
        draft = db.execute(sa.select(Draft)).scalar_one()
        assert drafts.read_answers(draft, host.extensions["vault"])["who"]["filing_for"] == [
            "myself"
        ]
        staff = host.test_client()
        user = db.execute(sa.select(User)).scalar_one()
        sign_in(staff, user)  # the authenticator secret opens with B
        attachment = db.execute(sa.select(Attachment)).scalar_one()
        response = staff.get(f"/staff/cases/{written_under_a}/attachments/{attachment.id}")
        assert response.status_code == HTTPStatus.OK
        assert response.data == PDF
        verify = run(host, "audit", "verify")
    assert verify.exit_code == 0, verify.output
    event = db.execute(
        sa.select(AuditEvent).where(AuditEvent.action == "keys.rotated")
    ).scalar_one()
    assert event.actor_kind == "system"
    counts = {"rotated": 1, "current": 0, "unreadable": 0, "changed": 0}
    assert event.details == {
        "tables": dict.fromkeys(("attachment_contents", "drafts", "draft_files", "users"), counts)
    }


def test_rotating_twice_is_harmless(app: Flask, db: so.Session, written_under_a: str) -> None:
    with keyed_app(app, f"{KEY_B},{KEY_A}") as both:
        assert run(both, "keys", "rotate").exit_code == 0
        rotated = snapshot(db)
        again = run(both, "keys", "rotate")
        verify = run(both, "audit", "verify")
    assert again.exit_code == 0, again.output
    assert "users: 0 rotated, 1 already current, 0 unreadable, 0 changed meanwhile" in (
        again.output
    )
    assert "attachment_contents: 0 rotated, 1 already current" in again.output
    assert snapshot(db) == rotated  # nothing rewritten
    assert audit_actions(db)[-2:] == ["keys.rotated", "keys.rotated"]
    assert verify.exit_code == 0, verify.output


def test_a_dry_run_counts_and_changes_nothing(
    app: Flask, db: so.Session, written_under_a: str
) -> None:
    before = snapshot(db)
    events = audit_actions(db)
    with keyed_app(app, f"{KEY_B},{KEY_A}") as both:
        result = run(both, "keys", "rotate", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "drafts: 1 to rotate, 0 already current, 0 unreadable, 0 changed meanwhile" in (
        result.output
    )
    assert result.output.splitlines()[-1] == "Dry run: nothing was changed."
    assert snapshot(db) == before
    assert audit_actions(db) == events


def test_without_the_old_key_nothing_is_touched_and_the_run_fails(
    app: Flask, db: so.Session, written_under_a: str
) -> None:
    before = snapshot(db)
    with keyed_app(app, KEY_B) as new_only:
        result = run(new_only, "keys", "rotate")
    assert result.exit_code == 1
    assert "users: 0 rotated, 0 already current, 1 unreadable, 0 changed meanwhile" in (
        result.output
    )
    assert "4 stored values open with none of the listed keys" in result.output
    assert snapshot(db) == before
    assert audit_actions(db)[-1] == "keys.rotated"  # the attempt is on record


class _EditsWhileRotating(Vault):
    """Simulates a filer saving their draft between the rotation's read and its write."""

    def __init__(self, keys: str, session: so.Session) -> None:
        super().__init__(keys)
        self.session = session

    def rotate(self, token: bytes) -> bytes:
        fresh = super().rotate(token)
        answers = self.encrypt(json.dumps({"who": {"filing_for": ["someone_else"]}}).encode())
        self.session.execute(sa.update(Draft).values(answers=answers))
        return fresh


def test_a_row_changed_meanwhile_is_not_overwritten(
    app: Flask, db: so.Session, written_under_a: str
) -> None:
    with keyed_app(app, f"{KEY_B},{KEY_A}") as both, both.app_context():
        vault = _EditsWhileRotating(f"{KEY_B},{KEY_A}", _db.session)
        drafts_column = next(column for column in ENCRYPTED_COLUMNS if column.name == "drafts")
        counts = rotate_column(_db.session, vault, drafts_column, batch_size=10, dry_run=False)
    assert (counts.rotated, counts.changed) == (0, 1)
    draft = db.execute(sa.select(Draft)).scalar_one()
    assert drafts.read_answers(draft, Vault(KEY_B))["who"]["filing_for"] == ["someone_else"]


def test_keys_generate_prints_a_fresh_fernet_key(cli) -> None:
    first, second = (cli.invoke(args=["keys", "generate"]) for _run in range(2))
    assert first.exit_code == 0
    key = first.output.strip()
    assert Vault(key).decrypt(Vault(key).encrypt(b"x")) == b"x"
    assert key != second.output.strip()


PRODUCTION = {"COMPLAINTS_ENV": "production", "SECRET_KEY": "s" * 48,
              "COMPLAINTS_CODE_KEY": "k" * 40, "COMPLAINTS_MAIL_BACKEND": "off"}  # fmt: skip


@pytest.mark.parametrize(
    "keys",
    [f"{KEY_B},{DEVELOPMENT_DATA_KEY}", f"{DEVELOPMENT_DATA_KEY},{KEY_B}", " , "],
    ids=["old", "newest", "blank"],
)
def test_production_refuses_the_development_key_anywhere_in_the_list(keys: str) -> None:
    with pytest.raises(ConfigurationError, match="COMPLAINTS_DATA_KEY") as caught:
        load_config(PRODUCTION | {"COMPLAINTS_DATA_KEY": keys})
    assert KEY_B not in str(caught.value)


def test_production_accepts_two_real_keys() -> None:
    config = load_config(PRODUCTION | {"COMPLAINTS_DATA_KEY": f"{KEY_B}, {KEY_A}"})
    assert config["COMPLAINTS_DATA_KEY"] == f"{KEY_B}, {KEY_A}"
