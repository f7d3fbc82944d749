"""One form field as the accessible markup every form uses, written in Python.

The markup follows the GOV.UK and U.S. Web Design System patterns: a label (a fieldset and
legend for a group of choices), the hint and the errors the input is described by, the input
marked invalid when it has an error. It was a Jinja macro calling two more macros per field;
the case page renders some forty fields, and the macro calls alone cost more than everything
else on the page. The output is byte for byte the macro's (tests/web/test_field_markup.py
renders both for every field of every form, in every language).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import gettext
from markupsafe import Markup, escape
from wtforms import Field, SelectField, SelectFieldBase, SelectMultipleField, widgets
from wtforms.widgets.core import clean_key

from complaints.form_attributes import html_params
from complaints.intake.fields import GROUPED

_LINE_BREAK = Markup("<br>")
# Passed as "class", as the template did: the attribute order follows the names given.
LABEL, CHOICE_INPUT, CHOICE_LABEL = (
    {"class": "label"},
    {"class": "choice-input"},
    {"class": "choice-label"},
)


# Choice fields whose markup WTForms' stock widgets write; others go through WTForms itself.
STOCK_CHOICES = (SelectField.iter_choices, SelectMultipleField.iter_choices)
STOCK_OPTIONS = (widgets.RadioInput, widgets.CheckboxInput)
SELECTS = frozenset({"SelectField", "SelectMultipleField"})


def _field_kw(f: Field, given: Mapping[str, Any]) -> dict[str, Any]:
    # What WTForms' render_field passes the widget: the field's render_kw, then the caller's.
    return {clean_key(k): v for k, v in {**(f.render_kw or {}), **given}.items()}


def _flag_kw(f: Field, names: list[str], kwargs: Mapping[str, Any]) -> dict[str, Any]:
    # The validation flags a widget writes as attributes (`required`), unless given already.
    flags = vars(f.flags)
    return {k: flags[k] for k in names if k in flags and k not in kwargs}


def _stock_choices(f: Field) -> bool:
    kind = type(f)
    return (
        isinstance(f, SelectFieldBase)
        and kind.iter_choices in STOCK_CHOICES
        and kind.__iter__ is SelectFieldBase.__iter__
        and kind._Option is SelectFieldBase._Option
    )


def _choice(input_html: str, label_html: str) -> str:
    return f'\n      <div class="choice">{input_html} {label_html}</div>\n      '


def _options(f: Field) -> str:
    """Each choice of a radio or checkbox group: its input and label, as WTForms writes them
    through a field bound per choice (which costs more than the rest of the markup)."""
    widget = f.option_widget
    if not (_stock_choices(f) and type(widget) in STOCK_OPTIONS):
        return "".join(
            _choice(option(**CHOICE_INPUT), option.label(**CHOICE_LABEL)) for option in f
        )
    given = _field_kw(f, CHOICE_INPUT)
    flags = {
        k: v() if callable(v) else v for k, v in _flag_kw(f, widget.validation_attrs, given).items()
    }
    written = []
    for number, choice in enumerate(f.iter_choices()):
        choice_id = f"{f.id}-{number}"
        kwargs = {"checked": True} if choice.selected else {}
        kwargs |= given
        kwargs.setdefault("id", choice_id)
        kwargs.setdefault("type", widget.input_type)
        kwargs.setdefault("value", str(choice.value))
        kwargs |= {k: v for k, v in flags.items() if k not in kwargs}
        label = html_params(**CHOICE_LABEL, **{"for": choice_id})
        text = escape(choice.label or choice.value)
        written.append(
            _choice(
                f"<input {html_params(name=f.name, **kwargs)}>", f"<label {label}>{text}</label>"
            )
        )
    return "".join(written)


def _select(f: Field, given: Mapping[str, Any]) -> Markup:
    """A drop-down list as WTForms' Select widget writes it."""
    if not (_stock_choices(f) and type(f.widget) is widgets.Select) or f.has_groups():
        return f(**given)
    kwargs = _field_kw(f, given)
    kwargs.setdefault("id", f.id)
    if f.widget.multiple:
        kwargs["multiple"] = True
    kwargs |= _flag_kw(f, f.widget.validation_attrs, kwargs)
    written = [f"<select {html_params(name=f.name, **kwargs)}>"]
    for choice in f.iter_choices():
        value = str(choice.value) if isinstance(choice.value, bool) else choice.value
        option = {"value": value, **(choice.render_kw or {})}
        if choice.selected:
            option["selected"] = True
        written.append(
            f"<option {html_params(**option)}>{escape(choice.label or choice.value)}</option>"
        )
    written.append("</select>")
    return Markup("".join(written))


def described_by(f: Field) -> Markup:
    """The ids of the field's hint and error message, for `aria-describedby` ("" when none)."""
    ids = []
    if f.description:
        ids.append(f"{f.id}-hint")
    if f.errors:
        ids.append(f"{f.id}-error")
    return Markup(" ").join(ids)


def hint_and_errors(f: Field) -> Markup:
    """The hint paragraph and the error message, each only when the field has one."""
    hint = (
        f'<p class="hint" id="{escape(f.id)}-hint">{escape(f.description)}</p>'
        if f.description
        else ""
    )
    if not f.errors:
        return Markup(f"{hint}\n")
    said = Markup('<span class="visually-hidden">{}</span> ').format(Markup(gettext("Error:")))
    messages = _LINE_BREAK.join(said + escape(message) for message in f.errors)
    return Markup(
        f'{hint}\n\n<p class="error-message" id="{escape(f.id)}-error">\n  {messages}\n</p>\n'
    )


def field(f: Field, attrs: Mapping[str, Any] | None = None) -> Markup:
    """The field's whole form group. `attrs` go on the input (rows of a text area, say)."""
    described = described_by(f)
    options = dict(attrs or {})
    if described:
        options["aria-describedby"] = described
    if f.errors:
        options["aria-invalid"] = "true"
    group = '<div class="form-group has-error">' if f.errors else '<div class="form-group">'
    if f.type in GROUPED:
        described_attr = f' aria-describedby="{described}"' if described else ""
        choices = _options(f)
        return Markup(
            f'\n{group}\n  <fieldset class="fieldset"{described_attr}>\n'
            f'    <legend class="legend">{escape(f.label.text)}</legend>\n'
            f"    {hint_and_errors(f)}\n"
            f'    <div class="choices">\n      {choices}\n    </div>\n  </fieldset>\n</div>\n'
        )
    if f.type == "BooleanField":
        return Markup(
            f"\n{group}\n  {hint_and_errors(f)}\n"
            f'  <div class="choice">{f(**CHOICE_INPUT, **options)} '
            f"{f.label(**CHOICE_LABEL)}</div>\n</div>\n"
        )
    given = {"class": "textarea" if f.type == "TextAreaField" else "input", **options}
    widget = _select(f, given) if f.type in SELECTS else f(**given)
    return Markup(
        f"\n{group}\n  {f.label(**LABEL)}\n  {hint_and_errors(f)}\n  \n  {widget}\n  \n</div>\n"
    )
