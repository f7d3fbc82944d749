"""The review page's rows: every answer, worded as the filer saw it ("check your answers")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import format_date, format_datetime
from wtforms import BooleanField, Field, FieldList, RadioField, SelectField, SelectMultipleField

from complaints.catalog import lazy_gettext as _l
from complaints.intake import forms
from complaints.intake.steps import Step

NOT_GIVEN = _l("Not given")
# A choice made instead of typing ("I don't know") is named after its question plus this.
INSTEAD = "_answer"
YES, NO = _l("Yes"), _l("No")


@dataclass(frozen=True)
class Row:
    label: str
    value: str | list[str]
    field_id: str


def display(field: Field) -> str | list[str]:
    """A field's answer in words: the chosen option's label, a formatted date, or the text."""
    data = field.data
    if isinstance(field, BooleanField):
        return str(YES if data else NO)
    if isinstance(field, SelectMultipleField):
        names = {choice.value: choice.label for choice in field.choices}
        return [str(names.get(value, value)) for value in data or []] or str(NOT_GIVEN)
    if isinstance(field, RadioField | SelectField):
        names = {choice.value: choice.label for choice in field.choices}
        return str(names.get(data, NOT_GIVEN)) if data else str(NOT_GIVEN)
    if isinstance(data, datetime):
        return format_datetime(data, "medium")
    if isinstance(data, date):
        return format_date(data, "long")
    return data or str(NOT_GIVEN)


def rows_for(step: Step, form: forms.StepForm, *, anonymous: bool) -> list[Row]:
    # An anonymous filing keeps no name or contact, so the review does not show any as if it did.
    hidden = set(forms.PersonForm.IDENTIFYING + forms.WhoForm.IDENTIFYING) if anonymous else set()
    rows: list[Row] = []
    for field in form:
        if field.name == "csrf_token" or field.name in hidden or field.type == "MultipleFileField":
            continue
        if isinstance(field, FieldList):
            for number, entry in enumerate(field.entries, start=1):
                if entry.offence.data:
                    kind, result = display(entry.severity), display(entry.outcome)
                    detail = f"{entry.offence.data} ({kind}; {result})"
                    rows.append(
                        Row(str(_l("Charge %(number)d", number=number)), detail, entry.offence.id)
                    )
            continue
        if field.name.endswith(INSTEAD) and field.name.removesuffix(INSTEAD) in form:
            continue  # shown as the answer to the question it stands in for
        instead = form._fields.get(field.name + INSTEAD)
        answer = (
            display(instead) if instead is not None and instead.data and not field.data else None
        )
        rows.append(Row(str(field.label.text), answer or display(field), field.id))
    return rows
