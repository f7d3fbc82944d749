"""The session cookie is signed again when the session changes or its cookie is an hour old,
not on every request; cookies signed by Flask's own interface still open."""

from __future__ import annotations

import time

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from flask.testing import FlaskClient

from complaints.session_cookie import REFRESH_AFTER
from tests.web.filing import fill_form, submit, token


def session_cookie_sent(response) -> bool:
    return any(value.startswith("session=") for value in response.headers.getlist("Set-Cookie"))


def signed_at(app: Flask, data: dict, seconds_ago: float, monkeypatch) -> str:
    """A cookie holding `data`, signed by Flask's own session interface `seconds_ago`."""
    signer = SecureCookieSessionInterface().get_signing_serializer(app)
    then = time.time() - seconds_ago
    with monkeypatch.context() as patch:
        patch.setattr("itsdangerous.timed.time.time", lambda: then)
        return signer.dumps(data)


def sign_again(app: Flask, client: FlaskClient, seconds_ago: float, monkeypatch) -> str:
    """Give the client its own session's cookie as if signed `seconds_ago`; that cookie."""
    data = (
        SecureCookieSessionInterface()
        .get_signing_serializer(app)
        .loads(client.get_cookie("session").value)
    )
    cookie = signed_at(app, data, seconds_ago, monkeypatch)
    client.set_cookie("session", cookie)
    return cookie


def test_an_unchanged_session_is_not_signed_again_while_its_cookie_is_fresh(client) -> None:
    fill_form(client)
    reference, _code = submit(client)
    receipt = client.get("/file/receipt")
    assert reference in receipt.get_data(as_text=True)
    assert not session_cookie_sent(receipt)
    assert not session_cookie_sent(client.get("/file/review"))


def test_a_changed_session_is_sent_at_once(client) -> None:
    fill_form(client)
    before = client.get_cookie("session").value
    # The receipt goes into the session, the draft's token out of it.
    response = client.post("/file/submit", data={"csrf_token": token(client, "/file/review")})
    assert session_cookie_sent(response)
    assert client.get_cookie("session").value != before


def test_a_cookie_older_than_the_refresh_interval_is_signed_again(app, client, monkeypatch) -> None:
    fill_form(client)
    old = sign_again(app, client, REFRESH_AFTER.total_seconds() + 60, monkeypatch)
    response = client.get("/file/review")
    assert response.status_code == 200
    assert session_cookie_sent(response)
    fresh = client.get_cookie("session").value
    assert fresh != old
    # Signed now: the next unchanged page leaves it alone.
    assert not session_cookie_sent(client.get("/file/review"))
    assert client.get_cookie("session").value == fresh


def test_a_cookie_just_under_the_refresh_interval_is_left_alone(app, client, monkeypatch) -> None:
    fill_form(client)
    sign_again(app, client, REFRESH_AFTER.total_seconds() - 60, monkeypatch)
    assert not session_cookie_sent(client.get("/file/review"))


def test_a_cookie_past_the_session_lifetime_opens_a_new_session(app, client, monkeypatch) -> None:
    fill_form(client)
    assert "Ana López" in client.get("/file/review").get_data(as_text=True)  # the draft, shown
    lifetime = app.permanent_session_lifetime.total_seconds()
    sign_again(app, client, lifetime + 60, monkeypatch)
    review = client.get("/file/review", follow_redirects=True).get_data(as_text=True)
    assert "Ana López" not in review  # the draft is no longer this browser's


def test_a_cookie_signed_by_flask_itself_opens_the_same_session(app, client, monkeypatch) -> None:
    fill_form(client)
    reference, _code = submit(client)
    sign_again(app, client, 5, monkeypatch)
    assert reference in client.get("/file/receipt").get_data(as_text=True)


def test_a_new_secret_key_retires_the_kept_signer(app, client: FlaskClient) -> None:
    fill_form(client)
    reference, _code = submit(client)
    assert reference in client.get("/file/receipt").get_data(as_text=True)
    app.secret_key = "another-secret-key-" + "y" * 32
    response = client.get("/file/receipt")
    assert response.status_code == 302  # the old cookie no longer opens: no receipt to show
    assert reference not in client.get("/file/receipt", follow_redirects=True).get_data(
        as_text=True
    )


def test_without_refreshing_an_unchanged_session_is_never_signed_again(
    app, client, monkeypatch
) -> None:
    app.config["SESSION_REFRESH_EACH_REQUEST"] = False
    fill_form(client)
    sign_again(app, client, REFRESH_AFTER.total_seconds() + 60, monkeypatch)
    assert not session_cookie_sent(client.get("/file/review"))
