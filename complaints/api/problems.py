"""Errors as RFC 9457 problem details (`application/problem+json`), with field-level messages.

Every error under /api/ answers this way, whether a view refused the request, the body failed its
schema, no route matched or the database failed: a partner's program never has to read HTML.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from flask import Response, json, request
from werkzeug.exceptions import HTTPException

from complaints.request_log import request_id

MEDIA_TYPE = "application/problem+json"
API_PREFIX = "/api/"
# Each kind of problem is described on the API reference page (a relative URI, RFC 9457 §3.1.1).
TYPE_BASE = "/api/v1/docs#problem-"


def is_api_request() -> bool:
    return request.path.startswith(API_PREFIX)


def problem(
    status: int,
    detail: str | None = None,
    *,
    kind: str | None = None,
    errors: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """A problem-details response. `errors` are {"pointer": "/person/email", "detail": "..."}."""
    phrase = HTTPStatus(status).phrase
    body: dict[str, Any] = {
        "type": TYPE_BASE + (kind or phrase.lower().replace(" ", "-")),
        "title": phrase,
        "status": status,
        "detail": detail or phrase,
        "instance": f"urn:request:{request_id()}",
    }
    if errors:
        body["errors"] = errors
    response = Response(json.dumps(body), status=status, mimetype=MEDIA_TYPE)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def field_errors(messages: Any, pointer: str = "") -> list[dict[str, str]]:
    """Flatten marshmallow's or WTForms' nested {field: [messages]} into JSON-pointer errors."""
    found: list[dict[str, str]] = []
    if isinstance(messages, dict):
        for name, inner in messages.items():
            found += field_errors(inner, f"{pointer}/{name}")
    elif isinstance(messages, list | tuple):
        for position, inner in enumerate(messages):
            if isinstance(inner, dict | list | tuple):
                found += field_errors(inner, f"{pointer}/{position}")
            else:
                found.append({"pointer": pointer or "/", "detail": str(inner)})
    else:
        found.append({"pointer": pointer or "/", "detail": str(messages)})
    return found


def for_http_error(error: HTTPException) -> Response:
    """An HTTP error raised anywhere under /api/, as a problem; schema failures (webargs puts
    them in `error.data["messages"]`, by location) become field errors."""
    status = error.code or 500
    data = getattr(error, "data", None) or {}
    messages = data.get("messages")
    if isinstance(messages, dict) and len(messages) == 1:
        messages = next(iter(messages.values()))  # {"json": {...}} -> {...}
    errors = field_errors(messages) if messages else None
    detail = "The request does not match the schema; see errors." if errors else error.description
    headers = dict(data.get("headers") or {})
    if status == 429:
        detail = "Too many requests with this key. Wait a minute and try again."
    elif status >= 500:
        detail = "Something went wrong on our side; nothing was stored. Try again."
    return problem(status, detail, errors=errors, headers=headers,
                   kind="validation" if errors else None)  # fmt: skip
