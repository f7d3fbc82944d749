"""A partner's view of the API in tests: keys made through the real service, JSON bodies."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

from flask import Flask

from complaints.api.keys import create_key
from complaints.extensions import db as app_db
from tests.web.filing import CONSENT, DETENTION, PERSON, STORY, WHAT, WHO

ALL_SCOPES = ("complaints:create", "complaints:read-own", "reports:read")


def new_key(app: Flask, partner: str = "Texas Rapid Response", scopes=ALL_SCOPES) -> str:
    with app.app_context():
        token = create_key(app_db.session, partner, scopes, now=datetime.now(UTC)).token
        app_db.session.commit()
    return token


def auth(token: str, **headers: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", **headers}


def complaint_body(**sections: dict[str, Any]) -> dict[str, Any]:
    """The web tests' complete complaint, as the API's JSON (sections override whole parts)."""
    detention = {k: v for k, v in DETENTION.items() if not k.startswith("charges-")}
    detention["charges"] = [
        {"offence": "Broken tail light", "severity": "traffic", "outcome": "dismissed"}
    ]
    consent = {**CONSENT, "share_crcl": True, "share_statistics": True}
    body = {
        "language": "es",
        "story": dict(STORY),
        "who": dict(WHO, identity="confidential"),
        "what_happened": copy.deepcopy(WHAT),
        "person": dict(PERSON),
        "detention": detention,
        "consent": consent,
    }
    body.update(sections)
    return body
