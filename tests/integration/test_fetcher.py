"""The guarded fetcher against a real local HTTPS server: every policy rule, each hop, size and time."""

from __future__ import annotations

import gzip
import time
from collections.abc import Iterator
from ipaddress import IPv4Address, IPv6Address

import pytest
from https_server import HttpsServer, Route, static_resolver

from ports import free_port
from schedlink.domain.http_plan import HttpRequest
from schedlink.net.addresses import is_public_address
from schedlink.net.fetcher import (
    ANY_PUBLIC_HOST,
    USER_AGENT,
    FetchFailed,
    FetchLimits,
    FetchRefused,
    GuardedFetcher,
)
from schedlink.net.ratelimit import RateLimiter

pytestmark = pytest.mark.integration

NAME = "slots.example.test"
OTHER = "other.example.test"
HOSTS = frozenset({NAME})


@pytest.fixture(scope="module")
def server() -> Iterator[HttpsServer]:
    with HttpsServer() as running:
        yield running


def local_server_or_public(ip: IPv4Address | IPv6Address) -> bool:
    """The default policy, plus exactly the local test server's address."""
    return ip == IPv4Address("127.0.0.1") or is_public_address(ip)


def fetcher_for(server: HttpsServer, **overrides: object) -> GuardedFetcher:
    table = {
        NAME: [("127.0.0.1", server.port)],
        OTHER: [("127.0.0.1", server.port)],
        "private.example.test": [("10.0.0.7", server.port)],
    }
    options: dict[str, object] = {
        "resolver": static_resolver(table),
        "address_allowed": local_server_or_public,
        "verify": server.client_context(),
        "allowed_ports": frozenset({server.port}),
    }
    options.update(overrides)
    return GuardedFetcher(**options)  # type: ignore[arg-type]


def get(server: HttpsServer, path: str, *, name: str = NAME, **headers: str) -> HttpRequest:
    return HttpRequest("GET", server.url(name, path), headers)


def requests_to(server: HttpsServer, path: str) -> int:
    return sum(1 for request in server.requests if request.path.split("?")[0] == path)


# --- the happy path -----------------------------------------------------------------------------------


def test_fetches_over_tls_verified_for_the_name_while_connecting_to_the_vetted_ip(
    server: HttpsServer,
) -> None:
    server.route("/hello", Route(status=200, headers={"X-Answer": "42"}, body=b'{"ok": true}'))
    with fetcher_for(server) as fetcher:
        response = fetcher.fetch(get(server, "/hello?x=1&y=%2F"), allowed_hosts=HOSTS, rate_key="test")
    assert (response.status, response.body) == (200, b'{"ok": true}')
    assert response.headers["x-answer"] == "42"
    assert response.url == server.url(NAME, "/hello?x=1&y=%2F")
    seen = server.requests[-1]
    assert seen.path == "/hello?x=1&y=%2F"
    assert seen.headers["host"] == f"{NAME}:{server.port}"
    assert server.sni_names[-1] == NAME


def test_user_agent_is_ours_even_if_the_caller_sets_one(server: HttpsServer) -> None:
    server.route("/ua", Route(body=b"ok"))
    with fetcher_for(server) as fetcher:
        fetcher.fetch(get(server, "/ua", **{"User-Agent": "curl/8"}), allowed_hosts=HOSTS, rate_key="t")
    assert server.requests[-1].headers["user-agent"] == USER_AGENT


def test_certificate_must_match_the_name(server: HttpsServer) -> None:
    server.route("/cert", Route(body=b"ok"))
    resolver = static_resolver({"api.cal.com": [("127.0.0.1", server.port)]})  # not on the certificate
    fetcher = fetcher_for(server, resolver=resolver)
    with pytest.raises(FetchFailed, match=r"api\.cal\.com did not prove it is api\.cal\.com"):
        fetcher.fetch(get(server, "/cert", name="api.cal.com"), allowed_hosts={"api.cal.com"}, rate_key="t")


