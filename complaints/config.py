"""Settings read from the environment, with safe, documented defaults.

Every setting is listed in the README. Development defaults let `make run` work with nothing set;
production mode (`COMPLAINTS_ENV=production`) refuses to start on any development secret.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from complaints import sqlite_writers

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = PROJECT_ROOT / "instance"

DEVELOPMENT_SECRET_KEY = "development-only-secret-key-never-use-in-production"
# A valid Fernet key (32 zero bytes, urlsafe base64) so development works without set-up.
DEVELOPMENT_DATA_KEY = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
DEVELOPMENT_CODE_KEY = "development-only-follow-up-code-key"

ENVIRONMENTS = ("development", "production", "testing")


class ConfigurationError(RuntimeError):
    """The settings cannot be used safely; the message says which one and why."""


def database_url(raw: str | None) -> str:
    """A SQLAlchemy URL: the SQLite file under `instance/` when unset, psycopg 3 for PostgreSQL."""
    if not raw:
        INSTANCE_DIR.mkdir(exist_ok=True)
        return f"sqlite:///{INSTANCE_DIR / 'complaints.db'}"
    for prefix in ("postgres://", "postgresql://"):
        if raw.startswith(prefix):
            return "postgresql+psycopg://" + raw.removeprefix(prefix)
    return raw


def data_keys(raw: str) -> list[str]:
    """The comma-separated Fernet keys of COMPLAINTS_DATA_KEY, newest first, blanks dropped."""
    return [part.strip() for part in raw.split(",") if part.strip()]


def ratelimit_storage_options(uri: str) -> dict[str, float]:
    """Short Redis timeouts, so a Redis that stops answering delays a request by a second at
    most before the in-memory fallback takes over (redis-py waits forever by default)."""
    if uri.startswith(("redis://", "rediss://", "redis+unix://")):
        return {"socket_connect_timeout": 1.0, "socket_timeout": 1.0}
    return {}


def retention_years(raw: str) -> int:
    """The retention period: a whole number of years, at least one (0 would empty every case)."""
    if not raw.strip().isdigit() or int(raw) < 1:
        raise ConfigurationError("COMPLAINTS_RETENTION_YEARS must be a whole number of years, >= 1")
    return int(raw)


def engine_options(url: str) -> dict[str, Any]:
    """Pool settings. On PostgreSQL a connection attempt gives up after 5 seconds, so a database
    host that drops packets makes pages and /healthz answer 503 instead of hanging. A database
    server's connections are checked before use once they have rested in the pool (a restarted
    server or a dropped link is then a fresh connection, not a failed page): see
    complaints/connection_checks.py, installed on the engine by `create_app`. A SQLite file has
    no link to lose: its connections are used as they are."""
    if url.startswith("sqlite"):
        # Several worker processes queue for their turn to write (complaints/sqlite_writers.py).
        return {"connect_args": sqlite_writers.connect_args(make_url(url).database)}
    options: dict[str, Any] = {}
    if url.startswith("postgresql"):
        options["connect_args"] = {"connect_timeout": 5}
    return options


def load_config(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Build the Flask config from environment variables (`os.environ` when not given).

    Raises ConfigurationError in production mode when a secret is missing or is a development value.
    """
    env = os.environ if environ is None else environ
    mode = env.get("COMPLAINTS_ENV", "development")
    if mode not in ENVIRONMENTS:
        raise ConfigurationError(f"COMPLAINTS_ENV must be one of {', '.join(ENVIRONMENTS)}")
    production = mode == "production"
    config: dict[str, Any] = {
        "COMPLAINTS_ENV": mode,
        "TESTING": mode == "testing",
        "SECRET_KEY": env.get("SECRET_KEY", DEVELOPMENT_SECRET_KEY),
        "COMPLAINTS_DATA_KEY": env.get("COMPLAINTS_DATA_KEY", DEVELOPMENT_DATA_KEY),
        "SQLALCHEMY_DATABASE_URI": database_url(env.get("DATABASE_URL")),
        "SQLALCHEMY_ENGINE_OPTIONS": engine_options(database_url(env.get("DATABASE_URL"))),
        # A read-only replica for report queries (complaints/reports/source.py); empty: primary.
        "REPORTS_DATABASE_URL": database_url(env["COMPLAINTS_REPORTS_DATABASE_URL"])
        if env.get("COMPLAINTS_REPORTS_DATABASE_URL")
        else "",
        "OPERATOR_NAME": env.get("COMPLAINTS_OPERATOR_NAME", "Secure Communities Complaint Line"),
        "OPERATOR_EMAIL": env.get("COMPLAINTS_OPERATOR_EMAIL", "help@example.org"),
        "OPERATOR_PHONE": env.get("COMPLAINTS_OPERATOR_PHONE", "+1 555 0100"),
        "OPERATOR_ADDRESS": env.get("COMPLAINTS_OPERATOR_ADDRESS", ""),
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI", "process-memory://"),
        # Reverse proxies in front of the app whose X-Forwarded-For/Proto/Host are trusted.
        "PROXY_HOPS": int(env.get("COMPLAINTS_PROXY_HOPS", "0")),
        # Several deployments may share one Redis: each counts under its own prefix.
        "RATELIMIT_KEY_PREFIX": env.get("COMPLAINTS_RATELIMIT_PREFIX", "complaints"),
        # If the shared store fails, each host goes on counting in its own memory (the same
        # limits, per host) and tries the store again later: never a 500, never unlimited.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_SWALLOW_ERRORS": True,
        "RATELIMIT_HEADERS_ENABLED": False,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_SECURE": production,
        "PREFERRED_URL_SCHEME": "https" if production else "http",
        # Five files of 10 MiB and the form around them.
        "MAX_CONTENT_LENGTH": int(env.get("COMPLAINTS_MAX_UPLOAD_BYTES", str(52 * 1024 * 1024))),
        "PERMANENT_SESSION_LIFETIME": 24 * 3600,
        # A frightened person may take hours to write: the CSRF token never expires mid-form.
        "WTF_CSRF_TIME_LIMIT": None,
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_TRANSLATION_DIRECTORIES": str(Path(__file__).parent / "translations"),
        "FACILITIES_CSV": env.get("COMPLAINTS_FACILITIES_CSV", ""),
        # Years after a case is finished before `retention run` removes its personal data.
        "COMPLAINTS_RETENTION_YEARS": retention_years(env.get("COMPLAINTS_RETENTION_YEARS", "7")),
        # Keys the HMAC of follow-up codes; rotating it makes every existing code stop working.
        "COMPLAINTS_CODE_KEY": env.get("COMPLAINTS_CODE_KEY", DEVELOPMENT_CODE_KEY),
        # Outgoing mail: "smtp", "console" (prints, the development default) or "off".
        "MAIL_BACKEND": env.get(
            "COMPLAINTS_MAIL_BACKEND",
            "smtp" if env.get("MAIL_SERVER") else ("off" if production else "console"),
        ),
        "MAIL_SERVER": env.get("MAIL_SERVER", "localhost"),
        "MAIL_PORT": int(env.get("MAIL_PORT", "25")),
        "MAIL_USE_TLS": env.get("MAIL_USE_TLS", "false").lower() == "true",  # STARTTLS
        "MAIL_USE_SSL": env.get("MAIL_USE_SSL", "false").lower() == "true",
        "MAIL_USERNAME": env.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": env.get("MAIL_PASSWORD", ""),
        "MAIL_FROM": env.get("MAIL_FROM", "no-reply@example.org"),
        # The office's time zone: report months begin and end at its midnights.
        "OPERATOR_TIME_ZONE": env.get("COMPLAINTS_TIME_ZONE", "America/New_York"),
        # Where this service is reached from outside, for links in mail sent by CLI commands.
        "BASE_URL": env.get("COMPLAINTS_BASE_URL", "http://127.0.0.1:5000"),
        # On-duty caseworkers told at once when a critical complaint arrives (comma-separated).
        "DUTY_EMAILS": env.get("COMPLAINTS_DUTY_EMAILS", ""),
        "MAIL_TIMEOUT_SECONDS": float(env.get("MAIL_TIMEOUT_SECONDS", "10")),
        # Public submissions per IP; generous so an advocate can file for several clients.
        "INTAKE_SUBMIT_LIMIT": env.get("COMPLAINTS_SUBMIT_LIMIT", "30 per hour"),
        "FOLLOWUP_ATTEMPT_LIMIT": env.get("COMPLAINTS_FOLLOWUP_LIMIT", "10 per 15 minutes"),
        # Per partner key, across every API endpoint.
        "API_KEY_LIMIT": env.get("COMPLAINTS_API_LIMIT", "300 per minute"),
        # Searches of the jail directory per IP: one per pause in typing, several per name.
        "FACILITY_SEARCH_LIMIT": env.get("COMPLAINTS_FACILITY_SEARCH_LIMIT", "120 per minute"),
        # Staff sign-in attempts per IP address, on top of the per-account lockout.
        "STAFF_LOGIN_LIMIT": env.get("COMPLAINTS_LOGIN_LIMIT", "30 per 15 minutes"),
        # Two-factor sign-in for staff: on by default everywhere but development.
        "COMPLAINTS_REQUIRE_2FA": env.get(
            "COMPLAINTS_REQUIRE_2FA", "false" if mode == "development" else "true"
        ).lower()
        == "true",
    }
    if production:
        check_production_secrets(config)
    return config


