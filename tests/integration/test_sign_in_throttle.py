"""The sign-in throttle on SQLite and PostgreSQL: one count for all processes, one spelling per account,
atomic under a burst, and forwarding headers believed only from the operator's proxies."""

from __future__ import annotations

import ipaddress
import re
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from service_helpers import workspace
from sqlalchemy import func, select

from schedlink.api.app import create_app
from schedlink.config import OperatorConfig
from schedlink.service import users, web_sessions
from schedlink.service.sign_in_throttle import SignInThrottle, account_key, client_address
from schedlink.service.users import add_user
from schedlink.store.db import Database
from schedlink.store.models import SignInAttemptRow

pytestmark = pytest.mark.integration
T = TypeVar("T")

PASSWORD = "correct horse battery"
T0 = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    quick = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(users, "_hasher", quick)
    monkeypatch.setattr(users, "_DECOY_HASH", quick.hash("decoy"))


@pytest.fixture
def carol(db: Database) -> Database:
    add_user(db, workspace(db, name="Acme"), "carol@acme.io", name="Carol", password=PASSWORD)
    return db


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The passwords the sign-in form checked; each check takes as long as a real argon2 hash (50 ms), so
    that a burst of attempts genuinely overlaps."""
    seen: list[str] = []
    lock = threading.Lock()
    real = web_sessions.sign_in_with_password

    def counted(db: Database, email: str, password: str, *, now: datetime) -> Any:
        with lock:
            seen.append(email)
        time.sleep(0.05)
        return real(db, email, password, now=now)

    monkeypatch.setattr("schedlink.web.auth.sign_in_with_password", counted)
    return seen


def together(calls: list[Callable[[], T]]) -> list[T]:
    """Run the calls in parallel threads, all starting at the same moment."""
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[], T]) -> T:
        barrier.wait()
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


def _client(db: Database, config: OperatorConfig | None = None, peer: str = "testclient") -> TestClient:
    return TestClient(create_app(db, config or OperatorConfig()), client=(peer, 50000))


def _token(client: TestClient) -> str:
    match = re.search(r'name="csrf_token" value="([^"]*)"', client.get("/signin").text)
    assert match
    return match.group(1)


def _post(
    client: TestClient,
    token: str,
    email: str = "carol@acme.io",
    password: str = "wrong wrong wrong",
    headers: dict[str, str] | None = None,
) -> int:
    data = {"email": email, "password": password, "csrf_token": token, "next": "/booking"}
    return client.post("/signin", data=data, headers=headers, follow_redirects=False).status_code


# --- one account, one count ----------------------------------------------------------------------


def test_forty_wrong_passwords_at_once_check_at_most_five(carol: Database, checks: list[str]) -> None:
    with _client(carol) as client:
        token = _token(client)
        answers = together([lambda: _post(client, token) for _ in range(40)])
        assert len(checks) <= 5, f"{len(checks)} passwords checked against a limit of 5"
        assert answers.count(401) == len(checks)
        assert answers.count(429) == 40 - len(checks)
        assert _post(client, token, password=PASSWORD) == 429  # the right one, too late


def test_forty_attempts_at_once_are_admitted_exactly_up_to_the_limit(db: Database) -> None:
    throttle = SignInThrottle(db)
    admissions = together([lambda: throttle.admit("email:carol@acme.io", "10.0.0.1") for _ in range(40)])
    assert sum(a.wait == 0 for a in admissions) == 5
    assert all(0 < a.wait <= 15 * 60 for a in admissions if a.attempt_ids == ())


def test_every_spelling_of_an_address_counts_against_one_account(carol: Database, checks: list[str]) -> None:
    spellings = [
        "carol@acme.io",
        "mailto:carol@acme.io",
        " Carol@ACME.io ",
        "MAILTO:carol@acme.io",
        "\tcarol@acme.io",
    ]
    with _client(carol) as client:
        token = _token(client)
        assert [_post(client, token, email=spelling) for spelling in spellings] == [401] * 5
        assert _post(client, token, email="mailto:CAROL@acme.io ", password=PASSWORD) == 429
    assert len(checks) == 5
    assert len({account_key("password", email=spelling) for spelling in spellings}) == 1
    assert account_key("key", api_key=" sl_abcdefghijkl ") == "key:sl_abcdefg"


def test_the_count_is_shared_by_every_app_process(carol: Database, checks: list[str]) -> None:
    # Two apps over one database stand for two server processes.
    with _client(carol) as first, _client(carol) as second:
        first_token, second_token = _token(first), _token(second)
        for _ in range(3):
            assert _post(first, first_token) == 401
        for _ in range(2):
            assert _post(second, second_token) == 401
        assert _post(first, first_token, password=PASSWORD) == 429
        assert _post(second, second_token, password=PASSWORD) == 429
    assert len(checks) == 5


def test_attempts_age_out_and_a_success_clears_the_account(db: Database) -> None:
    now = [T0]
    throttle = SignInThrottle(db, window=60, per_account=2, per_address=3, clock=lambda: now[0])
    assert throttle.admit("email:a@x.io", "10.0.0.1").wait == 0
    assert throttle.admit("email:a@x.io", "10.0.0.1").wait == 0
    assert throttle.admit("email:a@x.io", "10.0.0.2").wait == 60
    assert throttle.admit("email:b@x.io", "10.0.0.1").wait == 0
    assert throttle.admit("email:c@x.io", "10.0.0.1").wait == 60  # the address is over its budget
    now[0] = T0 + timedelta(seconds=30)
    assert throttle.admit("email:a@x.io", "10.0.0.2").wait == 30
    now[0] = T0 + timedelta(seconds=61)
    admitted = throttle.admit("email:a@x.io", "10.0.0.9")
    assert admitted.wait == 0
    assert throttle.admit("email:a@x.io", "10.0.0.9").wait == 0
    assert throttle.admit("email:a@x.io", "10.0.0.9").wait > 0
    throttle.succeeded("email:a@x.io", admitted)
    assert throttle.admit("email:a@x.io", "10.0.0.9").wait == 0
    # Aged-out attempts are deleted, not kept forever.
    throttle._next_purge = 0.0
    now[0] = T0 + timedelta(seconds=500)
    assert throttle.admit("email:z@x.io", "10.0.0.3").wait == 0
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(SignInAttemptRow)) == 2


# --- the client's address ------------------------------------------------------------------------


def test_forwarded_headers_from_an_unlisted_peer_do_not_open_a_new_budget(
    carol: Database, checks: list[str]
) -> None:
    with _client(carol, OperatorConfig(), peer="127.0.0.1") as client:
        token = _token(client)
        for n in range(30):
            forged = {"X-Forwarded-For": f"203.0.113.{n}", "Forwarded": f"for=198.51.100.{n}"}
            assert _post(client, token, email=f"u{n}@acme.io", headers=forged) == 401
        forged = {"X-Forwarded-For": "203.0.113.200"}
        assert _post(client, token, email="carol@acme.io", password=PASSWORD, headers=forged) == 429


def test_a_trusted_proxy_names_the_client(carol: Database, checks: list[str]) -> None:
    config = OperatorConfig(trusted_proxies=(ipaddress.ip_network("10.9.0.0/16"),))
    with _client(carol, config, peer="10.9.0.7") as client:
        token = _token(client)
        for n in range(30):
            via = {"X-Forwarded-For": f"203.0.113.{n}"}
            assert _post(client, token, email=f"u{n}@acme.io", headers=via) == 401
        # 30 clients behind the proxy, 30 budgets: the next one still gets in.
        assert _post(client, token, password=PASSWORD, headers={"X-Forwarded-For": "203.0.113.99"}) == 303


@pytest.mark.parametrize(
    ("peer", "headers", "expected"),
    [
        ("192.0.2.1", {"x-forwarded-for": "203.0.113.5"}, "192.0.2.1"),  # not a proxy of ours
        ("10.0.0.2", {"x-forwarded-for": "203.0.113.5"}, "203.0.113.5"),
        (
            "10.0.0.2",
            {"x-forwarded-for": "6.6.6.6, 203.0.113.5"},
            "203.0.113.5",
        ),  # the client's own claim is skipped
        ("10.0.0.2", {"x-forwarded-for": "6.6.6.6, 203.0.113.5, 10.0.0.3"}, "203.0.113.5"),  # two proxies
        ("10.0.0.2", {"x-forwarded-for": "10.0.0.4, 10.0.0.3"}, "10.0.0.4"),  # every hop ours: the farthest
        ("10.0.0.2", {"forwarded": 'for="[2001:db8::1]:4711";proto=https, for=10.0.0.3'}, "2001:db8::1"),
        ("10.0.0.2", {"forwarded": "for=203.0.113.7:80"}, "203.0.113.7"),
        ("10.0.0.2", {}, "10.0.0.2"),
        ("::ffff:10.0.0.2", {"x-forwarded-for": "203.0.113.5"}, "203.0.113.5"),
        (None, {"x-forwarded-for": "203.0.113.5"}, "unknown"),
    ],
)
def test_client_address(peer: str | None, headers: dict[str, str], expected: str) -> None:
    trusted = (ipaddress.ip_network("10.0.0.0/24"),)
    assert client_address(peer, headers, trusted) == expected
    assert client_address(peer, headers) == (peer or "unknown")  # no proxies configured: the peer


def test_ipv6_clients_share_one_budget_per_64(db: Database) -> None:
    throttle = SignInThrottle(db, per_account=100, per_address=2)
    assert throttle.admit("email:a@x.io", "2001:db8:1:2::1").wait == 0
    assert throttle.admit("email:b@x.io", "2001:db8:1:2::ffff").wait == 0
    assert throttle.admit("email:c@x.io", "2001:db8:1:2:abcd::9").wait > 0
    assert throttle.admit("email:c@x.io", "2001:db8:1:3::1").wait == 0


# --- the setting ---------------------------------------------------------------------------------


def test_trusted_proxies_are_read_from_the_environment() -> None:
    assert OperatorConfig.from_env({}).trusted_proxies == ()
    config = OperatorConfig.from_env({"SCHEDLINK_TRUSTED_PROXIES": " 10.0.0.5, 10.1.0.0/16,,::1 "})
    assert [str(n) for n in config.trusted_proxies] == ["10.0.0.5/32", "10.1.0.0/16", "::1/128"]
    for bad in ("10.0.0.300", "proxy.local", "10.0.0.0/33", "*"):
        with pytest.raises(ValueError, match="SCHEDLINK_TRUSTED_PROXIES"):
            OperatorConfig.from_env({"SCHEDLINK_TRUSTED_PROXIES": bad})
