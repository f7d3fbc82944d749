"""Staff sign-in (password, then a one-time code), sign-out, own account and password."""

from __future__ import annotations

import json
import secrets
from datetime import UTC, datetime, timedelta
from http import HTTPStatus

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext
from flask_login import current_user, login_user, logout_user

from complaints.audit import record
from complaints.auth import service, totp
from complaints.auth.forms import CodeForm, LoginForm, PasswordForm
from complaints.auth.guard import role_required, start_staff_session
from complaints.auth.passwords import WeakPassword
from complaints.extensions import csrf, db, limiter
from complaints.intake.fields import error_summary
from complaints.locales import safe_next
from complaints.models import User
from complaints.rules.permissions import Permission

bp = Blueprint("auth", __name__, url_prefix="/staff")
PENDING_KEY = "staff_pending"
PENDING_LIFETIME = timedelta(minutes=5)
Page = str | tuple[str, int] | Response


def _now() -> datetime:
    return datetime.now(UTC)


def _vault():
    return current_app.extensions["vault"]


def _set_pending(user: User, stage: str, secret: str | None = None) -> None:
    """Between password and code: who is signing in, encrypted (it may hold a new secret)."""
    state = {"user": user.id, "epoch": user.session_epoch, "stage": stage,
             "until": (_now() + PENDING_LIFETIME).timestamp(), "secret": secret,
             "next": safe_next(request.args.get("next"))}  # fmt: skip
    session[PENDING_KEY] = _vault().encrypt(json.dumps(state).encode()).decode()


def _pending() -> tuple[User, dict] | None:
    token = session.get(PENDING_KEY)
    if not token:
        return None
    try:
        state = json.loads(_vault().decrypt(token.encode()))
    except ValueError:
        return None
    user = db.session.get(User, state["user"])
    if state["until"] < _now().timestamp() or user is None or not user.active:
        session.pop(PENDING_KEY, None)
        return None
    if user.session_epoch != state["epoch"]:
        return None
    return user, state


def _fresh_session() -> None:
    """Drop everything the session held, including the CSRF secret a token was made from."""
    session.clear()
    g.pop("csrf_token", None)


def _finish(user: User, target: str | None) -> Response:
    """Signed in: a fresh session (its contents replaced), audited, and on to the work."""
    _fresh_session()
    login_user(user)
    session["sid"] = secrets.token_urlsafe(16)  # the session's identity changes at sign-in
    start_staff_session()
    service.complete_sign_in(db.session, user, _now())
    db.session.commit()
    return redirect(target if target and target != "/" else url_for(".home"))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["STAFF_LOGIN_LIMIT"], methods=["POST"])
def login() -> Page:
    if current_user.is_authenticated:
        return redirect(url_for(".home"))
    form = LoginForm()
    if not form.validate_on_submit():
        status = HTTPStatus.UNPROCESSABLE_ENTITY if request.method == "POST" else HTTPStatus.OK
        return render_template("staff/login.html", form=form, errors=error_summary(form)), status
    result = service.authenticate(db.session, form.email.data, form.password.data, _now())
    db.session.commit()
    if result.user is None:
        if result.problem is service.SignInProblem.LOCKED:
            message = gettext("Too many failed attempts. Wait 15 minutes or ask an administrator.")
        else:
            message = gettext("The e-mail address or password is not right.")
        page = render_template("staff/login.html", form=form, errors=[("email", message)])
        return page, HTTPStatus.UNAUTHORIZED
    user = result.user
    if user.totp_secret is not None:
        _set_pending(user, "code")
        return redirect(url_for(".two_factor"))
    if current_app.config["COMPLAINTS_REQUIRE_2FA"]:
        _set_pending(user, "enrol", totp.new_secret())
        return redirect(url_for(".two_factor_setup"))
    return _finish(user, safe_next(request.args.get("next")))


