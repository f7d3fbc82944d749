"""A page's date formatter writes exactly what Babel writes, for every language and zone."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytz
from babel import Locale, dates
from hypothesis import given, settings
from hypothesis import strategies as st

from complaints.locales import LANGUAGES, date_formatters

FORMS = ("short", "medium", "long", "full", "yyyy-MM-dd HH:mm zzzz")
ZONES = ("America/New_York", "America/Phoenix", "Pacific/Honolulu", "Asia/Kolkata", "UTC")


@settings(max_examples=80, deadline=None)
@given(
    moment=st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2060, 12, 31)),
    aware=st.booleans(),
    zone_name=st.sampled_from(ZONES),
    by_pytz=st.booleans(),
)
def test_the_same_words_as_babel(moment, aware, zone_name, by_pytz) -> None:
    # Flask-Babel gives pytz zones; naive times are read as UTC, as Babel reads them.
    zone = pytz.timezone(zone_name) if by_pytz else ZoneInfo(zone_name)
    moment = moment.replace(tzinfo=UTC) if aware else moment
    for language in LANGUAGES:
        locale = Locale.parse(language.babel_id)
        written = date_formatters(locale, zone)["format_datetime"]
        for form in FORMS:
            expected = dates.format_datetime(moment, form, tzinfo=zone, locale=locale)
            assert written(moment, form) == expected, (language.code, form)
