"""SQLite writers queue at a lock file: a second writer waits for the first one's commit or
rollback, then writes at once; readers never wait."""

from __future__ import annotations

import fcntl
import os
import threading
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

import complaints  # noqa: F401  (registers the engine events)
from complaints.config import engine_options
from complaints.sqlite_writers import QueuedWriterConnection


def _engine(tmp_path: Path) -> sa.Engine:
    url = f"sqlite:///{tmp_path / 'queue.db'}"
    engine = sa.create_engine(url, **engine_options(url))
    with engine.begin() as connection:
        connection.execute(sa.text("CREATE TABLE notes (body TEXT)"))
    return engine


def _lock_is_free(path: Path) -> bool:
    """Whether another process could take the writers' lock now."""
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(descriptor)  # closing lets go of a lock taken here
    return True


def _write_later(engine: sa.Engine, log: list[str]) -> threading.Thread:
    def second_writer() -> None:
        with engine.connect() as connection:
            connection.execute(sa.text("INSERT INTO notes VALUES ('second')"))
            log.append("second wrote")
            connection.commit()

    writer = threading.Thread(target=second_writer)
    writer.start()
    return writer


def test_a_second_writer_waits_for_the_first_commit(tmp_path: Path) -> None:
    engine = _engine(tmp_path)
    log: list[str] = []
    with engine.connect() as first:
        first.execute(sa.text("INSERT INTO notes VALUES ('first')"))
        assert isinstance(first.connection.dbapi_connection, QueuedWriterConnection)
        assert not _lock_is_free(tmp_path / "queue.db.writers")
        writer = _write_later(engine, log)
        time.sleep(0.3)
        # Reading goes on meanwhile; the second writer is still waiting for its turn.
        with engine.connect() as reader:
            assert reader.execute(sa.text("SELECT count(*) FROM notes")).scalar_one() == 0
        assert log == []
        log.append("first committed")
        first.commit()
    writer.join(timeout=5)
    assert log == ["first committed", "second wrote"]
    assert _lock_is_free(tmp_path / "queue.db.writers")
    with engine.connect() as reader:
        bodies = reader.execute(sa.text("SELECT body FROM notes ORDER BY rowid")).scalars()
        assert list(bodies) == ["first", "second"]
    engine.dispose()


def test_reading_takes_no_turn(tmp_path: Path) -> None:
    engine = _engine(tmp_path)
    with engine.connect() as reader:
        reader.execute(sa.text("SELECT count(*) FROM notes"))
        assert _lock_is_free(tmp_path / "queue.db.writers")
    engine.dispose()


@pytest.mark.parametrize("database", [":memory:", ""])
def test_no_queue_without_a_database_file(database: str) -> None:
    assert engine_options(f"sqlite:///{database}")["connect_args"] == {}


def test_a_rollback_ends_the_turn_too(tmp_path: Path) -> None:
    engine = _engine(tmp_path)
    log: list[str] = []
    with engine.connect() as first:
        first.execute(sa.text("INSERT INTO notes VALUES ('dropped')"))
        writer = _write_later(engine, log)
        time.sleep(0.2)
        assert log == []
        first.rollback()
        writer.join(timeout=5)
    assert log == ["second wrote"]
    with engine.connect() as reader:
        assert list(reader.execute(sa.text("SELECT body FROM notes")).scalars()) == ["second"]
    engine.dispose()
