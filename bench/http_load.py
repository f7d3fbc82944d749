"""A lean HTTP/1.1 load client: many browsers without JavaScript in one thread (asyncio).

The server under test shares this machine's two cores with its clients, so every microsecond a
client spends is taken from the server. Threads with http.client cost several times more per
request than the server's cheapest endpoint (and fight over the GIL); here one event loop drives
every client over raw connections: the request is written in one piece and the response read
until the server closes (gunicorn's sync workers close after each response). Cookies are kept
per browser, as a browser keeps them; a status, the Location header and the body come back.
"""

from __future__ import annotations

import asyncio
import re
import time
import urllib.parse
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

COOKIE = re.compile(rb"^set-cookie:\s*([^=;\s]+)=([^;\r\n]*)", re.I | re.M)
LOCATION = re.compile(rb"^location:\s*([^\r\n]*)", re.I | re.M)


@dataclass(frozen=True)
class Reply:
    status: int
    location: str
    body: str


class _Exchange(asyncio.Protocol):
    """One request on one connection; the whole response once the server closes."""

    def __init__(self, request: bytes, done: asyncio.Future[bytes]) -> None:
        self.request, self.done, self.chunks = request, done, []

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        transport.write(self.request)  # type: ignore[attr-defined]

    def data_received(self, data: bytes) -> None:
        self.chunks.append(data)

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.done.done():
            if exc is not None:
                self.done.set_exception(exc)
            else:
                self.done.set_result(b"".join(self.chunks))


@dataclass
class Browser:
    """One person's browser: its cookies, and every status it was answered with."""

    port: int
    cookies: dict[str, str] = field(default_factory=dict)
    statuses: list[int] = field(default_factory=list)
    token: str = ""  # the form's CSRF token, as the page gave it

    async def request(self, method: str, path: str, fields: dict | None = None) -> Reply:
        lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{self.port}"]
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        body = b""
        if fields is not None:
            body = urllib.parse.urlencode(fields, doseq=True).encode()
            lines.append("Content-Type: application/x-www-form-urlencoded")
            lines.append(f"Content-Length: {len(body)}")
        request = ("\r\n".join(lines) + "\r\nConnection: close\r\n\r\n").encode() + body
        loop = asyncio.get_running_loop()
        done: asyncio.Future[bytes] = loop.create_future()
        await loop.create_connection(lambda: _Exchange(request, done), "127.0.0.1", self.port)
        raw = await done
        head, _, content = raw.partition(b"\r\n\r\n")
        status = int(head[9:12])
        self.statuses.append(status)
        for name, value in COOKIE.findall(head):
            self.cookies[name.decode()] = value.decode()
        location = LOCATION.search(head)
        return Reply(status, location.group(1).decode() if location else "", content.decode())


async def _gather(clients: int, work: Callable[[int], Awaitable[list]]) -> list:
    results: list = []
    for found in await asyncio.gather(*(work(index) for index in range(clients))):
        results.extend(found)
    return results


def run_clients(clients: int, work: Callable[[int], Awaitable[list]]) -> list:
    """Run `work(index)` for each client concurrently; everything they return, in one list."""
    return asyncio.run(_gather(clients, work))


def hammer(port: int, path: str, clients: int, seconds: float) -> dict[str, float]:
    """GET `path` from `clients` browsers as fast as the server answers, for `seconds`."""

    async def one(_index: int) -> list[int]:
        browser, stop = Browser(port), time.monotonic() + seconds
        while time.monotonic() < stop:
            await browser.request("GET", path)
        return browser.statuses

    began = time.perf_counter()
    statuses = run_clients(clients, one)
    elapsed = time.perf_counter() - began
    return {"requests_per_s": round(len(statuses) / elapsed),
            "errors": sum(status != 200 for status in statuses)}  # fmt: skip
