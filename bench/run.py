"""Benchmark: queue, search, case page, reports, exports and submissions at two scales.

    python bench/run.py --scale 200000 [--small 10000] [--requests 200] [--database URL]
                        [--complaints 2400] [--rounds 3]

Loads synthetic cases (bench/load.py), measures each operation through the real WSGI app
in-process at the small scale, then again after growing the same database to the full scale;
then drives public submissions through gunicorn (bench/submit_load.py) against that database.
Prints the results and writes bench/results/<date>-<db>-<scale>.json. Timing targets live here,
not in the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import threading
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode
from zoneinfo import ZoneInfo

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import submit_load, table  # noqa: E402
from bench.load import load  # noqa: E402
from bench.stats import summary  # noqa: E402
from complaints import create_app, heap  # noqa: E402
from complaints.config import database_url  # noqa: E402
from complaints.extensions import db  # noqa: E402
from complaints.models import Case, Charge, Message, Note, Person  # noqa: E402
from complaints.reports.window import Window, add_months  # noqa: E402
from complaints.rules.vocabulary import MessageAuthor, Role  # noqa: E402
from tests.web.staff import PASSWORD, make_staff  # noqa: E402

# p95 in milliseconds at the full scale, unless the name says otherwise (issue 10).
TARGETS = {
    "queue default": 50, "queue 3 filters + sort": 60, "search reference": 25,
    "search A-number": 25, "search name prefix": 25, "search uncommon name prefix": 25,
    "queue, one county": 60, "case page": 40,
    "monthly summary page (with 12-month trend)": 1500, "12-month trend alone": 3000,
    "XLSX monthly summary": 3000,
}  # fmt: skip
MONTH_SIZE = 10_000  # the summary is measured on the month whose case count is nearest this
# An uncommon name: the four letters that start the names of about this share of the people
# (4,000 at a million): walking the queue meets one only every 250 cases.
UNCOMMON_SHARE = 0.004
# A county: the one whose share of the cases is nearest this (1,000 at a million).
COUNTY_SHARE = 0.001


def machine_speed() -> float:
    """Seconds for a pure-Python loop of ten million additions: how fast this machine is today
    (shared machines vary by half within a day), to read the other figures against."""
    start = time.process_time()
    total = 0
    for number in range(10_000_000):
        total += number
    return round(time.process_time() - start, 2)


def settled(client, path: str) -> str:
    """Where `path` ends up after redirects (the search is sealed into an opaque token)."""
    response = client.get(path)
    while response.status_code in (301, 302, 303):
        path = response.headers["Location"]
        response = client.get(path)
    return path


def timed(client, path: str, count: int) -> dict[str, float]:
    samples = []
    for _ in range(count):
        start = time.perf_counter()
        response = client.get(path)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return summary(samples)


def timed_call(call, count: int) -> dict[str, float]:
    samples = []
    for _ in range(count):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    return summary(samples)


def busy_case(app) -> str:
    """A case with 50 notes, 20 messages and 6 charges, for the case-page measurement."""
    with app.app_context():
        case = db.session.execute(sa.select(Case).order_by(Case.id.desc()).limit(1)).scalar_one()
        case.notes.extend(Note(body=f"note {n}") for n in range(50))
        case.messages.extend(Message(author=MessageAuthor.STAFF, body=f"m {n}") for n in range(20))
        case.charges[:] = [Charge(offence=f"charge {n}") for n in range(6)]
        db.session.commit()
        return case.reference


def month_nearest(app, size: int) -> tuple[str, int]:
    """The month (office time) whose number of cases filed is nearest `size`, and that number."""
    with app.app_context():
        zone = ZoneInfo(app.config["OPERATOR_TIME_ZONE"])
        newest = db.session.execute(sa.select(sa.func.max(Case.created_at))).scalar_one()
        first = newest.astimezone(zone).date().replace(day=1)
        best: tuple[int, str, int] | None = None
        for back in range(1, 40):
            month = Window(add_months(first, -back), 1, zone)
            count = db.session.execute(
                sa.select(sa.func.count(Case.id)).where(
                    Case.created_at >= month.start, Case.created_at < month.end
                )
            ).scalar_one()
            if count and (best is None or abs(count - size) < best[0]):
                best = (abs(count - size), f"{month.first:%Y-%m}", count)
        assert best is not None, "no cases to report on"
        return best[1], best[2]


def sample_keys(app) -> dict[str, Any]:
    # The first ones by id, so both databases and every run search for the same values.
    with app.app_context():
        reference = db.session.execute(
            sa.select(Case.reference).order_by(Case.id).limit(1)
        ).scalar_one()
        a_number = db.session.execute(
            sa.select(Person.a_number)
            .where(Person.a_number.is_not(None))
            .order_by(Person.id)
            .limit(1)
        ).scalar_one()
        name = db.session.execute(
            sa.select(Person.family_name)
            .where(Person.family_name.is_not(None))
            .order_by(Person.id)
            .limit(1)
        ).scalar_one()
        return {"reference": reference, "a_number": f"A{a_number}", "name": name[:4],
                "uncommon name": uncommon_prefix(), "county": county()}  # fmt: skip


def county() -> tuple[str, str]:
    """The state and county with the number of cases nearest COUNTY_SHARE of them (the first
    such in order, so every run picks the same)."""
    cases = db.session.execute(sa.select(sa.func.count(Case.id))).scalar_one()
    counts = db.session.execute(
        sa.select(Case.state, Case.county, sa.func.count())
        .where(Case.county.is_not(None))
        .group_by(Case.state, Case.county)
        .order_by(Case.state, Case.county)
    ).all()
    state, name, _count = min(counts, key=lambda row: abs(row[2] - cases * COUNTY_SHARE))
    return state, name


def uncommon_prefix() -> str:
    """The four letters starting the name keys of the number of people nearest UNCOMMON_SHARE
    of those with a name (the first such in code-point order, so every run picks the same)."""
    start = sa.func.substr(Person.name_key, 1, 4)
    named = Person.name_key.is_not(None)
    people = db.session.execute(sa.select(sa.func.count()).where(named)).scalar_one()
    counts = db.session.execute(
        sa.select(start, sa.func.count()).where(named).group_by(start).order_by(start)
    ).all()
    return min(counts, key=lambda row: abs(row[1] - people * UNCOMMON_SHARE))[0]


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


def resident_mb() -> float:
    """Anonymous resident memory: what the process itself holds. SQLite's memory-mapped database
    pages are left out; they belong to the page cache, which the kernel reclaims at will."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("RssAnon:"):
                return int(line.split()[1]) / 1024
    return 0.0


