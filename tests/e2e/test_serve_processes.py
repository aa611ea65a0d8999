"""``schedlink serve --workers 2``: each app process listens on a socket of its own, so connections opened
at once are spread over both (with one shared socket, the first process to wake took them all); a dead
or hung app process is replaced, SIGHUP replaces them all without a refused request, the port is not
shared with a server already on it, and SIGTERM stops all."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from ports import free_port

pytestmark = pytest.mark.e2e

START_TIMEOUT = 60.0
HEARTBEAT_TIMEOUT = 3.0
LISTEN, ESTABLISHED = "0A", "01"  # socket states in /proc/net/tcp


def _serve(port: int, folder: Path) -> subprocess.Popen[bytes]:
    command = [
        str(Path(sys.executable).parent / "schedlink"), "serve", "--workers", "2", "--no-worker",
        "--no-access-log", "--port", str(port), "--database-url", f"sqlite:///{folder / 'x.db'}",
        "--heartbeat-timeout", str(HEARTBEAT_TIMEOUT),
    ]  # fmt: skip
    environment = {k: v for k, v in os.environ.items() if k != "SCHEDLINK_DATABASE_URL"}
    with (folder / "server.log").open("ab") as log:  # the server writes to its own copy
        return subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=environment, cwd=folder)


def _log_of(process: subprocess.Popen[bytes]) -> Path:
    """The server's log: ``_serve`` runs it in the folder it logs to."""
    return Path(f"/proc/{process.pid}/cwd").resolve() / "server.log"


def _app_processes(parent: int) -> list[int]:
    children = Path(f"/proc/{parent}/task/{parent}/children").read_text().split()
    return sorted(int(pid) for pid in children if "resource_tracker" not in _command(int(pid)))


def _command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _sockets(port: int, state: str) -> dict[int, int]:
    """Socket inode -> 1 for every TCP socket on ``port`` (local side) in ``state``."""
    found = {}
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == state:
                found[int(fields[9])] = 1
    return found


def _owners(pids: list[int], inodes: dict[int, int]) -> dict[int, int]:
    """How many of these sockets each process holds."""
    held = {}
    for pid in pids:
        count = 0
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            if target.startswith("socket:[") and int(target[8:-1]) in inodes:
                count += 1
        held[pid] = count
    return held


def _healthy(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2) as connection:
            connection.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            return connection.recv(100).startswith(b"HTTP/1.1 200")
    except OSError:
        return False


def _wait(condition: object, what: str, timeout: float = START_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, what
        time.sleep(0.1)


@contextmanager
def _running(folder: Path) -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    port = free_port()
    process = _serve(port, folder)
    try:
        _wait(lambda: _healthy(port) and len(_app_processes(process.pid)) == 2, "two app processes serving")
        yield process, port
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()  # the app processes follow their parent
                process.wait()


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    """One server for the tests that leave it serving (a replaced process included)."""
    with _running(tmp_path_factory.mktemp("shared")) as running:
        yield running


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    """A server of its own, for a test that stops it."""
    with _running(tmp_path) as running:
        yield running


def test_each_app_process_listens_on_its_own_socket_and_both_get_connections(
    shared: tuple[subprocess.Popen[bytes], int],
) -> None:
    process, port = shared
    apps = _app_processes(process.pid)
    listening = _sockets(port, LISTEN)
    assert len(listening) == 2  # two sockets, not one shared by both processes
    assert list(_owners(apps, listening).values()) == [1, 1]
    connections = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(16)]
    try:
        for connection in connections:
            connection.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        for connection in connections:
            assert connection.recv(100).startswith(b"HTTP/1.1 200")
        held = _owners(apps, _sockets(port, ESTABLISHED))
    finally:
        for connection in connections:
            connection.close()
    # Spread by the kernel's hash of each connection: all 16 on one side would happen once in 32,768 runs.
    assert sum(held.values()) == 16
    assert min(held.values()) >= 1, held


