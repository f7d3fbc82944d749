"""Admins create and revoke partner keys on a page: the key shown once, audited, then usable."""

from __future__ import annotations

import re
from http import HTTPStatus

import sqlalchemy as sa
import sqlalchemy.orm as so

from complaints.models import AuditEvent, PartnerKey
from complaints.rules.vocabulary import Role
from tests.api.partner import auth
from tests.web.filing import errors_on
from tests.web.staff import make_staff, sign_in, token

PAGE = "/staff/admin/partners"


def test_an_admin_creates_a_key_shown_once_and_revokes_it(app, db: so.Session) -> None:
    client = app.test_client()
    sign_in(client, make_staff(app, db, Role.ADMIN))

    created = client.post(PAGE, data={"csrf_token": token(client, PAGE), "partner": "Hotline A",
                                      "scopes": ["complaints:read-own"]})  # fmt: skip
    key = re.search(r'<code class="secret" dir="ltr">([^<]+)</code>', created.get_data(True))
    listing = client.get(PAGE).get_data(as_text=True)

    assert created.status_code == 200 and key
    prefix = key.group(1).split(".")[0]
    assert prefix in listing and key.group(1) not in listing
    api = app.test_client()
    assert api.get("/api/v1/complaints/SC-0000-0000", headers=auth(key.group(1))).status_code == 404
    revoked = client.post(f"{PAGE}/{prefix}/revoke", data={"csrf_token": token(client, PAGE)})
    assert revoked.status_code == HTTPStatus.FOUND
    assert api.get("/api/v1/complaints/SC-0000-0000", headers=auth(key.group(1))).status_code == 401
    actions = db.execute(sa.select(AuditEvent.action, AuditEvent.actor_user_id)).all()
    assert {a for a, user in actions if user} >= {"partner_key.created", "partner_key.revoked"}
    assert db.execute(sa.select(PartnerKey.revoked_at)).scalar_one() is not None


def test_a_key_needs_a_name_and_a_scope_and_caseworkers_cannot_make_one(app, db) -> None:
    admin = app.test_client()
    sign_in(admin, make_staff(app, db, Role.ADMIN))
    refused = admin.post(PAGE, data={"csrf_token": token(admin, PAGE), "partner": " ",
                                     "label": "kept"})  # fmt: skip
    worker = app.test_client()
    sign_in(worker, make_staff(app, db, Role.CASEWORKER, email="c@example.org"))

    assert refused.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert len(errors_on(refused.get_data(as_text=True))) == 2
    assert 'value="kept"' in refused.get_data(as_text=True)
    assert worker.get(PAGE).status_code == HTTPStatus.FORBIDDEN
    assert db.execute(sa.select(PartnerKey)).first() is None
