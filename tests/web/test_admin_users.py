"""Administrators manage staff accounts: create, change role, deactivate, reset two-factor."""

from __future__ import annotations

import re
from http import HTTPStatus

import sqlalchemy as sa
import sqlalchemy.orm as so

from complaints.auth.passwords import verify_password
from complaints.models import AuditEvent, User
from complaints.rules.vocabulary import Role
from tests.web.filing import errors_on
from tests.web.staff import make_staff, post_password, sign_in, token


def admin_client(app, db):
    client = app.test_client()
    sign_in(client, make_staff(app, db, Role.ADMIN))
    return client


def events(db: so.Session, action: str) -> list[AuditEvent]:
    return list(db.execute(sa.select(AuditEvent).where(AuditEvent.action == action)).scalars())


def test_creating_an_account_shows_a_temporary_password_once(app, db: so.Session) -> None:
    client = admin_client(app, db)
    response = client.post(
        "/staff/admin/users/new",
        data={"csrf_token": token(client, "/staff/admin/users/new"), "name": "Rosa Díaz",
              "email": "Rosa@Example.org", "role": "caseworker"},
    )  # fmt: skip
    page = response.get_data(as_text=True)
    password = re.search(r'<code class="secret" dir="ltr">([^<]+)</code>', page).group(1)
    user = db.execute(sa.select(User).where(User.email == "rosa@example.org")).scalar_one()
    assert (user.name, user.role, user.password_expired) == ("Rosa Díaz", Role.CASEWORKER, True)
    assert verify_password(user.password_hash, password)
    assert password not in client.get("/staff/admin/users").get_data(as_text=True)
    [event] = events(db, "user.created")
    assert event.details == {"user_id": user.id, "role": "caseworker"}
    # The new colleague must choose a password, and enrol two-factor, before anything else.
    app.config["COMPLAINTS_REQUIRE_2FA"] = True
    newcomer = app.test_client()
    assert post_password(newcomer, "rosa@example.org", password).headers["Location"] == (
        "/staff/two-factor/setup"
    )


def test_a_duplicate_email_is_refused(app, db: so.Session) -> None:
    client = admin_client(app, db)
    make_staff(app, db, Role.CASEWORKER, email="taken@staff.example")
    response = client.post(
        "/staff/admin/users/new",
        data={"csrf_token": token(client, "/staff/admin/users/new"), "name": "Other",
              "email": "taken@staff.example", "role": "supervisor"},
    )  # fmt: skip
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert errors_on(response.get_data(as_text=True)) == [
        "An account with that e-mail address already exists."
    ]


def test_changing_a_role_ends_that_person_s_sessions(app, db: so.Session) -> None:
    worker = make_staff(app, db, Role.CASEWORKER)
    their_client = app.test_client()
    sign_in(their_client, worker)
    client = admin_client(app, db)
    path = f"/staff/admin/users/{worker.id}"
    response = client.post(
        f"{path}/role", data={"csrf_token": token(client, path), "role": "supervisor"}
    )
    assert response.headers["Location"] == path
    assert db.get(User, worker.id).role is Role.SUPERVISOR
    assert their_client.get("/staff/").headers["Location"].startswith("/staff/login")
    [event] = events(db, "user.role_changed")
    assert (event.details["old"], event.details["new"]) == ("caseworker", "supervisor")


def test_deactivated_accounts_cannot_sign_in_and_are_never_deleted(app, db: so.Session) -> None:
    worker = make_staff(app, db, Role.CASEWORKER)
    client = admin_client(app, db)
    path = f"/staff/admin/users/{worker.id}"
    client.post(f"{path}/deactivate", data={"csrf_token": token(client, path)})
    assert db.get(User, worker.id).active is False
    response = post_password(app.test_client(), worker.email)
    assert errors_on(response.get_data(as_text=True)) == [
        "The e-mail address or password is not right."
    ]
    assert "Deactivated" in client.get("/staff/admin/users").get_data(as_text=True)
    client.post(f"{path}/reactivate", data={"csrf_token": token(client, path)})
    assert db.get(User, worker.id).active is True
    assert [e.action for e in events(db, "user.deactivated") + events(db, "user.activated")] == [
        "user.deactivated",
        "user.activated",
    ]


def test_administrators_cannot_deactivate_themselves(app, db: so.Session) -> None:
    client = admin_client(app, db)
    admin = db.execute(sa.select(User).where(User.role == Role.ADMIN)).scalar_one()
    path = f"/staff/admin/users/{admin.id}"
    client.post(f"{path}/deactivate", data={"csrf_token": token(client, path)})
    assert db.get(User, admin.id).active is True
    assert "You cannot deactivate your own account." in client.get(path).get_data(as_text=True)


def test_resetting_two_factor_makes_the_person_enrol_again(app, db: so.Session) -> None:
    worker = make_staff(app, db, Role.CASEWORKER)
    client = admin_client(app, db)
    path = f"/staff/admin/users/{worker.id}"
    client.post(f"{path}/reset-two-factor", data={"csrf_token": token(client, path)})
    assert db.get(User, worker.id).totp_secret is None
    app.config["COMPLAINTS_REQUIRE_2FA"] = True
    response = post_password(app.test_client(), worker.email)
    assert response.headers["Location"] == "/staff/two-factor/setup"


def test_an_unknown_account_is_404(app, db: so.Session) -> None:
    client = admin_client(app, db)
    assert client.get("/staff/admin/users/9999").status_code == HTTPStatus.NOT_FOUND
