"""Receipt mail: what a filer receives, through a real local SMTP server, and what never blocks."""

from __future__ import annotations

import asyncio
import email
import email.policy
import logging
import re
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from flask import Flask

from complaints import create_app
from complaints.config import ConfigurationError
from complaints.extensions import babel
from complaints.mail import flush_mail, receipt_message, send_later
from tests.conftest import config_for

TO = "filer@example.net"
REFERENCE = "SC-7Q4K-M2XD"
FOLLOWUP_URL = "https://complaints.example.org/follow-up"
# Shaped like a real follow-up code; it is never given to the mail code, so it must never appear.
FOLLOWUP_CODE = "7Q4K-M2XD-3HJ8-PW5R-T6NB"
CODE_SHAPE = re.compile(r"\b[0-9A-Z]{4}(?:-[0-9A-Z]{4}){4}\b")


class Inbox:
    """An aiosmtpd handler that keeps every message it accepts."""

    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay
        self.envelopes: list[Envelope] = []

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        await asyncio.sleep(self.delay)
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    def messages(self) -> list[EmailMessage]:
        return [
            email.message_from_bytes(envelope.content, policy=email.policy.default)
            for envelope in self.envelopes
        ]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def start_server(handler: Inbox, **smtp_options: object) -> Iterator[Controller]:
    controller = Controller(handler, hostname="127.0.0.1", port=free_port(), **smtp_options)
    controller.start()
    try:
        yield controller
    finally:
        controller.stop()


@pytest.fixture
def inbox(app: Flask) -> Iterator[Inbox]:
    """A real SMTP server on a free local port, with `app` configured to send through it."""
    handler = Inbox()
    with start_server(handler) as controller:
        app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port)
        yield handler


def send_receipt(app: Flask, locale: str = "en") -> None:
    with app.app_context():
        send_later(
            receipt_message(to=TO, reference=REFERENCE, followup_url=FOLLOWUP_URL, locale=locale)
        )


def app_with_catalogs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Flask:
    """An app reading translations from `tmp_path`.

    Flask-Babel caches catalogs by locale on the one shared extension object, so the test gets an
    empty cache of its own and cannot see, or leave behind, another test's catalogs.
    """
    monkeypatch.setattr(babel.domain_instance, "cache", {})
    config = config_for(f"sqlite:///{tmp_path / 'test.db'}")
    return create_app({**config, "BABEL_TRANSLATION_DIRECTORIES": str(tmp_path / "translations")})


def test_every_app_gets_a_mail_sender(app: Flask) -> None:
    assert "complaints_mail" in app.extensions


def test_an_unknown_mail_backend_stops_the_app_starting(tmp_path: Path) -> None:
    config = config_for(f"sqlite:///{tmp_path / 'test.db'}")
    with pytest.raises(ConfigurationError, match="MAIL_BACKEND"):
        create_app({**config, "MAIL_BACKEND": "pigeon"})


def test_receipt_arrives_with_case_number_and_follow_up_address(app: Flask, inbox: Inbox) -> None:
    send_receipt(app)
    flush_mail(app)

    [envelope] = inbox.envelopes
    assert envelope.rcpt_tos == [TO]
    assert envelope.mail_from == app.config["MAIL_FROM"]
    [message] = inbox.messages()
    assert message["To"] == TO
    assert message["From"] == app.config["MAIL_FROM"]
    assert message["Subject"] == f"We received your complaint (case {REFERENCE})"
    assert message["Content-Language"] == "en"
    assert message.get_content_type() == "text/plain"
    assert message.get_content_charset() == "utf-8"
    body = message.get_content()
    assert f"Your case number is {REFERENCE}." in body
    assert FOLLOWUP_URL in body
    assert app.config["OPERATOR_PHONE"] in body
    assert app.config["OPERATOR_EMAIL"] in body


def test_receipt_explains_the_code_but_never_carries_one(app: Flask, inbox: Inbox) -> None:
    send_receipt(app)
    flush_mail(app)

    [message] = inbox.messages()
    body = message.get_content()
    assert "That code is not in this email, on purpose" in body
    assert "Nobody can recover it for you." in body
    assert FOLLOWUP_CODE not in message.as_string()
    assert CODE_SHAPE.search(body) is None


