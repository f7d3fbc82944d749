"""Forms for managing staff accounts."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, StringField
from wtforms.validators import DataRequired

from complaints import labels
from complaints.catalog import lazy_gettext as _l
from complaints.choice_fields import RadioField
from complaints.intake.fields import clean_identifier, clean_line


def role_field() -> RadioField:
    return RadioField(
        _l("Role"),
        choices=labels.choices(labels.ROLES),
        validators=[DataRequired(message=_l("Choose a role."))],
    )


class NewUserForm(FlaskForm):
    name = StringField(
        _l("Full name"),
        filters=[clean_line],
        validators=[DataRequired(message=_l("Enter the person's name."))],
    )
    email = EmailField(
        _l("E-mail address"),
        filters=[clean_identifier],
        validators=[DataRequired(message=_l("Enter an e-mail address."))],
    )
    role = role_field()


class RoleForm(FlaskForm):
    role = role_field()


class ConfirmForm(FlaskForm):
    """Buttons that change an account: deactivate, reactivate, reset two-factor."""
