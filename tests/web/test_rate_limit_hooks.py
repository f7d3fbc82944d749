"""Limits are checked on the routes that declare them, and, once configured, on every route."""

from __future__ import annotations

from http import HTTPStatus
from pathlib import Path

from flask import Flask

from complaints import create_app
from complaints.extensions import db, limiter
from tests.conftest import config_for
from tests.web.filing import fill_form, token


def test_without_limits_for_every_route_no_request_pays_for_the_check(app: Flask) -> None:
    assert limiter._check_request_limit not in app.before_request_funcs[None]


def test_a_declared_limit_still_refuses_the_request_past_it(tmp_path: Path) -> None:
    app = create_app(config_for(f"sqlite:///{tmp_path / 'limits.db'}")
                     | {"INTAKE_SUBMIT_LIMIT": "1 per hour"})  # fmt: skip
    with app.app_context():
        db.create_all()
    client = app.test_client()
    fill_form(client)
    first = client.post("/file/submit", data={"csrf_token": token(client, "/file/review")})
    assert first.status_code == HTTPStatus.FOUND
    fill_form(client)
    second = client.post("/file/submit", data={"csrf_token": token(client, "/file/review")})
    assert second.status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_a_default_limit_is_checked_on_every_route(tmp_path: Path) -> None:
    app = create_app(config_for(f"sqlite:///{tmp_path / 'limits.db'}")
                     | {"RATELIMIT_DEFAULT": "2 per minute"})  # fmt: skip
    assert limiter._check_request_limit in app.before_request_funcs[None]
    client = app.test_client()
    statuses = [client.get("/help/contact").status_code for _ in range(3)]
    assert statuses == [HTTPStatus.OK, HTTPStatus.OK, HTTPStatus.TOO_MANY_REQUESTS]
