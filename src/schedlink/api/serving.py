"""How ``schedlink serve`` runs uvicorn: the HTTP protocol, and one listening socket per app process.

The protocol is uvicorn's httptools parser with a bound on request heads.

httptools parses a request in C and costs about half of what h11 (pure Python) costs per request, which
on the hot ``POST /v1/inbound`` path is a tenth of a reply's time. Unlike h11 it holds a request line or
header of any length until it ends, so a client could make the server keep megabytes per connection:
here the bytes of a head still open are counted as they arrive and a head that grows past
``max_head_bytes`` is answered 400 and the connection closed.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import multiprocessing
import os
import signal
import socket
import sys
import threading
from multiprocessing.context import SpawnProcess
from typing import Any

import uvicorn
from uvicorn.config import STARTUP_FAILURE  # the exit code of a process that could not start serving
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

# Sockets handed to spawned app processes travel as duplicated descriptors.
multiprocessing.allow_connection_pickling()
_log = logging.getLogger("uvicorn.error")

MAX_HEAD_BYTES = 64 * 1024  # request line and headers together


class BoundedHeadProtocol(HttpToolsProtocol):
    """httptools with a bound on the request head.

    The read a head begins in is not counted (it may also end the previous request's body), only the
    reads that follow while the head is still open: a head is refused once those pass ``MAX_HEAD_BYTES``,
    so what one connection holds stays under that plus one read (at most 256 KB).
    """

    max_head_bytes = MAX_HEAD_BYTES

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head_open = False
        self._head_bytes = 0

    def data_received(self, data: bytes) -> None:
        if self._head_open:
            self._head_bytes += len(data)
            if self._head_bytes > self.max_head_bytes:
                self._head_open = False
                self.logger.warning("Request head over %d bytes refused.", self.max_head_bytes)
                self.send_400_response("Request line and headers too large.")
                return
        super().data_received(data)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._head_open = True
        self._head_bytes = 0

    def on_headers_complete(self) -> None:
        self._head_open = False
        super().on_headers_complete()


_PR_SET_PDEATHSIG = 1
CHILD_CHECK_SECONDS = 0.5


class PortTaken(Exception):
    """Something already listens on the address."""


def serve_processes(config: uvicorn.Config, processes: int) -> int:
    """Run ``processes`` app processes, each accepting on a listening socket of its own; returns the exit
    status.

    uvicorn's own supervisor hands one shared listening socket to every process, and whichever process
    wakes first takes every connection waiting: 16 keep-alive connections opened at once all went to one
    of two processes in about a third of the benchmark runs, leaving the other idle. Here each process has
    its own socket bound with ``SO_REUSEPORT``, and the kernel spreads new connections over them.

    A process that exits is started again on its socket; one that could not start stops everything (the
    app, or its settings, would fail the same way again). SIGTERM or SIGINT stops every process gracefully.
    """
    sockets = _reuse_port_sockets(config.host, config.port, processes, config.backlog)
    stopping = threading.Event()
    previous = {sig: signal.signal(sig, lambda *_: stopping.set()) for sig in (signal.SIGTERM, signal.SIGINT)}
    children = [_start(config, sock) for sock in sockets]
    status = 0
    try:
        while not stopping.wait(CHILD_CHECK_SECONDS):
            for index, child in enumerate(children):
                if child.exitcode is None:
                    continue
                if child.exitcode == STARTUP_FAILURE:
                    _log.error("app process %s could not start; stopping", child.pid)
                    status = STARTUP_FAILURE
                    stopping.set()
                    break
                _log.warning("app process %s exited (%s); starting another", child.pid, child.exitcode)
                children[index] = _start(config, sockets[index])
    finally:
        for child in children:
            child.terminate()  # SIGTERM: uvicorn finishes the requests in flight
        for child in children:
            child.join(timeout=(config.timeout_graceful_shutdown or 0) + 10)
            if child.exitcode is None:
                child.kill()
                child.join()
        for sock in sockets:
            sock.close()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return status


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


def _start(config: uvicorn.Config, sock: socket.socket) -> SpawnProcess:
    child = multiprocessing.get_context("spawn").Process(target=_serve_on, args=(config, sock, os.getpid()))
    child.start()
    return child


def _serve_on(config: uvicorn.Config, sock: socket.socket, parent: int) -> None:
    """In an app process: the app, served on this process's own socket, for as long as the parent lives
    (a parent killed outright must not leave app processes serving on its port)."""
    _end_with_parent(parent)
    config.configure_logging()
    server = uvicorn.Server(config)
    server.run(sockets=[sock])
    if not server.started:
        sys.exit(STARTUP_FAILURE)


def _end_with_parent(parent: int) -> None:
    """Linux: receive SIGTERM (a graceful stop) when the parent dies; elsewhere nothing is arranged."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:  # the parent died before the line above took effect
        sys.exit(0)