def csv_export(client, month: str, window: str) -> dict[str, float]:
    """The identified case-level CSV, streamed; resident memory sampled while it runs."""
    path = f"/staff/reports/cases-export?month={month}&window={window}"
    page = client.get(path).get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    before, peak, running = resident_mb(), [0.0], [True]

    def sample() -> None:
        while running[0]:
            peak[0] = max(peak[0], resident_mb())
            time.sleep(0.005)

    sampler = threading.Thread(target=sample)
    sampler.start()
    start = time.perf_counter()
    response = client.post(path, data={"csrf_token": token, "reason": "benchmark"},
                           buffered=False)  # fmt: skip
    rows = sum(chunk.count(b"\n") for chunk in response.response) - 1
    elapsed = time.perf_counter() - start
    running[0] = False
    sampler.join()
    return {"window": window, "rows": rows, "rows_per_s": round(rows / elapsed),
            "seconds": round(elapsed, 2),
            "peak_rss_growth_mb": round(max(peak[0] - before, 0.0), 1)}  # fmt: skip


def measure(app, client, requests: int) -> dict[str, object]:
    from complaints.reports.trend import monthly_trend
    from complaints.reports.window import ending_at, parse_month

    keys = sample_keys(app)
    reference = busy_case(app)
    queue = {
        "queue default": "/staff/cases/",
        "queue 3 filters + sort": "/staff/cases/?state=TX&urgency=normal"
        "&flag=outside_priorities&sort=filed",
        "search reference": f"/staff/cases/?q={keys['reference']}",
        "search A-number": f"/staff/cases/?q={keys['a_number']}",
        "search name prefix": f"/staff/cases/?q={keys['name']}",
        "search uncommon name prefix": f"/staff/cases/?q={quote(keys['uncommon name'])}",
        "queue, one county": "/staff/cases/?"
        + urlencode({"state": keys["county"][0], "county": keys["county"][1]}),
    }
    results: dict[str, object] = {
        name: timed(client, settled(client, path), requests) for name, path in queue.items()
    }
    results["search uncommon name prefix"] |= {"prefix": keys["uncommon name"]}  # type: ignore[operator]
    results["queue, one county"] |= {"county": ", ".join(keys["county"])}  # type: ignore[operator]
    case_path = f"/staff/cases/{reference}"
    results["case page"] = timed(client, case_path, requests) | {
        "queries": count_queries(app, client, case_path)
    }
    month, month_cases = month_nearest(app, MONTH_SIZE)
    reports = {
        "monthly summary page (with 12-month trend)": f"/staff/reports/monthly?month={month}",
        "XLSX monthly summary": f"/staff/reports/monthly/export?month={month}&format=xlsx",
    }
    for name, path in reports.items():
        results[name] = timed(client, path, max(3, requests // 50)) | {"month_cases": month_cases}
    with app.app_context():
        zone = ZoneInfo(app.config["OPERATOR_TIME_ZONE"])
        window = ending_at(parse_month(month, zone, date.today()), 12, zone)
        results["12-month trend alone"] = timed_call(
            lambda: monthly_trend(db.session, window), max(3, requests // 50)
        )
    # The newest quarter: at a million cases about a fifth of them, over 200,000 rows.
    with app.app_context():
        newest = db.session.execute(sa.select(sa.func.max(Case.created_at))).scalar_one()
    latest = f"{newest.astimezone(ZoneInfo(app.config['OPERATOR_TIME_ZONE'])):%Y-%m}"
    results["identified CSV export"] = csv_export(client, latest, "quarter")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=200_000)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--complaints", type=int, default=2400, help="submissions a round")
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds of submissions")
    parser.add_argument("--database", default=None, help="a PostgreSQL URL; SQLite when absent")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bench-"))
    url = database_url(args.database) if args.database else f"sqlite:///{workdir / 'bench.db'}"
    app = create_app({"COMPLAINTS_ENV": "testing", "SQLALCHEMY_DATABASE_URI": url,
                      "COMPLAINTS_REQUIRE_2FA": False, "RATELIMIT_ENABLED": False})  # fmt: skip
    with app.app_context():
        db.drop_all()
        db.create_all()
        supervisor = make_staff(app, db.session, Role.SUPERVISOR, enrolled=False)
        email = supervisor.email
    client = app.test_client()
    page = client.get("/staff/login").get_data(as_text=True)
    heap.settle()  # as gunicorn.conf.py does in each worker once the app is loaded
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    client.post("/staff/login", data={"csrf_token": token, "email": email, "password": PASSWORD})
    kind = "postgresql" if url.startswith("postgresql") else "sqlite"
    report: dict[str, object] = {
        "database": kind,
        "machine": f"{platform.platform()}, {os.cpu_count()} CPUs",
        "python": platform.python_version(),
        "python loop of 10 million additions (s)": machine_speed(),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "targets (p95 ms at full scale)": TARGETS,
    }
    for scale in sorted({min(args.small, args.scale), args.scale}):
        start = time.perf_counter()
        load(app, scale, seed=7)
        report[f"load to {scale} cases (s)"] = round(time.perf_counter() - start, 1)
        report[str(scale)] = measure(app, client, args.requests)
    with app.app_context():
        db.engine.dispose()
    submissions = submit_load.measure(
        args.complaints, 16, app.config["SQLALCHEMY_DATABASE_URI"], fresh=False, rounds=args.rounds
    )
    report[f"public submissions at {args.scale} cases"] = submissions
    finished = datetime.now(UTC)
    out = ROOT / "bench" / "results" / f"{finished:%Y-%m-%d}-{kind}-{args.scale}.json"
    if out.exists():  # an earlier run of the same day is kept: this one's name has its time too
        out = out.with_name(f"{finished:%Y-%m-%d-%H%M}-{kind}-{args.scale}.json")
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(table.markdown(report))
    print(f"\nEvery figure is in {out.relative_to(ROOT)}")
    if failed := submit_load.failures(submissions):
        sys.exit("The submissions were not all stored correctly: " + "; ".join(failed))


if __name__ == "__main__":
    main()
