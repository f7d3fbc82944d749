"""Rate limits shared by every host through Redis, and no 500 when Redis is gone.

Each host is a process of its own (tests/web/rate_limit_host.py). Needs Redis on
127.0.0.1:6379 (database 15; TEST_REDIS_URL to change it); skipped without it unless
REQUIRE_REDIS is set, as in CI.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from http import HTTPStatus
from pathlib import Path

import pytest
import redis
from flask import Flask

from tests.conftest import config_for

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
PROJECT = Path(__file__).resolve().parents[2]
FAILED = HTTPStatus.UNPROCESSABLE_ENTITY
LIMITED = HTTPStatus.TOO_MANY_REQUESTS
HOST_TIMEOUT = 60  # seconds for a host to start or answer; it normally takes about two


class Host:
    """A running app host that makes failed follow-up sign-ins on request."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process

    def wait_ready(self) -> None:
        assert self._line() == "ready"

    def follow_up(self) -> int:
        """One failed follow-up sign-in; its status code."""
        assert self.process.stdin is not None
        self.process.stdin.write("follow-up\n")
        self.process.stdin.flush()
        return int(self._line())

    def _line(self) -> str:
        assert self.process.stdout is not None
        line = self.process.stdout.readline().strip()
        assert line, f"host ended: {self.process.wait(HOST_TIMEOUT)}"
        return line


@contextmanager
def host(app: Flask, storage_uri: str, prefix: str, limit: str = "3 per hour") -> Iterator[Host]:
    config = config_for(app.config["SQLALCHEMY_DATABASE_URI"]) | {
        "RATELIMIT_STORAGE_URI": storage_uri,
        "RATELIMIT_KEY_PREFIX": prefix,
        "FOLLOWUP_ATTEMPT_LIMIT": limit,
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.web.rate_limit_host", json.dumps(config)],
        cwd=PROJECT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        yield Host(process)
    finally:
        assert process.stdin is not None
        process.stdin.close()
        try:
            process.wait(HOST_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        assert process.stdout is not None
        process.stdout.close()


def hosts(stack: ExitStack, app: Flask, *settings: tuple[str, str]) -> list[Host]:
    """Start every host at once (each takes a couple of seconds), then wait for all."""
    started = [stack.enter_context(host(app, uri, prefix)) for uri, prefix in settings]
    for each in started:
        each.wait_ready()
    return started


@pytest.fixture
def shared_redis() -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError as error:
        client.close()
        if os.environ.get("REQUIRE_REDIS"):
            pytest.fail(f"REQUIRE_REDIS is set but Redis is unreachable: {error}")
        pytest.skip(f"Redis unreachable at {REDIS_URL}")
    yield client
    client.close()


@pytest.fixture
def prefix(shared_redis: redis.Redis) -> Iterator[str]:
    """A key prefix of this test's own; its keys are deleted afterwards."""
    unique = f"test-{uuid.uuid4().hex}"
    yield unique
    for key in shared_redis.scan_iter(match=f"*{unique}*"):
        shared_redis.delete(key)
    assert list(shared_redis.scan_iter(match=f"*{unique}*")) == []


def test_hosts_count_failed_sign_ins_together(
    app: Flask, shared_redis: redis.Redis, prefix: str
) -> None:
    with ExitStack() as stack:
        first, second = hosts(stack, app, (REDIS_URL, prefix), (REDIS_URL, prefix))
        # Three failures (the limit) spread over two hosts...
        assert [first.follow_up(), second.follow_up(), first.follow_up()] == [FAILED] * 3
        # ...so the fourth is refused on the host that saw only one of them.
        assert second.follow_up() == LIMITED
        assert first.follow_up() == LIMITED
    # Counted under this deployment's prefix only, so deployments sharing a Redis never mix.
    keys = [key.decode() for key in shared_redis.scan_iter(match=f"*{prefix}*")]
    assert len(keys) == 2  # per address and per case number
    assert all(key.startswith(f"LIMITS:LIMITER/{prefix}/") for key in keys)


def _unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_an_unreachable_redis_never_causes_a_500(app: Flask) -> None:
    with ExitStack() as stack:
        (alone,) = hosts(stack, app, (f"redis://127.0.0.1:{_unused_port()}/15", "unreachable"))
        statuses = [alone.follow_up() for _attempt in range(4)]
    # Not a 500, and not unlimited either: the host counts in its own memory meanwhile.
    assert statuses == [FAILED, FAILED, FAILED, LIMITED]


@pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs the redis-server program")
def test_redis_going_away_mid_run_never_causes_a_500(app: Flask, tmp_path: Path) -> None:
    port = _unused_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        with ExitStack() as stack:
            (alone,) = hosts(stack, app, (f"redis://127.0.0.1:{port}/0", "mid-run"))
            assert [alone.follow_up(), alone.follow_up()] == [FAILED, FAILED]
            server.terminate()
            server.wait(HOST_TIMEOUT)
            statuses = [alone.follow_up() for _attempt in range(4)]
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    # Redis knew of two failures; memory starts afresh, so three more pass before the limit.
    assert statuses == [FAILED, FAILED, FAILED, LIMITED]
