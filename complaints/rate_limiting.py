"""Rate limits checked only where a route declares one.

Flask-Limiter checks every request in a `before_request` hook, for default and application-wide
limits. This app sets neither: every limit is declared on its route, and a declared limit is
checked by its decorator (complaints/intake/views.py's submit, say). So on most requests the
hook only worked out that no limit applies: a seventh of a trivial request's instructions
(3.2 M against 2.7 M for `GET /livez`).
Its other hooks stay: the one after the response counts the attempts that fail
(`deduct_when`). With default or application limits configured, or a limit on a whole
blueprint, the check stays as well.
"""

from __future__ import annotations

from flask import Flask
from flask_limiter import Limiter

# Settings that apply limits to routes that declare none: those need the hook.
_LIMITS_FOR_EVERY_ROUTE = ("RATELIMIT_DEFAULT", "RATELIMIT_APPLICATION", "RATELIMIT_META")


def check_declared_limits_only(app: Flask, limiter: Limiter) -> bool:
    """Drop the limiter's check before every request unless some limit applies to every route;
    True when dropped. Call right after `limiter.init_app(app)`."""
    if any(app.config.get(name) for name in _LIMITS_FOR_EVERY_ROUTE):
        return False
    if limiter.limit_manager._blueprint_limits:  # set by `limiter.limit(...)(blueprint)`
        return False
    hooks = app.before_request_funcs.get(None, [])
    check = limiter._check_request_limit
    if check not in hooks:
        return False
    hooks.remove(check)
    return True
