"""Each step's checked values, kept in the draft beside its answers, so that Send does not bind
and validate every step's form again.

When a step is saved and its answers pass, its values (the form's data: the cleaned, typed
answers) are kept with a fingerprint of everything the check read: the step's own answers, what
it takes from the other steps (`steps.depends_on`: the zone detention times are read in, the
jail picked from the directory, anonymity, whether an email was given and where a receipt would
go) and the code that checks. On Send, a step whose fingerprint still matches gives its kept
values; any other step is bound and checked again from its answers, as before. Checks that
depend on the date only ever pass more as time goes on (a date in the past stays in the past),
so a kept pass stays true.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

import flask_wtf
import wtforms

import complaints
from complaints.intake import forms
from complaints.intake.steps import BY_SLUG, STEPS, Answers, Step, bind, depends_on

StepValues = dict[str, Any]
Values = dict[str, StepValues]  # by step slug

_DATE, _DATETIME = "$date", "$datetime"
_UNANSWERED: dict[str, Any] = {}  # by step slug: an unanswered step's values, encoded


def _code_version() -> str:
    """A digest of the application's code and the form library's versions: a change to either
    may change what a step accepts or the values it gives, so no kept check outlives it."""
    digest = hashlib.sha256(f"{wtforms.__version__} {flask_wtf.__version__}".encode())
    package = Path(complaints.__file__).parent
    for source in sorted(package.rglob("*.py")):
        digest.update(str(source.relative_to(package)).encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()


CODE_VERSION = _code_version()


def fingerprint(step: Step, answers: Answers) -> str:
    """What a step's check depends on, as one digest."""
    own = answers.get(step.slug, {})
    text = json.dumps([CODE_VERSION, step.slug, own, depends_on(step, answers)],
                      sort_keys=True, ensure_ascii=False)  # fmt: skip
    return hashlib.sha256(text.encode()).hexdigest()


def values_of(form: forms.StepForm) -> StepValues:
    """A bound form's values by field name (a list of entries' values for a list of fields)."""
    return {name: value for name, value in form.data.items() if name != "csrf_token"}


def kept_entry(step: Step, answers: Answers, form: forms.StepForm) -> dict[str, Any]:
    """What to keep for a step whose form, bound to `answers`, has just passed its check."""
    return {"depends": fingerprint(step, answers), "values": _encoded(values_of(form))}


def checked_values(answers: Answers, kept: Mapping[str, Any]) -> Values | None:
    """Every step's values, from kept checks where they still hold, else from binding and
    checking the step's form again; None when a required step is missing or a step fails
    (the review page then shows which, and why)."""
    values: Values = {}
    for step in STEPS:
        if step.slug not in answers:
            if step.required:
                return None
            values[step.slug] = _unanswered(step.slug)
            continue
        entry = kept.get(step.slug)
        if isinstance(entry, dict) and entry.get("depends") == fingerprint(step, answers):
            values[step.slug] = _decoded(entry["values"])
            continue
        form = bind(step, answers, csrf=False)
        if not form.validate():
            return None
        values[step.slug] = values_of(form)
    return values


def _unanswered(slug: str) -> StepValues:
    """The values of a step never answered (its form's defaults; nothing else bears on them),
    worked out once per process. A copy each time: the caller may keep it."""
    if slug not in _UNANSWERED:
        _UNANSWERED[slug] = _encoded(values_of(bind(BY_SLUG[slug], {}, csrf=False)))
    return _decoded(_UNANSWERED[slug])


def _encoded(value: Any) -> Any:
    """`value` as JSON, dates and times tagged so `_decoded` gives them back as they were."""
    if isinstance(value, datetime):
        return {_DATETIME: value.isoformat()}
    if isinstance(value, date):
        return {_DATE: value.isoformat()}
    if isinstance(value, dict):
        return {key: _encoded(inner) for key, inner in value.items()}
    if isinstance(value, list | tuple):
        return [_encoded(inner) for inner in value]
    return value


def _decoded(value: Any) -> Any:
    if isinstance(value, dict):
        if len(value) == 1 and _DATETIME in value:
            return datetime.fromisoformat(value[_DATETIME])
        if len(value) == 1 and _DATE in value:
            return date.fromisoformat(value[_DATE])
        return {key: _decoded(inner) for key, inner in value.items()}
    if isinstance(value, list):
        return [_decoded(inner) for inner in value]
    return value
