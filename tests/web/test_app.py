"""The app factory, configuration, the home page, error pages and the health check."""

from __future__ import annotations

from http import HTTPStatus
from pathlib import Path

import pytest
import sqlalchemy as sa

from complaints import create_app
from complaints.config import (
    DEVELOPMENT_DATA_KEY,
    DEVELOPMENT_SECRET_KEY,
    ConfigurationError,
    database_url,
    load_config,
)
from tests.conftest import config_for

GOOD_SECRET = "s" * 48
GOOD_DATA_KEY = "c2VjcmV0LWtleS1mb3ItdGVzdHMtMzItYnl0ZXMhIQ=="


def test_production_refuses_the_development_secret_key() -> None:
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        load_config({"COMPLAINTS_ENV": "production", "COMPLAINTS_DATA_KEY": GOOD_DATA_KEY})
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        load_config(
            {
                "COMPLAINTS_ENV": "production",
                "SECRET_KEY": DEVELOPMENT_SECRET_KEY,
                "COMPLAINTS_DATA_KEY": GOOD_DATA_KEY,
            }
        )


def test_production_refuses_the_development_data_key() -> None:
    with pytest.raises(ConfigurationError, match="COMPLAINTS_DATA_KEY"):
        load_config(
            {
                "COMPLAINTS_ENV": "production",
                "SECRET_KEY": GOOD_SECRET,
                "COMPLAINTS_DATA_KEY": DEVELOPMENT_DATA_KEY,
            }
        )


def test_production_with_real_secrets_secures_cookies() -> None:
    config = load_config(
        {
            "COMPLAINTS_ENV": "production",
            "SECRET_KEY": GOOD_SECRET,
            "COMPLAINTS_DATA_KEY": GOOD_DATA_KEY,
            "COMPLAINTS_CODE_KEY": "k" * 40,
        }
    )
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["SESSION_COOKIE_HTTPONLY"] is True


def test_production_refuses_the_development_code_key() -> None:
    with pytest.raises(ConfigurationError, match="COMPLAINTS_CODE_KEY"):
        load_config(
            {
                "COMPLAINTS_ENV": "production",
                "SECRET_KEY": GOOD_SECRET,
                "COMPLAINTS_DATA_KEY": GOOD_DATA_KEY,
            }
        )


def test_unknown_environment_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="COMPLAINTS_ENV"):
        load_config({"COMPLAINTS_ENV": "staging"})


def test_development_defaults_need_nothing_set() -> None:
    config = load_config({})
    assert config["COMPLAINTS_ENV"] == "development"
    assert config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
    assert config["SQLALCHEMY_DATABASE_URI"].endswith("instance/complaints.db")
    assert config["SESSION_COOKIE_SECURE"] is False


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("postgresql://u@h:5432/d", "postgresql+psycopg://u@h:5432/d"),
        ("postgres://u@h/d", "postgresql+psycopg://u@h/d"),
        ("postgresql+psycopg://u@h/d", "postgresql+psycopg://u@h/d"),
        ("sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
    ],
)
def test_database_url_uses_psycopg_3(raw: str, expected: str) -> None:
    assert database_url(raw) == expected


def test_operator_name_comes_from_the_environment() -> None:
    config = load_config({"COMPLAINTS_OPERATOR_NAME": "Valley Legal Aid"})
    assert config["OPERATOR_NAME"] == "Valley Legal Aid"


def test_home_page_names_the_operator_and_the_language(client) -> None:
    response = client.get("/")
    assert response.status_code == HTTPStatus.OK
    page = response.get_data(as_text=True)
    assert '<html lang="en" dir="ltr">' in page
    assert "Report a wrongful arrest, detention or profiling" in page
    assert "Secure Communities Complaint Line" in page
    assert "48 hours" in page


def test_static_css_is_served_by_the_app(client) -> None:
    response = client.get("/static/css/site.css")
    body = response.get_data(as_text=True)
    response.close()
    assert response.status_code == HTTPStatus.OK
    assert "inline-size" in body


def test_unknown_page_gets_a_friendly_404(client) -> None:
    response = client.get("/no-such-page")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "Page not found" in response.get_data(as_text=True)


def test_unexpected_error_is_a_page_not_a_bare_500(app) -> None:
    @app.get("/boom")
    def boom() -> str:
        raise RuntimeError("secret detail a person typed")

    response = app.test_client().get("/boom")
    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    page = response.get_data(as_text=True)
    assert "Something went wrong on our side" in page
    assert "secret detail" not in page


def test_healthz_reports_the_database(client, db) -> None:
    for _check in range(3):
        response = client.get("/healthz")
        assert response.status_code == HTTPStatus.OK
        assert response.get_json() == {"status": "ok", "database": "ok"}
    # The write it proves with leaves nothing behind.
    from complaints.models import HealthProbe

    assert db.execute(sa.select(sa.func.count()).select_from(HealthProbe)).scalar_one() == 0


def test_healthz_is_503_when_the_database_cannot_write(client, failing_database) -> None:
    with failing_database("INSERT INTO health_probes"):
        response = client.get("/healthz")
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.get_json() == {"status": "error", "database": "cannot write"}


def test_healthz_is_503_when_the_database_does_not_answer(tmp_path: Path) -> None:
    unreachable = f"sqlite:///{tmp_path / 'missing-dir' / 'nothing.db'}"
    app = create_app(config_for(unreachable))
    response = app.test_client().get("/healthz")
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.get_json() == {"status": "error", "database": "unavailable"}


def test_livez_answers_without_the_database(tmp_path: Path) -> None:
    # Liveness must not depend on the database: an outage would restart every host at once.
    unreachable = f"sqlite:///{tmp_path / 'missing-dir' / 'nothing.db'}"
    response = create_app(config_for(unreachable)).test_client().get("/livez")
    assert response.status_code == HTTPStatus.OK
    assert response.get_data(as_text=True) == "ok\n"
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"


def test_sqlite_runs_in_wal_mode_with_foreign_keys(app) -> None:
    import sqlalchemy as sa

    from complaints.extensions import db

    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("SQLite pragmas")
        with db.engine.connect() as connection:
            assert connection.execute(sa.text("PRAGMA foreign_keys")).scalar() == 1
            assert connection.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
