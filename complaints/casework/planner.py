"""What a query planner cannot know from its statistics, said in SQL.

SQLite's `likelihood(condition, probability)` changes nothing about which rows match; it tells
the planner how often the condition holds where ANALYZE's averages mislead it (it counts all
the rows holding NULL as one value, so "no deadline" or "assigned to this person" look rare or
common by the average, whatever they are). Other databases get the bare condition: PostgreSQL
keeps a histogram, the most common values and the share of NULLs of each column.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

# No boolean type on these: SQLAlchemy would compare them with 1 on SQLite, and the planner
# reads a hint only as a term of its own.


class few_rows(FunctionElement[bool]):  # named as the SQL function it stands for
    """A condition few rows meet, e.g. `few_rows(Case.assigned_to_id == user_id)`."""

    name = "few_rows"
    inherit_cache = True
    share = 0.001


class most_rows(FunctionElement[bool]):  # named as the SQL function it stands for
    """A condition most rows meet, e.g. `most_rows(Case.detainer_deadline.is_(None))`."""

    name = "most_rows"
    inherit_cache = True
    share = 0.9


@compiles(few_rows)
@compiles(most_rows)
def _bare(element: few_rows | most_rows, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.clauses, **kw)


@compiles(few_rows, "sqlite")
@compiles(most_rows, "sqlite")
def _likelihood(element: few_rows | most_rows, compiler: SQLCompiler, **kw: Any) -> str:
    return f"likelihood({compiler.process(element.clauses, **kw)}, {element.share})"
