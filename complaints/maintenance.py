"""`flask --app app maintenance analyze`: refresh the planner's statistics (run it nightly).

The queue and search plans (complaints/casework/queue.py) are chosen from table statistics.
PostgreSQL's autovacuum keeps them; SQLite only has what ANALYZE last gathered, so a database
that grew from a hundred cases to a million needs this run, as `demo seed` and the migrations do.
"""

from __future__ import annotations

import time

import click
import sqlalchemy as sa
import sqlalchemy.orm as so
from flask.cli import AppGroup

from complaints.extensions import db

maintenance_cli = AppGroup("maintenance", help="Keeping the database fast.")


def analyze(session: so.Session) -> None:
    """Gather fresh statistics for every table (the caller commits)."""
    session.execute(sa.text("ANALYZE"))


def index_definitions(connection: sa.Connection) -> dict[str, str]:
    """The indexes in the database: each one's name and its CREATE INDEX text, as the database
    keeps them. (SQLAlchemy's own reflection skips, with a warning, an index on an expression
    on SQLite.)"""
    if connection.dialect.name == "sqlite":
        query = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
    else:
        query = "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()"
    return dict(connection.exec_driver_sql(query).all())


def after_bulk_load(engine: sa.Engine) -> None:
    """Statistics for the planner after a bulk load; on PostgreSQL a VACUUM too, as autovacuum
    would run it later: until then no page of the new rows is marked all-visible, and every
    index-only scan (the queue's lanes, a name walk, the report indexes) also reads the table
    for each entry it passes. VACUUM cannot run inside a transaction, so this takes the engine."""
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(sa.text("VACUUM (ANALYZE)"))
        return
    with engine.begin() as connection:
        connection.execute(sa.text("ANALYZE"))


@maintenance_cli.command("analyze")
def analyze_command() -> None:
    """Refresh the statistics the database plans queries with."""
    start = time.perf_counter()
    analyze(db.session)
    db.session.commit()
    click.echo(f"Statistics refreshed in {time.perf_counter() - start:.1f} s.")
