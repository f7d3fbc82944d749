"""Bearer partner keys on every API operation: scope checked, use audited, rate per key."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import UTC, datetime
from http import HTTPStatus
from typing import Any

from flask import current_app, g, request
from flask_limiter import RateLimitExceeded
from flask_limiter.util import get_remote_address
from flask_smorest import Blueprint
from sqlalchemy.exc import SQLAlchemyError

from complaints.api.keys import Scope, public_prefix, verify
from complaints.api.problems import for_http_error, problem
from complaints.audit import record
from complaints.extensions import db, limiter
from complaints.models import PartnerKey

SECURITY = [{"partnerKey": []}]


def _token() -> str:
    scheme, _space, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def rate_key() -> str:
    """The rate limit counts per presented key (its public part), else per address."""
    prefix = public_prefix(_token())
    return f"partner:{prefix}" if prefix else f"address:{get_remote_address()}"


def problems(bp: Blueprint, *statuses: int) -> Callable:
    """Document the problem responses an operation may give (schemas in blueprints.Api)."""

    def document(view: Callable) -> Callable:
        for status in statuses:
            view = bp.alt_response(status, response=HTTPStatus(status).name)(view)
        return view

    return document


def current_key() -> PartnerKey:
    return g.partner_key


def _unauthorized(detail: str):
    return problem(401, detail, kind="unauthorized",
                   headers={"WWW-Authenticate": 'Bearer realm="complaints-api"'})  # fmt: skip


def _audit_use(key: PartnerKey, status: int) -> None:
    """One audit event per use of a key, whatever the answer; a failure here is logged, not
    shown: the partner's request has already been answered or stored."""
    now = datetime.now(UTC)
    try:
        key.last_used_at = now
        record(db.session, "partner_key.used", actor_kind="partner", at=now, key=key.prefix,
               partner_id=key.partner_id, operation=request.endpoint, status=status)  # fmt: skip
        db.session.commit()
    except SQLAlchemyError:
        db.session.rollback()
        current_app.logger.error("partner key use not audited")


def _limit() -> str:
    return current_app.config["API_KEY_LIMIT"]


# One limit per key across every operation (entered as a context manager, so building several
# apps in one process never stacks copies of it, as decorating each app's views would).
PER_KEY = limiter.limit(_limit, key_func=rate_key, scope="partner-api")


def partner_required(scope: Scope) -> Callable:
    """The view needs a valid, unrevoked key holding `scope`; 401 or 403 problem otherwise."""

    def wrap(view: Callable) -> Callable:
        @functools.wraps(view)
        def guarded(*args: Any, **kwargs: Any):
            token = _token()
            if not token:
                return _unauthorized("Send a partner key: Authorization: Bearer <key>.")
            key = verify(db.session, token)
            if key is None:
                return _unauthorized("This key is not valid or has been revoked.")
            g.partner_key = key
            if scope.value not in key.scopes:
                response = problem(403, f"This key does not have the scope {scope.value}.",
                                   kind="insufficient-scope")  # fmt: skip
            else:
                try:
                    with PER_KEY:
                        response = current_app.make_response(view(*args, **kwargs))
                except RateLimitExceeded as error:
                    response = for_http_error(error)
            _audit_use(key, response.status_code)
            return response

        return guarded

    return wrap
