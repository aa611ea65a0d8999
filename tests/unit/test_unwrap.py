from __future__ import annotations

from urllib.parse import quote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schedlink.domain.unwrap import MAX_DEPTH, Unwrapped, unwrap

pytestmark = pytest.mark.unit

TARGET = "https://calendly.com/rosa-diaz/30min?month=2026-05"
ENC = quote(TARGET, safe="")


def safelink(url: str) -> str:
    wrapped = quote(url, safe="")
    return (
        f"https://eur02.safelinks.protection.outlook.com/?url={wrapped}&data=05%7C02&sdata=abc%3D&reserved=0"
    )


@pytest.mark.parametrize(
    ("wrapped", "expected", "wrapper"),
    [
        pytest.param(safelink(TARGET), TARGET, "safelinks", id="safelinks"),
        pytest.param(
            f"https://outlook.office.com/mail/safelink.html?corid=123&url={ENC}",
            TARGET,
            "safelinks",
            id="safelinks-owa",
        ),
        pytest.param(
            f"https://emails.azure.microsoft.com/redirect/?destination={ENC}&p=x",
            TARGET,
            "azure-email",
            id="azure",
        ),
        pytest.param(
            f"https://eu1.safelink.emails.azure.net/redirect/?destination={ENC}",
            TARGET,
            "azure-email",
            id="azure-regional",
        ),
        pytest.param(f"https://www.google.com/url?q={ENC}&sa=D&usg=x", TARGET, "google", id="google-q"),
        pytest.param(f"https://www.google.co.uk/url?url={ENC}", TARGET, "google", id="google-url-cctld"),
        pytest.param(
            f"https://urldefense.proofpoint.com/v1/url?u={ENC}&k=abc",
            TARGET,
            "proofpoint-v1",
            id="proofpoint-v1",
        ),
        pytest.param(
            "https://urldefense.proofpoint.com/v2/url?u=https-3A__calendly.com_rosa-2Ddiaz_30min-3Fmonth-3D2026-2D05&d=DwMF&c=x",
            TARGET,
            "proofpoint-v2",
            id="proofpoint-v2",
        ),
        pytest.param(
            "https://urldefense.com/v3/__https:**Acalendly.com/rosa-diaz/30min*month=2026-05*x=1__;Ly8_Jg!!Tenant!sig$",
            "https://calendly.com/rosa-diaz/30min?month=2026-05&x=1",
            "proofpoint-v3",
            id="proofpoint-v3-runs",
        ),
        pytest.param(
            "https://urldefense.us/v3/__https://cal.com/ana/intro*utm=x__;Pw!!T!s$",
            "https://cal.com/ana/intro?utm=x",
            "proofpoint-v3",
            id="proofpoint-v3-us",
        ),
        pytest.param(
            "https://urldefense.com/v3/__https://cal.com/ana/intro__;!!T!sig$",
            "https://cal.com/ana/intro",
            "proofpoint-v3",
            id="proofpoint-v3-plain",
        ),
        pytest.param(
            f"https://linkprotect.cudasvc.com/url?a={ENC}&c=E,1", TARGET, "barracuda", id="barracuda"
        ),
        pytest.param(
            "https://eu-central-1.protection.sophos.com?d=tidycal.com&u=aHR0cHM6Ly90aWR5Y2FsLmNvbS9yb3NhL2ludHJv&i=x",
            "https://tidycal.com/rosa/intro",
            "sophos",
            id="sophos",
        ),
        pytest.param(
            f"https://imsva91-ctp.ctp.trendmicro.com/wis/clicktime/v1/query?url={ENC}&umid=1",
            TARGET,
            "trendmicro",
            id="trendmicro",
        ),
        pytest.param(f"https://protect2.fireeye.com/v1/url?k=abc&u={ENC}", TARGET, "fireeye", id="fireeye"),
        pytest.param(f"https://urlsand.esvalabs.com/?u={ENC}&e=1", TARGET, "esva", id="esva"),
        pytest.param(f"https://abc.r.us-east-1.awstrack.me/L0/{ENC}/1/0100abc/xyz=", TARGET, "ses", id="ses"),
        pytest.param(f"https://l.wl.co/l?u={ENC}", TARGET, "whatsapp", id="whatsapp"),
        pytest.param(
            f"https://www.linkedin.com/redir/redirect?url={ENC}&urlhash=x", TARGET, "linkedin", id="linkedin"
        ),
        pytest.param(
            f"https://www.linkedin.com/safety/go?url={ENC}&trk=x", TARGET, "linkedin", id="linkedin-safety"
        ),
        pytest.param(f"https://l.facebook.com/l.php?u={ENC}&h=AT0", TARGET, "facebook", id="facebook"),
        pytest.param(f"https://slack-redir.net/link?url={ENC}", TARGET, "slack", id="slack"),
    ],
)
def test_unwrap_recovers_the_target_offline(wrapped: str, expected: str, wrapper: str) -> None:
    assert unwrap(wrapped) == Unwrapped(expected, (wrapper,), parsed=unwrap(expected).parsed)


