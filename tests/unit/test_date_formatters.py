"""A page's date formatter writes exactly what Babel writes, for every language and zone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
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


@settings(max_examples=25, deadline=None)
@given(
    moments=st.lists(
        st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2026, 12, 31)),
        min_size=1,
        max_size=30,
    ),
    zone_name=st.sampled_from(ZONES),
)
def test_one_formatter_for_many_dates_writes_each_as_babel_does(moments, zone_name) -> None:
    """A page's formatter keeps each day's date and each time of day it has written: later
    dates on the same day or at the same time (in another zone offset too) come out right."""
    zone = ZoneInfo(zone_name)
    # Times on the same days and clock times, and the hour either side of each change of offset.
    spring, autumn = (
        datetime(2026, 3, 8, 6, 30, tzinfo=UTC),
        datetime(2026, 11, 1, 5, 30, tzinfo=UTC),
    )
    shifted = [moment.replace(hour=(moment.hour + 7) % 24) for moment in moments]
    everything = [moment.replace(tzinfo=UTC) for moment in moments + shifted + moments]
    everything += [edge + timedelta(minutes=step * 30) for edge in (spring, autumn)
                   for step in range(-3, 4)]  # fmt: skip
    for language in LANGUAGES:
        locale = Locale.parse(language.babel_id)
        written = date_formatters(locale, zone)["format_datetime"]
        for form in ("short", "medium", "long"):
            for moment in everything:
                expected = dates.format_datetime(moment, form, tzinfo=zone, locale=locale)
                assert written(moment, form) == expected, (language.code, form, moment)
