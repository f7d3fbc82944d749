"""A database server's pooled connections are checked before use once they have rested a while.

SQLAlchemy's `pool_pre_ping` sends a query before every use of a pooled connection, so that a
connection the server dropped (a restart, a failover, a link cut while it sat in the pool) is
replaced before a page needs it. That is one more round trip on every request that touches the
database: on two shared cores, a switch to the server's process and back, 48-58 µs of wall
time, 33-43 µs of the worker's CPU and 10-17 µs of the server's (measured with psycopg here).

Here a connection is checked, by the same ping, only when it comes out of the pool after resting
there `RESTED_BEFORE_CHECK` or longer, as HikariCP does (its "alive bypass window", 500 ms by
default). A connection given back less than that ago answered its last query then; for it to be
dead now the server must have gone away and come back within that moment, with none of this
process's other requests meeting the outage (the first that does makes SQLAlchemy discard every
connection the pool had open). In that rare case the request's first query fails as a lost
connection: a page says the service is busy and keeps the person's answers, and the next request
gets a new connection. Sending a complaint reads its draft again on a new connection when that
happens (intake/sending.py), so a send never fails for it.
"""

from __future__ import annotations

import time
from typing import Any

import sqlalchemy as sa

RESTED_BEFORE_CHECK = 0.5  # seconds
_GIVEN_BACK = "given_back_at"  # in the pool entry's info, which lives as long as its connection


def install(engine: sa.Engine) -> None:
    """Check `engine`'s connections as above; for an engine made without `pool_pre_ping`."""
    dialect = engine.dialect

    @sa.event.listens_for(engine, "checkin")
    def given_back(_dbapi_connection: Any, entry: Any) -> None:
        if entry is not None:
            entry.info[_GIVEN_BACK] = time.monotonic()

    @sa.event.listens_for(engine, "checkout")
    def check_if_rested(dbapi_connection: Any, entry: Any, _proxy: Any) -> None:
        given_back_at = entry.info.get(_GIVEN_BACK)
        if given_back_at is None or time.monotonic() - given_back_at < RESTED_BEFORE_CHECK:
            return  # just opened, or in use a moment ago
        try:
            dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as error:
            if dialect.is_disconnect(error, dbapi_connection, None):
                # The pool then discards this connection and opens a new one in its place.
                raise sa.exc.DisconnectionError(str(error)) from error
            raise