def check_production_secrets(config: Mapping[str, Any]) -> None:
    """Refuse development or missing secrets; raise ConfigurationError naming the setting."""
    if config["SECRET_KEY"] in ("", DEVELOPMENT_SECRET_KEY) or len(config["SECRET_KEY"]) < 32:
        raise ConfigurationError(
            "SECRET_KEY must be set to a random value of at least 32 characters in production"
        )
    keys = data_keys(config["COMPLAINTS_DATA_KEY"])
    # Old keys stay listed during a rotation; the development key must not be any of them.
    if not keys or DEVELOPMENT_DATA_KEY in keys:
        raise ConfigurationError(
            "COMPLAINTS_DATA_KEY must list only real Fernet keys in production, newest first"
        )
    if (
        config["COMPLAINTS_CODE_KEY"] in ("", DEVELOPMENT_CODE_KEY)
        or len(config["COMPLAINTS_CODE_KEY"]) < 32
    ):
        raise ConfigurationError(
            "COMPLAINTS_CODE_KEY must be a random value of at least 32 characters in production"
        )
    # The console backend logs whole messages (addresses, names, case numbers): never in production.
    if config.get("MAIL_BACKEND") == "console":
        raise ConfigurationError("COMPLAINTS_MAIL_BACKEND=console is for development only")
