"""The parts of every page that change only with the language: rendered once, then kept.

The site's name, its navigation and the footer of help links are the same on every public page
read in a given language, and the staff menu on every staff page seen by one role: a dozen
translated strings and eight links, about a tenth of a short page like the receipt (7.7 M
instructions, 7.0 M without them). So is the receipt's guidance (what to keep, what happens
next) on every receipt read in a language. Each part is rendered on its first use per language
(and per path prefix, under which its links are written) and kept on the app, so a change of
settings or catalogs takes effect when the app is started again, as it would anyway.
"""

from __future__ import annotations

from flask import current_app, render_template, request
from markupsafe import Markup

_KEPT = "page_chrome"
_MOST_KEPT = 256  # languages x path prefixes x parts x roles: far fewer in practice


def chrome(template: str, locale: str, variant: object = None, **constants: str) -> Markup:
    """The rendered `template` (a part under templates/chrome/) in `locale`, this request's.

    `variant`: whatever else the part depends on, such as the staff role whose menu it is; a
    part is rendered once for each. The template sees `locale` and `constants`, values that
    must be the same at every call for the template (placeholders, say).
    """
    kept: dict[tuple[str, str, str, object], Markup] = current_app.extensions.setdefault(_KEPT, {})
    key = (template, locale, request.script_root, variant)
    part = kept.get(key)
    if part is None:
        if len(kept) >= _MOST_KEPT:
            kept.clear()
        part = kept[key] = Markup(render_template(template, locale=locale, **constants))
    return part
