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


@lru_cache(maxsize=128)
def _built(script_root: str, endpoint: str, values: tuple[tuple[str, str], ...]) -> str:
    return url_for(endpoint, **dict(values))


def fixed_link(endpoint: str, **values: str) -> str:
    """`url_for(endpoint, **values)` for a full endpoint name and values written in a template."""
    return _built(request.script_root, endpoint, tuple(sorted(values.items())))


def language_link(code: str) -> str:
    """The switcher's link to language `code`, coming back to this page (its query too)."""
    back = urlencode({"next": request.full_path})
    return f"{fixed_link('intake.choose_language', code=code)}?{back}"
