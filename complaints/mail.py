"""Outgoing mail: the complaint receipt, sent in the background so a submission never waits on it.

A view commits the case, builds the message with `receipt_message` and hands it to `send_later`;
from then on nothing about mail can slow down or fail the request. Logs name a failure's type only:
an address or a case number in a log would be personal data kept where nobody reviews it.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from threading import Lock
from typing import Any

from flask import Flask, current_app, render_template
from flask_babel import force_locale, gettext

from complaints.config import ConfigurationError
from complaints.locales import BY_CODE

log = logging.getLogger(__name__)
EXTENSION_KEY = "complaints_mail"
BACKENDS = ("smtp", "console", "off")


@dataclass(frozen=True)
class MailSettings:
    """The MAIL_* settings, copied at send time so the worker thread needs no app context."""

    backend: str
    server: str
    port: int
    use_tls: bool
    use_ssl: bool
    username: str
    password: str
    timeout: float

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> MailSettings:
        return cls(
            backend=config["MAIL_BACKEND"],
            server=config["MAIL_SERVER"],
            port=int(config["MAIL_PORT"]),
            use_tls=bool(config["MAIL_USE_TLS"]),
            use_ssl=bool(config["MAIL_USE_SSL"]),
            username=config["MAIL_USERNAME"],
            password=config["MAIL_PASSWORD"],
            timeout=float(config["MAIL_TIMEOUT_SECONDS"]),
        )


class MailSender:
    """One worker thread delivering messages in order; tracks what is still pending for `flush`."""

    def __init__(self) -> None:
        # The thread starts on the first message, so apps that never send mail never start one.
        # Executor threads are joined at interpreter exit, so queued receipts still go out.
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="complaints-mail")
        self._pending: set[Future[None]] = set()
        self._lock = Lock()

    def submit(self, message: EmailMessage, settings: MailSettings) -> None:
        future = self._executor.submit(deliver, message, settings)
        with self._lock:
            self._pending.add(future)
        future.add_done_callback(self._forget)

    def _forget(self, future: Future[None]) -> None:
        with self._lock:
            self._pending.discard(future)

    def flush(self, timeout: float) -> None:
        with self._lock:
            pending = list(self._pending)
        wait(pending, timeout=timeout)


def init_mail(app: Flask) -> None:
    """Give `app` its background mail sender; raise ConfigurationError on an unknown backend."""
    if app.config["MAIL_BACKEND"] not in BACKENDS:
        raise ConfigurationError(f"MAIL_BACKEND must be one of {', '.join(BACKENDS)}")
    app.extensions[EXTENSION_KEY] = MailSender()


def receipt_message(*, to: str, reference: str, followup_url: str, locale: str) -> EmailMessage:
    """The receipt for a newly filed case, in the filer's language (English when unknown).

    It carries the case reference and where to follow the case, never the follow-up code: mail
    may be read by others, and the code alone would open the case. Needs an app context.
    """
    config = current_app.config
    language = BY_CODE[locale].babel_id if locale in BY_CODE else "en"
    with force_locale(language):
        subject = gettext("We received your complaint (case %(reference)s)", reference=reference)
        body = render_template(
            "mail/receipt.txt",
            reference=reference,
            followup_url=followup_url,
            operator_name=config["OPERATOR_NAME"],
            operator_phone=config["OPERATOR_PHONE"],
            operator_email=config["OPERATOR_EMAIL"],
        )
    return plain_message(to=to, subject=subject, body=body, language=language)


def plain_message(*, to: str, subject: str, body: str, language: str) -> EmailMessage:
    """A plain-text UTF-8 message from MAIL_FROM, marked as automatic. Needs an app context."""
    sender = current_app.config["MAIL_FROM"]
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = sender
    message["To"] = to
    message["Date"] = format_datetime(datetime.now(UTC))
    # An explicit domain: make_msgid would otherwise look up this host's name, which can stall.
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or "localhost")
    # RFC 3834: an automatic message, so vacation responders do not answer it.
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(body, charset="utf-8")
    # After set_content, which clears every Content-* header.
    message["Content-Language"] = language
    return message


def send_later(message: EmailMessage) -> None:
    """Queue `message` for delivery and return at once; never raises. Needs an app context."""
    try:
        settings = MailSettings.from_config(current_app.config)
        if settings.backend == "off":
            return
        current_app.extensions[EXTENSION_KEY].submit(message, settings)
    except Exception as error:
        log.warning("Mail not queued: %s", type(error).__name__)


def flush_mail(app: Flask, timeout: float = 5.0) -> None:
    """Wait up to `timeout` seconds for queued mail to be delivered or to fail."""
    app.extensions[EXTENSION_KEY].flush(timeout)


def deliver(message: EmailMessage, settings: MailSettings) -> None:
    """Send one message with `settings` (runs on the worker thread); log failures, never raise."""
    try:
        if settings.backend == "console":
            # Development only: showing the address here is fine; it never happens in production.
            log.info(
                "Mail (console, not sent)\nTo: %s\nSubject: %s\n\n%s",
                message["To"],
                message["Subject"],
                message.get_content(),
            )
        elif settings.backend == "smtp":
            send_smtp(message, settings)
    except Exception as error:
        # The type only: SMTP errors and tracebacks can quote the recipient's address.
        log.warning("Mail not sent: %s", type(error).__name__)


def send_smtp(message: EmailMessage, settings: MailSettings) -> None:
    """Deliver through the configured SMTP server; raises smtplib.SMTPException or OSError."""
    smtp: smtplib.SMTP
    if settings.use_ssl:
        smtp = smtplib.SMTP_SSL(
            settings.server,
            settings.port,
            timeout=settings.timeout,
            context=ssl.create_default_context(),
        )
    else:
        smtp = smtplib.SMTP(settings.server, settings.port, timeout=settings.timeout)
    with smtp:
        if settings.use_tls and not settings.use_ssl:
            smtp.starttls(context=ssl.create_default_context())
        if settings.username:
            smtp.login(settings.username, settings.password)
        smtp.send_message(message)
