"""Form fields written in Python come out byte for byte as the Jinja macro wrote them."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from flask import Flask
from flask_babel import force_locale
from markupsafe import Markup
from wtforms import Form, SelectFieldBase, SelectMultipleField, StringField

import complaints
from complaints.field_markup import field
from complaints.locales import LANGUAGES

# The macro the pages used until the Python version replaced it (templates/macros/forms.html).
MACRO = """
{%- macro described_by(f) -%}
{%- set ids = [] -%}
{%- if f.description %}{% set _ignored = ids.append(f.id ~ "-hint") %}{% endif -%}
{%- if f.errors %}{% set _ignored = ids.append(f.id ~ "-error") %}{% endif -%}
{{ ids | join(" ") }}
{%- endmacro %}

{% macro hint_and_errors(f) -%}
{% if f.description %}<p class="hint" id="{{ f.id }}-hint">{{ f.description }}</p>{% endif %}
{% if f.errors %}
<p class="error-message" id="{{ f.id }}-error">
  {% for message in f.errors %}<span class="visually-hidden">{{ _("Error:") }}</span> \
{{ message }}{% if not loop.last %}<br>{% endif %}{% endfor %}
</p>
{% endif %}
{%- endmacro %}

{% macro field(f, attrs={}) -%}
{%- set described = described_by(f) -%}
{%- set options = {} -%}
{%- set _ignored = options.update(attrs) -%}
{%- if described %}{% set _ignored = options.update({"aria-describedby": described}) %}{% endif -%}
{%- if f.errors %}{% set _ignored = options.update({"aria-invalid": "true"}) %}{% endif -%}
{% if f.type in ("RadioField", "MultiCheckboxField") %}
<div class="form-group{% if f.errors %} has-error{% endif %}">
  <fieldset class="fieldset"{% if described %} aria-describedby="{{ described }}"{% endif %}>
    <legend class="legend">{{ f.label.text }}</legend>
    {{ hint_and_errors(f) }}
    <div class="choices">
      {% for option in f %}
      <div class="choice">{{ option(class="choice-input") }} \
{{ option.label(class="choice-label") }}</div>
      {% endfor %}
    </div>
  </fieldset>
</div>
{% elif f.type == "BooleanField" %}
<div class="form-group{% if f.errors %} has-error{% endif %}">
  {{ hint_and_errors(f) }}
  <div class="choice">{{ f(class="choice-input", **options) }} \
{{ f.label(class="choice-label") }}</div>
</div>
{% else %}
<div class="form-group{% if f.errors %} has-error{% endif %}">
  {{ f.label(class="label") }}
  {{ hint_and_errors(f) }}
  {% if f.type == "TextAreaField" %}
  {{ f(class="textarea", **options) }}
  {% else %}
  {{ f(class="input", **options) }}
  {% endif %}
</div>
{% endif %}
{%- endmacro %}
""".replace("\\\n", "")

STATES = {
    "as built": (None, None),
    "with a hint": ('Say <when> & "why"', None),
    "with errors": (None, ["Too <long> & wrong", "Also this"]),
    "with a hint and an error": ("A hint", ["One error"]),
}


AS_BUILT = object()


def answers(f) -> list[object]:
    """The field's data as built and, for a choice, with some options chosen."""
    if not isinstance(f, SelectFieldBase):
        return [AS_BUILT]
    values = [f.coerce(choice.value) for choice in f.iter_choices()][:2]
    if not values:
        return [AS_BUILT]
    return [AS_BUILT, values if isinstance(f, SelectMultipleField) else values[-1]]


def every_form_class() -> list[type[Form]]:
    for module in pkgutil.walk_packages(complaints.__path__, "complaints."):
        importlib.import_module(module.name)
    found, waiting = set(), [Form]
    while waiting:
        for sub in waiting.pop().__subclasses__():
            if sub not in found:
                found.add(sub)
                waiting.append(sub)
    ours = [form for form in found if form.__module__.startswith("complaints.")]
    return sorted(ours, key=lambda form: form.__qualname__)


def every_field(app: Flask):
    """Each field of each of the app's forms that builds without arguments."""
    for form_class in every_form_class():
        try:
            form = form_class(formdata=None)
        except TypeError:  # needs arguments the pages give it; its fields are elsewhere too
            continue
        yield from ((form_class.__qualname__, f) for f in form)


@pytest.mark.parametrize("language", [language.babel_id for language in LANGUAGES])
def test_every_field_of_every_form_as_the_macro_wrote_it(app: Flask, language: str) -> None:
    compared, chosen, kinds = 0, 0, set()
    with app.test_request_context("/"), force_locale(language):
        macro = app.jinja_env.from_string(MACRO).module
        for where, f in every_field(app):
            for data in answers(f):
                if data is not AS_BUILT:
                    f.data = data
                for state, (hint, errors) in STATES.items():
                    f.description = hint or ""
                    f.errors = errors or []
                    for attrs in ({}, {"rows": 2}):
                        written = field(f, attrs)
                        assert isinstance(written, Markup)
                        expected = str(macro.field(f, attrs))
                        assert str(written) == expected, (where, f.name, state, data)
                        compared += 1
            kinds.add(f.type)
            chosen += "checked" in expected or "selected" in expected
    # Every kind of field the forms use, not only text inputs.
    assert {"RadioField", "MultiCheckboxField", "BooleanField", "TextAreaField"} <= kinds
    assert {"SelectField", "StringField", "PlainDateField"} <= kinds
    assert compared > 8 * 150
    assert chosen > 20  # ticked boxes, chosen radio buttons and options were compared too


def test_what_a_person_typed_is_escaped(app: Flask) -> None:
    class Sample(Form):
        name = StringField("Name")

    with app.test_request_context("/"):
        form = Sample(data={"name": '"><script>alert(1)</script>'})
        form.name.errors = ["<b>bad</b>"]
        written = str(field(form.name))
    assert "<script>" not in written and "<b>" not in written
    assert 'value="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in written
    assert "&lt;b&gt;bad&lt;/b&gt;" in written
    assert 'aria-describedby="name-error" aria-invalid="true"' in written
