"""Partner API keys for admins: list, create (the key shown once), revoke."""

from __future__ import annotations

from datetime import UTC, datetime
from http import HTTPStatus

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import StringField
from wtforms.validators import DataRequired

from complaints import labels
from complaints.admin.forms import ConfirmForm
from complaints.admin.views import Page, bp
from complaints.api.keys import PartnerKeyError, Scope, create_key, list_keys, revoke_key
from complaints.auth.guard import role_required
from complaints.catalog import lazy_gettext as _l
from complaints.extensions import db
from complaints.intake.fields import MultiCheckboxField, at_least_one, clean_line, error_summary
from complaints.rules.permissions import Permission

SCOPE_NAMES = {
    Scope.CREATE: _l("File complaints, send messages and documents"),
    Scope.READ_OWN: _l("Read the status and messages of the cases it filed"),
    Scope.REPORTS: _l("Read the de-identified monthly figures"),
}


class NewKeyForm(FlaskForm):
    partner = StringField(
        _l("Organisation"),
        filters=[clean_line],
        validators=[DataRequired(message=_l("Enter the organisation's name."))],
    )
    label = StringField(_l("What the key is for (optional)"), filters=[clean_line])
    scopes = MultiCheckboxField(
        _l("What the key may do"),
        choices=labels.options([(scope.value, name) for scope, name in SCOPE_NAMES.items()]),
        validators=[at_least_one(_l("Choose at least one thing the key may do."))],
    )


@bp.route("/partners", methods=["GET", "POST"])
@role_required(Permission.MANAGE_USERS)
def partners() -> Page:
    form = NewKeyForm()
    if form.validate_on_submit():
        try:
            new = create_key(
                db.session,
                form.partner.data,
                form.scopes.data,
                now=datetime.now(UTC),
                actor=current_user,
                label=form.label.data,
            )
        except PartnerKeyError:
            db.session.rollback()
            form.partner.errors.append(gettext("Use at most 200 characters."))
        else:
            db.session.commit()
            return render_template("admin/partner_key.html", key=new.key, token=new.token)
    status = HTTPStatus.UNPROCESSABLE_ENTITY if request.method == "POST" else HTTPStatus.OK
    return render_template("admin/partners.html", form=form, errors=error_summary(form),
                           keys=list_keys(db.session), revoke_form=ConfirmForm(),
                           scope_names=SCOPE_NAMES), status  # fmt: skip


@bp.post("/partners/<prefix>/revoke")
@role_required(Permission.MANAGE_USERS)
def revoke_partner_key(prefix: str) -> Response:
    if ConfirmForm().validate_on_submit():
        try:
            revoke_key(db.session, prefix, now=datetime.now(UTC), actor=current_user)
        except PartnerKeyError:
            db.session.rollback()
            flash(gettext("That key does not exist or is already revoked."))
        else:
            db.session.commit()
            flash(gettext("The key was revoked. Requests with it are refused from now on."))
    return redirect(url_for("admin.partners"))
