"""A real Radicale CalDAV server for tests: its own temporary folder, a spare loopback port, no auth.

Use the fixture in a test module with ``from radicale_server import radicale_url  # noqa: F401``; it
yields the server's base URL (``http://127.0.0.1:PORT/``), shared by the module's tests. Any user name
and password are accepted and each user's calendars live under ``/<user>/`` (Radicale creates that
home on the user's first signed-in request, so create calendars with a client that sends credentials
up front: ``caldav.DAVClient(..., auth_type="basic")``). `RadicaleServer` is there for tests that need
their own server: to stop it, or to check passwords (``users={"alice": "secret"}``).
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from ports import free_port

_READY_SECONDS = 15.0


class RadicaleServer:
    """One Radicale process storing its collections in ``folder``."""

    def __init__(self, folder: Path, users: Mapping[str, str] | None = None) -> None:
        self.folder = folder
        self.users = dict(users or {})
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        log = (self.folder / "radicale.log").open("ab")
        command = [
            sys.executable, "-m", "radicale",
            "--config", "",  # no system or user configuration files
            f"--storage-filesystem-folder={self.folder / 'collections'}",
            *self._auth_options(),
            "--auth-delay=0",
            f"--server-hosts=127.0.0.1:{self.port}",
            "--logging-level=warning",
        ]  # fmt: skip
        self._process = subprocess.Popen(command, stdout=log, stderr=log)
        log.close()
        self._wait_until_listening()

    def _auth_options(self) -> list[str]:
        if not self.users:
            return ["--auth-type=none"]
        passwords = self.folder / "users"
        passwords.write_text("".join(f"{user}:{password}\n" for user, password in self.users.items()))
        return [
            "--auth-type=htpasswd",
            f"--auth-htpasswd-filename={passwords}",
            "--auth-htpasswd-encryption=plain",
        ]

    def _wait_until_listening(self) -> None:
        assert self._process is not None
        deadline = time.monotonic() + _READY_SECONDS
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"radicale exited early: {(self.folder / 'radicale.log').read_text()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"radicale did not listen on port {self.port} within {_READY_SECONDS:g} s")

    def stop(self) -> None:
        if self._process is None:
            return
        self._process.terminate()
        try:
            self._process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait(timeout=5)
        self._process = None


@pytest.fixture(scope="module")
def radicale_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    server = RadicaleServer(tmp_path_factory.mktemp("radicale"))
    server.start()
    try:
        yield server.url
    finally:
        server.stop()
