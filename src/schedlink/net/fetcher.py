"""The guarded fetcher: the one way the server opens a URL that a lead or a workspace gave us.

Every hop (the first request and each redirect) is checked the same way: https only, a host name from
the caller's allowed hosts (never an IP literal, never credentials in the URL), an allowed port, and every
address the name resolves to must pass the address policy. The connection then goes to the vetted IP itself,
with the name sent as Host header and TLS SNI so the certificate is still verified for the name: a second
DNS lookup (which a hostile name server could answer differently) never happens. One deadline bounds the
whole fetch, bodies are bounded in bytes (after decompression too), and a rate limiter paces requests per
provider. HTTP error statuses are answers, not exceptions: the caller reads them.
"""

from __future__ import annotations

import enum
import ssl
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from types import TracebackType
from typing import Final, Self

import httpcore
import httpx

from schedlink.domain.http_plan import HttpRequest, HttpResponse
from schedlink.net.addresses import (
    AddressPolicy,
    IpAddress,
    Resolver,
    Target,
    is_host_name,
    is_public_address,
    parse_ip,
    split_url,
    system_resolver,
    vetted_addresses,
)
from schedlink.net.bodies import ACCEPT_ENCODING, BadEncoding, BodyTooBig, BoundedBody
from schedlink.net.errors import FetchFailed, FetchRefused
from schedlink.net.ratelimit import RateLimiter
from schedlink.net.transport import AddressNotAllowed, Deadline, PinnedBackend, PinnedTransport

__all__ = [
    "ANY_PUBLIC_HOST",
    "USER_AGENT",
    "FetchFailed",
    "FetchLimits",
    "FetchRefused",
    "GuardedFetcher",
    "Resolver",
]

USER_AGENT: Final = "schedlink/0.1 (reads public scheduling pages; +https://schedlink.dev/bot)"
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
# Headers the fetcher owns; a caller's values for them are ignored.
_OWN_HEADERS = frozenset(
    {"host", "user-agent", "accept-encoding", "content-length", "transfer-encoding", "connection", "te"}
)
_CREDENTIAL_HEADERS = frozenset({"authorization", "cookie", "proxy-authorization"})


class _AnyPublicHost(enum.Enum):
    ANY_PUBLIC_HOST = "any public host"


# For ``allowed_hosts``: any host name whose addresses all pass the address policy.
ANY_PUBLIC_HOST: Final = _AnyPublicHost.ANY_PUBLIC_HOST
AllowedHosts = Collection[str] | _AnyPublicHost


@dataclass(frozen=True, slots=True)
class FetchLimits:
    """Bounds for one fetch; ``total_seconds`` covers every hop's connect, TLS, request and body.

    Name lookups are the exception: the system resolver has no per-call timeout and keeps its own.
    """

    connect_timeout: float = 5.0
    total_seconds: float = 10.0
    max_bytes: int = 2_000_000
    max_redirects: int = 3


@dataclass(slots=True)
class _Hop:
    method: str
    url: str
    headers: dict[str, str]
    body: bytes | None


