"""The partner API under /api/v1: JSON endpoints described by a generated OpenAPI document.

Hotlines and legal-aid partners file complaints, follow the cases they filed and read the
de-identified monthly figures with a bearer key (complaints/api/keys.py). Bodies are checked
by marshmallow schemas, which also write the OpenAPI document (flask-smorest); the complaint
itself then goes through the web form's own checks and service (complaints/intake/filing.py).
"""

from __future__ import annotations

from flask import Flask


def init_api(app: Flask) -> None:
    """Register the API's blueprints and its OpenAPI document at /api/v1/openapi.json."""
    from complaints.api.blueprints import build

    build(app)
