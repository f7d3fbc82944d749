"""One JSON line per request, with a request id, and nothing a person typed (DESIGN §9).

The line names the route's rule (`/staff/cases/<reference>`), never the path or query string, so
a case number, a search or a follow-up code cannot reach the log. No IP address, cookie or form
value is written; for signed-in staff only the numeric user id. The request id is also sent back
in `X-Request-ID` and written with any unexpected error, so the two can be matched.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime

from flask import Flask, g, request, session
from werkzeug.wrappers import Response

from complaints.auth.guard import is_staff_request

log = logging.getLogger("complaints.requests")

HEADER = "X-Request-ID"
# A proxy's id is kept so its log and ours line up, but only in a shape that cannot smuggle text.
ACCEPTED_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def request_id() -> str:
    """This request's id: the caller's `X-Request-ID` when well-formed, else a new uuid4 hex."""
    if "request_id" not in g:
        offered = request.headers.get(HEADER, "")
        g.request_id = offered if ACCEPTED_ID.fullmatch(offered) else uuid.uuid4().hex
    return g.request_id


def _staff_user_id() -> int | None:
    """The staff member's numeric id, from Flask-Login's signed session entry "<id>:<epoch>".

    Read from the session, not `current_user`: that would load the user on pages that never
    needed it, and a view may have replaced it mid-request.
    """
    if not is_staff_request():
        return None
    identifier = str(session.get("_user_id", "")).partition(":")[0]
    return int(identifier) if identifier.isdigit() else None


def log_line(response: Response, started: float) -> str:
    """The JSON log line for the current request and its `response`."""
    fields: dict[str, object] = {
        "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
        "request_id": request_id(),
        "method": request.method,
        "rule": request.url_rule.rule if request.url_rule is not None else None,
        "endpoint": request.endpoint,
        "status": response.status_code,
        "duration_ms": round((time.perf_counter() - started) * 1000, 1),
    }
    user_id = _staff_user_id()
    if user_id is not None:
        fields["user_id"] = user_id
    return json.dumps(fields, separators=(",", ":"))


def _ensure_output() -> None:
    """Make the lines visible when nothing else configured logging (e.g. under gunicorn)."""
    if log.level == logging.NOTSET:
        log.setLevel(logging.INFO)
    if not log.hasHandlers():
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        log.addHandler(handler)


def register(app: Flask) -> None:
    """Give every request of `app` an id and one log line; register before other hooks."""
    _ensure_output()

    @app.before_request
    def start_request() -> None:
        g.request_started = time.perf_counter()
        request_id()

    @app.after_request
    def finish_request(response: Response) -> Response:
        response.headers[HEADER] = request_id()
        log.info(log_line(response, g.get("request_started", time.perf_counter())))
        return response
