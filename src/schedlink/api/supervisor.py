"""``schedlink serve --workers N``: app processes, each on a listening socket of its own, kept running.

uvicorn's own supervisor hands one shared listening socket to every process, and whichever process wakes
first takes every connection waiting: 16 keep-alive connections opened at once all went to one of two
processes in about a third of the benchmark runs, leaving the other idle. Here each process has its own
socket bound with ``SO_REUSEPORT``, and the kernel spreads new connections over them.

What the supervisor keeps, as uvicorn's does: a process that exits is started again on its socket; one
that could not start stops everything (the app, or its settings, would fail the same way again); one
whose event loop stops running for ``heartbeat_timeout`` seconds is killed and replaced; SIGHUP replaces
every process, one at a time, each new one serving before the old one stops; SIGTERM or SIGINT stops them
all gracefully. The heartbeat is written by the event loop itself (uvicorn's ticks, ten a second), so a
loop stuck in a call that never returns is found, not only a process that stopped altogether. A loop may
wait on the database for the length of a statement timeout (30 s on PostgreSQL, SQLite's busy timeout
as long), hence ``schedlink serve``'s default of 60 s.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import logging
import multiprocessing
import os
import signal
import socket
import sys
import threading
import time
from dataclasses import dataclass
from multiprocessing.context import SpawnProcess

import uvicorn
from uvicorn.config import STARTUP_FAILURE  # the exit code of a process that could not start serving

# Sockets handed to spawned app processes travel as duplicated descriptors.
multiprocessing.allow_connection_pickling()
_log = logging.getLogger("uvicorn.error")

_PR_SET_PDEATHSIG = 1
CHILD_CHECK_SECONDS = 0.5
DRAIN_SECONDS = 0.5  # between an app process's last accepted connection and its shutdown
START_TIMEOUT_SECONDS = 60.0  # for a replacement on SIGHUP to serve before its predecessor stops anyway
_SPAWN = multiprocessing.get_context("spawn")


class PortTaken(Exception):
    """Something already listens on the address."""


@dataclass
class _Child:
    process: SpawnProcess
    beat: ctypes.c_double  # CLOCK_MONOTONIC (system-wide) of the loop's last tick; 0 until it serves

    @property
    def serving(self) -> bool:
        return self.beat.value > 0

    def silent_for(self) -> float:
        return time.monotonic() - self.beat.value if self.serving else 0.0


def serve_processes(config: uvicorn.Config, processes: int, heartbeat_timeout: float) -> int:
    """Run ``processes`` app processes, each accepting on a listening socket of its own, until SIGTERM or
    SIGINT; returns the exit status."""
    sockets = _reuse_port_sockets(config.host, config.port, processes, config.backlog)
    stopping, reloading = threading.Event(), threading.Event()
    handlers = {signal.SIGTERM: stopping.set, signal.SIGINT: stopping.set, signal.SIGHUP: reloading.set}
    previous = {sig: signal.signal(sig, lambda *_, act=act: act()) for sig, act in handlers.items()}
    children = [_start(config, sock) for sock in sockets]
    status = 0
    try:
        while not stopping.wait(CHILD_CHECK_SECONDS):
            if reloading.is_set():
                reloading.clear()
                _replace_all(config, sockets, children, stopping)
            for index, child in enumerate(children):
                code = child.process.exitcode
                if code == STARTUP_FAILURE:
                    _log.error("app process %s could not start; stopping", child.process.pid)
                    status = STARTUP_FAILURE
                    stopping.set()
                    break
                silent = child.silent_for()
                if code is not None:
                    _log.warning("app process %s exited (%s); starting another", child.process.pid, code)
                elif silent > heartbeat_timeout:
                    _log.error(
                        "app process %s has not run its event loop for %.0f s; killing it and starting another",
                        child.process.pid,
                        silent,
                    )
                    child.process.kill()
                    child.process.join(timeout=10)
                else:
                    continue
                children[index] = _start(config, sockets[index])
    finally:
        for child in children:
            child.process.terminate()  # SIGTERM: uvicorn finishes the requests in flight
        for child in children:
            _join(child, config)
        for sock in sockets:
            sock.close()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return status


def _replace_all(
    config: uvicorn.Config, sockets: list[socket.socket], children: list[_Child], stopping: threading.Event
) -> None:
    """SIGHUP: a new process (new code, the same settings) on each socket; its predecessor is stopped
    gracefully once it serves, so the socket always has a process accepting. A replacement that does not
    come up leaves its predecessor serving."""
    _log.info("SIGHUP: replacing the app processes one at a time")
    for index, old in enumerate(children):
        new = _start(config, sockets[index])
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while not new.serving and new.process.exitcode is None and time.monotonic() < deadline:
            if stopping.wait(0.1):
                new.process.terminate()
                _join(new, config)
                return
        if not new.serving:
            _log.error("the replacement of app process %s did not start; keeping it", old.process.pid)
            new.process.kill()
            new.process.join()
            continue
        children[index] = new
        old.process.terminate()
        _join(old, config)
        _log.info("app process %s replaced by %s", old.process.pid, new.process.pid)


def _join(child: _Child, config: uvicorn.Config) -> None:
    """Wait for a process told to stop; one that does not within the grace period is killed."""
    child.process.join(timeout=(config.timeout_graceful_shutdown or 0) + 10)
    if child.process.exitcode is None:
        child.process.kill()
        child.process.join()


def _reuse_port_sockets(host: str, port: int, count: int, backlog: int) -> list[socket.socket]:
    """``count`` sockets bound to one address with ``SO_REUSEPORT``, after checking that nothing listens
    there already: another server that also set the option would otherwise silently share the traffic."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            raise PortTaken(f"cannot listen on {host}:{port}: {error.strerror}") from error
    sockets = []
    for _ in range(count):
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind((host, port))
        # Listening from here on: connections that arrive before a process is up wait in its own queue
        # instead of all going to the process that started first.
        sock.listen(backlog)
        sock.set_inheritable(True)
        sockets.append(sock)
    return sockets


