"""A lean HTTP/1.1 load client: many browsers without JavaScript in one thread.

The server under test shares this machine's two cores with its clients, so every microsecond a
client spends is taken from the server. Threads with http.client cost several times more per
request than the server's cheapest endpoint (and fight over the GIL), and asyncio's transports,
futures and callbacks cost about 0.4 ms of CPU a request here (measured: 0.78 ms a complaint of
two requests). So each client is a coroutine driven by this module's own loop over `selectors`:
when it awaits a request, the loop opens a raw non-blocking connection, writes the request in one
piece, reads the response until it is whole by its Content-Length (or, without one, until the
server closes), closes the connection at once, as a browser does (gunicorn's sync workers close
after each response, and wait for the client's side to close too), and resumes the coroutine
with the bytes. Cookies are kept per browser, as a browser
keeps them; a status, the Location header and the body come back.
"""

from __future__ import annotations

import errno
import re
import selectors
import socket
import time
import urllib.parse
from collections.abc import Callable, Coroutine, Generator
from dataclasses import dataclass, field
from typing import Any

COOKIE = re.compile(rb"^set-cookie:\s*([^=;\s]+)=([^;\r\n]*)", re.I | re.M)
LOCATION = re.compile(rb"^location:\s*([^\r\n]*)", re.I | re.M)
LENGTH = re.compile(rb"^content-length:\s*([0-9]+)", re.I | re.M)
READ_SIZE = 256 * 1024


@dataclass(frozen=True)
class Reply:
    status: int
    location: str
    body: str


class _Exchange:
    """One request on one connection: awaited by a client, carried out by the loop."""

    def __init__(self, port: int, request: bytes) -> None:
        self.port, self.unsent, self.chunks = port, request, []
        self.client = -1  # which client awaits it; set by the loop
        self.received = 0
        self.whole: int | None = None  # the response's length, once its head is in

    def complete(self, chunk: bytes) -> bool:
        """Take in `chunk`; True once the response is whole by its Content-Length (one without
        is whole when the server closes)."""
        self.chunks.append(chunk)
        self.received += len(chunk)
        if self.whole is None:
            data = b"".join(self.chunks)
            end = data.find(b"\r\n\r\n")
            if end < 0:
                return False
            length = LENGTH.search(data, 0, end)
            self.whole = end + 4 + int(length.group(1)) if length else -1
        return 0 <= self.whole <= self.received

    def __await__(self) -> Generator[_Exchange, bytes, bytes]:
        return (yield self)


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
        raw = await _Exchange(
            self.port, ("\r\n".join(lines) + "\r\nConnection: close\r\n\r\n").encode() + body
        )
        head, _, content = raw.partition(b"\r\n\r\n")
        status = int(head[9:12])
        self.statuses.append(status)
        for name, value in COOKIE.findall(head):
            self.cookies[name.decode()] = value.decode()
        location = LOCATION.search(head)
        return Reply(status, location.group(1).decode() if location else "", content.decode())


class _Loop:
    """Drives the clients' coroutines: each runs until it awaits an exchange, which the loop
    carries out on its own connection while the others go on."""

    def __init__(self, coroutines: list[Coroutine[Any, Any, list]]) -> None:
        self.coroutines = coroutines
        self.results: list[list | None] = [None] * len(coroutines)
        self.selector = selectors.DefaultSelector()
        self.open = 0

    def run(self) -> list:
        for index in range(len(self.coroutines)):
            self._resume(index, None)
        while self.open:
            for key, _events in self.selector.select():
                self._ready(key.fileobj, key.data)  # type: ignore[arg-type]
        self.selector.close()
        return [item for found in self.results for item in found or []]

    def _resume(self, index: int, value: bytes | None, error: BaseException | None = None) -> None:
        coroutine = self.coroutines[index]
        try:
            exchange = coroutine.throw(error) if error is not None else coroutine.send(value)
        except StopIteration as stop:
            self.results[index] = stop.value
            return
        exchange.client = index
        connection = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        connection.setblocking(False)
        code = connection.connect_ex(("127.0.0.1", exchange.port))
        if code not in (0, errno.EINPROGRESS):
            connection.close()
            self._resume(index, None, ConnectionRefusedError(code, errno.errorcode[code]))
            return
        self.open += 1
        self.selector.register(connection, selectors.EVENT_WRITE, exchange)

    def _ready(self, connection: socket.socket, exchange: _Exchange) -> None:
        try:
            if exchange.unsent:
                sent = connection.send(exchange.unsent)
                exchange.unsent = exchange.unsent[sent:]
                if not exchange.unsent:
                    self.selector.modify(connection, selectors.EVENT_READ, exchange)
                return
            chunk = connection.recv(READ_SIZE)
        except BlockingIOError:
            return
        except OSError as error:
            self._finish(connection, exchange, error)
            return
        if not chunk or exchange.complete(chunk):
            self._finish(connection, exchange, None)

    def _finish(
        self, connection: socket.socket, exchange: _Exchange, error: OSError | None
    ) -> None:
        self.selector.unregister(connection)
        connection.close()
        self.open -= 1
        self._resume(exchange.client, b"".join(exchange.chunks), error)


def run_clients(clients: int, work: Callable[[int], Coroutine[Any, Any, list]]) -> list:
    """Run `work(index)` for each client concurrently; everything they return, in one list."""
    return _Loop([work(index) for index in range(clients)]).run()


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