def test_certificate_must_come_from_a_trusted_authority(server: HttpsServer) -> None:
    server.route("/untrusted", Route(body=b"ok"))
    fetcher = fetcher_for(server, verify=True)  # system roots, which do not include the test CA
    with pytest.raises(FetchFailed, match="did not prove it is"):
        fetcher.fetch(get(server, "/untrusted"), allowed_hosts=HOSTS, rate_key="t")


def test_error_statuses_are_answers_not_exceptions(server: HttpsServer) -> None:
    server.route("/broken", Route(status=503, body=b"down"))
    response = fetcher_for(server).fetch(get(server, "/broken"), allowed_hosts=HOSTS, rate_key="t")
    assert (response.status, response.body) == (503, b"down")


def test_post_body_and_gzip_answer_are_carried(server: HttpsServer) -> None:
    server.route("/echo", Route(headers={"Content-Encoding": "gzip"}, body=gzip.compress(b"a" * 50_000)))
    request = HttpRequest("POST", server.url(NAME, "/echo"), {"Content-Type": "application/json"}, b'{"q":1}')
    response = fetcher_for(server).fetch(request, allowed_hosts=HOSTS, rate_key="t")
    assert response.body == b"a" * 50_000
    assert server.requests[-1].body == b'{"q":1}'
    assert server.requests[-1].headers["accept-encoding"] == "gzip, deflate"


def test_tries_the_next_vetted_address_when_one_does_not_answer(server: HttpsServer) -> None:
    server.route("/second", Route(body=b"ok"))
    dead = free_port()
    resolver = static_resolver({NAME: [("127.0.0.1", dead), ("127.0.0.1", server.port)]})
    response = fetcher_for(server, resolver=resolver).fetch(
        get(server, "/second"), allowed_hosts=HOSTS, rate_key="t"
    )
    assert response.body == b"ok"


# --- what a URL may be --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("https://evil.example.test:{port}/x", "evil.example.test is not a host this request may reach"),
        ("http://slots.example.test:{port}/x", "only https"),
        ("https://127.0.0.1:{port}/x", "must use a host name, not 127.0.0.1"),
        ("https://[::1]:{port}/x", "must use a host name"),
        ("https://2130706433:{port}/x", "must use a host name"),
        ("https://user:secret@slots.example.test:{port}/x", "user name or password"),
        ("https://slots.example.test:1/x", "port 1 is not allowed"),
        ("file:///etc/passwd", "only https"),
    ],
)
def test_refused_urls_never_reach_the_network(server: HttpsServer, url: str, words: str) -> None:
    before = len(server.requests)
    fetcher = fetcher_for(server)
    with pytest.raises(FetchRefused, match=words):
        fetcher.fetch(HttpRequest("GET", url.format(port=server.port)), allowed_hosts=HOSTS, rate_key="t")
    assert len(server.requests) == before


def test_plain_http_is_only_attempted_when_https_is_not_required(server: HttpsServer) -> None:
    url = f"http://{NAME}:{server.port}/plain"  # the server speaks only TLS, so the attempt fails
    with pytest.raises(FetchFailed):
        fetcher_for(server, require_https=False).fetch(
            HttpRequest("GET", url), allowed_hosts=HOSTS, rate_key="t"
        )


def test_ip_literals_are_refused_even_for_any_public_host(server: HttpsServer) -> None:
    with pytest.raises(FetchRefused, match="must use a host name"):
        fetcher_for(server).fetch(
            HttpRequest("GET", f"https://127.0.0.1:{server.port}/"),
            allowed_hosts=ANY_PUBLIC_HOST,
            rate_key="t",
        )


def test_host_match_ignores_case_and_a_trailing_dot(server: HttpsServer) -> None:
    server.route("/case", Route(body=b"ok"))
    url = f"https://Slots.Example.Test.:{server.port}/case"
    response = fetcher_for(server).fetch(
        HttpRequest("GET", url), allowed_hosts={"SLOTS.example.test."}, rate_key="t"
    )
    assert response.body == b"ok"


