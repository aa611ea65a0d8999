"""What every provider replica shares: a quiet local HTTP server, its lifecycle and its request log.

A replica subclasses :class:`ReplicaServer` and writes one method, :meth:`ReplicaServer.handle`, which
turns a :class:`ReplicaRequest` into an :class:`Answer` — the response, a delay before it, or a dropped
connection (the awkward cases the product must survive). Everything else — listening on ``127.0.0.1``
in a daemon thread, bounding request bodies, releasing delayed answers when stopped, keeping the last
requests — is here once.
"""

from __future__ import annotations

import json
import threading
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self

from schedlink.replicas.page_scenario import PageScenario

REQUEST_LOG_CAP = 1000
MAX_BODY = 1_000_000


@dataclass
class Answer:
    """What a route decided: the response, a delay before it, or dropping the connection."""

    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    # Seconds to wait before answering (released at once when the replica stops).
    delay: float = 0.0
    # Close the connection without an answer (a booking recorded, then the line cut).
    drop: bool = False
    # Hold the answer for the replica's ``hang_seconds`` (a client's timeout fires first), then send it.
    hang: bool = False


def json_answer(status: int, payload: object, headers: Mapping[str, str] | None = None) -> Answer:
    body = json.dumps(payload, separators=(",", ":")).encode()
    return Answer(status, body, {"Content-Type": "application/json; charset=utf-8", **(headers or {})})


def html_answer(status: int, page: str) -> Answer:
    return Answer(
        status, page.encode(), {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"}
    )


@dataclass(frozen=True)
class RequestRecord:
    """One request as received: method, path with its query, and when."""

    method: str
    path: str
    at: datetime


@dataclass(frozen=True)
class ReplicaRequest:
    """One request: the method, the target (path and query), headers with lower-cased names, the body."""

    method: str
    target: str
    headers: Mapping[str, str]
    body: bytes

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


class ReplicaServer:
    """A provider replica on ``127.0.0.1``: subclasses answer requests in :meth:`handle`.

    Subclasses keep their state behind :attr:`_lock` (one lock, so a check that a start is free and the
    booking that takes it are one step) and call :meth:`_log` for the requests a test may want to see.
    They may narrow :attr:`methods` and answer an oversized body in the provider's own shape by
    overriding :meth:`too_large`.
    """

    # The thread's name, and the provider a test reads in a traceback.
    name = "replica"
    # The host the replica stands in for, for the docstring of :attr:`origin` and error messages.
    stands_for = ""
    # Seconds every answer waits (a far provider) and seconds a ``hang`` answer holds the connection.
    latency_seconds = 0.0
    hang_seconds = 30.0
    # The methods :meth:`handle` sees; any other gets http.server's own 501, as an unhandled method does.
    methods: frozenset[str] = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

    def __init__(self, port: int = 0, *, now: Callable[[], datetime] | None = None) -> None:
        self._port = port
        self._now = now or (lambda: datetime.now(UTC))
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._requests: deque[RequestRecord] = deque(maxlen=REQUEST_LOG_CAP)
        self._submissions = 0  # the provider's booking calls received, refused ones included
        # The awkward case a page replica plays (read at each request; assign a new one to change it).
        self.scenario = PageScenario()

    # --- what a replica writes ----------------------------------------------------------------------

    def handle(self, request: ReplicaRequest) -> Answer:
        """Answer one request; called on the server's thread for that connection."""
        raise NotImplementedError

    def too_large(self, request: ReplicaRequest) -> Answer:
        """The answer to a body over :data:`MAX_BODY` (in the provider's own error shape)."""
        return json_answer(413, {"message": "Request body too large"})

    # --- lifecycle ----------------------------------------------------------------------------------

    def start(self) -> Self:
        """Listen on ``127.0.0.1`` (a free port when constructed with 0) in a daemon thread."""
        if self._server is not None:
            return self
        self._stopping.clear()
        server = _Server(("127.0.0.1", self._port), _Handler)
        server.replica = self
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"{self.name}-replica",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop listening; delayed and hanging answers are released at once."""
        server, self._server = self._server, None
        if server is None:
            return
        self._stopping.set()
        server.shutdown()
        server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError(f"the {self.name} replica is not started")
        return int(self._server.server_address[1])

    @property
    def origin(self) -> str:
        """``http://127.0.0.1:PORT``, where the sandbox mapping sends the provider's requests."""
        return f"http://127.0.0.1:{self.port}"

    # --- the request log ----------------------------------------------------------------------------

    @property
    def requests(self) -> list[RequestRecord]:
        """The most recent requests logged (at most :data:`REQUEST_LOG_CAP`), oldest first."""
        with self._lock:
            return list(self._requests)

    def _log(self, method: str, target: str) -> None:
        with self._lock:
            self._requests.append(RequestRecord(method, target, self._now()))

    def submissions(self) -> int:
        """How many of the provider's booking calls arrived, refused ones included (a test's proof that
        nothing was sent twice)."""
        with self._lock:
            return self._submissions

    def reset(self) -> None:
        """Forget what the replica was sent — the request log, the booking-call count and whatever
        :meth:`_forget` clears — keeping what it was configured with."""
        with self._lock:
            self._requests.clear()
            self._submissions = 0
            self._forget()

    def _forget(self) -> None:
        """A replica's own part of :meth:`reset` (bookings made, times taken by others, codes…); called
        holding :attr:`_lock`."""

    def _wait(self, seconds: float) -> bool:
        """Sleep up to ``seconds``; True when the replica was stopped meanwhile."""
        return self._stopping.wait(seconds)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    replica: ReplicaServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients that time out or hang up mid-answer are part of the tests; stay quiet."""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server
    timeout = 30  # idle keep-alive connections end on their own

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the per-request log lines."""

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def do_PUT(self) -> None:
        self._serve()

    def do_PATCH(self) -> None:
        self._serve()

    def do_DELETE(self) -> None:
        self._serve()

    def do_OPTIONS(self) -> None:
        self._serve()

    def _serve(self) -> None:
        replica = self.server.replica
        if self.command not in replica.methods:
            self.send_error(HTTPStatus.NOT_IMPLEMENTED, f"Unsupported method ({self.command!r})")
            return
        headers = {name.lower(): value for name, value in self.headers.items()}
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0 or length > MAX_BODY:
            self.close_connection = True
            self._send(replica.too_large(ReplicaRequest(self.command, self.path, headers, b"")))
            return
        body = self.rfile.read(length) if length else b""
        answer = replica.handle(ReplicaRequest(self.command, self.path, headers, body))
        delay = answer.delay + replica.latency_seconds
        if delay and replica._wait(delay):
            self.close_connection = True
            return
        if answer.drop:
            self.close_connection = True
            return
        if answer.hang:
            self.close_connection = True
            if replica._wait(replica.hang_seconds):
                return
        self._send(answer)

    def _send(self, answer: Answer) -> None:
        try:
            self.send_response(answer.status)
            for name, value in answer.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(answer.body)))
            if self.close_connection:
                self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(answer.body)
            self.wfile.flush()
        except OSError:
            self.close_connection = True
