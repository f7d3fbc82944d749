"""The plain shape every report export takes: named tables of cells, and an optional chart.

Row makers turn query results into `Table`s; the writers turn `Table`s into files. Neither side
knows about the other, so a table can be tested without a database and a writer without models.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

Cell = str | int | float | None

# The key names a CSV file inside the ZIP and an Excel sheet; Excel caps sheet names at 31
# characters, and lowercase ASCII keeps file names portable.
KEY_PATTERN = re.compile(r"[a-z0-9_]{1,31}")


@dataclass(frozen=True)
class Table:
    """One exported table.

    `key` names the file and sheet (lowercase letters, digits and underscores, at most 31
    characters); `title` is the human title, already translated; every row has exactly as many
    cells as there are columns. Columns and rows are stored as tuples, so a generator of rows
    may be passed and is read once. Raises `ValueError` on a bad key, no columns or a ragged row.
    """

    key: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]

    def __post_init__(self) -> None:
        if not isinstance(self.key, str) or not KEY_PATTERN.fullmatch(self.key):
            raise ValueError(
                f"table key {self.key!r} must be 1-31 lowercase letters, digits or underscores"
            )
        # Freeze whatever iterables were given, so a generator is not exhausted by validation.
        object.__setattr__(self, "columns", tuple(self.columns))
        object.__setattr__(self, "rows", tuple(tuple(row) for row in self.rows))
        if not self.columns:
            raise ValueError(f"table {self.key!r} has no columns")
        width = len(self.columns)
        for number, row in enumerate(self.rows, start=1):
            if len(row) != width:
                raise ValueError(
                    f"table {self.key!r} row {number} has {len(row)} cells, expected {width}"
                )


@dataclass(frozen=True)
class Chart:
    """A line chart of one table: its first column is the category (e.g. the month), every
    other column a numeric series."""

    title: str
    table_key: str
