"""Two app hosts on one PostgreSQL and one Redis, 200 concurrent clients, 60 seconds.

    python bench/two_hosts.py [--clients 200] [--seconds 60] [--database URL] [--redis URL]

Two gunicorn hosts on two loopback ports share a scratch PostgreSQL database (created and dropped
here unless --database names one, whose tables are then replaced) and Redis. Each client files a
complete complaint with its requests spread over both hosts, then signs in to follow it up on
them, again and again until the time is up. Then it proves, and exits 1 if any proof fails:
every acknowledged complaint is stored exactly once and nothing else is; no response was a 5xx;
failed follow-up sign-ins are counted across both hosts (the limit trips after the same number
of attempts however they are split); a staff session opened on one host works on the other.
Not part of the test suite; CI runs it after the tests.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

import psycopg
import redis

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.stats import summary  # noqa: E402
from bench.submit_load import (  # noqa: E402
    Browser,
    free_port,
    prepare_database,
    start_server,
    stored_references,
)
from tests.web.filing import TOKEN  # noqa: E402

ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
STAFF_EMAIL, STAFF_PASSWORD = "load-supervisor@example.org", "two hosts, one database"
WRONG_CODE = "AAAA-BBBB-CCCC-DDDD-EEEE"


def client_loop(ports: tuple[int, int], stop: float, out: dict, lock: threading.Lock) -> None:
    """File, then follow up, until `stop`; requests alternate between the hosts."""
    rng = random.Random()
    while time.monotonic() < stop:
        browser = Browser(*(ports if rng.random() < 0.5 else ports[::-1]))
        started = time.perf_counter()
        try:
            browser.fill()
            receipt = browser.submit_for_receipt()
            followed = receipt is not None and follow_up(browser, *receipt)
        except (OSError, RuntimeError) as error:
            receipt, followed = None, False
            with lock:
                out["client errors"].append(type(error).__name__)
        with lock:
            out["statuses"].update(browser.statuses)
            if receipt is not None:
                out["acknowledged"].append(receipt)
                out["journey ms"].append((time.perf_counter() - started) * 1000)
            out["followed up"] += bool(followed)


def follow_up(browser: Browser, reference: str, code: str) -> bool:
    browser.cookies.clear()  # a new visit, as from another device
    _status, _location, page = browser.request("GET", "/follow-up")
    token = TOKEN.search(page).group(1)
    status, _location, _page = browser.request(
        "POST", "/follow-up", {"csrf_token": token, "reference": reference, "code": code}
    )
    if status not in (302, 303):
        return False
    status, _location, page = browser.request("GET", "/follow-up/case")
    return status == 200 and reference in page


def limits_are_shared(ports: tuple[int, int], reference: str) -> dict[str, object]:
    """Wrong codes for one case, alternating hosts: when does the first 429 come?"""
    browser = Browser(*ports)
    for attempt in range(1, 41):
        _status, _location, page = browser.request("GET", "/follow-up")
        token = TOKEN.search(page).group(1) if TOKEN.search(page) else ""
        status, _location, _page = browser.request(
            "POST", "/follow-up", {"csrf_token": token, "reference": reference, "code": WRONG_CODE}
        )
        if status == 429:
            return {"failed attempts before the limit": attempt - 1, "limit": 10,
                    "counted across hosts": attempt - 1 == 10}  # fmt: skip
    return {"failed attempts before the limit": None, "counted across hosts": False}


def staff_session_on_both(ports: tuple[int, int]) -> bool:
    browser = Browser(ports[0])
    _status, _location, page = browser.request("GET", "/staff/login")
    token = TOKEN.search(page).group(1)
    status, _location, _page = browser.request(
        "POST", "/staff/login",
        {"csrf_token": token, "email": STAFF_EMAIL, "password": STAFF_PASSWORD},
    )  # fmt: skip
    on_first = browser.request("GET", "/staff/cases/")[0]
    browser.ports = (ports[1],)
    on_second = browser.request("GET", "/staff/cases/")[0]
    return status in (302, 303) and on_first == 200 and on_second == 200


def make_staff(url: str) -> None:
    from bench.submit_load import _app
    from complaints.auth.service import create_user
    from complaints.extensions import db
    from complaints.rules.vocabulary import Role

    app = _app(url)
    with app.app_context():
        create_user(db.session, email=STAFF_EMAIL, name="Load Supervisor", role=Role.SUPERVISOR,
                    password=STAFF_PASSWORD)  # fmt: skip
        db.session.commit()
        db.engine.dispose()


def run(clients: int, seconds: float, url: str, redis_url: str) -> dict[str, object]:
    prepare_database(url)
    make_staff(url)
    prefix = f"load-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "DATABASE_URL": url, "COMPLAINTS_ENV": "development",
           "COMPLAINTS_REQUIRE_2FA": "false", "COMPLAINTS_MAIL_BACKEND": "off",
           "RATELIMIT_STORAGE_URI": redis_url, "COMPLAINTS_RATELIMIT_PREFIX": prefix,
           "COMPLAINTS_SUBMIT_LIMIT": "1000000 per hour", "PYTHONWARNINGS": "ignore"}  # fmt: skip
    logs = Path(tempfile.mkdtemp(prefix="two-hosts-"))
    ports = (free_port(), free_port())
    servers = [start_server(port, env, logs / f"host-{port}.log") for port in ports]
    out: dict = {"statuses": Counter(), "acknowledged": [], "journey ms": [],
                 "followed up": 0, "client errors": []}  # fmt: skip
    lock = threading.Lock()
    try:
        stop = time.monotonic() + seconds
        threads = [
            threading.Thread(target=client_loop, args=(ports, stop, out, lock))
            for _ in range(clients)
        ]
        began = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - began
        # After the load: its successful sign-ins must not meet a limit these failures exhaust.
        sharing = limits_are_shared(ports, out["acknowledged"][0][0])
        staff_ok = staff_session_on_both(ports)
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
        redis.Redis.from_url(redis_url).delete(
            *redis.Redis.from_url(redis_url).keys(f"{prefix}*") or ["none"]
        )
    acknowledged = [reference for reference, _code in out["acknowledged"]]
    stored = stored_references(url)
    counts = Counter(stored)
    server_errors = sum(n for status, n in out["statuses"].items() if status >= 500)
    proofs = {
        "every acknowledged complaint stored exactly once": all(
            counts[reference] == 1 for reference in acknowledged
        ),
        "nothing stored that was not acknowledged": set(stored) == set(acknowledged),
        "no 5xx": server_errors == 0 and not out["client errors"],
        "rate limits counted across both hosts": sharing["counted across hosts"],
        "staff session valid on both hosts": staff_ok,
    }
    return {
        "hosts": 2, "gunicorn workers per host": 2, "clients": clients,
        "seconds": round(elapsed, 1), "requests": sum(out["statuses"].values()),
        "responses by status": dict(sorted(out["statuses"].items())),
        "client errors": len(out["client errors"]),
        "complaints acknowledged": len(acknowledged),
        "complaints per s": round(len(acknowledged) / elapsed, 1),
        "follow-ups signed in": out["followed up"],
        "filing journey (7 requests + receipt)": summary(out["journey ms"]),
        "rate limit": sharing, "proofs": proofs,
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--database", default=None, help="PostgreSQL URL (tables replaced)")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/13")
    args = parser.parse_args()
    scratch = None
    url = args.database
    if url is None:
        scratch = f"complaints_hosts_{os.getpid()}"
        with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{scratch}"')
        url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{scratch}"
    try:
        result = run(args.clients, args.seconds, url, args.redis)
    finally:
        if scratch:
            with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
    print(json.dumps(result, indent=2))
    sys.exit(0 if all(result["proofs"].values()) else 1)


if __name__ == "__main__":
    main()
