"""The API's complaint body, derived from the public form's own step forms.

Each step of the web form (complaints/intake/steps.py) becomes one object of the JSON body, each
field of the step one property of the same name, typed from the field: a choice lists its
values, a length limit becomes maxLength, a charge list is an array of objects. The OpenAPI
document is generated from these schemas, and a body that passes them is turned back into the
step answers the web form saves, then checked by the very same forms (intake/answers.py).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import marshmallow as ma
from werkzeug.datastructures import MultiDict
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    Field,
    FieldList,
    FormField,
    MultipleFileField,
    RadioField,
    SelectField,
    SelectMultipleField,
)
from wtforms.validators import DataRequired, InputRequired, Length

from complaints.intake.steps import STEPS, Answers, Step

# The steps a partner sends as JSON; documents go to their own endpoint after filing.
SECTIONS: dict[str, Step] = {
    step.slug.replace("-", "_"): step for step in STEPS if step.slug != "documents"
}
LOCAL_TIME_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}$"


def _choices(field: Field) -> list[str]:
    return [str(value) for value, *_label in field.choices or [] if value != ""]


def _length(field: Field) -> ma.validate.Length | None:
    for validator in field.validators:
        if isinstance(validator, Length) and validator.max and validator.max > 0:
            return ma.validate.Length(max=validator.max)
    return None


def _describe(field: Field) -> dict[str, Any]:
    return {"description": str(field.label.text)}


def _property(field: Field) -> ma.fields.Field | None:
    """The JSON property for one form field (None for the CSRF token and file inputs)."""
    meta = _describe(field)
    required = any(isinstance(v, InputRequired | DataRequired) for v in field.validators)
    if field.name == "csrf_token" or isinstance(field, MultipleFileField):
        return None
    if isinstance(field, FieldList):
        entry = field.unbound_field.args[0] if isinstance(field.entries[0], FormField) else None
        if entry is None:
            return None
        nested = _schema_for(f"{field.name.title()}Entry", entry(formdata=MultiDict(), meta={}))
        return ma.fields.List(ma.fields.Nested(nested), metadata=meta)
    if isinstance(field, SelectMultipleField):
        inner = ma.fields.String(validate=ma.validate.OneOf(_choices(field)))
        return ma.fields.List(inner, metadata=meta)
    if isinstance(field, RadioField | SelectField):
        choices = _choices(field)
        validate = ma.validate.OneOf(choices) if choices else None
        return ma.fields.String(validate=validate, required=required, metadata=meta)
    if isinstance(field, BooleanField):
        return ma.fields.Boolean(metadata=meta)
    if isinstance(field, DateTimeLocalField):
        meta["description"] += " (local time where it happened, like 2026-05-22T17:00)"
        return ma.fields.String(validate=ma.validate.Regexp(LOCAL_TIME_PATTERN), metadata=meta)
    if isinstance(field, DateField):
        return ma.fields.Date(metadata=meta)
    return ma.fields.String(validate=_length(field), required=required, metadata=meta)


def _schema_for(name: str, form: Any) -> type[ma.Schema]:
    properties = {f.name: prop for f in form if (prop := _property(f)) is not None}
    return ma.Schema.from_dict(properties, name=name)


def complaint_schema() -> type[ma.Schema]:
    """The whole body: `language` and one object per step. Needs an app context."""
    sections: dict[str, ma.fields.Field] = {
        "language": ma.fields.String(
            load_default="en",
            validate=ma.validate.Length(min=2, max=8),
            metadata={"description": "The complainant's language, e.g. es, zh, vi, ko, fil"},
        )
    }
    for name, step in SECTIONS.items():
        form = step.form(formdata=MultiDict(), meta={"csrf": False})
        schema = _schema_for(f"{name.title().replace('_', '')}Answers", form)
        sections[name] = ma.fields.Nested(
            schema, required=step.required, metadata={"description": str(step.title)}
        )
    return ma.Schema.from_dict(sections, name="ComplaintRequest")


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "y" if value else ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def to_answers(body: dict[str, Any]) -> Answers:
    """The loaded body as the web form's saved answers: {step slug: {field: [values]}}."""
    answers: Answers = {}
    for name, step in SECTIONS.items():
        section = body.get(name)
        if section is None:
            continue
        values: dict[str, list[str]] = {}
        for field, value in section.items():
            if isinstance(value, list) and value and isinstance(value[0], dict):
                for position, entry in enumerate(value):
                    for part, inner in entry.items():
                        values[f"{field}-{position}-{part}"] = [_text(inner)]
            elif isinstance(value, list):
                values[field] = [_text(item) for item in value]
            elif value is not None and _text(value) != "":
                values[field] = [_text(value)]
        answers[step.slug] = values
    return answers


def pointer(slug: str, field: str) -> str:
    """Where in the JSON body a step's field is: "charges-0-offence" -> /detention/charges/0/..."""
    section = slug.replace("-", "_")
    return "/" + "/".join([section, *field.split("-")])
