"""Rate-limit counts in this process's memory, without a thread for every counted request.

`limits`' memory storage forgets expired counts in a timer thread that runs 10 ms after a count
and ends; the next count starts another. A submission counted against its limit started a
thread, and the worker waited for that thread to be running before going on: in this project's
submission profile with both cores busy, the wait alone was about 3% of a complaint's time.
Expired counts are never read as current either way (each read checks the count's expiry); the
thread only frees the memory they hold. Here that is done in the request that counts, at most
once a second. Configure it as `process-memory://` (the default); with several processes, use
Redis so they share one count.
"""

from __future__ import annotations

import time
from typing import ClassVar

from limits.storage import MemoryStorage

SWEEP_EVERY_S = 1.0


class ProcessMemoryStorage(MemoryStorage):
    """`limits`' memory storage, with expired counts swept in the counting request."""

    STORAGE_SCHEME: ClassVar[list[str]] = ["process-memory"]  # registered with `limits` here
    _swept_at = 0.0

    def _MemoryStorage__schedule_expiry(self) -> None:
        # The base class calls this (as `self.__schedule_expiry()`) before every count.
        now = time.monotonic()
        if now - self._swept_at >= SWEEP_EVERY_S:
            self._swept_at = now
            self._MemoryStorage__expire_events()  # type: ignore[attr-defined]
