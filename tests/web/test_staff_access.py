"""Who may open what: every staff URL in the app, for every role and for nobody signed in."""

from __future__ import annotations

import re
from datetime import date
from http import HTTPStatus

import pytest
import sqlalchemy.orm as so
from flask import Flask

from complaints.models import Attachment, AttachmentContent, RedressAction
from complaints.rules.vocabulary import MessageAuthor, RedressKind, Role
from tests.factories import make_case
from tests.web.staff import make_staff, sign_in, token

OPEN = "open"
# Written out by hand, not read from the code: a new staff route fails this test until someone
# decides here who may use it.
EXPECTED = {
    "auth.login": OPEN,
    "auth.two_factor": OPEN,
    "auth.two_factor_setup": OPEN,
    "auth.two_factor_qr": OPEN,
    "auth.logout": OPEN,
    "auth.home": {"caseworker", "supervisor", "admin"},
    "auth.account": {"caseworker", "supervisor", "admin"},
    "auth.change_password": {"caseworker", "supervisor", "admin"},
    "admin.users": {"admin"},
    "admin.new_user": {"admin"},
    "admin.user": {"admin"},
    "admin.change_role": {"admin"},
    "admin.deactivate": {"admin"},
    "admin.reactivate": {"admin"},
    "admin.reset_two_factor": {"admin"},
    "admin.partners": {"admin"},
    "admin.revoke_partner_key": {"admin"},
    "staff_intake.start": {"caseworker", "supervisor"},
    "reports.index": {"supervisor", "admin"},
    "reports.monthly": {"supervisor", "admin"},
    "reports.export": {"supervisor", "admin"},
    "reports.profiling": {"supervisor", "admin"},
    "reports.cases_export": {"supervisor"},
    "casework.set_legal_hold": {"supervisor"},
    **{
        f"casework.{endpoint}": {"caseworker", "supervisor"}
        for endpoint in (
            "queue_view",
            "case",
            "transition",
            "assign",
            "add_note",
            "send_message",
            "override_urgency",
            "add_redress",
            "redress_outcome",
            "attachment",
            "letter",
            "bulk",
            "update_facts",
            "override_flags",
            "change_identity",
            "record_consent",
            "update_safe_contact",
            "update_authority",
            "set_removal_proceedings",
            "split_case",
        )
    },
}
ACTORS = [None, Role.CASEWORKER, Role.SUPERVISOR, Role.ADMIN]


def staff_routes(app: Flask) -> list[tuple[str, str, str]]:
    """(endpoint, method, rule) for every route under /staff."""
    found = []
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/staff"):
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                found.append((rule.endpoint, method, rule.rule))
    return found


def test_every_staff_route_has_a_decision(app: Flask) -> None:
    assert {endpoint for endpoint, _method, _rule in staff_routes(app)} == set(EXPECTED)


@pytest.mark.parametrize("actor", ACTORS, ids=lambda role: role.value if role else "anonymous")
def test_access_matrix(app: Flask, client, db: so.Session, actor: Role | None) -> None:
    spare = make_staff(app, db, Role.CASEWORKER, email="spare@staff.example", enrolled=False)
    case = make_case(db)
    case.redress_actions.append(
        RedressAction(kind=RedressKind.REFER_CRCL, target="CRCL", taken_on=date(2026, 5, 1))
    )
    attachment = Attachment(original_name="a.txt", detected_type="text/plain", size=1,
                            sha256="0" * 64, uploaded_by=MessageAuthor.COMPLAINANT)  # fmt: skip
    attachment.content = AttachmentContent(ciphertext=app.extensions["vault"].encrypt(b"a"))
    case.attachments.append(attachment)
    db.commit()
    values = {"<int:user_id>": str(spare.id), "<reference>": case.reference,
              "<int:redress_id>": str(case.redress_actions[0].id),
              "<int:attachment_id>": str(attachment.id),
              # Always allowed: the release letter needs a detainer hold the case lacks.
              "<kind>": "complainant"}  # fmt: skip
    if actor is not None:
        sign_in(client, make_staff(app, db, actor))
    form_token = token(client, "/staff/login" if actor is None else "/staff/account/password")
    results = {}
    for endpoint, method, rule in staff_routes(app):
        if endpoint in ("auth.logout",):
            continue  # signing out would end the walk; it is open by design
        url = rule
        for placeholder, value in values.items():
            url = url.replace(placeholder, value)
        if method == "GET":
            response = client.get(url)
        else:
            response = client.post(url, data={"csrf_token": form_token, "role": "caseworker"})
        results[(endpoint, method)] = response
    for (endpoint, method), response in results.items():
        allowed = EXPECTED[endpoint]
        where = f"{method} {endpoint} as {actor}"
        if allowed == OPEN:
            assert response.status_code != HTTPStatus.FORBIDDEN, where
        elif actor is None:
            assert response.status_code == HTTPStatus.FOUND, where
            assert response.headers["Location"].startswith("/staff/login"), where
        elif actor.value in allowed:
            assert response.status_code != HTTPStatus.FORBIDDEN, where
            assert not response.headers.get("Location", "").startswith("/staff/login"), where
            if method == "GET":
                assert response.status_code == HTTPStatus.OK, where
        else:
            assert response.status_code == HTTPStatus.FORBIDDEN, where


def test_a_route_without_a_declared_permission_is_closed(app: Flask, client, db) -> None:
    @app.get("/staff/forgotten")
    def forgotten() -> str:
        return "case files"

    sign_in(client, make_staff(app, db, Role.SUPERVISOR))
    response = client.get("/staff/forgotten")
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert "case files" not in response.get_data(as_text=True)


def test_a_temporary_password_must_be_changed_first(app: Flask, client, db) -> None:
    user = make_staff(app, db, Role.CASEWORKER)
    user.password_expired = True
    db.commit()
    sign_in(client, user)
    assert client.get("/staff/account").headers["Location"] == "/staff/account/password"
    page = client.get("/staff/account/password").get_data(as_text=True)
    assert "You signed in with a temporary password." in page


def test_each_role_sees_its_own_menu(app: Flask, db: so.Session) -> None:
    """The staff menu is rendered once per role and language (complaints/page_chrome.py): each
    role gets the links it may use, whoever was served first."""
    menus = {}
    for role in (Role.ADMIN, Role.CASEWORKER, Role.SUPERVISOR):
        client = app.test_client()
        sign_in(client, make_staff(app, db, role))
        page = client.get("/staff/").get_data(as_text=True)
        menus[role] = re.search(r'<nav class="site-nav".*?</nav>', page, re.S).group(0)
    assert 'href="/staff/admin/users"' in menus[Role.ADMIN]
    assert 'href="/staff/cases/"' not in menus[Role.ADMIN]
    assert 'href="/staff/cases/"' in menus[Role.CASEWORKER]
    assert "/staff/reports/" not in menus[Role.CASEWORKER]
    assert "/staff/admin/" not in menus[Role.CASEWORKER]
    assert "/staff/reports/" in menus[Role.SUPERVISOR]
    assert 'href="/staff/cases/"' in menus[Role.SUPERVISOR]
    signed_out = app.test_client().get("/staff/login").get_data(as_text=True)
    assert '<nav class="site-nav"' not in signed_out
