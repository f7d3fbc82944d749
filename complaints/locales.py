"""The languages of the public side and how a request's language is chosen."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import current_app, request, session
from flask_babel import get_locale


@dataclass(frozen=True)
class Language:
    code: str
    # The language's name in itself, as the switcher shows it.
    native_name: str
    direction: str = "ltr"


LANGUAGES: tuple[Language, ...] = (
    Language("en", "English"),
    Language("es", "Español"),
    Language("zh", "简体中文"),
    Language("vi", "Tiếng Việt"),
    Language("ko", "한국어"),
    Language("tl", "Tagalog"),
    Language("ar", "العربية", "rtl"),
    Language("ht", "Kreyòl ayisyen"),
)
BY_CODE = {language.code: language for language in LANGUAGES}
SESSION_KEY = "locale"


def available_codes() -> list[str]:
    """Languages with a compiled catalog (English needs none), so English is never mislabelled."""
    root = Path(current_app.config["BABEL_TRANSLATION_DIRECTORIES"])
    return [
        language.code
        for language in LANGUAGES
        if language.code == "en" or (root / language.code / "LC_MESSAGES" / "messages.mo").exists()
    ]


def select_locale() -> str:
    """An explicit choice kept in the session, else the browser's Accept-Language, else English."""
    codes = available_codes()
    chosen = session.get(SESSION_KEY)
    if chosen in codes:
        return chosen
    return request.accept_languages.best_match(codes) or "en"


def direction(code: str) -> str:
    return BY_CODE[code].direction if code in BY_CODE else "ltr"


def current_locale() -> str:
    """The locale of this request as a plain code, for `<html lang>`."""
    locale = get_locale()
    return str(locale) if locale is not None else "en"


def language_choices() -> list[Language]:
    """The languages offered by the switcher: every one with a catalog, named in itself."""
    codes = available_codes()
    return [language for language in LANGUAGES if language.code in codes]


def safe_next(target: str | None) -> str:
    """Only a path on this site may follow a language change (no open redirects)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target
