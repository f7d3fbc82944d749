"""Keyset pagination over index-ordered lanes, merged in one SQL statement.

A lane is a stream of rows the database can read straight off an index in order, such as "open
cases with status `new`, by urgency then age". A page is the first rows of every lane after the
cursor, each lane stopped at the page size, then merged by the sort key: the database never sorts
more than the lanes' page-size heads, however many cases match. Splitting `status IN (...)` into
one lane per status is what lets a million-case queue answer from the index.

A cursor is the sort key of a page's last row, as opaque URL-safe text.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

Key = list[Any]


@dataclass(frozen=True)
class Lane:
    """Rows matching `where`, read in `columns` order, with `constants` in front of their key.

    Every lane of one sort has keys of the same length: `constants` + `columns`. A constant tells
    lanes apart (nearest deadline first, then the cases without a deadline).
    """

    columns: tuple[sa.ColumnElement[Any], ...]
    where: tuple[sa.ColumnElement[bool], ...] = ()
    constants: tuple[Any, ...] = ()
    descending: bool = False

    def split(self, conditions: Sequence[sa.ColumnElement[bool]]) -> list[Lane]:
        """One lane per condition, each also matching this lane's `where`."""
        return [
            Lane(self.columns, (*self.where, condition), self.constants, self.descending)
            for condition in conditions
        ]

    def after(self, key: Key) -> sa.ColumnElement[bool] | None:
        """Rows of this lane strictly after `key`; None when the whole lane is; false when none."""
        prefix = tuple(key[: len(self.constants)])
        if prefix != self.constants:
            lane_later = self.constants > prefix if not self.descending else self.constants < prefix
            return None if lane_later else sa.false()
        values = key[len(self.constants) :]
        pairs = zip(values, self.columns, strict=True)
        bound = sa.tuple_(*(sa.literal(value, column.type) for value, column in pairs))
        row = sa.tuple_(*self.columns)
        return row < bound if self.descending else row > bound


def first_rows(
    id_column: sa.ColumnElement[int],
    lanes: Sequence[Lane],
    where: Sequence[sa.ColumnElement[bool]],
    *,
    after: Key | None,
    limit: int,
) -> tuple[sa.Subquery, list[sa.ColumnElement[Any]]]:
    """The first `limit` rows of all lanes after `after`: a subquery of `id`, `k0`, `k1`...

    Also returns the ORDER BY that puts the subquery's rows in page order.
    """
    # A lane's constant stands where another lane has a column: it takes that column's type, or
    # PostgreSQL reads a NULL there as text and refuses to merge it with timestamps.
    types = {
        len(lane.constants) + position: column.type
        for lane in lanes
        for position, column in enumerate(lane.columns)
    }
    parts = []
    for lane in lanes:
        conditions = [*lane.where, *where]
        if after is not None:
            condition = lane.after(after)
            if condition is not None:
                conditions.append(condition)
        keys = [
            sa.cast(sa.null(), types[n]) if value is None else sa.literal(value)
            for n, value in enumerate(lane.constants)
        ]
        selected = [key.label(f"k{n}") for n, key in enumerate([*keys, *lane.columns])]
        order = [column.desc() if lane.descending else column.asc() for column in lane.columns]
        parts.append(
            sa.select(id_column.label("id"), *selected)
            .where(*conditions)
            .order_by(*order)
            .limit(limit)
        )
    descending = lanes[0].descending
    if len(parts) == 1:
        ranked = parts[0].subquery("ranked")
    else:
        merged = sa.union_all(*(sa.select(part.subquery()) for part in parts)).subquery("lanes")
        ranked = (
            sa.select(merged).order_by(*_order(merged, descending)).limit(limit).subquery("ranked")
        )
    return ranked, _order(ranked, descending)


def _order(subquery: sa.Subquery, descending: bool) -> list[sa.ColumnElement[Any]]:
    keys = [column for column in subquery.c if column.key != "id"]
    return [key.desc() if descending else key.asc() for key in keys]


def encode(key: Key) -> str:
    plain = [{"at": value.isoformat()} if isinstance(value, datetime) else value for value in key]
    return base64.urlsafe_b64encode(json.dumps(plain).encode()).decode().rstrip("=")


def decode(cursor: str, length: int) -> Key | None:
    """The key in `cursor`, or None when it is not one this app wrote (a hand-edited URL)."""
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(raw, list) or len(raw) != length:
            return None
        return [_value(item) for item in raw]
    except (ValueError, TypeError, KeyError):
        return None


def _value(item: Any) -> Any:
    if isinstance(item, dict):
        return datetime.fromisoformat(item["at"])
    if item is None or isinstance(item, int | str):
        return item
    raise ValueError("not a key value")
