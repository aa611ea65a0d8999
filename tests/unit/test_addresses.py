"""The address policy: which IPs count as public, and the URL checks for callers using another client."""

from __future__ import annotations

import socket
from ipaddress import ip_address

import pytest

from schedlink.net.addresses import (
    Resolver,
    check_public_url,
    is_host_name,
    is_public_address,
    system_resolver,
)
from schedlink.net.errors import FetchFailed, FetchRefused

PUBLIC = [
    "8.8.8.8",
    "1.1.1.1",
    "104.16.0.1",
    "192.0.0.9",  # inside 192.0.0.0/24 but globally reachable
    "2606:4700:4700::1111",
    "2a00:1450:4001:80b::200e",
    "::ffff:8.8.8.8",  # mapped public IPv4
    "64:ff9b::808:808",  # NAT64 of 8.8.8.8 (what DNS64 hands an IPv6-only host)
    "2002:808:808::1",  # 6to4 of 8.8.8.8
]

NOT_PUBLIC = [
    "127.0.0.1",
    "127.8.9.10",
    "10.0.0.1",
    "172.16.5.4",
    "192.168.1.1",
    "169.254.169.254",  # cloud metadata
    "169.254.1.1",
    "100.64.0.1",  # CGNAT
    "100.127.255.254",
    "0.0.0.0",
    "0.1.2.3",
    "224.0.0.1",  # multicast
    "239.255.255.250",
    "240.0.0.1",  # reserved
    "255.255.255.255",
    "192.0.2.1",  # documentation
    "198.51.100.7",
    "203.0.113.9",
    "198.18.0.1",  # benchmarking
    "192.88.99.1",  # 6to4 relay anycast
    "::",
    "::1",
    "fe80::1",
    "fd00:ec2::254",  # AWS metadata over IPv6 (ULA)
    "fc00::1",
    "ff02::1",  # multicast
    "2001:db8::1",  # documentation
    "::ffff:10.0.0.1",  # IPv4-mapped private
    "::ffff:127.0.0.1",
    "::ffff:169.254.169.254",
    "2002:a00:1::1",  # 6to4 embedding 10.0.0.1
    "2002:7f00:1::",  # 6to4 embedding 127.0.0.1
    "64:ff9b::a00:1",  # NAT64 embedding 10.0.0.1
    "64:ff9b::7f00:1",  # NAT64 embedding 127.0.0.1
    "64:ff9b::a9fe:a9fe",  # NAT64 embedding 169.254.169.254
    "64:ff9b:1::a00:1",  # local-use NAT64 prefix
    "::a00:1",  # IPv4-compatible 10.0.0.1
    "::808:808",  # IPv4-compatible (deprecated) even for a public IPv4
    "2001::1",  # Teredo
    "100::1",  # discard-only
]


@pytest.mark.parametrize("text", PUBLIC)
def test_public_addresses_are_allowed(text: str) -> None:
    assert is_public_address(ip_address(text))


@pytest.mark.parametrize("text", NOT_PUBLIC)
def test_private_and_special_addresses_are_refused(text: str) -> None:
    assert not is_public_address(ip_address(text))


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("api.cal.com", True),
        ("slots.example.test", True),
        ("127.0.0.1", False),
        ("127.1", False),
        ("0x7f000001", False),
        ("2130706433", False),
        ("a.0x1", False),
        ("under_score.example.com", True),
        ("-bad.example.com", False),
        ("a..b", False),
    ],
)
def test_host_names_exclude_every_ip_spelling(host: str, expected: bool) -> None:
    assert is_host_name(host) is expected


def _table(*ips: str) -> Resolver:
    def resolve(host: str, port: int) -> list[tuple[str, int]]:
        if host != "dav.example.test":
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [(ip, port) for ip in ips]

    return resolve


def test_check_public_url_accepts_https_with_public_addresses() -> None:
    check_public_url("https://dav.example.test/cal/", resolver=_table("8.8.8.8", "2606:4700::1"))


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("http://dav.example.test/", "only https"),
        ("ftp://dav.example.test/", "only https"),
        ("https://user:pw@dav.example.test/", "user name or password"),
        ("https://10.0.0.8/", "private or reserved"),
        ("https://[::1]:8443/", "private or reserved"),
        ("https://0x7f000001/", "not a valid host name"),
    ],
)
def test_check_public_url_refuses(url: str, words: str) -> None:
    with pytest.raises(FetchRefused, match=words):
        check_public_url(url, resolver=_table("8.8.8.8"))


def test_check_public_url_refuses_when_any_address_is_private() -> None:
    with pytest.raises(FetchRefused, match=r"points to a private or reserved address \(10\.1\.2\.3\)"):
        check_public_url("https://dav.example.test/", resolver=_table("8.8.8.8", "10.1.2.3"))


def test_check_public_url_allowlist_admits_private_and_plain_http() -> None:
    check_public_url("http://127.0.0.1:5232/u/cal/", allowed_private=["127.0.0.1:5232"])
    check_public_url("http://DAV.example.test.:5232/", allowed_private=["dav.example.test:5232"])
    with pytest.raises(FetchRefused):
        check_public_url("http://127.0.0.1:5233/", allowed_private=["127.0.0.1:5232"])


def test_check_public_url_reports_unknown_hosts_as_failures() -> None:
    with pytest.raises(FetchFailed, match=r"could not find the address of nowhere\.example\.test"):
        check_public_url("https://nowhere.example.test/", resolver=_table())


def test_system_resolver_returns_unique_ip_port_pairs() -> None:
    pairs = system_resolver("localhost", 5232)
    assert pairs
    assert len(pairs) == len(set(pairs))
    assert all(port == 5232 and not is_public_address(ip_address(ip)) for ip, port in pairs)
