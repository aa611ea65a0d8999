from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schedlink.domain.providers import bare_link_plausible
from schedlink.domain.urls import MAX_CANDIDATES, MAX_URL_CHARS, decode_entities, find_urls, parse_url

pytestmark = pytest.mark.unit


def urls_in(text: str) -> list[str]:
    return [found.url for found in find_urls(text, bare_host_ok=bare_link_plausible)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Book here: https://calendly.com/maria-lopez/30min.",
            ["https://calendly.com/maria-lopez/30min"],
            id="period",
        ),
        pytest.param(
            "Grab a slot!https://cal.com/ana/intro!", ["https://cal.com/ana/intro"], id="glued-bang"
        ),
        pytest.param(
            "my calendar<https://tidycal.com/sofia/30>", ["https://tidycal.com/sofia/30"], id="angle"
        ),
        pytest.param("(see https://savvycal.com/omar/chat)", ["https://savvycal.com/omar/chat"], id="parens"),
        pytest.param(
            "read https://en.wikipedia.org/wiki/Calendar_(disambiguation) first",
            ["https://en.wikipedia.org/wiki/Calendar_(disambiguation)"],
            id="balanced-parens-kept",
        ),
        pytest.param(
            "[book a call](https://zcal.co/lee/intro)", ["https://zcal.co/lee/intro"], id="markdown"
        ),
        pytest.param(
            "[calendly.com/jo-park](https://calendly.com/jo-park)",
            ["https://calendly.com/jo-park", "https://calendly.com/jo-park"],
            id="markdown-url-as-text",
        ),
        pytest.param('href="https://cal.com/ana/intro"', ["https://cal.com/ana/intro"], id="double-quotes"),
        pytest.param("'https://cal.com/ana/intro'", ["https://cal.com/ana/intro"], id="single-quotes"),
        pytest.param(
            "https:&#x2F;&#x2F;calendly.com&#x2F;li-wei&#x2F;intro",
            ["https://calendly.com/li-wei/intro"],
            id="entity-encoded",
        ),
        pytest.param(
            "https://app.acuityscheduling.com/schedule.php?owner=1&amp;appointmentType=2",
            ["https://app.acuityscheduling.com/schedule.php?owner=1&appointmentType=2"],
            id="amp-entity",
        ),
        pytest.param(
            "https://example.org/?a=1&region=eu",
            ["https://example.org/?a=1&region=eu"],
            id="no-semicolon-entity",
        ),
        pytest.param(
            "book at calendly.com/nate-fisher/15min, thanks",
            ["https://calendly.com/nate-fisher/15min"],
            id="bare",
        ),
        pytest.param("book at Cal.com/jwalker!", ["https://Cal.com/jwalker"], id="bare-capitalised"),
        pytest.param(
            "book: quinn.youcanbook.me cheers", ["https://quinn.youcanbook.me"], id="bare-subdomain"
        ),
        pytest.param("visit www.harbourclinic.com.au today", ["https://www.harbourclinic.com.au"], id="www"),
        pytest.param("see report.pdf and notes.txt", [], id="file-names"),
        pytest.param("open /Applications/Fantastical.app/Contents", [], id="file-path"),
        pytest.param("mail me at jane@calendly.com", [], id="email-address"),
        pytest.param(
            "https://outlook.office.com/bookwithme/user/0a1b2c3d@contoso.com?anonymous&ep=plink",
            ["https://outlook.office.com/bookwithme/user/0a1b2c3d@contoso.com?anonymous&ep=plink"],
            id="at-in-path",
        ),
        pytest.param(
            "https://outlook.office365.com/owa/calendar/Desk%40contoso.com/bookings/",
            ["https://outlook.office365.com/owa/calendar/Desk%40contoso.com/bookings/"],
            id="percent-40-in-path",
        ),
        pytest.param(
            "https://clinic.zohobookings.eu/#/customer/consult",
            ["https://clinic.zohobookings.eu/#/customer/consult"],
            id="hash-route",
        ),
        pytest.param(
            "src=//go.oncehub.com/LeaDemo here", ["https://go.oncehub.com/LeaDemo"], id="protocol-relative"
        ),
        pytest.param("HTTPS://CALENDLY.COM/SAM", ["HTTPS://CALENDLY.COM/SAM"], id="upper-case-scheme"),
        pytest.param(
            "予約はこちら：https://calendly.com/kenji/30min。よろしく",
            ["https://calendly.com/kenji/30min"],
            id="cjk",
        ),
        pytest.param(
            "Termin: „https://cal.com/lena/erstgespraech“",
            ["https://cal.com/lena/erstgespraech"],
            id="german-quotes",
        ),
        pytest.param("ici : «https://cal.eu/luc/rdv»", ["https://cal.eu/luc/rdv"], id="guillemets"),
        pytest.param(
            r"https://link.msgsndr.com/widget/booking/Ab12\n\nThanks",
            ["https://link.msgsndr.com/widget/booking/Ab12"],
            id="escaped-newline",
        ),
        pytest.param(
            "https://calendly.com/{{rep_link}}",
            ["https://calendly.com/{{rep_link}}"],
            id="merge-tag-kept-for-classifier",
        ),
        pytest.param("**https://cal.com/ana/intro**", ["https://cal.com/ana/intro"], id="markdown-bold"),
        pytest.param("https:// nothing", [], id="empty-after-scheme"),
    ],
)
def test_find_urls_extracts_links_as_written(text: str, expected: list[str]) -> None:
    assert urls_in(text) == expected


