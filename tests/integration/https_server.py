"""A local HTTPS server for adapter tests: real TLS (a trustme CA), real sockets, programmable answers.

The certificate is issued for host *names* only, so a client that connects to 127.0.0.1 must send the
right SNI name and verify the certificate against it. Routes can answer with a status, headers and body,
wait before answering, stream a body slowly (forever if asked), lie about Content-Length, or redirect.

    with HttpsServer(names=("api.cal.com",)) as server:
        server.route("/v2/slots", Route(body=b"{}"))
        resolver = server.resolver("api.cal.com")       # name -> ("127.0.0.1", server.port)
        ... server.client_context() trusts the test CA ...
"""

from __future__ import annotations

import gzip
import itertools
import socket
import ssl
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import trustme

DEFAULT_NAMES = ("slots.example.test", "*.example.test")


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str  # with the query string
    headers: dict[str, str]  # lower-case names
    body: bytes


@dataclass(frozen=True)
class Route:
    """One programmed answer. ``stream`` (a chunk factory) replaces ``body`` and is sent chunk by chunk."""

    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    delay: float = 0.0  # seconds to wait before the status line
    stream: Callable[[], Iterable[bytes]] | None = None
    chunk_delay: float = 0.0

    @staticmethod
    def redirect(location: str, status: int = 302) -> Route:
        return Route(status=status, headers={"Location": location})

    @staticmethod
    def json(text: str | bytes, status: int = 200) -> Route:
        body = text.encode() if isinstance(text, str) else text
        return Route(status=status, headers={"Content-Type": "application/json"}, body=body)

    @staticmethod
    def dribble(every: float = 0.05, byte: bytes = b"x") -> Route:
        """A body that never ends: one byte every ``every`` seconds."""
        return Route(stream=lambda: itertools.repeat(byte), chunk_delay=every)

    @staticmethod
    def huge(total: int, chunk: int = 64 * 1024) -> Route:
        """``total`` bytes streamed without a Content-Length."""
        return Route(stream=lambda: _pieces(total, chunk))

    @staticmethod
    def gzip_bomb(decoded: int) -> Route:
        """A tiny gzip body that inflates to ``decoded`` bytes."""
        body = gzip.compress(b"\0" * decoded)
        return Route(headers={"Content-Encoding": "gzip"}, body=body)


Answer = Route | Callable[[RecordedRequest], Route]


def _pieces(total: int, chunk: int) -> Iterator[bytes]:
    while total > 0:
        size = min(chunk, total)
        total -= size
        yield b"y" * size


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    owner: HttpsServer

    def get_request(self) -> tuple[Any, Any]:
        sock, address = self.socket.accept()
        sock.settimeout(10)
        # The handshake runs in the handler's thread, so a stalled client never blocks accepting.
        tls = self.owner.server_context.wrap_socket(sock, server_side=True, do_handshake_on_connect=False)
        return tls, address

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients that hang up or reject the certificate are expected here; stay quiet."""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def setup(self) -> None:
        self.request.do_handshake()
        super().setup()

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the per-request log lines."""

    def do_GET(self) -> None:
        self._serve()

    def do_HEAD(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def do_PUT(self) -> None:
        self._serve()

    def do_DELETE(self) -> None:
        self._serve()

    def _serve(self) -> None:
        owner = self.server.owner
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {name.lower(): value for name, value in self.headers.items()}
        recorded = RecordedRequest(self.command, self.path, headers, body)
        answer = owner.record_and_find(recorded)
        route = answer(recorded) if callable(answer) else answer
        if route.delay and owner.stopping.wait(route.delay):
            return
        self.close_connection = True
        self.send_response(route.status)
        names = {name.lower() for name in route.headers}
        for name, value in route.headers.items():
            self.send_header(name, value)
        streamed = route.stream is not None and "content-length" not in names
        if streamed:
            self.send_header("Transfer-Encoding", "chunked")
        elif "content-length" not in names:
            self.send_header("Content-Length", str(len(route.body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command == "HEAD":
            return
        try:
            if route.stream is None:
                self.wfile.write(route.body)
            else:
                self._stream(route, chunked=streamed)
        except (OSError, ssl.SSLError):
            return  # the client went away, as clients under test are expected to

    def _stream(self, route: Route, *, chunked: bool) -> None:
        assert route.stream is not None
        for piece in route.stream():
            if self.server.owner.stopping.is_set():
                return
            self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece)
            self.wfile.flush()
            if route.chunk_delay and self.server.owner.stopping.wait(route.chunk_delay):
                return
        if chunked:
            self.wfile.write(b"0\r\n\r\n")


class HttpsServer:
    """A threaded HTTPS server on 127.0.0.1 (spare port) with a certificate for ``names``."""

    def __init__(self, names: Sequence[str] = DEFAULT_NAMES) -> None:
        self.ca = trustme.CA()
        self.names = tuple(names)
        self.server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.ca.issue_cert(*self.names).configure_cert(self.server_context)
        self.sni_names: list[str | None] = []
        self.server_context.sni_callback = self._saw_sni
        self.requests: list[RecordedRequest] = []
        self.stopping = threading.Event()
        self._routes: dict[tuple[str | None, str], Answer] = {}
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.owner = self
        self.port: int = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05})

    def __enter__(self) -> HttpsServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)

    def route(self, path: str, answer: Answer, *, method: str | None = None) -> None:
        """Answer ``path`` (matched with its query string first, then without) for ``method`` or any."""
        with self._lock:
            self._routes[(method.upper() if method else None, path)] = answer

    def record_and_find(self, request: RecordedRequest) -> Answer:
        with self._lock:
            self.requests.append(request)
            bare = request.path.split("?", 1)[0]
            for key in (
                (request.method, request.path),
                (None, request.path),
                (request.method, bare),
                (None, bare),
            ):
                if key in self._routes:
                    return self._routes[key]
        return Route(status=404, body=b"no route for " + request.path.encode())

    def url(self, name: str, path: str = "/") -> str:
        return f"https://{name}:{self.port}{path}"

    def client_context(self) -> ssl.SSLContext:
        """A client context that trusts only this server's test CA."""
        context = ssl.create_default_context()
        self.ca.configure_trust(context)
        return context

    def resolver(self, *names: str) -> Callable[[str, int], list[tuple[str, int]]]:
        """Resolve each of ``names`` (any port asked) to this server; any other name is unknown."""
        return static_resolver({name: [("127.0.0.1", self.port)] for name in names})

    def _saw_sni(self, _sock: Any, server_name: str | None, _context: ssl.SSLContext) -> None:
        self.sni_names.append(server_name)


def static_resolver(table: dict[str, list[tuple[str, int]]]) -> Callable[[str, int], list[tuple[str, int]]]:
    """A resolver from a fixed table; an entry's port 0 means "the port that was asked for"."""

    def resolve(host: str, port: int) -> list[tuple[str, int]]:
        if host not in table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [(ip, entry_port or port) for ip, entry_port in table[host]]

    return resolve
