"""A readable API reference at /api/v1/docs, rendered by the app from its own OpenAPI document
(no script, no other site: the usual viewers load theirs from a CDN)."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

bp = Blueprint("api_docs", __name__, url_prefix="/api/v1")
PROBLEMS = (
    ("unauthorized", "401: no key was sent, or it is not valid or was revoked."),
    ("insufficient-scope", "403: the key is valid but lacks the scope the operation needs."),
    ("validation", "422: answers were not accepted; `errors` points at each field."),
    ("idempotency-key-reused", "422: the Idempotency-Key was used with another request."),
    ("not-found", "404: no such case among those your organisation filed."),
    ("too-many-requests", "429: the key's rate limit; wait and retry."),
)


@bp.get("/docs")
def reference() -> str:
    spec = current_app.extensions["partner_api"].spec.to_dict()
    return render_template("api/reference.html", spec=spec, problems=PROBLEMS)
