"""Translating a page's strings with the request's catalog looked up once, not at every string.

Flask-Babel finds the catalog anew for each string (the request context, the domain, the locale
and its name), which cost a page of forty strings about a millisecond and a half on this
project's machine. Here the catalog is kept on `g` beside the locale it was found for, so a
`force_locale` block (mail in the filer's language) still gets its own. Same results as
Flask-Babel's functions.
"""

from __future__ import annotations

from typing import Any

from babel.support import NullTranslations
from flask import Flask, g
from flask_babel import get_locale, get_translations
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

_KEPT = "_complaints_catalog"


def request_catalog() -> NullTranslations:
    """The catalog of the current locale, found once per request and locale."""
    if not g:  # outside any app context: Flask-Babel answers with no translation either
        return get_translations()
    locale = get_locale()
    kept = g.get(_KEPT)
    if kept is not None and kept[0] is locale:
        return kept[1]
    translations = get_translations()
    setattr(g, _KEPT, (locale, translations))
    return translations


@pass_context
def _page_gettext(context: Context, string: str, **variables: Any) -> str:
    """Jinja's newstyle `_()` in one call: the translation is safe markup in an autoescaped
    template, and only the variables are escaped as they are put in."""
    translated = request_catalog().ugettext(string)
    if context.eval_ctx.autoescape:
        translated = Markup(translated)
    return translated % variables


@pass_context
def _page_ngettext(context: Context, singular: str, plural: str, num: int, **variables: Any) -> str:
    translated = request_catalog().ungettext(singular, plural, num)
    if context.eval_ctx.autoescape:
        translated = Markup(translated)
    variables.setdefault("num", num)
    return translated % variables


def install(app: Flask) -> None:
    """Templates' `_`, `gettext` and `ngettext` use the kept catalog (after Babel's init_app).

    Jinja's own `_` calls `gettext`, which calls the function given to it: three calls through
    the template context per string. These are one.
    """
    app.jinja_env.newstyle_gettext = True  # type: ignore[attr-defined]
    app.jinja_env.globals.update(_=_page_gettext, gettext=_page_gettext, ngettext=_page_ngettext)
