"""Column types shared by the models: aware UTC datetimes, enums stored as their values."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, ClassVar

import sqlalchemy as sa
from sqlalchemy.engine import Dialect

from complaints.rules.triage import Urgency


class UTCDateTime(sa.TypeDecorator[datetime]):
    """Stores UTC without an offset (SQLite keeps none) and always returns aware UTC datetimes.

    Naive datetimes are refused: a detainer clock built on an ambiguous time is wrong.
    """

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; store aware datetimes only")
        return value.astimezone(UTC).replace(tzinfo=None)

    def bind_processor(self, dialect: Dialect) -> Callable[[Any], Any] | None:
        """On SQLite, the text SQLAlchemy writes for the UTC time, written by `isoformat` in
        one call (SQLAlchemy fills a format from seven attributes: a new case has some fifteen
        times to write, and a million-case load 15 million)."""
        if dialect.name != "sqlite":
            return super().bind_processor(dialect)
        to_utc = self.process_bind_param

        def process(value: datetime | None) -> str | None:
            utc = to_utc(value, dialect)
            return None if utc is None else utc.isoformat(" ", "microseconds")

        return process

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def enum_type(enum_class: type[StrEnum]) -> sa.Enum:
    """A VARCHAR column holding the enum's value (not its name), portable across databases."""
    return sa.Enum(
        enum_class,
        native_enum=False,
        create_constraint=False,
        length=max(len(member.value) for member in enum_class),
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


class UrgencyRank(sa.TypeDecorator[Urgency]):
    """Urgency stored as its rank (0 = critical) so `ORDER BY urgency` is most urgent first."""

    impl = sa.SmallInteger
    cache_ok = True
    _by_rank: ClassVar[dict[int, Urgency]] = {urgency.rank: urgency for urgency in Urgency}

    def process_bind_param(self, value: Any, dialect: Dialect) -> int | None:
        if value is None:
            return None
        return Urgency(value).rank

    def process_result_value(self, value: int | None, dialect: Dialect) -> Urgency | None:
        if value is None:
            return None
        return self._by_rank[value]


def utcnow() -> datetime:
    return datetime.now(UTC)
