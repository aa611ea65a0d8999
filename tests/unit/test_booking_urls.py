"""One-click booking links: the page opens on the chosen slot with the invitee's details filled in."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from schedlink.domain.providers import booking_url_for, classify_url
from schedlink.domain.providers.slot_reading import with_query
from schedlink.domain.slots import Invitee

pytestmark = pytest.mark.unit

ZOE = Invitee(name="Zoë Müller", email="zoe+leads@example.com", timezone="America/New_York")
ZOE_QUERY = "name=Zo%C3%AB%20M%C3%BCller&email=zoe%2Bleads@example.com"


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def link(url: str, start: datetime, invitee: Invitee) -> str | None:
    return booking_url_for(classify_url(url), start, invitee)


# --- Calendly ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "zone", "expected"),
    [
        # after the US switch to daylight time (8 March 2026)
        ("2026-03-10T14:00", "America/New_York", "2026-03-10T10:00:00-04:00?month=2026-03&date=2026-03-10"),
        # before it
        ("2026-03-06T15:00", "America/New_York", "2026-03-06T10:00:00-05:00?month=2026-03&date=2026-03-06"),
        # the invitee's day and month, not UTC's
        ("2026-03-31T23:30", "Asia/Tokyo", "2026-04-01T08:30:00+09:00?month=2026-04&date=2026-04-01"),
        ("2026-03-29T00:30", "Europe/Berlin", "2026-03-29T01:30:00+01:00?month=2026-03&date=2026-03-29"),
        ("2026-03-29T01:30", "Europe/Berlin", "2026-03-29T03:30:00+02:00?month=2026-03&date=2026-03-29"),
        # no usable zone: UTC
        ("2026-03-10T14:00", None, "2026-03-10T14:00:00+00:00?month=2026-03&date=2026-03-10"),
        ("2026-03-10T14:00", "Mars/Olympus_Mons", "2026-03-10T14:00:00+00:00?month=2026-03&date=2026-03-10"),
    ],
)
def test_calendly_deep_link_is_written_in_the_invitees_zone(
    start: str, zone: str | None, expected: str
) -> None:
    invitee = Invitee(name="Zoë Müller", email="zoe+leads@example.com", timezone=zone)
    url = link("https://calendly.com/maria-lopez/intro-call", utc(start), invitee)
    assert url == f"https://calendly.com/maria-lopez/intro-call/{expected}&{ZOE_QUERY}"


def test_calendly_deep_link_replaces_a_pasted_slot_and_drops_tracking() -> None:
    pasted = "https://calendly.com/maria-lopez/30min/2026-05-12T09:30:00-05:00?month=2026-05&utm_source=x"
    url = link(pasted, utc("2026-05-14T15:00"), Invitee(timezone="America/Chicago"))
    assert (
        url
        == "https://calendly.com/maria-lopez/30min/2026-05-14T10:00:00-05:00?month=2026-05&date=2026-05-14"
    )


def test_empty_prefill_is_left_out() -> None:
    url = link(
        "https://calendly.com/maria-lopez/intro-call", utc("2026-03-10T14:00"), Invitee(name="  ", email="")
    )
    assert (
        url
        == "https://calendly.com/maria-lopez/intro-call/2026-03-10T14:00:00+00:00?month=2026-03&date=2026-03-10"
    )


@pytest.mark.parametrize(
    "url",
    [
        "https://calendly.com/maria-lopez",
        "https://calendly.com/d/abc-12x-9yz/quick-chat",
        "https://calendly.com/yourname/30min",
        "https://calendly.com/pricing",
    ],
)
def test_calendly_profiles_one_off_links_and_non_pages_get_no_link(url: str) -> None:
    assert link(url, utc("2026-03-10T14:00"), ZOE) is None


# --- Cal.com -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "start", "zone", "expected"),
    [
        (
            "https://cal.com/jo/intro-call",
            "2026-03-30T07:00",
            "Europe/Berlin",
            "https://cal.com/jo/intro-call?slot=2026-03-30T07:00:00.000Z&month=2026-03&date=2026-03-30",
        ),
        (  # 00:30 on 28 March in Berlin is still 27 March in UTC
            "https://cal.eu/lukas/erstgespraech",
            "2026-03-27T23:30",
            "Europe/Berlin",
            "https://cal.eu/lukas/erstgespraech?slot=2026-03-27T23:30:00.000Z&month=2026-03&date=2026-03-28",
        ),
        (
            "https://acme.cal.com/team/sales/demo",
            "2026-03-31T22:15",
            "America/Los_Angeles",
            "https://acme.cal.com/team/sales/demo?slot=2026-03-31T22:15:00.000Z&month=2026-03&date=2026-03-31",
        ),
        (
            "https://cal.northwind.io/jo/intro",
            "2026-03-31T22:15",
            "Australia/Sydney",
            "https://cal.northwind.io/jo/intro?slot=2026-03-31T22:15:00.000Z&month=2026-04&date=2026-04-01",
        ),
        (
            "https://cal.com/d/8fKq2mZt/intro",
            "2026-03-10T14:00",
            None,
            "https://cal.com/d/8fKq2mZt/intro?slot=2026-03-10T14:00:00.000Z&month=2026-03&date=2026-03-10",
        ),
    ],
)
def test_calcom_link_preselects_the_utc_slot(url: str, start: str, zone: str | None, expected: str) -> None:
    invitee = Invitee(name="Zoë Müller", email="zoe+leads@example.com", timezone=zone)
    assert link(url, utc(start), invitee) == f"{expected}&{ZOE_QUERY}"


@pytest.mark.parametrize(
    "url",
    [
        "https://cal.com/jo",
        "https://acme.cal.com",
        "https://cal.com/forms/4f0e1c2d",
        "https://acme.cal.com/router?form=abc",
        "https://cal.com/team/northwind",
    ],
)
def test_calcom_pages_without_one_event_type_get_no_link(url: str) -> None:
    assert link(url, utc("2026-03-10T14:00"), ZOE) is None


# --- Zcal and OnceHub --------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["https://zcal.co/i/AbCd1234", "https://zcal.co/maria/intro"])
def test_zcal_link_preselects_start_and_prefills(url: str) -> None:
    assert link(url, utc("2026-03-10T14:00"), ZOE) == (
        f"{url}?startDate=2026-03-10T14:00:00.000Z&timezone=America/New_York&{ZOE_QUERY}"
    )


def test_zcal_profile_gets_no_link() -> None:
    assert link("https://zcal.co/maria", utc("2026-03-10T14:00"), ZOE) is None


def test_oncehub_link_prefills_without_a_slot() -> None:
    invitee = Invitee(name="Ana Núñez", email="ana+q2@example.es", timezone="Europe/Madrid")
    assert link("https://go.oncehub.com/JaneDoe?utm_medium=email", utc("2026-03-10T14:00"), invitee) == (
        "https://go.oncehub.com/JaneDoe?name=Ana%20N%C3%BA%C3%B1ez&email=ana%2Bq2@example.es"
        "&iana_time_zone=Europe/Madrid"
    )
    assert (
        link("https://oncehub.com/BOOK-ME", utc("2026-03-10T14:00"), Invitee())
        == "https://oncehub.com/BOOK-ME"
    )


# --- everything else ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://meetings.hubspot.com/tom-baker/discovery",
        "https://api.leadconnectorhq.com/widget/booking/0fu9WVucPWOYhM0tSEGE",
        "https://calendar.app.google/abc123XYZ",
        "https://tidycal.com/maria/intro",
        "https://example.com/jo/intro",
    ],
)
def test_providers_without_a_builder_get_no_link(url: str) -> None:
    assert link(url, utc("2026-03-10T14:00"), ZOE) is None


def test_a_naive_start_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        link("https://cal.com/jo/intro-call", datetime(2026, 3, 10, 14), ZOE)


def test_prefill_joins_an_existing_query_and_encodes_reserved_characters() -> None:
    pairs = [("name", "O'Brien & Söhne"), ("email", "a+b@x.io"), ("notes", "50% #1"), ("empty", None)]
    assert with_query("https://meetings.hubspot.com/tom?uuid=ab-12", pairs) == (
        "https://meetings.hubspot.com/tom?uuid=ab-12&name=O%27Brien%20%26%20S%C3%B6hne&email=a%2Bb@x.io"
        "&notes=50%25%20%231"
    )
