"""Deployment settings: gunicorn.conf.py loads, and behind a proxy limits count each person."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from http import HTTPStatus
from pathlib import Path

import pytest
from flask import Flask

from complaints import create_app
from complaints.extensions import db as _db
from tests.conftest import config_for
from tests.web.filing import token

ROOT = Path(__file__).resolve().parents[2]


def test_gunicorn_accepts_the_settings_file() -> None:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    result = subprocess.run(
        [str(gunicorn), "--check-config", "-c", "gunicorn.conf.py", "app:app"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


def failed_sign_ins(client, forwarded_for: str, times: int, case: str = "0001") -> list[int]:
    statuses = []
    for _ in range(times):
        statuses.append(
            client.post(
                "/follow-up",
                data={"csrf_token": token(client, "/follow-up"), "reference": f"SC-0000-{case}",
                      "code": "WRONG"},
                headers={"X-Forwarded-For": forwarded_for},
            ).status_code
        )  # fmt: skip
    return statuses


@pytest.fixture
def proxied_app(app) -> Iterator[Callable[[int], Flask]]:
    """Second apps on the test's database, told how many proxies stand in front of them; their
    connections are closed at the end (a PostgreSQL connection left open warns later)."""
    made: list[Flask] = []

    def make(hops: int) -> Flask:
        config = config_for(app.config["SQLALCHEMY_DATABASE_URI"]) | {"PROXY_HOPS": hops}
        proxied = create_app(config)
        proxied.config["FOLLOWUP_ATTEMPT_LIMIT"] = "2 per 15 minutes"
        made.append(proxied)
        return proxied

    yield make
    for proxied in made:
        with proxied.app_context():
            _db.session.remove()
            _db.engine.dispose()


def test_behind_a_proxy_each_person_has_their_own_limit(proxied_app) -> None:
    client = proxied_app(1).test_client()
    assert failed_sign_ins(client, "198.51.100.7", 3)[-1] == HTTPStatus.TOO_MANY_REQUESTS
    # Someone else behind the same proxy is not locked out by the first person's attempts...
    other = failed_sign_ins(client, "203.0.113.9", 1, case="0002")
    assert other == [HTTPStatus.UNPROCESSABLE_ENTITY]


def test_without_a_proxy_setting_a_forged_header_changes_nothing(proxied_app) -> None:
    client = proxied_app(0).test_client()
    assert failed_sign_ins(client, "198.51.100.7", 2) == [HTTPStatus.UNPROCESSABLE_ENTITY] * 2
    # ...but without a trusted proxy, a made-up address does not buy more attempts.
    assert failed_sign_ins(client, "203.0.113.9", 1, case="0002") == [HTTPStatus.TOO_MANY_REQUESTS]
