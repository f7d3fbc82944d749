"""The project's choice fields accept and refuse exactly what WTForms' own do, with its words."""

from __future__ import annotations

import pytest
import wtforms
from werkzeug.datastructures import MultiDict
from wtforms.fields.choices import SelectChoice

from complaints import choice_fields

CHOICES = [
    SelectChoice("yes", "Yes"),
    SelectChoice("no", "No"),
    SelectChoice("unknown", "Not known"),
]
GROUPED = [SelectChoice("TX-1", "El Paso", optgroup="Texas"),
           SelectChoice("AZ-1", "Maricopa", optgroup="Arizona")]  # fmt: skip
NUMBERS = [SelectChoice(1, "One"), SelectChoice(2, "Two")]


def forms_for(kind: str, **options: object) -> tuple[type[wtforms.Form], type[wtforms.Form]]:
    """A one-question form built on WTForms' field and the same on the project's."""

    def form(field_class: type) -> type[wtforms.Form]:
        return type("Asked", (wtforms.Form,), {"answer": field_class("Answer", **options)})

    return form(getattr(wtforms, kind)), form(getattr(choice_fields, kind))


def outcome(form_class: type[wtforms.Form], sent: list[str] | None) -> tuple[bool, list[str]]:
    formdata = MultiDict([("answer", value) for value in sent]) if sent is not None else None
    form = form_class(formdata=formdata)
    return form.validate(), [str(message) for message in form.answer.errors]


@pytest.mark.parametrize("kind", ["SelectField", "RadioField"])
@pytest.mark.parametrize(
    ("options", "sent"),
    [
        ({"choices": CHOICES}, ["no"]),
        ({"choices": CHOICES}, ["maybe"]),  # not offered
        ({"choices": CHOICES}, []),
        ({"choices": CHOICES}, None),
        ({"choices": GROUPED}, ["AZ-1"]),
        ({"choices": GROUPED}, ["Arizona"]),  # a group's name is not an option
        ({"choices": NUMBERS, "coerce": int}, ["2"]),
        ({"choices": NUMBERS, "coerce": int}, ["3"]),
        ({"choices": NUMBERS, "coerce": int}, ["two"]),  # cannot be coerced
        ({"choices": CHOICES, "validate_choice": False}, ["maybe"]),
        ({"choices": CHOICES, "invalid_choice_message": "Choose one shown."}, ["maybe"]),
    ],
)
def test_one_choice_is_checked_as_wtforms_checks_it(kind, options, sent) -> None:
    theirs, ours = forms_for(kind, **options)
    assert outcome(ours, sent) == outcome(theirs, sent)


@pytest.mark.parametrize(
    ("options", "sent"),
    [
        ({"choices": CHOICES}, ["no", "unknown"]),
        ({"choices": CHOICES}, ["no", "maybe", "perhaps"]),
        ({"choices": CHOICES}, []),
        ({"choices": GROUPED}, ["TX-1", "AZ-1"]),
        ({"choices": NUMBERS, "coerce": int}, ["1", "5"]),
        ({"choices": CHOICES, "invalid_choice_message": "Choose only those shown."}, ["x"]),
    ],
)
def test_several_choices_are_checked_as_wtforms_checks_them(options, sent) -> None:
    theirs, ours = forms_for("SelectMultipleField", **options)
    assert outcome(ours, sent) == outcome(theirs, sent)


def test_a_refused_answer_is_refused() -> None:
    """The comparison above would pass if both accepted everything: make sure they do not."""
    _theirs, ours = forms_for("RadioField", choices=CHOICES)
    assert outcome(ours, ["maybe"]) == (False, ["Not a valid choice."])
    _theirs, ours = forms_for("SelectMultipleField", choices=CHOICES)
    assert outcome(ours, ["yes", "maybe"])[0] is False


def test_the_fields_keep_wtforms_names_and_widgets() -> None:
    _theirs, ours = forms_for("RadioField", choices=CHOICES)
    field = ours().answer
    assert field.type == "RadioField"
    assert isinstance(field, wtforms.RadioField)
    assert 'type="radio"' in field()