def test_unwrap_peels_nested_wrappers_outermost_first() -> None:
    inner = "https://urldefense.proofpoint.com/v2/url?u=https-3A__cal.com_ana_intro&d=x"
    result = unwrap(safelink(inner))
    assert (result.url, result.wrappers) == ("https://cal.com/ana/intro", ("safelinks", "proofpoint-v2"))


def test_unwrap_stops_after_max_depth() -> None:
    url = "https://cal.com/ana/intro"
    for _ in range(MAX_DEPTH + 2):
        url = safelink(url)
    result = unwrap(url)
    assert (len(result.wrappers), result.note, result.url.startswith("https://eur02.safelinks")) == (
        MAX_DEPTH,
        "wrapped too deeply",
        True,
    )


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("https://protect-eu.mimecast.com/s/AbCdEfGhIj?domain=calendly.com", id="mimecast"),
        pytest.param("https://u123.ct.sendgrid.net/ls/click?upn=abc", id="sendgrid"),
        pytest.param("https://url9.mail.acme-news.com/ls/click?upn=xyz", id="sendgrid-branded"),
        pytest.param("https://acme.us5.list-manage.com/track/click?u=1&id=2&e=3", id="mailchimp"),
        pytest.param("https://bit.ly/3xYzAbc", id="bitly"),
        pytest.param("https://lnkd.in/eAbCd12", id="lnkd"),
    ],
)
def test_unwrap_leaves_opaque_wrappers_flagged(url: str) -> None:
    result = unwrap(url)
    assert (result.url, result.needs_network, result.note.endswith("needs the network to resolve")) == (
        url,
        True,
        True,
    )


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("https://eur02.safelinks.protection.outlook.com/?data=05", id="safelinks-without-url"),
        pytest.param("https://urldefense.com/v3/__https://cal.com/a*b__;!!T!s$", id="v3-missing-bytes"),
        pytest.param("https://eu.protection.sophos.com?u=%%%", id="sophos-garbage"),
    ],
)
def test_unwrap_keeps_unreadable_wrappers(url: str) -> None:
    result = unwrap(url)
    assert (result.url, result.wrappers, result.note.endswith("without a readable target")) == (url, (), True)


def test_unwrap_plain_link_is_untouched() -> None:
    result = unwrap("https://cal.com/ana/intro")
    assert (result.url, result.wrappers, result.needs_network, result.note) == (
        "https://cal.com/ana/intro",
        (),
        False,
        "",
    )


@settings(max_examples=300)
@given(st.text(max_size=600))
def test_unwrap_never_raises_on_any_text(text: str) -> None:
    assert isinstance(unwrap(text).url, str)


@settings(max_examples=300)
@given(
    st.sampled_from(
        [
            "https://eur02.safelinks.protection.outlook.com/?url=",
            "https://urldefense.com/v3/__",
            "https://urldefense.proofpoint.com/v2/url?u=",
            "https://eu.protection.sophos.com?u=",
            "https://a.awstrack.me/L0/",
            "https://www.google.com/url?q=",
        ]
    ),
    st.text(max_size=300),
)
def test_unwrap_never_raises_on_wrapper_shaped_junk(prefix: str, tail: str) -> None:
    assert len(unwrap(prefix + tail).wrappers) <= MAX_DEPTH
