"""SHA-256 worked out by the database: the lowercase hex digest of a text's UTF-8 bytes.

PostgreSQL has its own `sha256()`; SQLite has none, so every SQLite connection is given one
from Python's hashlib (`add_to_sqlite`, called as the app's engines connect). Both give what
`hashlib.sha256(text.encode()).hexdigest()` gives, so a hash chained in SQL can be checked in
Python (complaints/audit.py).
"""

from __future__ import annotations

import hashlib
import sqlite3
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

SQLITE_NAME = "sha256_hex"


class sha256_hex(FunctionElement[str]):  # named like the SQL function it writes
    """`sha256_hex(text)` in a statement, written in each database's own terms."""

    type = sa.String()
    inherit_cache = True


@compiles(sha256_hex)
def _by_added_function(element: sha256_hex, compiler: Any, **kw: Any) -> str:
    return f"{SQLITE_NAME}({compiler.process(element.clauses, **kw)})"


@compiles(sha256_hex, "postgresql")
def _by_postgresql(element: sha256_hex, compiler: Any, **kw: Any) -> str:
    text = compiler.process(element.clauses, **kw)
    return f"encode(sha256(convert_to({text}, 'UTF8')), 'hex')"


def _digest(text: str | None) -> str | None:
    return None if text is None else hashlib.sha256(text.encode()).hexdigest()


def add_to_sqlite(connection: sqlite3.Connection) -> None:
    connection.create_function(SQLITE_NAME, 1, _digest, deterministic=True)