class GuardedFetcher:
    """Fetches https URLs under the policy described in the module docstring. Thread-safe."""

    def __init__(
        self,
        *,
        limits: FetchLimits = FetchLimits(),
        user_agent: str = USER_AGENT,
        resolver: Resolver = system_resolver,
        address_allowed: AddressPolicy = is_public_address,
        verify: ssl.SSLContext | bool = True,
        allowed_ports: frozenset[int] = frozenset({443}),
        rate_limiter: RateLimiter | None = None,
        require_https: bool = True,
        sandbox: Mapping[str, str] | None = None,
    ) -> None:
        self._limits = limits
        self._user_agent = user_agent
        self._resolver = resolver
        self._address_allowed = address_allowed
        self._ssl_context = verify if isinstance(verify, ssl.SSLContext) else httpx.create_ssl_context(verify)
        self._allowed_ports = allowed_ports
        self._rate_limiter = rate_limiter
        self._require_https = require_https
        # Provider hosts whose requests go to a local replica instead (``net/sandbox.py``).
        self._sandbox = dict(sandbox or {})
        self._closed = False

    def fetch(self, request: HttpRequest, *, allowed_hosts: AllowedHosts, rate_key: str) -> HttpResponse:
        """Fetch ``request``, following redirects; raises ``FetchRefused`` or ``FetchFailed``."""
        if self._closed:
            raise RuntimeError("the fetcher is closed")
        hosts = _normalise_hosts(allowed_hosts)
        deadline = Deadline(self._limits.total_seconds)
        hop = _Hop(request.method.upper(), request.url, _caller_headers(request.headers), request.body)
        backend = PinnedBackend(deadline, self._address_allowed)
        with httpx.Client(
            transport=PinnedTransport(backend, self._ssl_context),
            trust_env=False,
            follow_redirects=False,
            timeout=httpx.Timeout(None, connect=self._limits.connect_timeout),
            headers={"User-Agent": self._user_agent, "Accept-Encoding": ACCEPT_ENCODING},
        ) as client:
            for _ in range(self._limits.max_redirects + 1):
                target = self._checked_target(hop.url, hosts)
                if self._rate_limiter is not None:
                    self._rate_limiter.acquire(rate_key)
                origin = self._sandbox.get(target.host)
                if origin is not None:
                    response = self._open_replica(hop, target, origin, deadline)
                else:
                    addresses = vetted_addresses(
                        target.host, target.port, self._resolver, self._address_allowed
                    )
                    response = self._open(client, hop, target, addresses, deadline)
                try:
                    location = response.headers.get("location")
                    if response.status_code not in _REDIRECTS or not location:
                        return self._answer(response, hop.method, target, deadline)
                finally:
                    response.close()
                    replica = response.extensions.get("schedlink_client")
                    if replica is not None:
                        replica.close()
                hop = _next_hop(hop, response.status_code, target, location)
        raise FetchFailed(f"too many redirects (more than {self._limits.max_redirects})")

    def _checked_target(self, url: str, hosts: frozenset[str] | None) -> Target:
        target = split_url(url)
        if target.scheme != "https" and self._require_https:
            raise FetchRefused(f"only https addresses may be opened, not {target.scheme}: {url[:120]}")
        if parse_ip(target.host) is not None or not is_host_name(target.host):
            raise FetchRefused(f"addresses must use a host name, not {target.host}")
        if hosts is not None and target.host not in hosts:
            raise FetchRefused(f"{target.host} is not a host this request may reach")
        if target.port not in self._allowed_ports:
            raise FetchRefused(f"port {target.port} is not allowed (only {_ports(self._allowed_ports)})")
        return target

    def _open(
        self,
        client: httpx.Client,
        hop: _Hop,
        target: Target,
        addresses: list[tuple[IpAddress, int]],
        deadline: Deadline,
    ) -> httpx.Response:
        """Send ``hop`` to the first vetted address that accepts a connection; the body is not read yet."""
        default_port = 443 if target.scheme == "https" else 80
        host_header = target.host if target.port == default_port else f"{target.host}:{target.port}"
        failure: BaseException | None = None
        for ip, port in addresses:
            pinned = httpx.URL(scheme=target.scheme, host=str(ip), port=port, raw_path=target.url.raw_path)
            request = client.build_request(
                hop.method,
                pinned,
                headers={**hop.headers, "Host": host_header},
                content=hop.body,
                extensions={"sni_hostname": target.host},
            )
            try:
                return client.send(request, stream=True)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                failure = error
                if deadline.expired:
                    break
            except (httpcore.TimeoutException, httpcore.NetworkError, httpcore.ProtocolError) as error:
                raise _failed(error, target, deadline, self._limits) from None
            except AddressNotAllowed as error:
                raise FetchRefused(f"{target.host}: {error}") from None
        raise _failed(failure, target, deadline, self._limits) from None

    def _open_replica(self, hop: _Hop, target: Target, origin: str, deadline: Deadline) -> httpx.Response:
        """Send ``hop`` to the replica standing in for ``target.host`` (a vetted loopback origin); the
        Host header keeps the provider's name, so the replica sees what the provider would."""
        remaining = max(deadline.remaining(), 0.001)
        replica = httpx.Client(trust_env=False, follow_redirects=False, timeout=httpx.Timeout(remaining))
        request = replica.build_request(
            hop.method,
            origin + target.url.raw_path.decode("ascii"),
            headers={**hop.headers, "Host": target.host, "User-Agent": self._user_agent},
            content=hop.body,
        )
        try:
            response = replica.send(request, stream=True)
        except httpx.TimeoutException:
            replica.close()
            raise FetchFailed(f"{target.host} took longer than {self._limits.total_seconds:g} s") from None
        except httpx.TransportError as error:
            replica.close()
            raise FetchFailed(f"the connection to {target.host} broke off ({_words(_root(error))})") from None
        response.extensions["schedlink_client"] = replica
        return response

    def _answer(
        self, response: httpx.Response, method: str, target: Target, deadline: Deadline
    ) -> HttpResponse:
        limit = self._limits.max_bytes
        declared = response.headers.get("content-length", "")
        if method != "HEAD" and declared.isascii() and declared.isdigit() and int(declared) > limit:
            raise FetchFailed(f"{target.host} sent too much ({declared} bytes; the limit is {limit})")
        try:
            body = BoundedBody(response.headers.get("content-encoding", ""), limit)
            received = 0
            for chunk in response.iter_raw():
                received += len(chunk)
                if received > limit:
                    raise BodyTooBig(f"more than {limit} bytes")
                body.feed(chunk)
            content = body.finish()
        except BodyTooBig as error:
            raise FetchFailed(f"{target.host} sent too much ({error}; the limit is {limit})") from None
        except BadEncoding as error:
            raise FetchFailed(f"{target.host} sent an unreadable answer ({error})") from None
        except (httpcore.TimeoutException, httpcore.NetworkError, httpcore.ProtocolError) as error:
            raise _failed(error, target, deadline, self._limits) from None
        except httpx.TimeoutException:  # a replica's plain client (the sandbox)
            raise FetchFailed(f"{target.host} took longer than {self._limits.total_seconds:g} s") from None
        except httpx.TransportError as error:
            raise FetchFailed(f"the connection to {target.host} broke off ({_words(_root(error))})") from None
        headers = {name: ", ".join(response.headers.get_list(name)) for name in response.headers}
        return HttpResponse(response.status_code, headers, content, str(target.url.copy_with(fragment=None)))

    def close(self) -> None:
        """Refuse further fetches (connections are never kept open between fetches)."""
        self._closed = True

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def _normalise_hosts(allowed_hosts: AllowedHosts) -> frozenset[str] | None:
    if isinstance(allowed_hosts, _AnyPublicHost):
        return None
    if isinstance(allowed_hosts, str):
        raise TypeError("allowed_hosts must be a collection of host names, not one string")
    return frozenset(host.strip().lower().rstrip(".") for host in allowed_hosts)


