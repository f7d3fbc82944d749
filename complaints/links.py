"""The links every public page carries (header, footer, language switcher), built once.

Flask's `url_for` asks the URL map to build a link each time it is called: some twenty times a
page for the same few links. Here each is built on its first use and kept for the process (per
script root, so the app served under a path prefix builds its own). Only for links whose values
come from the templates themselves, never from a request: the cache stays a few dozen entries.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlencode

from flask import request, url_for
from markupsafe import Markup

from complaints.page_chrome import chrome


@lru_cache(maxsize=128)
def _built(script_root: str, endpoint: str, values: tuple[tuple[str, str], ...]) -> str:
    return url_for(endpoint, **dict(values))


def fixed_link(endpoint: str, **values: str) -> str:
    """`url_for(endpoint, **values)` for a full endpoint name and values written in a template."""
    return _built(request.script_root, endpoint, tuple(sorted(values.items())))


# Where the switcher's links say which page to come back to, in the switcher kept per language.
_BACK = "next-page-placeholder"


def language_switcher(locale: str) -> Markup:
    """The language switcher of every page: rendered once per language (page_chrome.py), then
    each link given this page to come back to (its query too)."""
    switcher = chrome("chrome/language_switcher.html", locale, back=_BACK)
    return switcher.replace(_BACK, urlencode({"next": request.full_path}))
