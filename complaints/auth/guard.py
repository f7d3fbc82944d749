"""Every staff route is closed unless it says who may use it.

`role_required(permission)` marks a view; one `before_request` hook enforces it for every request
into a staff area, so a new route without a declared permission answers 403, not its content.
The hook also ends idle and over-long sessions and sends expired passwords to be changed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from http import HTTPStatus
from typing import TypeVar
from urllib.parse import urlencode

from flask import Flask, abort, current_app, flash, redirect, request, session, url_for
from flask_login import current_user, logout_user
from werkzeug.wrappers import Response

from complaints.catalog import lazy_gettext as _l
from complaints.labels import ROLES
from complaints.rules.permissions import Permission, can

STAFF_PREFIX = "/staff"
# The only staff endpoints open without a signed-in user: signing in itself.
OPEN_ENDPOINTS = frozenset(
    {"auth.login", "auth.two_factor", "auth.two_factor_setup", "auth.two_factor_qr", "auth.logout"}
)
# Reachable while a temporary password waits to be changed.
PASSWORD_ENDPOINTS = frozenset({"auth.change_password", "auth.logout"})
IDLE_LIMIT = timedelta(minutes=30)
ABSOLUTE_LIMIT = timedelta(hours=12)
SIGNED_OUT_IDLE = _l("You were signed out after 30 minutes without activity. Please sign in again.")
SIGNED_OUT_LONG = _l("Your session lasted 12 hours, so you were signed out. Please sign in again.")

View = TypeVar("View", bound=Callable[..., object])


def role_required(permission: Permission) -> Callable[[View], View]:
    """Declare which permission a staff view needs; the guard checks it on every request."""

    def mark(view: View) -> View:
        view.required_permission = permission  # type: ignore[attr-defined]
        return view

    return mark


def is_staff_request() -> bool:
    return request.path == STAFF_PREFIX or request.path.startswith(STAFF_PREFIX + "/")


def _now() -> float:
    return datetime.now(UTC).timestamp()


def start_staff_session() -> None:
    session["staff_since"] = session["staff_seen"] = _now()


def _expired() -> object | None:
    since, seen, now = session.get("staff_since", 0), session.get("staff_seen", 0), _now()
    if now - since > ABSOLUTE_LIMIT.total_seconds():
        return SIGNED_OUT_LONG
    if now - seen > IDLE_LIMIT.total_seconds():
        return SIGNED_OUT_IDLE
    return None


def _back_after_sign_in() -> str:
    """The page asked for, to return to after sign-in, minus any plain-text search (`q`): a name
    or A-number must not ride in the sign-in URL. The sealed search (`qt`) may."""
    args = request.args.copy()
    args.poplist("q")
    query = urlencode(list(args.items(multi=True)))
    return request.path + (f"?{query}" if query else "")


def guard() -> Response | None:
    if not is_staff_request() or request.endpoint in OPEN_ENDPOINTS:
        return None
    if request.endpoint is None:  # no such staff page: 404 for signed-in staff only
        return None if current_user.is_authenticated else redirect(url_for("auth.login"))
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login", next=_back_after_sign_in()))
    reason = _expired()
    if reason is not None:
        logout_user()
        session.clear()
        flash(str(reason))
        return redirect(url_for("auth.login"))
    session["staff_seen"] = _now()
    if current_user.password_expired and request.endpoint not in PASSWORD_ENDPOINTS:
        return redirect(url_for("auth.change_password"))
    view = current_app.view_functions[request.endpoint]
    permission = getattr(view, "required_permission", None)
    if permission is None or not can(current_user.role, permission):
        abort(HTTPStatus.FORBIDDEN)
    return None


def no_store(response: Response) -> Response:
    """Staff pages hold personal data: never keep them in any cache."""
    if is_staff_request():
        response.headers["Cache-Control"] = "no-store"
    return response


def can_use(permission: str) -> bool:
    """For templates: whether the signed-in user may use what needs `permission`."""
    return current_user.is_authenticated and can(current_user.role, Permission(permission))


def register_guard(app: Flask) -> None:
    app.before_request(guard)
    app.after_request(no_store)
    app.jinja_env.globals.update(can_use=can_use, role_label=lambda role: ROLES[role])