@bp.route("/two-factor", methods=["GET", "POST"])
def two_factor() -> Page:
    pending = _pending()
    if pending is None or pending[1]["stage"] != "code":
        return redirect(url_for(".login"))
    user, state = pending
    form = CodeForm()
    if form.validate_on_submit():
        if service.check_second_factor(db.session, user, form.code.data, _vault(), _now()):
            return _finish(user, state["next"])
        db.session.commit()
        form.code.errors.append(gettext("That code is not right, or it was already used."))
    status = HTTPStatus.UNPROCESSABLE_ENTITY if request.method == "POST" else HTTPStatus.OK
    return render_template("staff/two_factor.html", form=form, errors=error_summary(form)), status


def _enrolment_secret() -> tuple[User | None, str | None, str | None]:
    """Whose authenticator is being set up, its new secret and where to go after."""
    pending = _pending()
    if pending is not None and pending[1]["stage"] == "enrol":
        return pending[0], pending[1]["secret"], pending[1]["next"]
    if current_user.is_authenticated:
        secret = session.get("enrol_secret")
        if secret is None:
            secret = session["enrol_secret"] = totp.new_secret()
        return current_user, secret, url_for(".account")
    return None, None, None


@bp.route("/two-factor/setup", methods=["GET", "POST"])
def two_factor_setup() -> Page:
    user, secret, target = _enrolment_secret()
    if user is None or secret is None:
        return redirect(url_for(".login"))
    form = CodeForm()
    if form.validate_on_submit():
        if service.enrol_second_factor(db.session, user, secret, form.code.data, _vault(), _now()):
            session.pop("enrol_secret", None)
            if current_user.is_authenticated:
                db.session.commit()
                flash(gettext("Two-factor sign-in is on."))
                return redirect(url_for(".account"))
            return _finish(user, target)
        form.code.errors.append(gettext("That code is not right. Check the time on your phone."))
    page = render_template(
        "staff/two_factor_setup.html",
        form=form,
        errors=error_summary(form),
        secret=totp.readable_secret(secret),
    )
    return page, HTTPStatus.UNPROCESSABLE_ENTITY if request.method == "POST" else HTTPStatus.OK


@bp.get("/two-factor/qr.svg")
def two_factor_qr() -> Response:
    user, secret, _target = _enrolment_secret()
    if user is None or secret is None:
        return Response(status=HTTPStatus.NOT_FOUND)
    issuer = current_app.config["OPERATOR_NAME"]
    svg = totp.qr_svg(totp.provisioning_uri(secret, user.email, issuer), gettext("QR code"))
    return Response(svg, mimetype="image/svg+xml", headers={"Cache-Control": "no-store"})


@bp.post("/logout")
@csrf.exempt
def logout() -> Response:
    # No token check: signing out is always safe and must always work.
    if current_user.is_authenticated:
        record(db.session, "logout", actor=current_user)
        db.session.commit()
    logout_user()
    _fresh_session()
    return redirect(url_for(".login"))


@bp.get("/")
@role_required(Permission.OWN_ACCOUNT)
def home() -> str:
    return render_template("staff/home.html")


@bp.get("/account")
@role_required(Permission.OWN_ACCOUNT)
def account() -> str:
    return render_template("staff/account.html")


@bp.route("/account/password", methods=["GET", "POST"])
@role_required(Permission.OWN_ACCOUNT)
def change_password() -> Page:
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            service.change_password(db.session, current_user, form.current.data, form.new.data)
        except service.AccountError as error:
            field = form.current if error.args[0] == service.CURRENT_WRONG else form.new
            field.errors.append(gettext(error.args[0]))
        except WeakPassword as error:
            form.new.errors.append(gettext(error.message, **error.params))
        else:
            db.session.commit()
            # Carry the new epoch into this session; others end. The user, not the proxy: a
            # stored proxy would resolve to itself the next time this request reads it.
            login_user(current_user._get_current_object())
            flash(gettext("Your password was changed. Other devices were signed out."))
            return redirect(url_for(".account"))
    status = HTTPStatus.UNPROCESSABLE_ENTITY if request.method == "POST" else HTTPStatus.OK
    page = render_template("staff/password.html", form=form, errors=error_summary(form))
    return page, status
