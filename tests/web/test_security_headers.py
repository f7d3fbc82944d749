"""Security headers on every response, and pages that load nothing from elsewhere (DESIGN §9).

Every GET route in the app is opened, by a visitor who has just filed a complaint and by a signed-in
supervisor, with real values from that complaint; then error pages of each kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path

import pytest
import sqlalchemy as sa
import sqlalchemy.orm as so
from cryptography.fernet import Fernet
from flask import Flask
from flask.testing import FlaskClient

from complaints import create_app
from complaints.intake.steps import STEPS
from complaints.models import Attachment, AttachmentContent, Case
from complaints.rules.vocabulary import (
    Answer,
    AuthorityKind,
    AuthorityStatus,
    IdentityLevel,
    MessageAuthor,
    Role,
)
from complaints.security_headers import CONTENT_SECURITY_POLICY
from tests.conftest import config_for
from tests.web.filing import fill_form, submit
from tests.web.filing import token as form_token
from tests.web.staff import make_staff, sign_in

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
EXPECTED = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
        "form-action 'self'; frame-ancestors 'none'"
    ),
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
HSTS = "max-age=63072000; includeSubDomains"
DENIED_FEATURES = ("camera=()", "microphone=()", "geolocation=()", "browsing-topics=()")
# Another host in a link, image, script or form target: http://, https:// or protocol-relative.
ELSEWHERE = re.compile(
    r"""\b(?:src|href|action|srcset|formaction)\s*=\s*["']?\s*(?:[a-z]+:)?//""", re.I
)
INLINE = {
    "style attribute": re.compile(r"""\sstyle\s*=""", re.I),
    "style element": re.compile(r"<style\b", re.I),
    "inline script": re.compile(r"<script\b(?![^>]*\bsrc=)", re.I),
    "event handler": re.compile(r"""<[^>]+\son[a-z]+\s*=""", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
}


@dataclass(frozen=True)
class Filed:
    reference: str
    code: str
    attachment_id: int


@pytest.fixture
def filed(app: Flask, client: FlaskClient, db: so.Session) -> Filed:
    """A complaint filed through the public form, with one document, signed in to follow-up."""
    fill_form(client)
    reference, code = submit(client)
    case = db.execute(sa.select(Case).where(Case.reference == reference)).scalar_one()
    # Named in letters, in removal proceedings, the filer's authority to follow: every letter
    # may be written (and so walked).
    case.identity_level, case.removal_proceedings = IdentityLevel.IDENTIFIED, Answer.YES
    case.filer.authority = AuthorityKind.WRITTEN_CONSENT
    case.filer.authority_status = AuthorityStatus.TO_FOLLOW
    attachment = Attachment(original_name="letter.txt", detected_type="text/plain", size=5,
                            sha256="0" * 64, uploaded_by=MessageAuthor.COMPLAINANT)  # fmt: skip
    attachment.content = AttachmentContent(ciphertext=app.extensions["vault"].encrypt(b"hello"))
    case.attachments.append(attachment)
    db.commit()
    response = client.post("/follow-up", data={"csrf_token": form_token(client, "/follow-up"),
                                               "reference": reference, "code": code})  # fmt: skip
    assert response.headers["Location"] == "/follow-up/case"
    return Filed(reference, code, attachment.id)


def urls_for_every_get_route(app: Flask, filed: Filed, user_id: int) -> dict[str, list[str]]:
    """Each GET endpoint and the URLs that open it, arguments filled from the real complaint."""
    values = {"reference": filed.reference, "attachment_id": str(filed.attachment_id),
              "user_id": str(user_id), "code": "es", "kind": "release",
              "filename": "css/site.css"}  # fmt: skip
    slugs = {"intake.step": [step.slug for step in STEPS],
             "info.page": [path.stem for path in (TEMPLATES / "info").glob("[!_]*.html")
                           if path.stem != "index"],
             "casework.letter": ["release", "discretion", "complainant"]}  # fmt: skip
    urls: dict[str, list[str]] = {}
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods:
            continue
        argument = (
            "slug" if "slug" in rule.arguments else "kind" if "kind" in rule.arguments else ""
        )
        choices = slugs.get(rule.endpoint, [""])
        for choice in choices:
            url = rule.rule
            for name in rule.arguments:
                value = choice if name == argument else values[name]
                url = re.sub(rf"<(?:[a-z]+:)?{name}>", value, url)
            urls.setdefault(rule.endpoint, []).append(url)
    urls["casework.letter"].append(f"/staff/cases/{filed.reference}/letters/release?format=txt")
    urls["reports.export"] += ["/staff/reports/monthly/export?format=csv",
                               "/staff/reports/monthly/export?format=xlsx"]  # fmt: skip
    return urls


ERRORS = [
    ("GET", "/no-such-page", HTTPStatus.NOT_FOUND),
    ("POST", "/follow-up/case", HTTPStatus.METHOD_NOT_ALLOWED),
    ("POST", "/help/", HTTPStatus.METHOD_NOT_ALLOWED),
    ("POST", "/staff/login", HTTPStatus.BAD_REQUEST),  # no CSRF token
    ("GET", "/static/no-such-file.css", HTTPStatus.NOT_FOUND),
]
STAFF_ERRORS = [
    ("GET", "/staff/cases/SC-0000-0000", HTTPStatus.NOT_FOUND),
    ("GET", "/staff/no-such-page", HTTPStatus.NOT_FOUND),
    ("GET", "/staff/cases/SC-0000-0000/letters/unknown", HTTPStatus.NOT_FOUND),
    ("POST", "/staff/cases/bulk", HTTPStatus.BAD_REQUEST),  # no CSRF token
]


def fetch(client: FlaskClient, method: str, url: str):
    """The response, read in full and closed (a static file is streamed from an open file)."""
    response = client.open(url, method=method)
    response.get_data()
    response.close()
    return response


def walk(
    app: Flask, client: FlaskClient, filed: Filed, user_id: int, errors: list
) -> list[tuple[str, object]]:
    """Open every GET route, then the `errors`; return (what was asked, response) pairs."""
    seen = []
    urls = urls_for_every_get_route(app, filed, user_id)
    for endpoint in sorted(urls):
        for url in urls[endpoint]:
            seen.append((f"GET {url}", fetch(client, "GET", url)))
    for method, url, status in errors:
        response = fetch(client, method, url)
        assert response.status_code == status, (method, url)
        seen.append((f"{method} {url}", response))
    return seen


def assert_secure(where: str, response, *, hsts: bool = False) -> None:
    for name, value in EXPECTED.items():
        assert response.headers.get(name) == value, (where, name)
    policy = response.headers.get("Permissions-Policy", "")
    assert all(feature in policy.split(", ") for feature in DENIED_FEATURES), (where, policy)
    assert ("Strict-Transport-Security" in response.headers) is hsts, where
    if hsts:
        assert response.headers["Strict-Transport-Security"] == HSTS, where
    cache = response.headers.get("Cache-Control", "")
    if where.startswith("GET /static/") and response.status_code == HTTPStatus.OK:
        assert "no-store" not in cache, where  # static assets may be cached
    else:
        assert cache == "no-store", (where, cache)


@pytest.fixture(params=["visitor", "supervisor"])
def walked(request, app: Flask, client: FlaskClient, db: so.Session, filed: Filed):
    """Every route as the visitor who has just filed (and followed up), or as a supervisor."""
    if request.param == "visitor":
        user_id = make_staff(app, db, Role.ADMIN, email="other@staff.example").id
        return request.param, walk(app, client, filed, user_id, ERRORS)
    staff_client = app.test_client()
    supervisor = make_staff(app, db, Role.SUPERVISOR)
    sign_in(staff_client, supervisor)
    return request.param, walk(app, staff_client, filed, supervisor.id, ERRORS + STAFF_ERRORS)


def test_the_constant_is_the_policy_the_design_asks_for() -> None:
    assert EXPECTED["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY


def test_every_get_route_is_walked_with_its_arguments_filled(app: Flask, filed: Filed) -> None:
    urls = urls_for_every_get_route(app, filed, user_id=1)
    assert set(urls) == {
        rule.endpoint for rule in app.url_map.iter_rules() if "GET" in rule.methods
    }
    assert not [url for choices in urls.values() for url in choices if "<" in url]


def test_every_response_carries_every_header(walked, filed: Filed) -> None:
    who, seen = walked
    ok = {where: response.mimetype for where, response in seen if response.status_code == 200}
    downloads = {
        where
        for where, response in seen
        if response.headers.get("Content-Disposition", "").startswith("attachment")
    }
    # The walk reached the real pages, not only redirects to a sign-in page.
    if who == "visitor":
        assert {"GET /", "GET /file/who", "GET /follow-up/case", "GET /help/contact"} <= set(ok)
    else:
        case = f"GET /staff/cases/{filed.reference}"
        assert ok[case] == "text/html"
        assert f"{case}/attachments/{filed.attachment_id}" in ok.keys() & downloads
        assert ok[f"{case}/letters/release?format=txt"] == "text/plain"
        assert ok["GET /staff/reports/monthly/export?format=xlsx"].endswith("spreadsheetml.sheet")
        assert ok["GET /staff/reports/monthly/export?format=csv"] == "application/zip"
        pages = {f"{case}/letters/complainant", "GET /staff/account", "GET /staff/cases/",
                 "GET /staff/reports/monthly", "GET /staff/reports/profiling"}  # fmt: skip
        assert pages <= set(ok)
    for where, response in seen:
        assert_secure(where, response)


def test_an_unexpected_error_page_carries_every_header(
    app: Flask, client: FlaskClient, filed: Filed, failing_database
) -> None:
    with failing_database("SELECT cases"):
        response = client.get("/follow-up/case")
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert_secure("GET /follow-up/case (database down)", response)


def test_hsts_only_in_production(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMPLAINTS_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "p" * 48)
    monkeypatch.setenv("COMPLAINTS_DATA_KEY", Fernet.generate_key().decode())
    monkeypatch.setenv("COMPLAINTS_CODE_KEY", "k" * 40)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'production.db'}")
    production = create_app()
    assert production.config["COMPLAINTS_ENV"] == "production"
    client = production.test_client()
    for path, status in [("/", HTTPStatus.OK), ("/help/", HTTPStatus.OK),
                         ("/no-such-page", HTTPStatus.NOT_FOUND),
                         ("/static/css/site.css", HTTPStatus.OK)]:  # fmt: skip
        response = fetch(client, "GET", path)
        assert response.status_code == status, path
        assert_secure(f"GET {path}", response, hsts=True)

    testing = create_app(config_for(f"sqlite:///{tmp_path / 'testing.db'}")).test_client()
    assert "Strict-Transport-Security" not in testing.get("/").headers


def test_templates_load_nothing_from_elsewhere_and_have_no_inline_code() -> None:
    files = [*TEMPLATES.rglob("*.html"), *TEMPLATES.rglob("*.svg")]
    assert len(files) > 20
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert not ELSEWHERE.search(text), path
        for what, pattern in INLINE.items():
            assert not pattern.search(text), (path, what)


def test_rendered_pages_load_nothing_from_elsewhere_and_have_no_inline_code(walked) -> None:
    pages = [
        (where, response.get_data(as_text=True))
        for where, response in walked[1]
        if response.mimetype in ("text/html", "image/svg+xml")
    ]
    assert len(pages) > 10
    for where, page in pages:
        assert not ELSEWHERE.search(page), where
        for what, pattern in INLINE.items():
            assert not pattern.search(page), (where, what)


@pytest.mark.parametrize(
    "snippet",
    ['<img src="https://cdn.example/x.png">', "<a href='//evil.example/'>", '<p style="x">',
     "<style>p{}</style>", "<script>alert(1)</script>", '<button onclick="x()">'],
)  # fmt: skip
def test_the_scanners_catch_what_they_look_for(snippet: str) -> None:
    caught = ELSEWHERE.search(snippet) or any(p.search(snippet) for p in INLINE.values())
    assert caught
    clean = '<script src="/static/js/counter.js" defer></script><a href="/help/">x</a>'
    assert not ELSEWHERE.search(clean) and not any(p.search(clean) for p in INLINE.values())
