"""Staff accounts: list, create with a temporary password, change role, deactivate, reset 2FA."""

from __future__ import annotations

from http import HTTPStatus

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user
from werkzeug.wrappers import Response

from complaints.admin.forms import ConfirmForm, NewUserForm, RoleForm
from complaints.auth import service
from complaints.auth.guard import role_required
from complaints.extensions import db
from complaints.intake.fields import error_summary
from complaints.models import User
from complaints.rules.permissions import Permission
from complaints.rules.vocabulary import Role

bp = Blueprint("admin", __name__, url_prefix="/staff/admin")
Page = str | tuple[str, int] | Response


def _user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(HTTPStatus.NOT_FOUND)
    return user


@bp.get("/users")
@role_required(Permission.MANAGE_USERS)
def users() -> str:
    accounts = db.session.execute(sa.select(User).order_by(User.active.desc(), User.name)).scalars()
    return render_template("admin/users.html", users=list(accounts))


@bp.route("/users/new", methods=["GET", "POST"])
@role_required(Permission.MANAGE_USERS)
def new_user() -> Page:
    form = NewUserForm()
    if form.validate_on_submit():
        password = service.temporary_password()
        try:
            user = service.create_user(
                db.session,
                email=form.email.data,
                name=form.name.data,
                role=Role(form.role.data),
                password=password,
                actor=current_user,
                temporary=True,
            )
        except service.AccountError as error:
            db.session.rollback()
            form.email.errors.append(gettext(error.args[0]))
        else:
            db.session.commit()
            # Shown once, to hand over in person; it must be changed at first sign-in.
            return render_template("admin/created.html", user=user, password=password)
    status = HTTPStatus.UNPROCESSABLE_ENTITY if request.method == "POST" else HTTPStatus.OK
    return render_template("admin/new_user.html", form=form, errors=error_summary(form)), status


@bp.get("/users/<int:user_id>")
@role_required(Permission.MANAGE_USERS)
def user(user_id: int) -> str:
    account = _user(user_id)
    return render_template(
        "admin/user.html", user=account, role_form=RoleForm(role=account.role.value),
        confirm=ConfirmForm(),
    )  # fmt: skip


@bp.post("/users/<int:user_id>/role")
@role_required(Permission.MANAGE_USERS)
def change_role(user_id: int) -> Page:
    account = _user(user_id)
    form = RoleForm()
    if not form.validate_on_submit():
        page = render_template("admin/user.html", user=account, role_form=form,
                               confirm=ConfirmForm(), errors=error_summary(form))  # fmt: skip
        return page, HTTPStatus.UNPROCESSABLE_ENTITY
    service.set_role(db.session, account, Role(form.role.data), actor=current_user)
    db.session.commit()
    flash(gettext("The role was changed. The person must sign in again."))
    return redirect(url_for(".user", user_id=user_id))


def _confirmed_change(user_id: int, change, message: str) -> Response:
    account = _user(user_id)
    if not ConfirmForm().validate_on_submit():
        abort(HTTPStatus.BAD_REQUEST)
    try:
        change(account)
    except service.AccountError as error:
        db.session.rollback()
        flash(gettext(error.args[0]))
    else:
        db.session.commit()
        flash(message)
    return redirect(url_for(".user", user_id=user_id))


@bp.post("/users/<int:user_id>/deactivate")
@role_required(Permission.MANAGE_USERS)
def deactivate(user_id: int) -> Response:
    return _confirmed_change(
        user_id,
        lambda account: service.set_active(db.session, account, False, actor=current_user),
        gettext("The account was deactivated. Its name stays in the audit trail."),
    )


@bp.post("/users/<int:user_id>/reactivate")
@role_required(Permission.MANAGE_USERS)
def reactivate(user_id: int) -> Response:
    return _confirmed_change(
        user_id,
        lambda account: service.set_active(db.session, account, True, actor=current_user),
        gettext("The account was reactivated."),
    )


@bp.post("/users/<int:user_id>/reset-two-factor")
@role_required(Permission.MANAGE_USERS)
def reset_two_factor(user_id: int) -> Response:
    return _confirmed_change(
        user_id,
        lambda account: service.reset_second_factor(db.session, account, actor=current_user),
        gettext("Two-factor sign-in was reset. The person sets it up again at next sign-in."),
    )
