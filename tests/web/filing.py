"""Driving the public form like a browser: real pages, real CSRF tokens, real redirects."""

from __future__ import annotations

import html
import re
from typing import Any

from flask.testing import FlaskClient

TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
REFERENCE = re.compile(r"SC-[0-9A-Z]{4}-[0-9A-Z]{4}")
CODE = re.compile(r"\b[0-9A-Z]{4}(?:-[0-9A-Z]{4}){4}\b")

WHO = {"filing_for": "someone_else", "identity": "confidential", "relationship": "family",
       "filer_name": "Ana López", "filer_email": "ana@example.org"}  # fmt: skip
STORY = {"narrative": "They kept my brother four days after he paid bail."}
WHAT = {
    "complaint_types": ["prolonged_detention", "bond_denied"],
    "incident_date": "2026-11-20",
    "state": "TX",
    "county": "El Paso",
    "city": "El Paso",
    "agency": "El Paso County Sheriff's Office",
    "facility": "El Paso County Jail",
    "stop_reason": "traffic_stop",
}
PERSON = {"given_name": "José", "family_name": "López", "a_number": "A12345678",
          "date_of_birth": "1990-04-02", "country_of_birth": "Mexico",
          "phone": "+1 555 0100", "detained_now": "yes"}  # fmt: skip
DETENTION = {
    "arrested_at": "2026-11-20T09:00",
    "booked_at": "2026-11-20T11:30",
    "charges-0-offence": "Broken tail light",
    "charges-0-severity": "traffic",
    "charges-0-outcome": "dismissed",
    "detainer_issued": "yes",
    "detainer_copy_received": "no",
    "eligible_at": "2026-11-20T15:00",
    "release_basis": "bond_posted",
    "release_kind": "still_held",
    "bond_denied_for_detainer": "yes",
}
CONSENT = {"contact_allowed": "yes", "contact_methods": ["text", "call"],
           "share_crcl": "y", "share_statistics": "y"}  # fmt: skip
# In the form's order: the person's own account first.
STEPS = {"story": STORY, "who": WHO, "what-happened": WHAT, "person": PERSON,
         "detention": DETENTION, "consent": CONSENT}  # fmt: skip


def token(client: FlaskClient, path: str = "/file/who") -> str:
    page = client.get(path).get_data(as_text=True)
    match = TOKEN.search(page)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def post_step(client: FlaskClient, slug: str, values: dict[str, Any], **extra: Any):
    return client.post(f"/file/{slug}", data={"csrf_token": token(client), **values}, **extra)


def fill_form(client: FlaskClient, **overrides: dict[str, Any]) -> None:
    """Answer every step (overrides replace a step's answers); each must be accepted."""
    for slug, values in STEPS.items():
        response = post_step(client, slug, overrides.get(slug, values))
        assert response.status_code == 302, (slug, response.get_data(as_text=True)[:2000])


def submit(client: FlaskClient) -> tuple[str, str]:
    """Send the complaint; return the case reference and follow-up code from the receipt."""
    response = client.post("/file/submit", data={"csrf_token": token(client, "/file/review")})
    assert response.status_code == 302 and response.headers["Location"] == "/file/receipt"
    receipt = client.get("/file/receipt").get_data(as_text=True)
    return REFERENCE.search(receipt).group(0), CODE.search(receipt).group(0)


def errors_on(page: str) -> list[str]:
    """The messages in the error summary, as the person reads them."""
    summary = re.search(r'<div class="error-summary".*?</div>', page, re.S)
    if summary is None:
        return []
    items = re.findall(r"<li>(.*?)</li>", summary.group(0), re.S)
    return [
        html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", item))).strip() for item in items
    ]
