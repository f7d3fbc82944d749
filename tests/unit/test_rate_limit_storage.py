"""Counting in process memory: the same limits as `limits`' own, with no thread per count."""

from __future__ import annotations

import threading
import time

from limits import parse
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter, MovingWindowRateLimiter

from complaints import rate_limit_storage
from complaints.rate_limit_storage import ProcessMemoryStorage


def test_the_scheme_gives_this_storage() -> None:
    assert isinstance(storage_from_string("process-memory://"), ProcessMemoryStorage)


def test_counting_starts_no_thread(monkeypatch) -> None:
    started = []
    monkeypatch.setattr(threading.Timer, "start", lambda timer: started.append(timer))
    storage = ProcessMemoryStorage()
    limiter = FixedWindowRateLimiter(storage)
    limit = parse("100 per minute")
    assert all(limiter.hit(limit, "203.0.113.9") for _ in range(20))
    assert started == [storage.timer]  # the base class's one, at creation; none per count


def test_a_limit_refuses_past_it_and_allows_again_once_its_window_ends() -> None:
    for strategy in (FixedWindowRateLimiter, MovingWindowRateLimiter):
        limiter = strategy(ProcessMemoryStorage())
        limit = parse("2 per 1 second")
        assert [limiter.hit(limit, "caller") for _ in range(3)] == [True, True, False]
        assert limiter.hit(limit, "someone else")
        time.sleep(1.1)
        assert limiter.hit(limit, "caller"), strategy.__name__


def test_expired_counts_are_swept_by_a_later_count() -> None:
    storage = ProcessMemoryStorage()
    limiter = FixedWindowRateLimiter(storage)
    moving = MovingWindowRateLimiter(storage)
    limiter.hit(parse("5 per 1 second"), "gone")
    moving.hit(parse("5 per 1 second"), "gone too")
    assert storage.storage and storage.events
    time.sleep(1.1)  # past the counts' window, and past SWEEP_EVERY_S since the last sweep
    assert rate_limit_storage.SWEEP_EVERY_S < 1.1
    limiter.hit(parse("5 per hour"), "new")
    assert [key for key in storage.storage if "gone" in key] == []
    # The moving window's entries are dropped (its key stays, empty, as in `limits`' own).
    assert [entries for key, entries in storage.events.items() if "gone" in key] == [[]]
