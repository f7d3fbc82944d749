"""The arrest and detention step: times in the place's local time, charges, the detainer."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from wtforms import FieldList, Form, FormField
from wtforms.validators import Optional

from complaints import labels
from complaints.catalog import lazy_gettext as _l
from complaints.choice_fields import RadioField, SelectField
from complaints.intake.fields import (
    PlainDateTimeField,
)
from complaints.intake.form_parts import StepForm, answer, line


class ChargeForm(Form):
    """One charge; a row left empty is ignored."""

    offence = line(_l("Charge"), _l("For example: driving without a license."))
    severity = SelectField(
        _l("Kind of charge"), choices=labels.choices(labels.SEVERITIES), validators=[Optional()]
    )
    outcome = SelectField(
        _l("What happened with it"),
        choices=labels.choices(labels.CHARGE_OUTCOMES),
        validators=[Optional()],
    )


TIME_FIELDS = ("arrested_at", "booked_at", "eligible_at", "released_at")
ORDER_MESSAGES = {
    "booked_at": _l("Booking cannot be before the arrest. Check both times."),
    "eligible_at": _l("This cannot be before the arrest. Check both times."),
    "released_at": _l(
        "Release cannot be before the time the person should have been free to go. "
        "Check both times."
    ),
}


def when(label, description="") -> PlainDateTimeField:
    return PlainDateTimeField(
        label,
        description=description,
        format=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        validators=[Optional()],
    )


class DetentionForm(StepForm):
    """Arrest and detention, in the jurisdiction's local time (`zone`, set by the view)."""

    arrested_at = when(_l("When was the person arrested?"))
    booked_at = when(_l("When was the person booked into the jail?"))
    charges = FieldList(FormField(ChargeForm), min_entries=2, max_entries=10)
    detainer_issued = answer(
        _l("Did immigration (ICE) send the jail a detainer or hold?"),
        _l("A detainer (form I-247) asks the jail to keep the person for immigration."),
    )
    detainer_copy_received = answer(_l("Was the person given a copy of the detainer?"))
    eligible_at = when(
        _l("When should the person have been free to go?"),
        _l("For example, when bail was paid, charges were dropped or the sentence ended."),
    )
    release_basis = RadioField(
        _l("Why should the person have been free to go?"),
        choices=labels.choices(labels.RELEASE_BASES),
        validators=[Optional()],
    )
    release_kind = RadioField(
        _l("What happened next?"),
        choices=labels.options(
            [
                ("released", _l("The person was released")),
                ("transferred", _l("The person was handed over to immigration (ICE)")),
                ("still_held", _l("The person is still held")),
                ("unknown", _l("I don't know")),
                ("declined", _l("I prefer not to say")),
            ]
        ),
        validators=[Optional()],
    )
    released_at = when(_l("When was the person released or handed over?"))
    bond_denied_for_detainer = answer(_l("Was bail or bond refused because of immigration?"))
    no_lawyer_or_hearing = answer(_l("Was the person refused a lawyer, a phone call or a hearing?"))

    zone: ZoneInfo = ZoneInfo("UTC")

    def local(self, name: str) -> datetime | None:
        """A time field's value as an aware datetime in the jurisdiction's zone."""
        value = self[name].data
        return value.replace(tzinfo=self.zone) if value is not None else None

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        soon = datetime.now(UTC) + timedelta(minutes=15)
        for name in TIME_FIELDS:
            value = self.local(name)
            if value is not None and value > soon:
                self[name].errors.append(_l("This time is in the future. Check the date and time."))
                valid = False
        order = (("arrested_at", "booked_at"), ("arrested_at", "eligible_at"),
                 ("eligible_at", "released_at"), ("arrested_at", "released_at"))  # fmt: skip
        for earlier, later in order:
            first, second = self.local(earlier), self.local(later)
            if first and second and second < first and not self[later].errors:
                self[later].errors.append(ORDER_MESSAGES[later])
                valid = False
        return valid
