"""Signing staff in through the real pages: password, then a one-time code from the secret."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pyotp
import sqlalchemy.orm as so
from flask import Flask
from flask.testing import FlaskClient

from complaints.auth.passwords import hash_password
from complaints.models import User
from complaints.rules.vocabulary import Role

PASSWORD = "a long and private passphrase"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def make_staff(
    app: Flask, session: so.Session, role: Role, email: str | None = None, enrolled: bool = True
) -> User:
    """A staff account with a known password and, when enrolled, a known authenticator."""
    user = User(
        email=email or f"{role.value}@staff.example",
        name=f"{role.value.title()} Person",
        role=role,
        password_hash=hash_password(PASSWORD),
        totp_secret=app.extensions["vault"].encrypt(SECRET.encode()).decode() if enrolled else None,
    )
    session.add(user)
    session.commit()
    return user


def token(client: FlaskClient, path: str) -> str:
    match = TOKEN.search(client.get(path).get_data(as_text=True))
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def current_code(at: datetime | None = None) -> str:
    return pyotp.TOTP(SECRET).at(at or datetime.now(UTC))


def post_password(client: FlaskClient, email: str, password: str = PASSWORD, **kwargs):
    data = {"csrf_token": token(client, "/staff/login"), "email": email, "password": password}
    return client.post("/staff/login", data=data, **kwargs)


def post_code(client: FlaskClient, code: str, path: str = "/staff/two-factor"):
    return client.post(path, data={"csrf_token": token(client, path), "code": code})


def sign_in(client: FlaskClient, user: User, code: str | None = None) -> None:
    """Password and code; asserts the staff home was reached."""
    response = post_password(client, user.email)
    assert response.headers["Location"] == "/staff/two-factor", response.get_data(as_text=True)
    response = post_code(client, code or current_code())
    assert response.headers["Location"] == "/staff/", response.get_data(as_text=True)