def _caller_headers(headers: Mapping[str, str]) -> dict[str, str]:
    return {name: value for name, value in headers.items() if name.lower() not in _OWN_HEADERS}


def _next_hop(hop: _Hop, status: int, target: Target, location: str) -> _Hop:
    """Where a redirect leads: the URL resolved against the current one, and the method the status implies."""
    try:
        url = str(target.url.join(location).copy_with(fragment=None))
    except (httpx.InvalidURL, ValueError) as error:
        raise FetchFailed(f"{target.host} redirected to an unusable address ({error})") from None
    method, body, headers = hop.method, hop.body, dict(hop.headers)
    if status in (301, 302, 303) and method != "HEAD":
        method, body = "GET", None
        headers = {k: v for k, v in headers.items() if k.lower() not in ("content-type", "content-encoding")}
    if split_url(url).host != target.host:
        headers = {k: v for k, v in headers.items() if k.lower() not in _CREDENTIAL_HEADERS}
    return _Hop(method, url, headers, body)


def _failed(
    error: BaseException | None, target: Target, deadline: Deadline, limits: FetchLimits
) -> FetchFailed:
    """A plain-worded failure for a transport error."""
    host = target.host
    if deadline.expired or isinstance(error, (httpcore.ReadTimeout, httpcore.WriteTimeout)):
        return FetchFailed(f"{host} took longer than {limits.total_seconds:g} s")
    if isinstance(error, httpcore.ConnectTimeout):
        return FetchFailed(f"could not connect to {host} within {limits.connect_timeout:g} s")
    cause = _root(error)
    if isinstance(cause, ssl.SSLCertVerificationError):
        return FetchFailed(f"{host} did not prove it is {host} (certificate: {cause.verify_message})")
    if isinstance(cause, ssl.SSLError):
        return FetchFailed(f"could not make a secure connection to {host} ({cause.reason or cause})")
    if isinstance(error, httpcore.ConnectError):
        return FetchFailed(f"could not connect to {host} ({_words(cause)})")
    return FetchFailed(f"the connection to {host} broke off ({_words(cause)})")


def _root(error: BaseException | None) -> BaseException | None:
    seen = 0
    while error is not None and seen < 5:
        inner = error.__cause__ or error.__context__
        if inner is None:
            return error
        error, seen = inner, seen + 1
    return error


def _words(error: BaseException | None) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror.lower()
    return str(error) or (type(error).__name__ if error is not None else "no address answered")


def _ports(ports: frozenset[int]) -> str:
    return ", ".join(str(port) for port in sorted(ports))