def test_find_urls_bare_unknown_host_needs_a_vouching_predicate() -> None:
    assert urls_in("see acme-widgets.com/pricing") == []
    found = find_urls(
        "see acme-widgets.com/pricing", bare_host_ok=lambda host, rest: host == "acme-widgets.com"
    )
    assert [f.url for f in found] == ["https://acme-widgets.com/pricing"]


def test_find_urls_bare_white_label_path_is_accepted() -> None:
    assert urls_in("book via book.smithdental.com/widget/booking/Qz81Lm") == [
        "https://book.smithdental.com/widget/booking/Qz81Lm"
    ]


def test_find_urls_raw_keeps_the_text_as_written() -> None:
    found = find_urls("try Calendly.com/jo-park.", bare_host_ok=bare_link_plausible)
    assert [(f.raw, f.url, f.start) for f in found] == [
        ("Calendly.com/jo-park", "https://Calendly.com/jo-park", 4)
    ]


def test_find_urls_caps_url_length() -> None:
    text = "https://example.org/" + "a" * (MAX_URL_CHARS * 3)
    (found,) = find_urls(text)
    assert len(found.url) == len("https://") + MAX_URL_CHARS


def test_find_urls_caps_candidate_count() -> None:
    text = " ".join(f"https://example.org/{n}" for n in range(MAX_CANDIDATES * 2))
    assert len(find_urls(text)) == MAX_CANDIDATES


def test_find_urls_huge_input_answers_quickly() -> None:
    text = ("word. " * 900_000) + "https://calendly.com/late/30min"
    started = time.perf_counter()
    found = find_urls(text, bare_host_ok=bare_link_plausible)
    assert (found, time.perf_counter() - started < 1.0) == ((), True)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("a." * 150_000, id="dotted-run"),
        pytest.param("www." * 50_000, id="www-run"),
        pytest.param(("abcdefghij." * 9 + "x ") * 20_000, id="many-labels"),
        pytest.param(("a-" * 40 + ".com ") * 5_000, id="hyphen-labels"),
        pytest.param("x@calendly.com " * 20_000, id="email-addresses"),
        pytest.param("https://" * 30_000, id="bare-schemes"),
        pytest.param("https://calendly.com/" + "(" * 100_000, id="open-parens"),
        pytest.param("&#x2F;" * 40_000, id="entities"),
    ],
)
def test_find_urls_pathological_input_stays_fast(text: str) -> None:
    started = time.perf_counter()
    find_urls(text, bare_host_ok=bare_link_plausible)
    assert time.perf_counter() - started < 0.25


def test_find_urls_scheme_glued_to_a_rejected_host_is_found() -> None:
    assert urls_in("foo.https://calendly.com/ana") == ["https://calendly.com/ana"]