def test_sending_does_not_wait_for_a_slow_server(app: Flask, inbox: Inbox) -> None:
    inbox.delay = 1.0

    started = time.perf_counter()
    send_receipt(app)
    assert time.perf_counter() - started < 0.5
    assert inbox.envelopes == []

    flush_mail(app)
    assert len(inbox.envelopes) == 1


def test_a_server_that_is_down_neither_blocks_nor_raises(
    app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    # Bound but never listening, so the port is closed for the whole test.
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        app.config.update(
            MAIL_BACKEND="smtp",
            MAIL_SERVER="127.0.0.1",
            MAIL_PORT=closed.getsockname()[1],
            MAIL_TIMEOUT_SECONDS=5,
        )
        caplog.set_level(logging.WARNING, logger="complaints.mail")

        started = time.perf_counter()
        send_receipt(app)
        assert time.perf_counter() - started < 0.5
        flush_mail(app)

    [record] = [record for record in caplog.records if record.name == "complaints.mail"]
    assert record.getMessage() == "Mail not sent: ConnectionRefusedError"
    assert "@" not in caplog.text
    assert REFERENCE not in caplog.text


def test_logs_in_when_a_username_is_set(app: Flask) -> None:
    logins: list[LoginPassword] = []

    def authenticator(
        server: SMTP, session: Session, envelope: Envelope, mechanism: str, auth_data: object
    ) -> AuthResult:
        assert isinstance(auth_data, LoginPassword)
        logins.append(auth_data)
        return AuthResult(success=True)

    handler = Inbox()
    with start_server(handler, authenticator=authenticator, auth_require_tls=False) as controller:
        app.config.update(
            MAIL_BACKEND="smtp",
            MAIL_SERVER="127.0.0.1",
            MAIL_PORT=controller.port,
            MAIL_USERNAME="intake",
            MAIL_PASSWORD="s3cret",
        )
        send_receipt(app)
        flush_mail(app)

    assert logins == [LoginPassword(b"intake", b"s3cret")]
    assert len(handler.envelopes) == 1


def test_off_backend_sends_nothing(app: Flask, inbox: Inbox) -> None:
    app.config["MAIL_BACKEND"] = "off"
    send_receipt(app)
    flush_mail(app)
    assert inbox.envelopes == []


def test_console_backend_logs_the_message_instead_of_sending(
    app: Flask, inbox: Inbox, caplog: pytest.LogCaptureFixture
) -> None:
    app.config["MAIL_BACKEND"] = "console"
    caplog.set_level(logging.INFO, logger="complaints.mail")

    send_receipt(app)
    flush_mail(app)

    assert inbox.envelopes == []
    [record] = [record for record in caplog.records if record.name == "complaints.mail"]
    assert record.levelno == logging.INFO
    text = record.getMessage()
    assert f"To: {TO}" in text
    assert f"Your case number is {REFERENCE}." in text
    assert FOLLOWUP_URL in text


def test_receipt_is_in_the_filers_language(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    catalog = Catalog(locale="es")
    catalog.add(
        "We received your complaint (case %(reference)s)",
        "Recibimos su queja (caso %(reference)s)",
    )
    catalog.add("Your case number is %(reference)s.", "Su número de caso es %(reference)s.")
    folder = tmp_path / "translations" / "es" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "messages.mo").open("wb") as mo_file:
        write_mo(mo_file, catalog)
    app = app_with_catalogs(tmp_path, monkeypatch)

    with app.app_context():
        message = receipt_message(
            to=TO, reference=REFERENCE, followup_url=FOLLOWUP_URL, locale="es"
        )

    assert message["Subject"] == f"Recibimos su queja (caso {REFERENCE})"
    assert message["Content-Language"] == "es"
    assert f"Su número de caso es {REFERENCE}." in message.get_content()


@pytest.mark.parametrize(("locale", "language"), [("es", "es"), ("xx", "en")])
def test_receipt_falls_back_to_english_without_a_catalog(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, locale: str, language: str
) -> None:
    app = app_with_catalogs(tmp_path, monkeypatch)

    with app.app_context():
        message = receipt_message(
            to=TO, reference=REFERENCE, followup_url=FOLLOWUP_URL, locale=locale
        )

    assert message["Subject"] == f"We received your complaint (case {REFERENCE})"
    assert message["Content-Language"] == language
    assert f"Your case number is {REFERENCE}." in message.get_content()