@pytest.mark.parametrize(
    "address", ["127.0.0.1", "10.1.2.3", "169.254.169.254", "::1", "::ffff:127.0.0.1", "fd00:ec2::254"]
)
def test_default_policy_refuses_names_resolving_to_private_addresses(
    server: HttpsServer, address: str
) -> None:
    before = len(server.requests)
    fetcher = GuardedFetcher(
        resolver=static_resolver({NAME: [("8.8.8.8", 443), (address, server.port)]}),
        verify=server.client_context(),
        allowed_ports=frozenset({server.port}),
    )
    with pytest.raises(FetchRefused, match=f"points to a private or reserved address \\({address}\\)"):
        fetcher.fetch(get(server, "/x"), allowed_hosts=ANY_PUBLIC_HOST, rate_key="t")
    assert len(server.requests) == before


def test_unknown_names_fail_plainly(server: HttpsServer) -> None:
    with pytest.raises(FetchFailed, match=r"could not find the address of nowhere\.example\.test"):
        fetcher_for(server).fetch(
            get(server, "/", name="nowhere.example.test"), allowed_hosts=ANY_PUBLIC_HOST, rate_key="t"
        )


# --- redirects ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("location", "error", "words"),
    [
        ("https://other.example.test:{port}/landing", FetchRefused, "other.example.test is not a host"),
        ("http://slots.example.test:{port}/landing", FetchRefused, "only https"),
        (
            "https://private.example.test:{port}/landing",
            FetchRefused,
            r"private or reserved address \(10\.0\.0\.7\)",
        ),
        ("https://127.0.0.1:{port}/landing", FetchRefused, "must use a host name"),
    ],
)
def test_every_redirect_hop_is_checked_again(
    server: HttpsServer, location: str, error: type[Exception], words: str
) -> None:
    path = f"/redirect-{abs(hash(location))}"
    server.route(path, Route.redirect(location.format(port=server.port)))
    server.route("/landing", Route(body=b"landed"))
    landed_before = requests_to(server, "/landing")
    with pytest.raises(error, match=words):
        fetcher_for(server).fetch(
            get(server, path), allowed_hosts=HOSTS | {"private.example.test"}, rate_key="t"
        )
    assert requests_to(server, "/landing") == landed_before


def test_relative_redirects_are_followed_and_303_turns_post_into_get(server: HttpsServer) -> None:
    server.route("/form/submit", Route.redirect("../done?ok=1", status=303))
    server.route("/done", Route(body=b"done"))
    request = HttpRequest("POST", server.url(NAME, "/form/submit"), {"Content-Type": "text/plain"}, b"data")
    response = fetcher_for(server).fetch(request, allowed_hosts=HOSTS, rate_key="t")
    assert response.body == b"done"
    assert response.url == server.url(NAME, "/done?ok=1")
    final = server.requests[-1]
    assert (final.method, final.body, "content-type" in final.headers) == ("GET", b"", False)


def test_307_keeps_method_and_body_and_credentials_stay_on_their_host(server: HttpsServer) -> None:
    server.route("/keep", Route.redirect(server.url(OTHER, "/kept"), status=307))
    server.route("/kept", Route(body=b"kept"))
    request = HttpRequest("POST", server.url(NAME, "/keep"), {"Authorization": "Bearer s3cret"}, b"payload")
    response = fetcher_for(server).fetch(request, allowed_hosts={NAME, OTHER}, rate_key="t")
    assert response.body == b"kept"
    first, final = server.requests[-2], server.requests[-1]
    assert first.headers["authorization"] == "Bearer s3cret"
    assert (final.method, final.body, "authorization" in final.headers) == ("POST", b"payload", False)


def test_redirect_loops_are_capped(server: HttpsServer) -> None:
    server.route("/loop", Route.redirect("/loop"))
    before = requests_to(server, "/loop")
    fetcher = fetcher_for(server, limits=FetchLimits(max_redirects=3))
    with pytest.raises(FetchFailed, match=r"too many redirects \(more than 3\)"):
        fetcher.fetch(get(server, "/loop"), allowed_hosts=HOSTS, rate_key="t")
    assert requests_to(server, "/loop") - before == 4


# --- size ---------------------------------------------------------------------------------------------