def test_a_dead_app_process_is_replaced_on_its_socket(shared: tuple[subprocess.Popen[bytes], int]) -> None:
    process, port = shared
    first, second = _app_processes(process.pid)
    os.kill(first, signal.SIGKILL)
    _wait(
        lambda: first not in _app_processes(process.pid) and len(_app_processes(process.pid)) == 2, "replaced"
    )
    apps = _app_processes(process.pid)
    assert second in apps
    _wait(lambda: list(_owners(apps, _sockets(port, LISTEN)).values()) == [1, 1], "listening again")
    # Connections spread over both sockets get answers once the new process is up (until then, those on
    # its socket wait in its queue instead of failing).
    _wait(lambda: all(_healthy(port) for _ in range(8)), "both processes answering")


def test_a_hung_app_process_is_killed_and_replaced(shared: tuple[subprocess.Popen[bytes], int]) -> None:
    """A process whose event loop stops (here: the whole process, stopped) is replaced once its heartbeat
    is older than the timeout; the other keeps serving meanwhile."""
    process, port = shared
    hung, other = _app_processes(process.pid)
    os.kill(hung, signal.SIGSTOP)
    try:
        _wait(lambda: hung not in _app_processes(process.pid), "hung process killed", HEARTBEAT_TIMEOUT + 10)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(hung, signal.SIGCONT)
    _wait(lambda: len(_app_processes(process.pid)) == 2, "replaced")
    assert other in _app_processes(process.pid)
    _wait(lambda: all(_healthy(port) for _ in range(8)), "both processes answering")
    assert "has not run its event loop" in _log_of(process).read_text()


def test_sighup_replaces_every_app_process_without_refusing_a_request(
    shared: tuple[subprocess.Popen[bytes], int],
) -> None:
    process, port = shared
    before = _app_processes(process.pid)
    answers: list[bool] = []
    stop = threading.Event()

    def ask() -> None:  # new connections throughout, as clients arriving during a deploy would open
        while not stop.is_set():
            answers.append(_healthy(port))

    asking = threading.Thread(target=ask)
    asking.start()
    try:
        process.send_signal(signal.SIGHUP)
        _wait(lambda: not set(before) & set(_app_processes(process.pid)), "every process replaced")
        _wait(lambda: len(_app_processes(process.pid)) == 2, "two app processes")
    finally:
        stop.set()
        asking.join()
    assert process.poll() is None
    assert len(answers) > 10
    assert all(answers), f"{answers.count(False)} of {len(answers)} requests unanswered"


def test_a_port_already_served_is_refused_not_shared(
    shared: tuple[subprocess.Popen[bytes], int], tmp_path: Path
) -> None:
    _, port = shared
    other = tmp_path / "other"
    other.mkdir()
    second = _serve(port, other)
    assert second.wait(timeout=START_TIMEOUT) != 0
    assert f"cannot listen on 127.0.0.1:{port}" in (other / "server.log").read_text()


def test_sigterm_stops_every_app_process(server: tuple[subprocess.Popen[bytes], int]) -> None:
    process, port = server
    apps = _app_processes(process.pid)
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=30) == 0
    for pid in apps:
        _wait(lambda pid=pid: not Path(f"/proc/{pid}").exists() or "zombie" in _state(pid), "app exited", 10)
    assert not _healthy(port)


def test_app_processes_end_with_a_parent_killed_outright(server: tuple[subprocess.Popen[bytes], int]) -> None:
    process, port = server
    apps = _app_processes(process.pid)
    process.kill()
    process.wait()
    for pid in apps:
        _wait(lambda pid=pid: not Path(f"/proc/{pid}").exists() or "zombie" in _state(pid), "app exited", 30)
    assert not _healthy(port)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/status").read_text().split("State:")[1].split("\n")[0].lower()
    except (OSError, IndexError):
        return "zombie"
