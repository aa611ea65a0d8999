"""``schedlink serve``'s protective limits, over raw sockets against a real server process: a 500 keeps
the connection open, an oversized request head is refused, and ``X-Forwarded-For`` from a peer that is not
a configured proxy does not buy a fresh sign-in budget."""

from __future__ import annotations

import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from ports import free_port

pytestmark = pytest.mark.e2e

START_TIMEOUT = 60.0  # a server may start slowly on a busy machine


@dataclass
class Server:
    port: int
    api_key: str
    broken_task: str  # a task whose stored row cannot be read: asking for it is an unexpected error


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("serve-limits")
    database = folder / "x.db"
    port = free_port()
    command = [
        str(Path(sys.executable).parent / "schedlink"), "serve", "--demo", "--no-worker", "--no-access-log",
        "--port", str(port), "--database-url", f"sqlite:///{database}",
    ]  # fmt: skip
    environment = {**os.environ, "PYTHONUNBUFFERED": "1"}
    for name in ("SCHEDLINK_DATABASE_URL", "SCHEDLINK_TRUSTED_PROXIES", "FORWARDED_ALLOW_IPS"):
        environment.pop(name, None)
    log = folder / "server.log"
    with (
        log.open("w") as errors,
        subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=errors, text=True, env=environment, cwd=folder
        ) as process,
    ):
        try:
            assert process.stdout is not None
            banner = ""
            for line in process.stdout:
                banner += line
                if line.startswith("API reference:"):
                    break
            key = re.search(r"API key: (sl_\S+)", banner)
            assert key, banner + log.read_text()
            _wait_healthy(port, process)
            with sqlite3.connect(database) as connection:
                (task_id,) = connection.execute("SELECT id FROM review_tasks LIMIT 1").fetchone()
                connection.execute(
                    "UPDATE review_tasks SET suggested_slots = '{not json' WHERE id = ?", (task_id,)
                )
            yield Server(port, key.group(1), str(uuid.UUID(str(task_id))))
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_healthy(port: int, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        assert process.poll() is None, "the server exited before it answered"
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=2) as probe:
                status, _, _ = _exchange(probe, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
                if status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.05)
    pytest.fail("the server did not answer /healthz in time")


def _exchange(connection: socket.socket, request: str | bytes) -> tuple[int, dict[str, str], bytes]:
    """Send one request and read one whole response (status 0: the server closed the connection)."""
    connection.sendall(request.encode() if isinstance(request, str) else request)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = connection.recv(65536)
        if not chunk:
            return 0, {}, data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {
        name.strip().lower(): value.strip() for name, _, value in (h.partition(":") for h in lines[1:])
    }
    length = int(headers.get("content-length", "0"))
    while len(body) < length:
        chunk = connection.recv(65536)
        if not chunk:
            break
        body += chunk
    return int(lines[0].split()[1]), headers, body


def _closed(connection: socket.socket) -> bool:
    """Whether the server closes the connection (within 5 s), after whatever it still had to send: a
    refusal that arrived while we were still sending is read past, not taken for an open connection."""
    connection.settimeout(5)
    try:
        while connection.recv(65536):
            pass
    except ConnectionResetError:
        return True
    except TimeoutError:
        return False
    return True


def test_an_unexpected_error_answers_500_and_keeps_the_connection(server: Server) -> None:
    request = (
        f"GET /v1/tasks/{server.broken_task} HTTP/1.1\r\nHost: x\r\n"
        f"Authorization: Bearer {server.api_key}\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as connection:
        status, _, body = _exchange(connection, request)
        assert status == 500
        assert b'"code":"internal"' in body
        # The same connection serves the next request (it used to be reset here).
        assert _exchange(connection, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")[0] == 200


def test_an_oversized_request_head_is_refused(server: Server) -> None:
    """The server holds at most about 64 KB of an unfinished head (a head that arrives whole in one read
    may be a little longer): an 8 MB header or a 1 MB request line is refused, a 16 KB header is fine."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as connection:
        usual = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Pad: " + "a" * 16_000 + "\r\n\r\n"
        assert _exchange(connection, usual)[0] == 200
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as connection:
        huge = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Pad: " + b"a" * (8 * 1024 * 1024) + b"\r\n\r\n"
        try:
            status, _, _ = _exchange(connection, huge)
        except (BrokenPipeError, ConnectionResetError):
            status = 0  # refused while still sending
        assert status in (0, 400, 431)
        assert status != 200
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as connection:
        long_line = "GET /healthz?" + "q" * 1024 * 1024 + " HTTP/1.1\r\nHost: x\r\n\r\n"
        try:
            status, _, _ = _exchange(connection, long_line)
        except (BrokenPipeError, ConnectionResetError):
            status = 0
        assert status in (0, 400, 414, 431)
        assert _closed(connection)


def test_a_head_that_trickles_in_is_refused_once_past_the_bound(server: Server) -> None:
    """A header sent in small pieces, each its own read, is counted across the reads: the server answers
    400 and closes before the header ends, instead of holding it until it does."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as connection:
        connection.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Pad: ")
        refused = False
        try:
            for _ in range(200):  # 200 x 1 KB: far past the bound, never ending the header
                connection.sendall(b"a" * 1024)
                time.sleep(0.002)
        except (BrokenPipeError, ConnectionResetError):
            refused = True
        if not refused:
            status, _, body = _exchange(connection, b"")
            assert status == 400, body
        assert _closed(connection)


def test_a_long_body_then_a_pipelined_request_in_one_read_are_both_served(server: Server) -> None:
    """Only a head is bounded: 300 KB of body followed by the next request, sent at once, is two answers
    (the bytes before a head begins, in the same read, do not count against it)."""
    body = b"x" * 300_000
    first = b"GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n"
    second = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Pad: " + b"b" * 30_000 + b"\r\n\r\n"
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as connection:
        connection.sendall(first + body + second)
        received = b""
        deadline = time.monotonic() + 5
        while received.count(b"HTTP/1.1 ") < 2 and time.monotonic() < deadline:
            chunk = connection.recv(65536)
            if not chunk:
                break
            received += chunk
    assert re.findall(rb"HTTP/1.1 (\d{3})", received) == [b"200", b"200"]


def test_forwarded_for_from_a_local_peer_does_not_open_a_new_sign_in_budget(server: Server) -> None:
    """No proxies are configured, so every request below is from 127.0.0.1 whatever it claims: after 30
    failures from there (one each for 30 accounts) the address is out of budget."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as connection:
        status, headers, form = _exchange(connection, "GET /signin HTTP/1.1\r\nHost: x\r\n\r\n")
        assert status == 200
        token = re.search(rb'name="csrf_token" value="([^"]*)"', form)
        assert token
        cookie = headers["set-cookie"].split(";", 1)[0]
        statuses = []
        for n in range(31):
            body = f"email=nobody{n}%40example.com&password=guess+guess&csrf_token={token.group(1).decode()}"
            statuses.append(
                _exchange(
                    connection,
                    "POST /signin HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                    f"Cookie: {cookie}\r\nX-Forwarded-For: 203.0.113.{n}\r\n"
                    f"Content-Length: {len(body)}\r\n\r\n{body}",
                )[0]
            )
    assert statuses[:30] == [401] * 30
    assert statuses[30] == 429
