"""The benchmark's load client against a real HTTP server on this machine: each browser keeps its
own cookies, follows its own script concurrently with the others, and reads whole responses."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench import http_load

BIG = "x" * 300_000  # larger than one read


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"  # close after each response, as gunicorn's sync workers do

    def do_GET(self) -> None:
        if self.path == "/login":
            self._answer(303, "", {"Set-Cookie": "who=server; Path=/", "Location": "/me"})
        elif self.path == "/unmeasured":  # no Content-Length: whole when the server closes
            self.send_response(200)
            self.end_headers()
            self.wfile.write(BIG.encode())
        elif self.path == "/me":
            cookie = self.headers.get("Cookie", "")
            self._answer(200, f"cookie={cookie}")
        else:
            self._answer(200, BIG)

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        self._answer(200, self.rfile.read(length).decode())

    def _answer(self, status: int, body: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body.encode())))
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture(scope="module")
def port() -> Iterator[int]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_each_browser_keeps_its_own_cookies_while_all_run_at_once(port: int) -> None:
    async def script(index: int) -> list[str]:
        browser = http_load.Browser(port)
        browser.cookies["who"] = f"client{index}"
        seen = []
        for _ in range(5):
            reply = await browser.request("GET", "/me")
            seen.append(reply.body)
        posted = await browser.request("POST", "/echo", {"n": str(index), "word": "é&="})
        seen.append(posted.body)
        assert browser.statuses == [200] * 6
        return seen

    seen = http_load.run_clients(8, script)
    assert len(seen) == 8 * 6
    for index in range(8):
        assert seen.count(f"cookie=who=client{index}") == 5
        assert f"n={index}&word=%C3%A9%26%3D" in seen


def test_cookies_set_by_the_server_are_sent_back_and_location_is_read(port: int) -> None:
    async def script(_index: int) -> list[http_load.Reply]:
        browser = http_load.Browser(port)
        browser.cookies["who"] = "old"
        first = await browser.request("GET", "/login")
        second = await browser.request("GET", first.location)
        return [first, second]

    first, second = http_load.run_clients(1, script)
    assert (first.status, first.location) == (303, "/me")
    assert second.body == "cookie=who=server"  # the server's value replaced the browser's own


def test_a_response_larger_than_one_read_arrives_whole(port: int) -> None:
    async def script(_index: int) -> list[str]:
        return [(await http_load.Browser(port).request("GET", "/big")).body]

    assert http_load.run_clients(3, script) == [BIG] * 3


def test_a_response_without_a_length_is_read_until_the_server_closes(port: int) -> None:
    async def script(_index: int) -> list[str]:
        return [(await http_load.Browser(port).request("GET", "/unmeasured")).body]

    assert http_load.run_clients(2, script) == [BIG] * 2


def test_hammer_counts_every_answer_and_its_errors(port: int) -> None:
    result = http_load.hammer(port, "/me", clients=4, seconds=0.5)
    assert result["requests_per_s"] > 0
    assert result["errors"] == 0


def test_a_refused_connection_is_raised_in_the_client_that_made_it() -> None:
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        closed_port = unused.getsockname()[1]  # bound, never listening: connections are refused

        async def script(_index: int) -> list[str]:
            try:
                await http_load.Browser(closed_port).request("GET", "/")
            except ConnectionRefusedError:
                return ["refused"]
            return ["answered"]

        assert http_load.run_clients(2, script) == ["refused", "refused"]
