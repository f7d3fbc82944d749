"""Every row of every table, for comparing a database with itself at another moment."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from complaints.extensions import db


def every_row(engine: sa.Engine) -> dict[str, list[sa.Row[Any]]]:
    """Each table's rows in primary-key order, every column, as the models read them.

    Rows compare equal when every value is equal, whichever database they came from.
    """
    with engine.connect() as connection:
        return {
            table.name: list(
                connection.execute(sa.select(table).order_by(*table.primary_key.columns))
            )
            for table in db.metadata.sorted_tables
        }
