"""Staff sign-in and account forms."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, InputRequired

from complaints.catalog import lazy_gettext as _l
from complaints.intake.fields import clean_identifier


class LoginForm(FlaskForm):
    email = EmailField(
        _l("E-mail address"),
        filters=[clean_identifier],
        validators=[DataRequired(message=_l("Enter your e-mail address."))],
    )
    password = PasswordField(
        _l("Password"), validators=[InputRequired(message=_l("Enter your password."))]
    )


class CodeForm(FlaskForm):
    code = StringField(
        _l("Six-digit code from your authenticator app"),
        filters=[clean_identifier],
        validators=[DataRequired(message=_l("Enter the six-digit code."))],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"},
    )


class PasswordForm(FlaskForm):
    current = PasswordField(
        _l("Current password"),
        validators=[InputRequired(message=_l("Enter your current password."))],
        render_kw={"autocomplete": "current-password"},
    )
    new = PasswordField(
        _l("New password"),
        description=_l("At least 12 characters. A phrase of several words is easiest to remember."),
        validators=[InputRequired(message=_l("Enter a new password."))],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("New password again"),
        validators=[EqualTo("new", message=_l("The two new passwords are not the same."))],
        render_kw={"autocomplete": "new-password"},
    )