def test_decode_entities_only_terminated_references() -> None:
    assert decode_entities("a&amp;b &copy=1 &#x2F; &#47; &region=x") == "a&b &copy=1 / / &region=x"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        pytest.param(
            "https://Calendly.COM./Jane/30min?utm_source=x&month=2026-05#top",
            ("https", "calendly.com", None, "/Jane/30min", ("Jane", "30min"), "top"),
            id="parts",
        ),
        pytest.param(
            "calendly.com:443/jane",
            ("https", "calendly.com", 443, "/jane", ("jane",), ""),
            id="scheme-less-with-port",
        ),
        pytest.param(
            "//go.oncehub.com/Page",
            ("https", "go.oncehub.com", None, "/Page", ("Page",), ""),
            id="protocol-relative",
        ),
        pytest.param(
            "https://calendly.com@evil.example/jane",
            ("https", "evil.example", None, "/jane", ("jane",), ""),
            id="userinfo-trick",
        ),
        pytest.param(
            "https://x.com/owa/calendar/Desk%40contoso.com/bookings/",
            (
                "https",
                "x.com",
                None,
                "/owa/calendar/Desk%40contoso.com/bookings/",
                ("owa", "calendar", "Desk@contoso.com", "bookings"),
                "",
            ),
            id="decoded-segments",
        ),
    ],
)
def test_parse_url_splits_parts(url: str, expected: tuple[object, ...]) -> None:
    parsed = parse_url(url)
    assert parsed is not None
    assert (
        parsed.scheme,
        parsed.host,
        parsed.port,
        parsed.path,
        parsed.segments,
        parsed.fragment,
    ) == expected


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("mailto:jane@calendly.com", id="mailto"),
        pytest.param("javascript:alert(1)", id="javascript"),
        pytest.param("ftp://files.example.org/x", id="ftp"),
        pytest.param("https://", id="no-host"),
        pytest.param("https://bad host/x", id="space-in-host"),
        pytest.param("https://cаlendly.com/x", id="non-ascii-host"),
        pytest.param("https://calendly.com:99999999/x", id="bad-port"),
    ],
)
def test_parse_url_refuses_non_web_urls(url: str) -> None:
    assert parse_url(url) is None


def test_parse_url_params_are_decoded_and_pieces_raw() -> None:
    parsed = parse_url("https://x.org/p?anonymous&ep=plink&q=a%20b+c")
    assert parsed is not None
    assert (parsed.params, parsed.pieces, parsed.param("EP")) == (
        (("anonymous", ""), ("ep", "plink"), ("q", "a b c")),
        ("anonymous", "ep=plink", "q=a%20b+c"),
        "plink",
    )


@settings(max_examples=300)
@given(st.text(max_size=3000))
def test_find_urls_never_raises_on_any_text(text: str) -> None:
    started = time.perf_counter()
    found = find_urls(text, bare_host_ok=bare_link_plausible)
    assert (len(found) <= MAX_CANDIDATES, time.perf_counter() - started < 0.5) == (True, True)


@settings(max_examples=300)
@given(
    st.lists(
        st.sampled_from(
            [
                "https://",
                "calendly.com",
                "/",
                ".",
                "(",
                ")",
                "[",
                "]",
                "{",
                "}",
                "&amp;",
                "a",
                " ",
                "@",
                "%40",
                "#/",
                "www.",
                "&#x2F;",
                "\x00",
                "\ud800",
            ]
        ),
        max_size=200,
    )
)
def test_find_urls_never_raises_on_url_like_junk(parts: list[str]) -> None:
    text = "".join(parts)
    assert (
        all(
            found.url.startswith(("https://", "http://", "HTTP"))
            for found in find_urls(text, bare_host_ok=bare_link_plausible)
        )
        is True
    )


@settings(max_examples=300)
@given(st.text(max_size=500))
def test_parse_url_never_raises(text: str) -> None:
    parsed = parse_url(text)
    assert parsed is None or parsed.scheme in ("http", "https")


@pytest.mark.parametrize("port", ["²", "１２", "٣"])
def test_a_port_of_non_ascii_digits_is_not_a_port(port: str) -> None:
    assert parse_url(f"https://calendly.com:{port}/jo/30min") is None
