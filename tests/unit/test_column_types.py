"""Column types: what UTCDateTime writes on SQLite is the text SQLAlchemy itself would write."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy.dialects import postgresql, sqlite

from complaints.models.types import UTCDateTime

SQLITE = sqlite.dialect()
ZONES = ("UTC", "America/Los_Angeles", "America/Puerto_Rico", "Asia/Kathmandu", "Pacific/Guam")


def written(value: datetime | None) -> object:
    return UTCDateTime()._cached_bind_processor(SQLITE)(value)


@settings(max_examples=300, deadline=None)
@given(
    moment=st.datetimes(min_value=datetime(2, 1, 1), max_value=datetime(9998, 12, 31)),
    zone=st.sampled_from(ZONES),
)
def test_sqlite_text_is_sqlalchemys(moment, zone) -> None:
    aware = moment.replace(tzinfo=ZoneInfo(zone))
    utc = UTCDateTime().process_bind_param(aware, SQLITE)
    assert written(aware) == sqlite.DATETIME().bind_processor(SQLITE)(utc)


def test_sqlite_keeps_none_and_refuses_naive_times() -> None:
    assert written(None) is None
    with pytest.raises(ValueError, match="naive"):
        written(datetime(2026, 12, 3, 9, 30))


def test_other_databases_keep_sqlalchemys_own_conversion() -> None:
    aware = datetime(2026, 12, 3, 9, 30, tzinfo=UTC)
    processor = UTCDateTime()._cached_bind_processor(postgresql.psycopg.dialect())
    converted = processor(aware) if processor else aware
    assert converted == datetime(2026, 12, 3, 9, 30)
