"""Civil-rights complaint intake for people harmed under Secure Communities."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask_babel import format_date, format_datetime
from sqlalchemy.engine import Engine
from werkzeug.middleware.proxy_fix import ProxyFix

from complaints import (
    connection_checks,
    field_markup,
    links,
    page_chrome,
    sql_sha256,
    sqlite_writers,
)
from complaints.config import PROJECT_ROOT, engine_options, load_config, ratelimit_storage_options
from complaints.extensions import babel, csrf, db, limiter, login_manager, migrate
from complaints.labels import TEMPLATE_GLOBALS
from complaints.locales import (
    current_locale,
    direction,
    html_lang,
    language_choices,
    language_name,
    select_locale,
)

log = logging.getLogger(__name__)
SQLITE_MMAP_BYTES = 4 * 1024**3
SQLITE_CACHE_KIB = 32 * 1024


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: settings from the environment, overridden by `config` (tests pass theirs)."""
    app = Flask(__name__, template_folder="../templates", instance_relative_config=False)
    app.config.from_mapping(load_config())
    if config:
        app.config.from_mapping(config)
        if "SQLALCHEMY_DATABASE_URI" in config and "SQLALCHEMY_ENGINE_OPTIONS" not in config:
            # Pool and connection settings follow the database actually used.
            app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(
                config["SQLALCHEMY_DATABASE_URI"]
            )
    register_hooks(app)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    if app.config["PROXY_HOPS"]:
        # Behind N reverse proxies: client address and scheme from their X-Forwarded-* headers,
        # so rate limits count people, not the proxy. Never set it without a proxy in front.
        hops = app.config["PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    app.jinja_env.globals.update(
        current_locale=current_locale,
        text_direction=direction,
        html_lang=html_lang,
        language_choices=language_choices,
        format_date=format_date,
        format_datetime=format_datetime,
        language_name=language_name,
        field=field_markup.field,
        fixed_link=links.fixed_link,
        chrome=page_chrome.chrome,
        language_switcher=links.language_switcher,
        described_by=field_markup.described_by,
        hint_and_errors=field_markup.hint_and_errors,
        **TEMPLATE_GLOBALS,
    )
    if app.config["COMPLAINTS_ENV"] == "development":
        log.warning("Running in development mode with development secrets; never expose this.")
    return app


def register_hooks(app: Flask) -> None:
    from complaints import request_log, security_headers

    # First, so the request id and timer cover every later hook and the log line is written last.
    request_log.register(app)
    security_headers.register(app)


def register_extensions(app: Flask) -> None:
    # Importing the models registers every table on db.metadata before migrations or create_all;
    # importing the rate-limit storage registers its scheme, process-memory://, with `limits`.
    import complaints.models
    import complaints.rate_limit_storage  # noqa: F401
    from complaints.auth.guard import register_guard
    from complaints.auth.loader import load_user
    from complaints.catalog import install as install_catalog
    from complaints.form_attributes import install as install_form_attributes
    from complaints.mail import init_mail
    from complaints.rate_limiting import check_declared_limits_only
    from complaints.reports.source import init_reports_source
    from complaints.session_cookie import KeptSignerSessionInterface
    from complaints.storage import Vault

    app.session_interface = KeptSignerSessionInterface()
    db.init_app(app)
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            connection_checks.install(db.engine)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True)
    babel.init_app(app, locale_selector=select_locale)
    install_catalog(app)
    install_form_attributes()
    # Access is decided before anything else reads the request, CSRF checks included.
    register_guard(app)
    csrf.init_app(app)
    app.config.setdefault(
        "RATELIMIT_STORAGE_OPTIONS", ratelimit_storage_options(app.config["RATELIMIT_STORAGE_URI"])
    )
    limiter.init_app(app)
    check_declared_limits_only(app, limiter)
    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    init_mail(app)
    init_reports_source(app)
    app.extensions["vault"] = Vault(app.config["COMPLAINTS_DATA_KEY"])


def register_blueprints(app: Flask) -> None:
    from complaints.admin import bp as admin_bp
    from complaints.api import init_api
    from complaints.auth.views import bp as auth_bp
    from complaints.casework import bp as casework_bp
    from complaints.casework.staff_intake import bp as staff_intake_bp
    from complaints.casework.staff_intake import register_template_helpers
    from complaints.health import bp as health_bp
    from complaints.info import bp as info_bp
    from complaints.intake import bp as intake_bp
    from complaints.reports.views import bp as reports_bp

    app.register_blueprint(health_bp)
    app.register_blueprint(info_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(casework_bp)
    app.register_blueprint(staff_intake_bp)
    app.register_blueprint(reports_bp)
    register_template_helpers(app)
    # Public forms check their own CSRF token so a failure re-shows the page with every answer.
    csrf.exempt(intake_bp)
    app.register_blueprint(intake_bp)
    init_api(app)


def register_errorhandlers(app: Flask) -> None:
    from complaints.errors import register

    register(app)


def register_commands(app: Flask) -> None:
    from complaints.api.commands import partners_cli
    from complaints.audit_commands import audit_cli
    from complaints.auth.commands import users_cli
    from complaints.backup_commands import backup_cli
    from complaints.casework.notify import notify_cli
    from complaints.demo.commands import demo_cli
    from complaints.facility_commands import facilities_cli
    from complaints.intake.commands import drafts_cli
    from complaints.keys_commands import keys_cli
    from complaints.maintenance import maintenance_cli
    from complaints.reports.commands import reports_cli
    from complaints.retention_commands import retention_cli

    app.cli.add_command(users_cli)
    app.cli.add_command(audit_cli)
    app.cli.add_command(backup_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(drafts_cli)
    app.cli.add_command(facilities_cli)
    app.cli.add_command(keys_cli)
    app.cli.add_command(maintenance_cli)
    app.cli.add_command(notify_cli)
    app.cli.add_command(partners_cli)
    app.cli.add_command(reports_cli)
    app.cli.add_command(retention_cli)


@sa.event.listens_for(Engine, "before_cursor_execute")
def _queue_sqlite_writers(_conn: Any, cursor: Any, statement: str, *_args: Any) -> None:
    sqlite_writers.before_execute(cursor.connection, statement)


@sa.event.listens_for(Engine, "connect")
def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    """SQLite: enforce foreign keys, and WAL so readers never block the writer.

    Pages are read through a memory map (shared with every process, no system call per page) and
    each connection caches 32 MiB of them: a queue walk or a name search touches thousands.
    """
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute(f"PRAGMA mmap_size={SQLITE_MMAP_BYTES}")
        cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
        cursor.close()
        sql_sha256.add_to_sqlite(dbapi_connection)  # the audit chain's hash (complaints/audit.py)
