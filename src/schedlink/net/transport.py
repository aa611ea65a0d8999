"""The socket layer under the guarded fetcher: one deadline for every socket operation, vetted IPs only.

httpx's own timeouts apply per operation, so a server that dribbles a byte just inside each read timeout
could hold a fetch open forever. Here every connect, TLS handshake, read and write is given at most the
time left until the fetch's single deadline. The backend also re-checks, at connect time, that it is
dialling an IP address the policy allows: the fetcher only ever asks for vetted IPs, and this makes sure
nothing else can be dialled even by mistake.
"""

from __future__ import annotations

import ssl
import time
import typing
from collections.abc import Iterable, Iterator

import httpcore
import httpx

from schedlink.net.addresses import AddressPolicy, parse_ip


class Deadline:
    """One fetch's overall deadline (monotonic clock)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._at = time.monotonic() + seconds

    def remaining(self) -> float:
        return self._at - time.monotonic()

    @property
    def expired(self) -> bool:
        return self.remaining() <= 0

    def clamp(self, timeout: float | None, expired: type[httpcore.TimeoutException]) -> float:
        """``timeout`` shortened to the time left; raises ``expired`` when none is left."""
        left = self.remaining()
        if left <= 0:
            raise expired(f"took longer than {self.seconds:g} s")
        return left if timeout is None else min(timeout, left)


class AddressNotAllowed(Exception):
    """The transport was asked to dial an address the policy refuses (never expected; a safety net)."""


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream, deadline: Deadline) -> None:
        self._inner = inner
        self._deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._deadline.clamp(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._deadline.clamp(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        clamped = self._deadline.clamp(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._inner.start_tls(ssl_context, server_hostname, clamped), self._deadline)

    def get_extra_info(self, info: str) -> typing.Any:
        return self._inner.get_extra_info(info)


class PinnedBackend(httpcore.NetworkBackend):
    """Dials only allowed IP literals, and bounds every socket operation by ``deadline``."""

    def __init__(self, deadline: Deadline, address_allowed: AddressPolicy) -> None:
        self._inner = httpcore.SyncBackend()
        self._deadline = deadline
        self._address_allowed = address_allowed

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        ip = parse_ip(host)
        if ip is None or not self._address_allowed(ip):
            raise AddressNotAllowed(f"{host} is not an allowed address")
        clamped = self._deadline.clamp(timeout, httpcore.ConnectTimeout)
        stream = self._inner.connect_tcp(host, port, clamped, local_address, socket_options)
        return _DeadlineStream(stream, self._deadline)

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        raise AddressNotAllowed("local sockets are never opened")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class _BodyStream(httpx.SyncByteStream):
    def __init__(self, inner: Iterable[bytes]) -> None:
        self._inner = inner

    def __iter__(self) -> Iterator[bytes]:
        yield from self._inner

    def close(self) -> None:
        close = getattr(self._inner, "close", None)
        if close is not None:
            close()


class PinnedTransport(httpx.BaseTransport):
    """An httpx transport over an httpcore pool built on ``PinnedBackend``.

    Keep-alive is off: requests go to IP-literal URLs, and a pooled connection to an IP shared by two
    names (a CDN) could otherwise carry one name's request over a TLS session verified for the other.
    httpcore exceptions are left as they are; the fetcher turns them into plain-worded failures.
    """

    def __init__(self, backend: PinnedBackend, ssl_context: ssl.SSLContext) -> None:
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl_context, max_keepalive_connections=0, retries=0, network_backend=backend
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if not isinstance(request.stream, httpx.SyncByteStream):
            raise TypeError("a synchronous request body is required")
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=request.url.raw_scheme,
                host=request.url.raw_host,
                port=request.url.port,
                target=request.url.raw_path,
            ),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        response = self._pool.handle_request(core_request)
        return httpx.Response(
            status_code=response.status,
            headers=response.headers,
            stream=_BodyStream(typing.cast(Iterable[bytes], response.stream)),
            extensions=response.extensions,
        )

    def close(self) -> None:
        self._pool.close()
