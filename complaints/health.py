"""Liveness and readiness for load balancers: does this host reach its database?"""

from __future__ import annotations

from http import HTTPStatus

import sqlalchemy as sa
from flask import Blueprint, Response, jsonify
from sqlalchemy.exc import SQLAlchemyError

from complaints.extensions import db, limiter

bp = Blueprint("health", __name__)


@bp.get("/healthz")
@limiter.exempt
def healthz() -> tuple[Response, HTTPStatus]:
    try:
        db.session.execute(sa.text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="error", database="unavailable"), HTTPStatus.SERVICE_UNAVAILABLE
    return jsonify(status="ok", database="ok"), HTTPStatus.OK
