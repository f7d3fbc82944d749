"""Where reports read from: a PostgreSQL streaming replica when one is configured.

`COMPLAINTS_REPORTS_DATABASE_URL` names a read-only copy of the database. Report and export
queries run there, so a supervisor's year-long export never competes with people filing; the
audit events that record those exports are still written to the primary (`db.session`). Without
the setting, reports read the primary.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import Flask, current_app, g

_ENGINE_KEY = "reports_engine"


def init_reports_source(app: Flask) -> None:
    url = app.config.get("REPORTS_DATABASE_URL")
    if url:
        app.extensions[_ENGINE_KEY] = sa.create_engine(url, pool_pre_ping=True)

    @app.teardown_appcontext
    def close_report_session(_error: BaseException | None) -> None:
        session = g.pop("report_session", None)
        if session is not None:
            session.close()


def report_session() -> so.Session:
    """The session report queries use in this request: the replica's, or the primary's."""
    engine = current_app.extensions.get(_ENGINE_KEY)
    if engine is None:
        from complaints.extensions import db

        return db.session
    if "report_session" not in g:
        g.report_session = so.Session(engine)
    return g.report_session
