"""Every request a booking page makes passes here: hosts outside the provider's are blocked and noted, the
sandbox mapping sends provider hosts to local replicas (the page still sees the provider's URL), and the
provider's own booking call is kept as it was seen on the wire.

Requests are made by Playwright on the page's behalf (``route.fetch``) and handed back to the page
(``route.fulfill``), so redirects come back to the page one hop at a time and each hop is checked here
again: a redirect to a thank-you page on another host is blocked like any other request elsewhere.
A host outside the sandbox must resolve to public addresses only, as for the guarded fetcher: a lead's
link on a white-label host must not lead the browser into a private network. (The check precedes
Playwright's own lookup; a name that changes its answer in between is bounded by the host allowlist.)
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable, Mapping
from urllib.parse import urlsplit, urlunsplit

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Route

from schedlink.domain.booking.page import PageEvidence, WireExchange, WireRule
from schedlink.net.addresses import is_public_address, parse_ip, system_resolver

log = logging.getLogger(__name__)
WIRE_BODY_CAP = 16_000
# Schemes a page may use without the network (inline images, blobs it made itself).
_LOCAL_SCHEMES = ("data:", "blob:", "about:")


class NetworkGuard:
    """The route handler of one booking's browser context."""

    def __init__(
        self,
        allowed_hosts: frozenset[str],
        sandbox: Mapping[str, str],
        evidence: PageEvidence,
        wire: WireRule | None,
        *,
        request_seconds: float,
        resolve: Callable[[str, int], list[tuple[str, int]]] = system_resolver,
    ) -> None:
        self.allowed_hosts = allowed_hosts
        self.resolve = resolve
        self._public_hosts: dict[str, bool] = {}
        self.sandbox = dict(sandbox)
        self.evidence = evidence
        self.wire_rule = wire
        self.wire_pattern = re.compile(wire.url_pattern) if wire is not None else None
        self.request_ms = request_seconds * 1000
        self.submit_sent = False  # the provider's booking call left the browser
        self.calls_sent = 0  # how many such calls left (each is kept in the evidence once answered, or not)
        # Set by the driver right before it presses the submit: a rule ``after_submit`` counts only calls
        # sent from then on (a page's calls while its form was filled are not its booking call).
        self.submit_clicked = False

    def allows(self, url: str) -> bool:
        if url.startswith(_LOCAL_SCHEMES):
            return True
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if parts.scheme not in ("https", "http") or not host:
            return False
        if parts.scheme == "http" and host not in self.sandbox:
            return False  # provider pages are https; plain http only ever reaches a sandbox replica
        return host in self.allowed_hosts or any(
            host.endswith("." + allowed) for allowed in self.allowed_hosts
        )

    async def handle(self, route: Route) -> None:
        request = route.request
        url = request.url
        if url.startswith(_LOCAL_SCHEMES):
            await route.continue_()
            return
        if not self.allows(url):
            self.evidence.blocked.append(f"{request.method} {url[:300]}")
            await route.abort("blockedbyclient")
            return
        host = (urlsplit(url).hostname or "").lower()
        if host not in self.sandbox and not await self.resolves_publicly(host):
            self.evidence.blocked.append(f"{request.method} {url[:300]} (not a public address)")
            await route.abort("blockedbyclient")
            return
        target = self._mapped(url)
        is_wire = self._is_wire(request.method, url)
        body = request.post_data or ""
        if is_wire:
            self.submit_sent = True
            self.calls_sent += 1
        try:
            response = await route.fetch(url=target, max_redirects=0, timeout=self.request_ms)
            content = await response.body()
        except PlaywrightError as error:
            if is_wire:
                self._keep(request.method, url, None, body, f"(no answer: {str(error)[:200]})")
            await _quietly_abort(route)
            return
        if is_wire:
            self._keep(request.method, url, response.status, body, content.decode("utf-8", "replace"))
        headers = dict(response.headers)
        location = headers.get("location")
        if location and target != url:  # a replica's redirect names its own origin: show the provider's
            headers["location"] = self._unmapped(location, url)
        try:
            await route.fulfill(status=response.status, headers=headers, body=content)
        except PlaywrightError:  # the page went away meanwhile
            return

    async def resolves_publicly(self, host: str) -> bool:
        """Whether every address of ``host`` is public (an IP literal is judged as it is); asked once per
        host and booking, off the event loop."""
        known = self._public_hosts.get(host)
        if known is not None:
            return known
        literal = parse_ip(host.strip("[]"))
        if literal is not None:
            public = is_public_address(literal)
        else:
            try:
                found = await asyncio.get_running_loop().run_in_executor(None, self.resolve, host, 443)
            except OSError:
                found = []
            addresses = [parse_ip(address) for address, _port in found]
            public = bool(addresses) and all(ip is not None and is_public_address(ip) for ip in addresses)
        self._public_hosts[host] = public
        return public

    def _is_wire(self, method: str, url: str) -> bool:
        rule = self.wire_rule
        return (
            rule is not None
            and self.wire_pattern is not None
            and (self.submit_clicked or not rule.after_submit)
            and rule.matches_method(method)
            and self.wire_pattern.search(url) is not None
        )

    def _keep(self, method: str, url: str, status: int | None, sent: str, answer: str) -> None:
        self.evidence.wire.append(
            WireExchange(method, url[:2000], status, sent[:WIRE_BODY_CAP], answer[:WIRE_BODY_CAP])
        )

    def _mapped(self, url: str) -> str:
        parts = urlsplit(url)
        origin = self.sandbox.get((parts.hostname or "").lower())
        if origin is None:
            return url
        mapped = urlsplit(origin)
        return urlunsplit((mapped.scheme, mapped.netloc, parts.path, parts.query, ""))

    def _unmapped(self, location: str, original: str) -> str:
        parts = urlsplit(location)
        for host, origin in self.sandbox.items():
            mapped = urlsplit(origin)
            if parts.netloc == mapped.netloc and parts.scheme == mapped.scheme:
                return urlunsplit(("https", host, parts.path, parts.query, parts.fragment))
        return location


async def _quietly_abort(route: Route) -> None:
    try:
        await route.abort("connectionreset")
    except PlaywrightError:
        return
