"""Limits are checked on the routes that declare them, and, once configured, on every route."""

from __future__ import annotations

from http import HTTPStatus
from pathlib import Path

from flask import Blueprint, Flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from complaints import create_app
from complaints.extensions import db, limiter
from complaints.rate_limiting import check_declared_limits_only
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


def test_a_default_limit_keeps_the_check_on_every_route() -> None:
    """On an app of its own with a limiter of its own: the app's shared limiter would keep a
    default limit for every later test."""
    app = Flask(__name__)
    app.config |= {
        "RATELIMIT_DEFAULT": "2 per minute",
        "RATELIMIT_STORAGE_URI": "process-memory://",
    }
    app.add_url_rule("/plain", "plain", lambda: "plain")
    own = Limiter(key_func=get_remote_address)
    own.init_app(app)
    assert not check_declared_limits_only(app, own)
    client = app.test_client()
    statuses = [client.get("/plain").status_code for _ in range(3)]
    assert statuses == [HTTPStatus.OK, HTTPStatus.OK, HTTPStatus.TOO_MANY_REQUESTS]


def test_a_limit_on_a_whole_blueprint_keeps_the_check() -> None:
    app = Flask(__name__)
    app.config["RATELIMIT_STORAGE_URI"] = "process-memory://"
    pages = Blueprint("pages", __name__)
    pages.add_url_rule("/page", "page", lambda: "page")
    own = Limiter(key_func=get_remote_address)
    own.limit("1 per minute")(pages)
    app.register_blueprint(pages)
    own.init_app(app)
    assert not check_declared_limits_only(app, own)
    client = app.test_client()
    assert [client.get("/page").status_code for _ in range(2)] == [
        HTTPStatus.OK,
        HTTPStatus.TOO_MANY_REQUESTS,
    ]
