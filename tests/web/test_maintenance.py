"""`maintenance analyze` gives the query planner statistics about the tables as they are now."""

from __future__ import annotations

import sqlalchemy as sa

from tests.factories import make_case


def planner_rows(engine: sa.Engine) -> int:
    """How many cases the database's statistics say the table holds (0 when it has none)."""
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            has_stats = connection.execute(
                sa.text("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
            ).scalar_one()
            if not has_stats:
                return 0
            stat = connection.execute(
                sa.text("SELECT stat FROM sqlite_stat1 WHERE tbl = 'cases' LIMIT 1")
            ).scalar()
            return int(stat.split()[0]) if stat else 0
        return int(
            connection.execute(
                sa.text("SELECT reltuples FROM pg_class WHERE relname = 'cases'")
            ).scalar_one()
        )


def test_analyze_counts_the_cases_as_they_are(cli, db, engine) -> None:
    for _number in range(30):
        make_case(db)
    db.commit()
    assert planner_rows(engine) != 30
    result = cli.invoke(args=["maintenance", "analyze"])
    assert result.exit_code == 0, result.output
    assert "Statistics refreshed" in result.output
    assert planner_rows(engine) == 30
