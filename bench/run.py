"""Benchmark: the staff queue, search, case page, reports and exports at two scales.

    python bench/run.py --scale 200000 [--small 10000] [--requests 200] [--database URL]

Loads synthetic cases with the demo generator (bulk inserts), measures each operation through
the real WSGI app in-process, prints a table and writes bench/results/<date>-<db>.json.
Timing targets live here, not in the test suite.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import load  # noqa: E402
from complaints import create_app  # noqa: E402
from complaints.extensions import db  # noqa: E402
from complaints.models import Case, Charge, Message, Note, Person  # noqa: E402
from complaints.rules.vocabulary import MessageAuthor, Role  # noqa: E402
from tests.web.staff import PASSWORD, make_staff  # noqa: E402

TARGETS = {  # p95 in milliseconds at the full scale (issue 10)
    "queue default": 50, "queue 3 filters + sort": 60, "search reference": 25,
    "search A-number": 25, "search name prefix": 25, "case page": 40,
}  # fmt: skip


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def timed(client, path: str, count: int) -> dict[str, float]:
    samples = []
    for _ in range(count):
        start = time.perf_counter()
        response = client.get(path)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return {
        "p50_ms": round(statistics.median(samples), 2),
        "p95_ms": round(percentile(samples, 95), 2),
        "requests": count,
    }


def busy_case(app) -> str:
    """A case with 50 notes, 20 messages and 6 charges, for the case-page measurement."""
    with app.app_context():
        case = db.session.execute(sa.select(Case).order_by(Case.id.desc()).limit(1)).scalar_one()
        case.notes.extend(Note(body=f"note {n}") for n in range(50))
        case.messages.extend(Message(author=MessageAuthor.STAFF, body=f"m {n}") for n in range(20))
        case.charges.extend(Charge(offence=f"charge {n}") for n in range(6))
        db.session.commit()
        return case.reference


def sample_keys(app) -> dict[str, str]:
    with app.app_context():
        reference = db.session.execute(sa.select(Case.reference).limit(1)).scalar_one()
        a_number = db.session.execute(
            sa.select(Person.a_number).where(Person.a_number.is_not(None)).limit(1)
        ).scalar_one()
        name = db.session.execute(
            sa.select(Person.family_name).where(Person.family_name.is_not(None)).limit(1)
        ).scalar_one()
        month = (
            db.session.execute(sa.select(sa.func.max(Case.created_at)))
            .scalar_one()
            .astimezone(UTC)
            .strftime("%Y-%m")
        )
        return {"reference": reference, "a_number": f"A{a_number}", "name": name[:4],
                "month": month}  # fmt: skip


def count_queries(app, client, path: str) -> int:
    with app.app_context():
        engine = db.engine
    seen = []
    listener = lambda *args: seen.append(args[2])  # noqa: E731
    sa.event.listen(engine, "before_cursor_execute", listener)
    try:
        client.get(path)
    finally:
        sa.event.remove(engine, "before_cursor_execute", listener)
    return len(seen)


def measure(app, client, requests: int) -> dict[str, object]:
    keys = sample_keys(app)
    reference = busy_case(app)
    results: dict[str, object] = {
        "queue default": timed(client, "/staff/cases/", requests),
        "queue 3 filters + sort": timed(
            client,
            "/staff/cases/?state=TX&urgency=normal&flag=outside_priorities&sort=filed",
            requests,
        ),
        "search reference": timed(client, f"/staff/cases/?q={keys['reference']}", requests),
        "search A-number": timed(client, f"/staff/cases/?q={keys['a_number']}", requests),
        "search name prefix": timed(client, f"/staff/cases/?q={keys['name']}", requests),
        "case page": timed(client, f"/staff/cases/{reference}", requests)
        | {"queries": count_queries(app, client, f"/staff/cases/{reference}")},
    }
    month = keys["month"]
    reports = {
        "monthly summary page (with 12-month trend)": f"/staff/reports/monthly?month={month}",
        "XLSX monthly summary": f"/staff/reports/monthly/export?month={month}&format=xlsx",
    }
    for name, path in reports.items():
        results[name] = timed(client, path, max(3, requests // 50))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    token_page = client.get(f"/staff/reports/cases-export?month={month}").get_data(as_text=True)
    token = token_page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    form = {"csrf_token": token, "reason": "benchmark"}
    response = client.post(f"/staff/reports/cases-export?month={month}", data=form, buffered=False)
    rows = sum(chunk.count(b"\n") for chunk in response.response) - 1
    elapsed = time.perf_counter() - start
    results["identified CSV export (one month)"] = {
        "rows": rows, "rows_per_s": round(rows / elapsed), "peak_rss_growth_mb": round(
            (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024, 1),
    }  # fmt: skip
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=200_000)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--database", default=None, help="a PostgreSQL URL; SQLite when absent")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bench-"))
    url = args.database or f"sqlite:///{workdir / 'bench.db'}"
    app = create_app({"COMPLAINTS_ENV": "testing", "SQLALCHEMY_DATABASE_URI": url,
                      "COMPLAINTS_REQUIRE_2FA": False, "RATELIMIT_ENABLED": False})  # fmt: skip
    with app.app_context():
        db.drop_all()
        db.create_all()
        supervisor = make_staff(app, db.session, Role.SUPERVISOR, enrolled=False)
        email = supervisor.email
    client = app.test_client()
    page = client.get("/staff/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    client.post("/staff/login", data={"csrf_token": token, "email": email, "password": PASSWORD})
    report: dict[str, object] = {
        "database": app.config["SQLALCHEMY_DATABASE_URI"].split(":")[0],
        "machine": platform.platform(),
        "python": platform.python_version(),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    for scale in sorted({min(args.small, args.scale), args.scale}):
        start = time.perf_counter()
        load(app, scale, seed=7)
        report[f"load to {scale} cases (s)"] = round(time.perf_counter() - start, 1)
        report[str(scale)] = measure(app, client, args.requests)
    print(json.dumps(report, indent=2))
    kind = "postgresql" if url.startswith("postgresql") else "sqlite"
    out = ROOT / "bench" / "results" / f"{datetime.now(UTC):%Y-%m-%d}-{kind}-{args.scale}.json"
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
