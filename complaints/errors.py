"""Error pages: every failure gets a page in the person's language, never a bare 500."""

from __future__ import annotations

import logging
from http import HTTPStatus

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.wrappers import Response

from complaints.api.problems import for_http_error, is_api_request, problem
from complaints.catalog import lazy_gettext as _l
from complaints.extensions import db
from complaints.request_log import request_id

log = logging.getLogger(__name__)

TITLES = {
    HTTPStatus.BAD_REQUEST: _l("Something in the request was not right"),
    HTTPStatus.FORBIDDEN: _l("You do not have access to this page"),
    HTTPStatus.NOT_FOUND: _l("Page not found"),
    HTTPStatus.METHOD_NOT_ALLOWED: _l("That action is not available here"),
    HTTPStatus.REQUEST_ENTITY_TOO_LARGE: _l("The files are too large"),
    HTTPStatus.TOO_MANY_REQUESTS: _l("Too many attempts"),
    HTTPStatus.INTERNAL_SERVER_ERROR: _l("Something went wrong on our side"),
    HTTPStatus.SERVICE_UNAVAILABLE: _l("The service is busy"),
}


def render_error(status: HTTPStatus) -> tuple[str, int]:
    title = TITLES.get(status, TITLES[HTTPStatus.INTERNAL_SERVER_ERROR])
    return render_template("errors/error.html", status=status, title=title), status


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(_error: CSRFError) -> tuple[str, int]:
        return render_error(HTTPStatus.BAD_REQUEST)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[str, int] | Response:
        if is_api_request():
            return for_http_error(error)
        status = HTTPStatus(error.code or HTTPStatus.INTERNAL_SERVER_ERROR)
        return render_error(status)

    @app.errorhandler(OperationalError)
    def database_unavailable(error: OperationalError) -> tuple[str, int]:
        # The database cannot be reached or cannot write (a lost connection, a full disk): a
        # clear "busy" page with 503, so proxies and monitors see an outage, not a bug.
        log.error("database unavailable: %s request_id=%s", type(error).__name__, request_id())
        db.session.rollback()
        if is_api_request():
            return problem(503, "The service is busy; nothing was stored. Try again shortly.")
        return render_error(HTTPStatus.SERVICE_UNAVAILABLE)

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> tuple[str, int]:
        # The type and request id only: exception messages can carry what a person typed.
        log.error(
            "unhandled %s request_id=%s", type(error).__name__, request_id(), exc_info=app.debug
        )
        db.session.rollback()
        if is_api_request():
            return for_http_error(InternalServerError())
        return render_error(HTTPStatus.INTERNAL_SERVER_ERROR)
