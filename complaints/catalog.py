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
from flask_babel import get_translations
from flask_babel.speaklater import LazyString
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

_KEPT = "complaints_catalog"


def request_catalog() -> NullTranslations:
    """The catalog of the current locale, found once per request and locale.

    Flask-Babel keeps the request's locale on `g._flask_babel` (a `force_locale` block puts
    another there, then the first back); the catalog is kept beside it for as long as the
    locale it was found for is the one in use.
    """
    try:
        state = g._flask_babel
        locale = state.babel_locale
    except (AttributeError, RuntimeError):  # no locale chosen yet, or outside any app
        return get_translations()
    kept = getattr(state, _KEPT, None)
    if kept is not None and kept[0] is locale:
        return kept[1]
    translations = get_translations()
    setattr(state, _KEPT, (locale, translations))
    return translations


def _translated(string: str, **variables: Any) -> str:
    translated = request_catalog().ugettext(string)
    return translated % variables if variables else translated


def lazy_gettext(string: str, **variables: Any) -> LazyString:
    """Flask-Babel's `lazy_gettext` (a string translated each time it is used, into the
    language of that moment), translated with the kept catalog."""
    return LazyString(_translated, string, **variables)


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
