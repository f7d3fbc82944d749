"""Casework forms. Each change carries the case version the caseworker saw."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, HiddenField, IntegerField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, InputRequired, Optional

from complaints import labels
from complaints.catalog import lazy_gettext as _l
from complaints.choice_fields import SelectField
from complaints.intake.detention_form import when
from complaints.intake.fields import (
    MaxLength,
    MultiCheckboxField,
    clean_identifier,
    clean_line,
    clean_text,
)
from complaints.intake.form_parts import answer, line


class VersionedForm(FlaskForm):
    version = IntegerField(validators=[InputRequired()])
    opened_at = HiddenField()  # when the page was rendered: the conflict page lists later changes


class TransitionForm(VersionedForm):
    to = HiddenField(validators=[DataRequired()])
    reason = TextAreaField(
        _l("Reason"), filters=[clean_text], validators=[Optional(), MaxLength(2000)]
    )
    outcome = SelectField(
        _l("Outcome"),
        choices=labels.choices(labels.OUTCOMES, first=("", _l("Choose an outcome"))),
        validators=[Optional()],
    )
    duplicate_of = line(
        _l("Reference of the original case"), max_length=20, filters=[clean_identifier]
    )


class AssignForm(VersionedForm):
    assignee = SelectField(
        _l("Assign to"), choices=[], validators=[Optional()], validate_choice=False
    )


class NoteForm(FlaskForm):
    body = TextAreaField(
        _l("Internal note (never shown to the complainant)"),
        filters=[clean_text],
        validators=[DataRequired(message=_l("Write the note first.")), MaxLength(20_000)],
    )


class MessageForm(FlaskForm):
    body = TextAreaField(
        _l("Message to the complainant (shown on their follow-up page)"),
        filters=[clean_text],
        validators=[DataRequired(message=_l("Write the message first.")), MaxLength(10_000)],
    )


class UrgencyForm(VersionedForm):
    urgency = SelectField(
        _l("Urgency"),
        choices=labels.choices(labels.URGENCIES, first=("rules", _l("As the rules decide"))),
        validators=[DataRequired()],
    )
    reason = TextAreaField(
        _l("Why"),
        filters=[clean_text],
        validators=[
            DataRequired(message=_l("Give a reason for changing the urgency.")),
            MaxLength(2000),
        ],
    )


class RedressForm(FlaskForm):
    kind = SelectField(
        _l("Action"), choices=labels.choices(labels.REDRESS_KINDS), validators=[DataRequired()]
    )
    target = line(_l("Sent to (office, jail, lawyer)"), max_length=300, filters=[clean_line])
    taken_on = DateField(_l("Date"), validators=[DataRequired(message=_l("Enter the date."))])
    details = TextAreaField(
        _l("Details"), filters=[clean_text], validators=[Optional(), MaxLength(5000)]
    )


class RedressOutcomeForm(FlaskForm):
    outcome = SelectField(
        _l("Outcome"), choices=labels.choices(labels.REDRESS_OUTCOMES), validators=[DataRequired()]
    )
    outcome_on = DateField(_l("Date"), validators=[DataRequired(message=_l("Enter the date."))])


class BulkForm(FlaskForm):
    """The queue's bulk action: the cases ticked and the action chosen come from the form."""


class FactsForm(VersionedForm):
    """The facts that decide urgency, in the jurisdiction's local time (`zone`, set by the view)."""

    detained_now = answer(_l("Is the person in a jail or detention center now?"))
    detainer_issued = answer(_l("Did immigration (ICE) send the jail a detainer or hold?"))
    eligible_at = when(_l("When should the person have been free to go?"))
    released_at = when(_l("When was the person released or handed over?"))
    is_minor = BooleanField(_l("The person is under 18"))
    medical_emergency = BooleanField(_l("The person needs urgent medical care"))


class FlagsForm(VersionedForm):
    flags = MultiCheckboxField(_l("Flags"), choices=labels.choices(labels.FLAGS))
    reason = TextAreaField(
        _l("Why"),
        filters=[clean_text],
        validators=[
            DataRequired(message=_l("Give a reason for changing the flags.")),
            MaxLength(2000),
        ],
    )


class LegalHoldForm(VersionedForm):
    """Place or lift a legal hold (`hold` is "place" or "lift"); the reason is audited."""

    hold = HiddenField(validators=[AnyOf(["place", "lift"])])
    hold_reason = TextAreaField(
        _l("Reason"),
        filters=[clean_text],
        validators=[
            DataRequired(message=_l("Give a reason for the legal hold.")),
            MaxLength(2000),
        ],
    )
