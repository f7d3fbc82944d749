"""Flask's signed session cookie, signed less often.

Flask's cookie session builds a new signer (`URLSafeTimedSerializer`: key list, salt, signer
settings) each time it opens or saves a session, and signs a permanent session again on every
request to push its expiry forward, even when nothing in it changed: the receipt page, each GET of
a form step. Here the signer is built once (again only when the secret key or its fallbacks
change), and an unchanged permanent session is signed again only when its cookie is more than
`REFRESH_AFTER` old. Its expiry then trails the last request by at most that much: a filer's
24-hour session ends between 23 and 24 hours after their last page. A changed session is signed
and sent at once, as before. The cookie's format, signature and lifetime are Flask's own, so
cookies signed before this change stay valid.
"""

from __future__ import annotations

import time
from datetime import timedelta

from flask import Flask, Request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface, SessionMixin
from itsdangerous import BadSignature, URLSafeTimedSerializer

REFRESH_AFTER = timedelta(hours=1)


class SignedSession(SecureCookieSession):
    """A session read from a cookie, with the time its cookie was signed (None: a new one)."""

    signed_at: float | None = None


class KeptSignerSessionInterface(SecureCookieSessionInterface):
    session_class = SignedSession

    def __init__(self) -> None:
        self._kept: tuple[object, URLSafeTimedSerializer | None] | None = None

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        keys = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        kept = self._kept
        if kept is None or kept[0] != keys:
            kept = self._kept = (keys, super().get_signing_serializer(app))
        return kept[1]

    def open_session(self, app: Flask, request: Request) -> SignedSession | None:
        signer = self.get_signing_serializer(app)
        if signer is None:
            return None
        cookie = request.cookies.get(self.get_cookie_name(app))
        if not cookie:
            return SignedSession()
        max_age = int(app.permanent_session_lifetime.total_seconds())
        try:
            data, signed_at = signer.loads(cookie, max_age=max_age, return_timestamp=True)
        except BadSignature:  # tampered, expired or signed with a retired key: a new session
            return SignedSession()
        session = SignedSession(data)
        session.signed_at = signed_at.timestamp()
        return session

    def should_set_cookie(self, app: Flask, session: SessionMixin) -> bool:
        if session.modified:
            return True
        if not (session.permanent and app.config["SESSION_REFRESH_EACH_REQUEST"]):
            return False
        signed_at = getattr(session, "signed_at", None)
        return signed_at is None or time.time() - signed_at >= REFRESH_AFTER.total_seconds()
