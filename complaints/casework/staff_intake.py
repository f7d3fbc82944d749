"""A complaint received by phone, letter or in person, recorded by a caseworker through the
public form itself, so it meets the same questions and rules; only the channel and the
complainant's language are set here."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, redirect, render_template, session, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms.validators import DataRequired

from complaints import labels
from complaints.auth.guard import role_required
from complaints.catalog import lazy_gettext as _l
from complaints.choice_fields import RadioField, SelectField
from complaints.intake.fields import error_summary
from complaints.locales import LANGUAGES
from complaints.rules.permissions import Permission, can
from complaints.rules.vocabulary import Channel

bp = Blueprint("staff_intake", __name__, url_prefix="/staff/intake")
SESSION_KEY = "staff_intake"
CHANNELS = {
    Channel.PHONE: _l("By phone"),
    Channel.PAPER: _l("By letter or on paper"),
    Channel.IN_PERSON: _l("In person"),
}


class StaffIntakeForm(FlaskForm):
    channel = RadioField(
        _l("How did the complaint reach us?"),
        choices=labels.choices(CHANNELS),
        validators=[DataRequired(message=_l("Choose how the complaint reached us."))],
    )
    language = SelectField(
        _l("The complainant's language"),
        choices=labels.options((language.code, language.native_name) for language in LANGUAGES),
        validators=[DataRequired()],
    )


@dataclass(frozen=True)
class StaffIntake:
    channel: Channel
    language: str


def current_staff_intake() -> StaffIntake | None:
    """The intake a signed-in caseworker is recording in this browser, if any."""
    state = session.get(SESSION_KEY)
    if not state or not current_user.is_authenticated:
        return None
    if not can(current_user.role, Permission.WORK_CASES):
        return None
    return StaffIntake(Channel(state["channel"]), state["language"])


def finish_staff_intake() -> None:
    session.pop(SESSION_KEY, None)


@bp.route("/", methods=["GET", "POST"])
@role_required(Permission.WORK_CASES)
def start() -> str | Response:
    form = StaffIntakeForm()
    if form.validate_on_submit():
        session[SESSION_KEY] = {"channel": form.channel.data, "language": form.language.data}
        return redirect(url_for("intake.start"))
    return render_template("casework/staff_intake.html", form=form, errors=error_summary(form))


def register_template_helpers(app) -> None:
    app.jinja_env.globals.update(
        current_staff_intake=current_staff_intake, channel_label=lambda channel: CHANNELS[channel]
    )
