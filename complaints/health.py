"""Liveness and readiness for load balancers: does this host reach its database, can it write?"""

from __future__ import annotations

import os
from http import HTTPStatus

import sqlalchemy as sa
from flask import Blueprint, Response, jsonify
from sqlalchemy.exc import SQLAlchemyError

from complaints.extensions import db, limiter
from complaints.models import HealthProbe

bp = Blueprint("health", __name__)


PROBE_BYTES = 8192


@bp.get("/livez")
@limiter.exempt
def livez() -> tuple[str, HTTPStatus, dict[str, str]]:
    """200 while this process answers, without asking the database: for a supervisor that
    restarts hung workers (a database outage must not restart every host at once)."""
    return "ok\n", HTTPStatus.OK, {"Content-Type": "text/plain; charset=utf-8"}


@bp.get("/healthz")
@limiter.exempt
def healthz() -> tuple[Response, HTTPStatus]:
    """200 when the database answers and can write; 503 naming which of the two failed.

    The write is a row bigger than a page, inserted, deleted and committed: a full disk (or a
    read-only database) fails the commit, so the load balancer stops sending complaints here.
    """
    try:
        db.session.execute(sa.text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="error", database="unavailable"), HTTPStatus.SERVICE_UNAVAILABLE
    try:
        probe = db.session.execute(
            sa.insert(HealthProbe).values(payload=os.urandom(PROBE_BYTES)).returning(HealthProbe.id)
        ).scalar_one()
        db.session.execute(sa.delete(HealthProbe).where(HealthProbe.id == probe))
        db.session.commit()
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="error", database="cannot write"), HTTPStatus.SERVICE_UNAVAILABLE
    return jsonify(status="ok", database="ok"), HTTPStatus.OK
