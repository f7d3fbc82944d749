"""SQLite with several worker processes: writers queue at a lock file instead of sleeping.

SQLite lets one connection write at a time. A second writer is told "busy" and its busy handler
sleeps 1, 2, 5, 10, 15, 20, 25... ms between tries, so with two gunicorn workers filing
complaints a writer often slept far longer than the write it waited for. Here a connection
takes an exclusive `flock` on `<database>.writers` before its first INSERT, UPDATE or DELETE and
lets it go after its commit or rollback, exactly the span SQLite's own write lock covers. A
waiting writer tries again every fraction of a millisecond, and gives up after the same
5 seconds as SQLite's busy timeout (then SQLite decides, as before).
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import time
from typing import Any

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")
WAIT_SECONDS = 5.0
FIRST_PAUSE, LONGEST_PAUSE = 0.0001, 0.001


class QueuedWriterConnection(sqlite3.Connection):
    """A sqlite3 connection that holds the writers' lock file while it has writes to commit."""

    lock_path: str | None = None  # set by `connect_args`; None for in-memory databases
    _lock_fd: int | None = None
    _holding = False

    def take_write_turn(self) -> None:
        """Wait for this connection's turn to write (no-op when it already holds it)."""
        if self._holding or self.lock_path is None:
            return
        if self._lock_fd is None:
            self._lock_fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        deadline, pause = time.monotonic() + WAIT_SECONDS, FIRST_PAUSE
        while True:
            try:
                fcntl.flock(self._lock_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                self._holding = True
                return
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    return  # SQLite's busy timeout has the last word, as without the queue
                time.sleep(pause)
                pause = min(pause * 2, LONGEST_PAUSE)

    def end_write_turn(self) -> None:
        if self._holding and self._lock_fd is not None:
            fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
        self._holding = False

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self.end_write_turn()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self.end_write_turn()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self.end_write_turn()
            if self._lock_fd is not None:
                os.close(self._lock_fd)
                self._lock_fd = None


def connect_args(database: str | None) -> dict[str, Any]:
    """sqlite3.connect arguments for a database file (nothing for an in-memory database)."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return {}

    class Connection(QueuedWriterConnection):
        lock_path = os.path.abspath(database) + ".writers"

    return {"factory": Connection}


def before_execute(dbapi_connection: Any, statement: str) -> None:
    """Called before every statement: a write in a transaction first waits for its turn (in
    autocommit mode each statement commits by itself, and there is no commit to wait for)."""
    if (
        isinstance(dbapi_connection, QueuedWriterConnection)
        and not dbapi_connection._holding
        and dbapi_connection.isolation_level is not None
        and statement.lstrip()[:7].upper().startswith(WRITES)
    ):
        dbapi_connection.take_write_turn()
