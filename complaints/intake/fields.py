"""Field filters and widgets for the public form: clean what people paste, keep what they mean."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime, timedelta

from wtforms import DateField, DateTimeLocalField, Field, Form, ValidationError, widgets
from wtforms.validators import Length, StopValidation

from complaints.catalog import lazy_gettext as _l
from complaints.choice_fields import SelectMultipleField

# Bidi embeddings, overrides and isolates can disguise text shown to staff; marks (LRM/RLM) stay.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
# C0 controls except tab, line feed and carriage return; NUL included (PostgreSQL refuses it).
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Dates before this are typing slips (0001 for 2001), and years 1-2 do not survive conversion to
# UTC in zones whose old local mean time ran ahead of it (American Samoa's did).
EARLIEST = datetime(1900, 1, 1)


def clean_line(value: str | None) -> str | None:
    """A one-line answer: no control characters, no bidi overrides, whitespace collapsed."""
    if value is None:
        return None
    value = _BIDI_CONTROLS.sub("", _CONTROLS.sub("", value))
    return " ".join(value.split())


def clean_text(value: str | None) -> str | None:
    """A multi-line answer: control characters removed, line breaks kept, ends trimmed."""
    if value is None:
        return None
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _BIDI_CONTROLS.sub("", _CONTROLS.sub("", value)).strip()


def clean_identifier(value: str | None) -> str | None:
    """An identifier (A-number, phone, bar number): no invisible format characters at all."""
    if value is None:
        return None
    visible = "".join(char for char in value if unicodedata.category(char) not in ("Cc", "Cf"))
    return " ".join(visible.split())


class PlainDateField(DateField):
    """A date field whose format error shows an example instead of "Not a valid date value"."""

    def process_formdata(self, valuelist: list[str]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(str(_l("Enter the date like 2026-05-22."))) from error
        if self.data is not None and self.data < EARLIEST.date():
            self.data = None
            raise ValueError(str(_l("Enter the date like 2026-05-22.")))


class PlainDateTimeField(DateTimeLocalField):
    """A date-and-time field whose format error shows an example of what to type."""

    def process_formdata(self, valuelist: list[str]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(str(_l("Enter the date and time like 2026-05-22 17:00."))) from error
        if self.data is not None and self.data < EARLIEST:
            self.data = None
            raise ValueError(str(_l("Enter the date and time like 2026-05-22 17:00.")))


class MultiCheckboxField(SelectMultipleField):
    """Several checkboxes for one question, rendered inside a fieldset by the template."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()

    def __init__(self, *args: object, **kwargs: object) -> None:
        # One plain sentence, not WTForms' plural message that quotes the raw values.
        kwargs.setdefault("invalid_choice_message", _l("Choose only from the options shown."))
        super().__init__(*args, **kwargs)


class MaxLength(Length):
    """Length limit checked by the server only: a `maxlength` attribute would make the browser
    silently cut a long paste, and nothing a person types may be lost."""

    def __init__(self, max: int, message: object = None) -> None:
        message = message or _l("Use %(max)d characters or fewer.", max=max)
        super().__init__(max=max, message=message)
        self.field_flags = {}


def at_least_one(message: object):
    """Validator for a group of checkboxes: one must be ticked. It sets no `required` flag,
    which would tell screen readers that every box in the group must be ticked."""

    def check(_form: Form, field: Field) -> None:
        if not field.data:
            raise StopValidation(message)

    return check


def past_date(_form: Form, field: Field) -> None:
    """Validator: a date must not be in the future (one day's grace for zones ahead of UTC)."""
    if field.data is not None and field.data > datetime.now(UTC).date() + timedelta(days=1):
        raise ValidationError(_l("This date is in the future. Check the date."))


GROUPED = frozenset({"RadioField", "MultiCheckboxField"})
CSRF_MESSAGE = _l(
    "This page was open a long time or your session ended, so we could not accept it safely. "
    "Your answers are still here: check them and press the button again."
)


def error_summary(form: Form) -> list[tuple[str, str]]:
    """(field id, message) for every error on the form, in page order, nested fields included.

    An expired or missing security token is explained in plain words, linked to nothing.
    """
    found: list[tuple[str, str]] = [("", str(message)) for message in form.form_errors]
    for field in form:
        if field.name == "csrf_token":
            if field.errors:
                found.append(("", str(CSRF_MESSAGE)))
            continue
        entries = getattr(field, "entries", None)
        if entries is not None:
            for entry in entries:
                found.extend(error_summary(entry.form) if hasattr(entry, "form") else [])
            continue
        # A group of radios or checkboxes is reached through its first option.
        target = f"{field.id}-0" if field.type in GROUPED else field.id
        found.extend((target, str(message)) for message in field.errors)
    return found
