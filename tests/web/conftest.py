"""Fault fixtures for the web tests: count SQL statements, fail one of them, fill the disk."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import OperationalError


@dataclass
class StatementLog:
    """The SQL statements run while recording, and how many had run at each COMMIT (a statement
    on a connection in autocommit commits by itself: it counts as one)."""

    statements: list[str] = field(default_factory=list)
    commits: list[int] = field(default_factory=list)


@pytest.fixture
def statement_log(engine: sa.Engine) -> Callable[[], AbstractContextManager[StatementLog]]:
    """`with statement_log() as log:` records every statement the app sends to the database."""

    @contextmanager
    def recording() -> Iterator[StatementLog]:
        log = StatementLog()

        def statement(connection: sa.Connection, _cursor, text: str, *_args: object) -> None:
            log.statements.append(text)
            if connection.get_execution_options().get("isolation_level") == "AUTOCOMMIT":
                log.commits.append(len(log.statements))

        def commit(_conn) -> None:
            log.commits.append(len(log.statements))

        sa.event.listen(engine, "before_cursor_execute", statement)
        sa.event.listen(engine, "commit", commit)
        try:
            yield log
        finally:
            sa.event.remove(engine, "before_cursor_execute", statement)
            sa.event.remove(engine, "commit", commit)

    return recording


@pytest.fixture
def fail_at_statement(engine: sa.Engine) -> Callable[[int], AbstractContextManager[list[str]]]:
    """`with fail_at_statement(n) as failed:` makes the n-th statement from now (1-based) fail
    as a lost connection would, once; `failed` then holds that statement."""

    @contextmanager
    def failing(number: int) -> Iterator[list[str]]:
        seen: list[str] = []
        failed: list[str] = []

        def maybe_fail(_conn, _cursor, text: str, *_args: object) -> None:
            seen.append(text)
            if len(seen) == number:
                failed.append(text)
                raise OperationalError(text, {}, Exception("server closed the connection"))

        sa.event.listen(engine, "before_cursor_execute", maybe_fail)
        try:
            yield failed
        finally:
            sa.event.remove(engine, "before_cursor_execute", maybe_fail)

    return failing


@pytest.fixture
def full_disk(engine: sa.Engine) -> Callable[[], AbstractContextManager[int]]:
    """`with full_disk():` gives SQLite no room to grow, for real: every connection opened
    meanwhile has `max_page_count` at the file's present size, so a write that needs one more
    page fails with "database or disk is full". Yields that size in pages."""
    if engine.dialect.name != "sqlite":
        pytest.skip("max_page_count is SQLite's; PostgreSQL has no per-connection size cap")

    @contextmanager
    def full() -> Iterator[int]:
        engine.dispose()  # connections closed: the write-ahead log is folded into the file
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(sa.text("VACUUM"))  # no free pages left inside the file either
            pages = connection.execute(sa.text("PRAGMA page_count")).scalar_one()

        def cap(dbapi_connection, _record) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute(f"PRAGMA max_page_count = {int(pages)}")
            cursor.close()

        engine.dispose()
        sa.event.listen(engine, "connect", cap)
        try:
            yield pages
        finally:
            sa.event.remove(engine, "connect", cap)
            engine.dispose()

    return full
