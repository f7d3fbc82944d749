"""The languages of the public side and how a request's language is chosen."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path
from typing import Any

from babel import Locale, dates
from flask import current_app, request, session
from flask_babel import get_locale, get_timezone


@dataclass(frozen=True)
class Language:
    code: str  # in URLs, the session, stored cases and matched against Accept-Language
    # The language's name in itself, as the switcher shows it.
    native_name: str
    direction: str = "ltr"
    tag: str = ""  # BCP 47 tag for `lang` attributes when it says more than the code
    # Babel's name for the language, and so its catalog folder, where it differs from the
    # code: Babel reads "tl" as Filipino ("fil_PH"), so Tagalog's catalog lives under "fil".
    catalog: str = ""

    @property
    def html_lang(self) -> str:
        return self.tag or self.code

    @property
    def babel_id(self) -> str:
        return self.catalog or self.code


LANGUAGES: tuple[Language, ...] = (
    Language("en", "English"),
    Language("es", "Español"),
    Language("zh", "简体中文", tag="zh-Hans"),
    Language("vi", "Tiếng Việt"),
    Language("ko", "한국어"),
    Language("tl", "Tagalog", catalog="fil"),
    Language("ar", "العربية", "rtl"),
    Language("ht", "Kreyòl ayisyen"),
)
BY_CODE = {language.code: language for language in LANGUAGES}
BY_BABEL_ID = {language.babel_id: language for language in LANGUAGES}
# Browsers may name a language either way ("fil" or "tl" for Tagalog).
ALIASES = {language.babel_id: language.code for language in LANGUAGES if language.catalog}
SESSION_KEY = "locale"


def available_codes() -> list[str]:
    """Languages with a compiled catalog (English needs none), so English is never mislabelled.

    Looked up once per app and catalog folder: catalogs are compiled before the app starts, and
    every page asks (the language switcher), so no request pays for seven file look-ups.
    """
    directory = current_app.config["BABEL_TRANSLATION_DIRECTORIES"]
    found: dict[str, list[str]] = current_app.extensions.setdefault("complaints.catalogs", {})
    if directory not in found:
        root = Path(directory)
        found[directory] = [
            language.code
            for language in LANGUAGES
            if language.code == "en"
            or (root / language.babel_id / "LC_MESSAGES" / "messages.mo").exists()
        ]
    return list(found[directory])


def select_locale() -> str:
    """An explicit choice kept in the session, else the browser's Accept-Language, else English.

    Returns Babel's identifier for the language (see Language.catalog).
    """
    codes = available_codes()
    chosen = session.get(SESSION_KEY)
    if chosen not in codes:
        offered = codes + [alias for alias, code in ALIASES.items() if code in codes]
        chosen = request.accept_languages.best_match(offered) or "en"
        chosen = ALIASES.get(chosen, chosen)
    return BY_CODE[chosen].babel_id


def direction(code: str) -> str:
    return BY_CODE[code].direction if code in BY_CODE else "ltr"


def html_lang(code: str) -> str:
    """The `lang` attribute for a locale code (Simplified Chinese is `zh-Hans`)."""
    return BY_CODE[code].html_lang if code in BY_CODE else code


def current_locale() -> str:
    """The language of this request as one of our codes ("tl", not Babel's "fil")."""
    locale = get_locale()
    if locale is None:
        return "en"
    for name in (str(locale), locale.language):
        if name in BY_BABEL_ID:
            return BY_BABEL_ID[name].code
    return "en"


def language_choices() -> list[Language]:
    """The languages offered by the switcher: every one with a catalog, named in itself."""
    codes = available_codes()
    return [language for language in LANGUAGES if language.code in codes]


def safe_next(target: str | None) -> str:
    """Only a path on this site may follow a language change (no open redirects)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def language_name(code: str) -> str:
    """A language's name in itself ("Español"), or the code when it is not one of ours."""
    return BY_CODE[code].native_name if code in BY_CODE else code


NAMED_FORMS = frozenset({"full", "long", "medium", "short"})
# Babel's fields written from the time of day alone: hours, minutes, seconds, AM/PM.
CLOCK_FIELDS = frozenset("hHKkmsa")
_PATTERN_FIELD = re.compile(r"%\((\w+)\)s")


def page_date_formatters() -> dict[str, Callable[..., str]]:
    """`format_date` and `format_datetime` with this request's locale and zone looked up once,
    for pages that print a date on each of many rows. The same output as Flask-Babel's.

    A named form ("short", "medium"...) is Babel's date-and-time skeleton with the date and the
    time each written by its own pattern; the three are found once per page, not per date
    (tests/unit/test_date_formatters.py compares the output with Babel's own).
    """
    return date_formatters(get_locale(), get_timezone())


def date_formatters(locale: Locale, zone: tzinfo) -> dict[str, Callable[..., str]]:
    """`page_date_formatters` for a given locale and time zone.

    Within a page each day's date is written once, and so is each time of day when the form's
    time is written from the clock alone (hours, minutes, seconds, AM/PM: every named form's
    short and medium time in our languages); a page's notes, messages and events share few days.
    """
    named: dict[str, tuple[str, Any, Any, bool]] = {}
    written_days: dict[tuple[str, date], str] = {}
    written_times: dict[tuple[str, int, int, int], str] = {}

    def format_date(value: date, form: str = "medium") -> str:
        if isinstance(value, datetime):
            value = value.astimezone(zone)
        return dates.format_date(value, form, locale=locale)

    def format_datetime(value: datetime, form: str = "medium") -> str:
        if form not in NAMED_FORMS:
            return dates.format_datetime(value, form, tzinfo=zone, locale=locale)
        parts = named.get(form)
        if parts is None:
            time_pattern = dates.parse_pattern(dates.get_time_format(form, locale=locale))
            fields = _PATTERN_FIELD.findall(time_pattern.format)
            parts = named[form] = (
                dates.get_datetime_format(form, locale=locale).replace("'", ""),
                time_pattern,
                dates.parse_pattern(dates.get_date_format(form, locale=locale)),
                bool(fields) and all(field[0] in CLOCK_FIELDS for field in fields),
            )
        skeleton, time_pattern, date_pattern, by_clock = parts
        local = (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(zone)
        day = local.date()
        written_date = written_days.get((form, day))
        if written_date is None:
            written_date = written_days[form, day] = date_pattern.apply(day, locale)
        clock = (form, local.hour, local.minute, local.second)
        written_time = written_times.get(clock) if by_clock else None
        if written_time is None:
            written_time = time_pattern.apply(local.timetz(), locale, reference_date=day)
            if by_clock:
                written_times[clock] = written_time
        return skeleton.replace("{0}", written_time).replace("{1}", written_date)

    return {"format_date": format_date, "format_datetime": format_datetime}