def _start(config: uvicorn.Config, sock: socket.socket) -> _Child:
    beat: ctypes.c_double = _SPAWN.RawValue(ctypes.c_double, 0.0)  # shared memory, read by this process
    process = _SPAWN.Process(target=_serve_on, args=(config, sock, os.getpid(), beat))
    process.start()
    return _Child(process, beat)


class _BeatingServer(uvicorn.Server):
    """uvicorn's server, noting on each tick of its event loop that the loop still runs."""

    def __init__(self, config: uvicorn.Config, beat: ctypes.c_double) -> None:
        super().__init__(config)
        self._beat = beat

    async def on_tick(self, counter: int) -> bool:
        self._beat.value = time.monotonic()
        return await super().on_tick(counter)

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        """Stop accepting, then give the connections accepted just before a moment to send their request:
        uvicorn closes a connection with no request under way at once, which would leave a client that
        had just connected unanswered (the other processes, or a replacement, accept meanwhile)."""
        for server in self.servers:
            server.close()
        await asyncio.sleep(DRAIN_SECONDS)
        await super().shutdown(sockets)


def _serve_on(config: uvicorn.Config, sock: socket.socket, parent: int, beat: ctypes.c_double) -> None:
    """In an app process: the app, served on this process's own socket, for as long as the parent lives
    (a parent killed outright must not leave app processes serving on its port)."""
    _end_with_parent(parent)
    # SIGHUP is the supervisor's to act on (a closing terminal sends it to the whole process group)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    config.configure_logging()
    server = _BeatingServer(config, beat)
    server.run(sockets=[sock])
    if not server.started:
        sys.exit(STARTUP_FAILURE)


def _end_with_parent(parent: int) -> None:
    """Linux: receive SIGTERM (a graceful stop) when the parent dies; elsewhere nothing is arranged."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:  # the parent died before the line above took effect
        sys.exit(0)
