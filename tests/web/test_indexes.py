"""The queue's filters and sort orders have indexes behind them."""

from __future__ import annotations

import sqlalchemy as sa

from complaints.extensions import db


def index_columns(app, table: str) -> set[tuple[str, ...]]:
    with app.app_context():
        inspector = sa.inspect(db.engine)
        found = {tuple(index["column_names"]) for index in inspector.get_indexes(table)}
        found |= {tuple(uq["column_names"]) for uq in inspector.get_unique_constraints(table)}
        return found


def test_queue_filters_and_sorts_are_indexed(app) -> None:
    cases = index_columns(app, "cases")
    assert ("status", "urgency", "created_at") in cases
    assert ("urgency", "created_at") in cases
    assert ("detainer_deadline",) in cases
    assert ("assigned_to_id", "status") in cases
    assert ("state", "county") in cases
    assert ("language",) in cases
    assert ("reference",) in cases


def test_search_by_a_number_and_name_is_indexed(app) -> None:
    people = index_columns(app, "people")
    assert ("a_number",) in people
    assert ("name_key",) in people
    assert ("type", "case_id") in index_columns(app, "case_complaint_types")