def test_declared_oversize_body_is_refused_unread(server: HttpsServer) -> None:
    server.route("/declared", Route(headers={"Content-Length": "3000000"}, body=b"x" * 10))
    with pytest.raises(FetchFailed, match=r"sent too much \(3000000 bytes; the limit is 2000000\)"):
        fetcher_for(server).fetch(get(server, "/declared"), allowed_hosts=HOSTS, rate_key="t")


def test_head_answers_may_declare_a_large_body(server: HttpsServer) -> None:
    server.route("/big-head", Route(headers={"Content-Length": "3000000"}))
    request = HttpRequest("HEAD", server.url(NAME, "/big-head"))
    response = fetcher_for(server).fetch(request, allowed_hosts=HOSTS, rate_key="t")
    assert (response.status, response.body) == (200, b"")


def test_streamed_body_is_cut_at_the_limit(server: HttpsServer) -> None:
    server.route("/endless", Route.huge(5_000_000))
    fetcher = fetcher_for(server, limits=FetchLimits(max_bytes=200_000))
    with pytest.raises(FetchFailed, match="the limit is 200000"):
        fetcher.fetch(get(server, "/endless"), allowed_hosts=HOSTS, rate_key="t")


def test_streamed_body_under_the_limit_is_read_whole(server: HttpsServer) -> None:
    server.route("/chunked", Route.huge(150_000, chunk=10_000))
    fetcher = fetcher_for(server, limits=FetchLimits(max_bytes=200_000))
    assert fetcher.fetch(get(server, "/chunked"), allowed_hosts=HOSTS, rate_key="t").body == b"y" * 150_000


def test_gzip_bomb_is_stopped_by_decoded_size(server: HttpsServer) -> None:
    route = Route.gzip_bomb(20_000_000)
    assert len(route.body) < 100_000
    server.route("/bomb", route)
    with pytest.raises(FetchFailed, match="sent too much"):
        fetcher_for(server).fetch(get(server, "/bomb"), allowed_hosts=HOSTS, rate_key="t")


# --- time ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "route", [Route.dribble(every=0.05), Route(delay=5, body=b"late")], ids=["body", "headers"]
)
def test_one_deadline_cuts_a_slow_server(server: HttpsServer, route: Route) -> None:
    path = f"/slow-{route.delay}"
    server.route(path, route)
    fetcher = fetcher_for(server, limits=FetchLimits(total_seconds=1))
    started = time.monotonic()
    with pytest.raises(FetchFailed, match="took longer than 1 s"):
        fetcher.fetch(get(server, path), allowed_hosts=HOSTS, rate_key="t")
    assert 0.9 <= time.monotonic() - started < 2.0


def test_closed_port_fails_plainly(server: HttpsServer) -> None:
    dead = free_port()
    fetcher = fetcher_for(
        server, resolver=static_resolver({NAME: [("127.0.0.1", dead)]}), allowed_ports=frozenset({dead})
    )
    with pytest.raises(FetchFailed, match=f"could not connect to {NAME}"):
        fetcher.fetch(HttpRequest("GET", f"https://{NAME}:{dead}/"), allowed_hosts=HOSTS, rate_key="t")


# --- pace ---------------------------------------------------------------------------------------------


def test_rate_limit_refuses_rather_than_waiting_long(server: HttpsServer) -> None:
    server.route("/paced", Route(body=b"ok"))
    limiter = RateLimiter({"calcom": (1, 60.0)}, max_wait=0.5, clock=lambda: 1000.0)
    fetcher = fetcher_for(server, rate_limiter=limiter)
    fetcher.fetch(get(server, "/paced"), allowed_hosts=HOSTS, rate_key="calcom")
    before = len(server.requests)
    with pytest.raises(FetchRefused, match="rate limit for calcom: try again in 60 s"):
        fetcher.fetch(get(server, "/paced"), allowed_hosts=HOSTS, rate_key="calcom")
    assert len(server.requests) == before
    fetcher.fetch(get(server, "/paced"), allowed_hosts=HOSTS, rate_key="other-provider")  # own bucket
