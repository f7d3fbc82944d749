"""Staff sign-in: password, lockout per account, two-factor, sessions and passwords."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from http import HTTPStatus

import sqlalchemy as sa
import sqlalchemy.orm as so
from argon2 import PasswordHasher

from complaints.models import AuditEvent, User
from complaints.rules.vocabulary import Role
from tests.web.filing import errors_on
from tests.web.staff import (
    PASSWORD,
    SECRET,
    current_code,
    make_staff,
    post_code,
    post_password,
    sign_in,
    token,
)

WRONG = "The e-mail address or password is not right."
LOCKED = "Too many failed attempts. Wait 15 minutes or ask an administrator."


def actions(db: so.Session) -> list[str]:
    return list(db.execute(sa.select(AuditEvent.action).order_by(AuditEvent.seq)).scalars())


def test_password_then_code_signs_in_and_is_audited(app, client, db: so.Session) -> None:
    user = make_staff(app, db, Role.CASEWORKER)
    sign_in(client, user)
    page = client.get("/staff/").get_data(as_text=True)
    assert "Welcome, Caseworker Person" in page
    assert actions(db) == ["login.success"]
    assert db.get(User, user.id).last_login_at is not None


def test_a_wrong_password_gets_one_plain_answer(app, client, db: so.Session) -> None:
    user = make_staff(app, db, Role.CASEWORKER)
    wrong = post_password(client, user.email, "not the password at all")
    unknown = post_password(client, "nobody@staff.example", "not the password at all")
    assert wrong.status_code == unknown.status_code == HTTPStatus.UNAUTHORIZED
    assert errors_on(wrong.get_data(as_text=True)) == [WRONG]
    assert errors_on(unknown.get_data(as_text=True)) == [WRONG]
    assert actions(db) == ["login.failure", "login.failure"]


def test_the_password_alone_does_not_sign_in(app, client, db: so.Session) -> None:
    user = make_staff(app, db, Role.CASEWORKER)
    post_password(client, user.email)
    assert client.get("/staff/").headers["Location"].startswith("/staff/login")


def test_five_failures_lock_the_account_not_the_network(app, client, db: so.Session) -> None:
    user = make_staff(app, db, Role.CASEWORKER)
    colleague = make_staff(app, db, Role.SUPERVISOR)
    for attempt in range(5):
        response = post_password(
            client, user.email, "wrong guess", environ_base={"REMOTE_ADDR": f"10.1.0.{attempt}"}
        )
    assert errors_on(response.get_data(as_text=True)) == [LOCKED]
    # Even the right password is refused while the lock lasts...
    assert errors_on(post_password(client, user.email).get_data(as_text=True)) == [LOCKED]
    # ...but a colleague on the same network signs in normally.
    sign_in(client, colleague)
    locked_until = db.get(User, user.id).locked_until
    assert locked_until is not None and locked_until > datetime.now(UTC) + timedelta(minutes=14)


def test_the_lock_ends_and_success_clears_the_count(app, client, db: so.Session) -> None:
    user = make_staff(app, db, Role.CASEWORKER)
    for _ in range(5):
        post_password(client, user.email, "wrong guess")
    db.get(User, user.id).locked_until = datetime.now(UTC) - timedelta(seconds=1)
    db.commit()
    sign_in(client, user)
    db.expire_all()
    assert (db.get(User, user.id).failed_logins, db.get(User, user.id).locked_until) == (0, None)


def test_failures_spread_over_time_do_not_lock(app, client, db: so.Session) -> None:
    user = make_staff(app, db, Role.CASEWORKER)
    for _ in range(4):
        post_password(client, user.email, "wrong guess")
    db.get(User, user.id).failed_since = datetime.now(UTC) - timedelta(minutes=16)
    db.commit()
    response = post_password(client, user.email, "wrong guess")
    assert errors_on(response.get_data(as_text=True)) == [WRONG]
    assert db.get(User, user.id).failed_logins == 1


def test_a_wrong_code_is_refused_and_counts_as_a_failure(app, client, db: so.Session) -> None:
    user = make_staff(app, db, Role.CASEWORKER)
    post_password(client, user.email)
    response = post_code(client, "000000" if current_code() != "000000" else "111111")
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert errors_on(response.get_data(as_text=True)) == [
        "That code is not right, or it was already used."
    ]
    assert db.get(User, user.id).failed_logins == 1


def test_a_code_cannot_be_used_twice(app, client, db: so.Session) -> None:
    user = make_staff(app, db, Role.CASEWORKER)
    code = current_code()
    sign_in(client, user, code)
    client.post("/staff/logout")
    post_password(client, user.email)
    response = post_code(client, code)
    assert errors_on(response.get_data(as_text=True)) == [
        "That code is not right, or it was already used."
    ]


def test_required_two_factor_makes_new_staff_enrol_first(app, client, db: so.Session) -> None:
    app.config["COMPLAINTS_REQUIRE_2FA"] = True
    user = make_staff(app, db, Role.CASEWORKER, enrolled=False)
    response = post_password(client, user.email)
    assert response.headers["Location"] == "/staff/two-factor/setup"
    assert client.get("/staff/").headers["Location"].startswith("/staff/login")
    page = client.get("/staff/two-factor/setup").get_data(as_text=True)
    assert '<img src="/staff/two-factor/qr.svg"' in page
    qr = client.get("/staff/two-factor/qr.svg")
    assert qr.mimetype == "image/svg+xml" and qr.headers["Cache-Control"] == "no-store"
    assert b"<svg" in qr.data
    key = "".join(page.split('<code class="secret" dir="ltr">')[1].split("</code>")[0].split())
    import pyotp

    response = post_code(client, pyotp.TOTP(key).now(), "/staff/two-factor/setup")
    assert response.headers["Location"] == "/staff/"
    stored = db.get(User, user.id).totp_secret
    assert stored is not None and key not in stored  # kept encrypted
    assert "user.two_factor_enrolled" in actions(db)


def test_without_the_requirement_staff_may_enrol_later(app, client, db: so.Session) -> None:
    app.config["COMPLAINTS_REQUIRE_2FA"] = False
    user = make_staff(app, db, Role.CASEWORKER, enrolled=False)
    response = post_password(client, user.email)
    assert response.headers["Location"] == "/staff/"
    assert "Set up two-factor sign-in" in client.get("/staff/account").get_data(as_text=True)


def test_the_session_changes_at_sign_in(app, client, db: so.Session) -> None:
    user = make_staff(app, db, Role.CASEWORKER)
    with client.session_transaction() as before:
        before["draft"] = "left over from the public form"
    sign_in(client, user)
    with client.session_transaction() as after:
        assert "draft" not in after and len(after["sid"]) >= 16


def test_an_idle_session_ends(app, client, db: so.Session) -> None:
    sign_in(client, make_staff(app, db, Role.CASEWORKER))
    with client.session_transaction() as state:
        state["staff_seen"] -= 31 * 60
    response = client.get("/staff/account")
    assert response.headers["Location"] == "/staff/login"
    page = client.get("/staff/login").get_data(as_text=True)
    assert "You were signed out after 30 minutes without activity." in page
    assert client.get("/staff/account").headers["Location"].startswith("/staff/login")


def test_a_session_ends_after_twelve_hours_however_busy(app, client, db: so.Session) -> None:
    sign_in(client, make_staff(app, db, Role.CASEWORKER))
    with client.session_transaction() as state:
        state["staff_since"] -= 12 * 3600 + 1
    assert client.get("/staff/account").headers["Location"] == "/staff/login"


def test_changing_the_password_ends_other_sessions(app, db: so.Session) -> None:
    user = make_staff(app, db, Role.CASEWORKER)
    laptop, phone = app.test_client(), app.test_client()
    sign_in(laptop, user)
    sign_in(phone, user, current_code(datetime.now(UTC) + timedelta(seconds=30)))
    response = laptop.post(
        "/staff/account/password",
        data={"csrf_token": token(laptop, "/staff/account/password"), "current": PASSWORD,
              "new": "a brand new passphrase here", "confirm": "a brand new passphrase here"},
    )  # fmt: skip
    assert response.headers["Location"] == "/staff/account"
    assert laptop.get("/staff/account").status_code == HTTPStatus.OK
    assert phone.get("/staff/account").headers["Location"].startswith("/staff/login")
    assert "user.password_changed" in actions(db)


def test_password_change_errors_are_explained(app, client, db: so.Session) -> None:
    sign_in(client, make_staff(app, db, Role.CASEWORKER))

    def change(current: str, new: str, confirm: str) -> list[str]:
        data = {"csrf_token": token(client, "/staff/account/password"), "current": current,
                "new": new, "confirm": confirm}  # fmt: skip
        return errors_on(client.post("/staff/account/password", data=data).get_data(as_text=True))

    assert change("wrong current one", "a brand new passphrase", "a brand new passphrase") == [
        "Your current password is not right."
    ]
    assert change(PASSWORD, "too short", "too short") == [
        "Passwords must be at least 12 characters long."
    ]
    assert change(PASSWORD, "password1234", "password1234") == [
        "This password is too common. Choose a longer phrase that only you would use."
    ]
    assert change(PASSWORD, "a brand new passphrase", "another passphrase") == [
        "The two new passwords are not the same."
    ]


def test_old_hashes_are_upgraded_at_sign_in(app, client, db: so.Session) -> None:
    user = make_staff(app, db, Role.CASEWORKER)
    user.password_hash = PasswordHasher(time_cost=1, memory_cost=8 * 1024).hash(PASSWORD)
    db.commit()
    old = user.password_hash
    sign_in(client, user)
    db.expire_all()
    new = db.get(User, user.id).password_hash
    assert new != old and new.startswith("$argon2id$") and "m=8192" not in new


def test_signing_out_ends_the_session(app, client, db: so.Session) -> None:
    sign_in(client, make_staff(app, db, Role.CASEWORKER))
    assert client.post("/staff/logout").headers["Location"] == "/staff/login"
    assert client.get("/staff/").headers["Location"].startswith("/staff/login")
    assert actions(db)[-1] == "logout"


def test_staff_pages_are_never_cached(app, client, db: so.Session) -> None:
    sign_in(client, make_staff(app, db, Role.CASEWORKER))
    assert client.get("/staff/account").headers["Cache-Control"] == "no-store"


def test_the_secret_is_never_in_a_page_after_enrolment(app, client, db: so.Session) -> None:
    sign_in(client, make_staff(app, db, Role.CASEWORKER))
    assert SECRET not in client.get("/staff/account").get_data(as_text=True)
