from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schedlink.domain.providers import SPECS, classify_url, is_known_host, spec_for_host

pytestmark = pytest.mark.unit

# (url as pasted, provider, canonical URL)
ACCEPTED = [
    (
        "https://calendly.com/maria-lopez/intro-call?utm_source=sig&fbclid=x",
        "calendly",
        "https://calendly.com/maria-lopez/intro-call",
    ),
    ("https://www.calendly.com/maria-lopez", "calendly", "https://calendly.com/maria-lopez"),
    (
        "https://calendly.com/d/abc-12x-9yz/quick-chat?month=2026-05",
        "calendly",
        "https://calendly.com/d/abc-12x-9yz/quick-chat",
    ),
    (
        "https://calendly.com/maria-lopez/30min/2026-05-12T09:30:00-05:00?month=2026-05&date=2026-05-12&back=1",
        "calendly",
        "https://calendly.com/maria-lopez/30min",
    ),
    ("https://cal.com/team/northwind/demo", "calcom", "https://cal.com/team/northwind/demo"),
    (
        "https://cal.eu/lukas/erstgespraech?date=2026-05-04&slot=x",
        "calcom",
        "https://cal.eu/lukas/erstgespraech",
    ),
    ("https://acme.cal.com/jo/intro", "calcom", "https://acme.cal.com/jo/intro"),
    ("https://cal.com/ana+ben", "calcom", "https://cal.com/ana+ben"),
    ("https://cal.com/jo/intro.md", "calcom", "https://cal.com/jo/intro"),
    ("https://cal.northwind.io/jo/intro", "calcom", "https://cal.northwind.io/jo/intro"),
    ("https://meet.northwind.io/team/sales/demo", "calcom", "https://meet.northwind.io/team/sales/demo"),
    ("https://book.northwind.io/jo/30min", "calcom", "https://book.northwind.io/jo/30min"),
    (
        "https://link.msgsndr.com/widget/booking/Xy12ab34Cd56Ef78Gh90?name=x",
        "gohighlevel",
        "https://link.msgsndr.com/widget/booking/Xy12ab34Cd56Ef78Gh90",
    ),
    (
        "https://api.leadconnectorhq.com/widget/bookings/team-calls/intro",
        "gohighlevel",
        "https://api.leadconnectorhq.com/widget/bookings/team-calls/intro",
    ),
    (
        "https://book.smithdental.com/widget/group/Qz81LmPo",
        "gohighlevel",
        "https://book.smithdental.com/widget/group/Qz81LmPo",
    ),
    (
        "https://meetings.hubspot.com/tom-baker/discovery?uuid=ab-12&embed=true&hsCtaTracking=x",
        "hubspot",
        "https://meetings.hubspot.com/tom-baker/discovery?uuid=ab-12",
    ),
    ("https://meetings-eu1.hubspot.com/lea-roux", "hubspot", "https://meetings-eu1.hubspot.com/lea-roux"),
    (
        "https://app.hubspot.com/meetings/tom-baker/discovery",
        "hubspot",
        "https://app.hubspot.com/meetings/tom-baker/discovery",
    ),
    (
        "https://calendar.app.google/Qw3rTy7UiOp1AsDf2",
        "google",
        "https://calendar.app.google/Qw3rTy7UiOp1AsDf2",
    ),
    (
        "https://calendar.google.com/calendar/u/0/appointments/schedules/AcZssZ1abc-DEF_ghi?gv=true",
        "google",
        "https://calendar.google.com/calendar/u/0/appointments/schedules/AcZssZ1abc-DEF_ghi",
    ),
    (
        "https://www.google.com/calendar/selfsched?sstoken=UUxyz123&pli=1",
        "google",
        "https://www.google.com/calendar/selfsched?sstoken=UUxyz123",
    ),
    (
        "https://outlook.office.com/bookwithme/user/0123456789abcdef0123456789abcdef@contoso.com/meetingtype/AbCd?anonymous&ismsaljsauthenabled&ep=mlink&bookingcode=42",
        "microsoft",
        "https://outlook.office.com/bookwithme/user/0123456789abcdef0123456789abcdef@contoso.com/meetingtype/AbCd?anonymous&ep=mlink&bookingcode=42",
    ),
    (
        "https://outlook.office365.com/owa/calendar/Desk%40contoso.com/bookings/",
        "microsoft",
        "https://outlook.office365.com/owa/calendar/Desk%40contoso.com/bookings/",
    ),
    (
        "https://outlook.office.com/book/Desk@contoso.com/?ismsaljsauthenabled=true",
        "microsoft",
        "https://outlook.office.com/book/Desk@contoso.com/",
    ),
    ("https://book.ms/b/desk@contoso.com", "microsoft", "https://book.ms/b/desk@contoso.com"),
    (
        "https://app.acuityscheduling.com/schedule.php?owner=123456&appointmentType=789&utm_campaign=x",
        "acuity",
        "https://app.acuityscheduling.com/schedule.php?owner=123456&appointmentType=789",
    ),
    ("https://HarbourDental.as.me/cleaning?utm_source=x", "acuity", "https://harbourdental.as.me/cleaning"),
    ("https://savvycal.com/priya/chat?metadata[x]=1", "savvycal", "https://savvycal.com/priya/chat"),
    (
        "https://acme.chilipiper.com/book/me/sam-lee?type=demo&utm_medium=email",
        "chilipiper",
        "https://acme.chilipiper.com/book/me/sam-lee?type=demo",
    ),
    (
        "https://acme.chilipiper.com/personal/sam-lee",
        "chilipiper",
        "https://acme.chilipiper.com/personal/sam-lee",
    ),
    (
        "https://acme.chilipiper.com/me/sam-lee/intro",
        "chilipiper",
        "https://acme.chilipiper.com/me/sam-lee/intro",
    ),
    ("https://harbourphysio.youcanbook.me/", "youcanbookme", "https://harbourphysio.youcanbook.me/"),
    ("https://tidycal.com/sofia/30-minute-meeting", "tidycal", "https://tidycal.com/sofia/30-minute-meeting"),
    ("https://zcal.co/i/Ab3dEf7H?embed=1&embedType=iframe", "zcal", "https://zcal.co/i/Ab3dEf7H"),
    (
        "https://dentalcare.zohobookings.com/#/customer/checkup",
        "zoho",
        "https://dentalcare.zohobookings.com/#/customer/checkup",
    ),
    ("https://go.oncehub.com/JaneSmithDemo?bt=1", "oncehub", "https://go.oncehub.com/JaneSmithDemo"),
    (
        "https://doodle.com/meeting/participate/id/aB3cD4eF",
        "doodle",
        "https://doodle.com/meeting/participate/id/aB3cD4eF",
    ),
    ("https://doodle.com/bp/annkim/coffee", "doodle", "https://doodle.com/bp/annkim/coffee"),
    ("https://lindasalon.setmore.com/", "setmore", "https://lindasalon.setmore.com/"),
    (
        "https://book.squareup.com/appointments/abc123xyz/location/LOC123/services?referrer=so",
        "square",
        "https://book.squareup.com/appointments/abc123xyz/location/LOC123/services",
    ),
    (
        "https://koalendar.com/e/coffee-with-ana?embed=true",
        "koalendar",
        "https://koalendar.com/e/coffee-with-ana",
    ),
    ("https://vyte.in/paul", "vyte", "https://www.vyte.in/paul"),
    ("https://app.usemotion.com/meet/kim-ng/intro", "motion", "https://app.usemotion.com/meet/kim-ng/intro"),
    ("https://app.reclaim.ai/m/omar/quick-chat", "reclaim", "https://app.reclaim.ai/m/omar/quick-chat"),
    ("https://book.vimcal.com/p/lena/30-min", "vimcal", "https://book.vimcal.com/p/lena/30-min"),
    ("https://scheduler.zoom.us/ana-silva/consult", "zoom", "https://scheduler.zoom.us/ana-silva/consult"),
    ("https://citydental.simplybook.me/v2/#book", "simplybook", "https://citydental.simplybook.me/v2"),
    ("https://calendar.amie.so/s/meet-joe", "amie", "https://calendar.amie.so/s/meet-joe"),
    (
        "https://www.getclockwise.com/c/lee-kim/quick-meeting?email=a@b.c",
        "clockwise",
        "https://www.getclockwise.com/c/lee-kim/quick-meeting",
    ),
    ("https://calendar.notion.so/meet/ana/abc123", "notion", "https://calendar.notion.so/meet/ana/abc123"),
    ("https://calendar.com/ana/intro", "other", "https://calendar.com/ana/intro"),
    # Providers added for issue 12 (sources beside each module).
    (
        "https://appt.link/meet-with-dr-ana/consult?utm_source=x",
        "appointlet",
        "https://appt.link/meet-with-dr-ana/consult",
    ),
    (
        "https://brightdental.appointlet.com/s/consult",
        "appointlet",
        "https://brightdental.appointlet.com/s/consult",
    ),
    (
        "https://meeting.calendarhero.com/anaburke",
        "calendarhero",
        "https://meeting.calendarhero.com/anaburke",
    ),
    (
        "https://meeting.calendarhero.com/meeting/new/5f76b7f56d08b80020fec8d3/lifecoaching?embedded=true",
        "calendarhero",
        "https://meeting.calendarhero.com/meeting/new/5f76b7f56d08b80020fec8d3/lifecoaching",
    ),
    ("https://harmonizely.com/ana-burke?view=compact", "harmonizely", "https://harmonizely.com/ana-burke"),
    ("https://app.harmonizely.com/acme/30-min", "harmonizely", "https://app.harmonizely.com/acme/30-min"),
    ("https://harmonizely.com/s/x7Yq2p", "harmonizely", "https://harmonizely.com/s/x7Yq2p"),
    ("https://acme.neetocal.com/meeting-with-ana", "neetocal", "https://acme.neetocal.com/meeting-with-ana"),
    (
        "https://acme.neetocal.com/embed/463af662-25a1",
        "neetocal",
        "https://acme.neetocal.com/embed/463af662-25a1",
    ),
    ("https://harbourclinic.timetap.com/#/", "timetap", "https://harbourclinic.timetap.com/#/"),
    ("https://harbourclinic.bookafy.com/", "bookafy", "https://harbourclinic.bookafy.com/"),
    (
        "https://harbourclinic.bookafy.com/service/-67ae?locale=en",
        "bookafy",
        "https://harbourclinic.bookafy.com/service/-67ae",
    ),
    ("https://www.picktime.com/harbourclinic", "picktime", "https://picktime.com/harbourclinic"),
    ("https://fantastical.app/kai/coffee", "fantastical", "https://fantastical.app/kai/coffee"),
    ("https://meet.brevo.com/ana-burke/intro", "brevo", "https://meet.brevo.com/ana-burke/intro"),
    (
        "https://acme.pipedrive.com/scheduler/rRB2OKSA/meet-with-ana",
        "pipedrive",
        "https://acme.pipedrive.com/scheduler/rRB2OKSA/meet-with-ana",
    ),
    (
        "https://app.apollo.io/#/meet/priya-nair/30-min",
        "apollo",
        "https://app.apollo.io/#/meet/priya-nair/30-min",
    ),
    (
        "https://app.apollo.io/#/meet/managed-meetings/eddie/hor-57g-ivh/start",
        "apollo",
        "https://app.apollo.io/#/meet/managed-meetings/eddie/hor-57g-ivh/start",
    ),
    ("https://cal.mixmax.com/ana/30", "mixmax", "https://cal.mixmax.com/ana/30"),
    (
        "https://meetings.salesloft.com/acme/meet-acme?utm_campaign=x",
        "salesloft",
        "https://meetings.salesloft.com/acme/meet-acme",
    ),
]

# (near-miss URL, provider that owns the host or None)
REJECTED = [
    ("https://calendly.com/d/", "calendly"),
    ("https://calendly.com/blog/round-robin-tips", "calendly"),
    ("https://calendly.com/app/scheduled_events/user/me", "calendly"),
    ("https://help.calendly.com/hc/en-us", "calendly"),
    ("https://assets.calendly.com/assets/external/widget.js", "calendly"),
    ("https://calendly.com/cancellations/3f2a", "calendly"),
    ("https://calendly.com/", "calendly"),
    ("https://app.cal.com/bookings/upcoming", "calcom"),
    ("https://cal.com/booking/uid123", "calcom"),
    ("https://cal.com/pricing", "calcom"),
    ("https://api.leadconnectorhq.com/widget/form/abc123", "gohighlevel"),
    ("https://book.smithdental.com/widget/survey/abc", None),
    ("https://app.hubspot.com/meetings/12345678", "hubspot"),
    ("https://knowledge.hubspot.com/meetings-tool/use-meetings", "hubspot"),
    ("https://calendar.google.com/calendar/event?eid=abc123", "google"),
    ("https://calendar.google.com/calendar/render?action=TEMPLATE&text=Call", "google"),
    ("https://calendar.google.com/calendar/embed?src=team%40acme.com", "google"),
    ("https://calendar.google.com/calendar/ical/x/basic.ics", "google"),
    ("https://meet.google.com/abc-defg-hij", "google"),
    ("https://teams.microsoft.com/l/meetup-join/19%3Ameeting_x/0", "microsoft"),
    ("https://outlook.office.com/mail/inbox", "microsoft"),
    ("https://outlook.live.com/calendar/0/deeplink/compose?subject=x", "microsoft"),
    ("https://acuityscheduling.com/pricing", "acuity"),
    ("https://app.acuityscheduling.com/schedule.php", "acuity"),
    ("https://savvycal.com/pricing", "savvycal"),
    ("https://js.chilipiper.com/marketing.js", "chilipiper"),
    ("https://www.youcanbook.me/pricing", "youcanbookme"),
    ("https://harbourphysio.youcanbook.me/zoom/abc", "youcanbookme"),
    ("https://tidycal.com/api/booking-types", "tidycal"),
    ("https://static.zcal.co/embed/v1/embed.js", "zcal"),
    ("https://bookings.zoho.com/#/app/manage-business", "zoho"),
    ("https://api.oncehub.com/v2/booking-pages", "oncehub"),
    ("https://doodle.com/en/pricing", "doodle"),
    ("https://assets.setmore.com/website/v2/logo.svg", "setmore"),
    ("https://squareup.com/us/en/appointments", "square"),
    ("https://koalendar.com/assets/widget.js", "koalendar"),
    ("https://www.vyte.in/login", "vyte"),
    ("https://www.usemotion.com/pricing", "motion"),
    ("https://app.reclaim.ai/planner", "reclaim"),
    ("https://vimcal.com/pricing", "vimcal"),
    ("https://us06web.zoom.us/j/81234567890?pwd=abc", "zoom"),
    ("https://simplybook.me/en/pricing", "simplybook"),
    ("https://calendar.amie.so/login", "amie"),
    ("https://www.getclockwise.com/pricing", "clockwise"),
    ("https://www.notion.so/some-page-123", "notion"),
    ("https://x.ai/calendar/jane", "other"),
    ("https://calendar.com/blog/time-blocking", "other"),
    ("https://appt.link/", "appointlet"),
    ("https://www.appointlet.com/pricing", "appointlet"),
    ("https://appt.link/static/embed.js", "appointlet"),
    ("https://app.calendarhero.com/settings/meeting", "calendarhero"),
    ("https://api.calendarhero.com/documentation", "calendarhero"),
    ("https://calendarhero.com/privacy", "calendarhero"),
    ("https://meeting.calendarhero.com/meeting/abc", "calendarhero"),
    ("https://harmonizely.com/api/single-use-link", "harmonizely"),
    ("https://developers.harmonizely.com/harmonizely-api/single-use-links", "harmonizely"),
    ("https://harmonizely.com/?fpr=aarno62", "harmonizely"),
    ("https://acme.neetocal.com/api/external/v2/meetings", "neetocal"),
    ("https://acme.neetocal.com/admin", "neetocal"),
    ("https://acme.neetocal.com/", "neetocal"),
    ("https://help.neetocal.com/articles/scheduling-links", "neetocal"),
    ("https://api.timetap.com/live/locations/492002", "timetap"),
    ("https://www.timetap.com/blog/posts/no-shows", "timetap"),
    ("https://harbourclinic.timetap.com/blog", "timetap"),
    ("https://app.bookafy.com/api/v2/customers", "bookafy"),
    ("https://app.bookafy.com/bookafy-popup-code.js", "bookafy"),
    ("https://www.bookafy.com/frequently-asked-questions/", "bookafy"),
    ("https://harbourclinic.bookafy.com/admin/settings", "bookafy"),
    ("https://www.picktime.com/book/getClassAppSlots?locationId=x", "picktime"),
    ("https://www.picktime.com/webassets/2021/img/spa-cover.png", "picktime"),
    ("https://support.picktime.com/en/category/faq", "picktime"),
    ("https://fantastical.app/", "fantastical"),
    ("https://www.brevo.com/products/meetings/", "brevo"),
    ("https://app.brevo.com/meetings/calendar", "brevo"),
    ("https://meet.brevo.com/", "brevo"),
    ("https://acme.pipedrive.com/deal/42", "pipedrive"),
    ("https://acme.pipedrive.com/scheduler", "pipedrive"),
    ("https://www.pipedrive.com/en/pricing", "pipedrive"),
    ("https://developers.pipedrive.com/docs/api/v1", "pipedrive"),
    ("https://app.apollo.io/#/people", "apollo"),
    ("https://app.apollo.io/", "apollo"),
    ("https://www.apollo.io/pricing", "apollo"),
    ("https://api.apollo.io/v1/mixed_people/search", "apollo"),
    ("https://www.mixmax.com/calendar", "mixmax"),
    ("https://sdk-local.mixmax.com/dist/editor.umd.js", "mixmax"),
    ("https://cal.mixmax.com/", "mixmax"),
    ("https://www.salesloft.com/pricing", "salesloft"),
    ("https://api.salesloft.com/v2/people", "salesloft"),
    ("https://meetings.salesloft.com/acme", "salesloft"),
    ("https://meetings.salesloft.com/", "salesloft"),
]

LOOKALIKES = [
    "https://infisical.com/docs",
    "https://canonical.com/jane/intro",
    "https://springfield.libcal.com/appointments",
    "https://www.jdoodle.com/online-java-compiler",
    "https://css-doodle.com/",
    "https://embedcalendly.com/jane",
    "https://calendly.com.evil.io/jane/30min",
    "https://calendIy.com/jane/30min",
    "https://xn--calndly-fxa.com/jane",
    "https://cal.com-booking.app/victor/30",
    "https://calendly-com.secure-scheduling.net/amy/30min",
    "https://outlook.office365.com.bookings-secure.net/owa/calendar/x@y.com/bookings/",
    "https://meetings-hubspot.com/sarah",
    "https://example.com/jane/intro",
    "https://acme.io/book-a-demo",
]


@pytest.mark.parametrize(("url", "provider", "canonical"), ACCEPTED, ids=[a[0][8:60] for a in ACCEPTED])
def test_classify_url_accepts_booking_pages_in_canonical_form(
    url: str, provider: str, canonical: str
) -> None:
    verdict = classify_url(url)
    assert (verdict.accepted, verdict.placeholder, verdict.provider, verdict.url) == (
        True,
        False,
        provider,
        canonical,
    )


@pytest.mark.parametrize(("url", "provider"), REJECTED, ids=[r[0][8:60] for r in REJECTED])
def test_classify_url_rejects_near_misses_with_a_reason(url: str, provider: str | None) -> None:
    verdict = classify_url(url)
    assert (verdict.accepted, verdict.provider, bool(verdict.reason)) == (False, provider, True)


@pytest.mark.parametrize("url", LOOKALIKES, ids=[u[8:50] for u in LOOKALIKES])
def test_classify_url_rejects_lookalike_hosts(url: str) -> None:
    verdict = classify_url(url)
    assert (verdict.accepted, verdict.provider) == (False, None)


def test_every_provider_has_an_accepted_and_a_rejected_example() -> None:
    slugs = {spec.slug for spec in SPECS}
    assert ({p for _, p, _ in ACCEPTED}, {p for _, p in REJECTED if p}) == (slugs, slugs)


@pytest.mark.parametrize(
    ("url", "owner", "event"),
    [
        pytest.param("https://calendly.com/maria-lopez/intro", "maria-lopez", "intro", id="calendly"),
        pytest.param("https://cal.com/team/northwind/demo", "northwind", "demo", id="calcom-team"),
        pytest.param("https://acme.chilipiper.com/book/me/sam-lee", "sam-lee", None, id="chilipiper"),
        pytest.param("https://meetings.hubspot.com/a/b/c", "a", "b/c", id="hubspot-multi-segment"),
        pytest.param(
            "https://outlook.office.com/book/Desk%40contoso.com/", "Desk@contoso.com", None, id="microsoft"
        ),
        pytest.param("https://quinn.youcanbook.me", "quinn", None, id="youcanbookme"),
    ],
)
def test_classify_url_reports_owner_and_event(url: str, owner: str, event: str | None) -> None:
    verdict = classify_url(url)
    assert (verdict.owner, verdict.event) == (owner, event)


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("https://calendly.com/yourname", id="yourname"),
        pytest.param("https://calendly.com/YOURLINK", id="yourlink"),
        pytest.param("https://calendar.app.google/your-link", id="your-link"),
        pytest.param("https://cal.com/example/30min", id="example"),
        pytest.param("https://link.msgsndr.com/widget/booking/${calendarId}", id="code-variable"),
        pytest.param("https://app.acuityscheduling.com/schedule.php?owner=YOUR_OWNER_ID", id="your-owner-id"),
        pytest.param(
            "https://calendar.google.com/calendar/appointments/schedules/REPLACE_ME", id="replace-me"
        ),
        pytest.param(
            "https://calendar.google.com/calendar/appointments/schedules/[PLACEHOLDER]", id="brackets"
        ),
        pytest.param(
            "https://outlook.office.com/bookwithme/user/[YOUR-ID]?anonymous", id="brackets-microsoft"
        ),
        pytest.param("https://api.leadconnectorhq.com/widget/bookings/<slug>", id="angle-brackets"),
        pytest.param("https://outlook.office.com/book/YourBusiness/", id="your-business"),
    ],
)
def test_classify_url_flags_shape_valid_placeholders(url: str) -> None:
    verdict = classify_url(url)
    assert (verdict.accepted, verdict.placeholder) == (True, True)


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("https://calendly.com/{{rep_calendly}}", id="double-braces"),
        pytest.param("https://cal.com/*|REP_SLUG|*", id="mailchimp-merge"),
        pytest.param("https://calendly.com/a>b", id="stray-angle-bracket"),
        pytest.param("https://calendly.com/%7B%7Bowner%7D%7D/intro", id="encoded-braces"),
    ],
)
def test_classify_url_rejects_unrendered_merge_tags(url: str) -> None:
    verdict = classify_url(url)
    assert (verdict.accepted, verdict.reason) == (False, "unrendered merge tag")


@pytest.mark.parametrize(
    ("host", "slug"),
    [
        pytest.param("calendly.com", "calendly", id="exact"),
        pytest.param("x.youcanbook.me", "youcanbookme", id="suffix"),
        pytest.param("a.na.chilipiper.com", "chilipiper", id="deep-suffix"),
        pytest.param("notcalendly.com", None, id="substring"),
        pytest.param("calendly.com.evil.io", None, id="prefix"),
    ],
)
def test_spec_for_host_matches_exactly_or_by_dot_suffix(host: str, slug: str | None) -> None:
    spec = spec_for_host(host)
    assert (spec.slug if spec else None, is_known_host(host)) == (slug, slug is not None)


@settings(max_examples=400)
@given(st.text(max_size=400))
def test_classify_url_never_raises_on_any_text(text: str) -> None:
    verdict = classify_url(text)
    assert verdict.accepted is (verdict.url is not None)


@settings(max_examples=400)
@given(
    st.sampled_from(
        sorted({h for spec in SPECS for h in spec.hosts} | {"x." + d for spec in SPECS for d in spec.domains})
    ),
    st.lists(st.text(alphabet="abcXYZ019-_.%@{}[]$:+~", max_size=12), max_size=6),
    st.text(alphabet="a=&?#/%", max_size=20),
)
def test_classify_url_never_raises_on_provider_shaped_urls(host: str, segments: list[str], tail: str) -> None:
    verdict = classify_url(f"https://{host}/{'/'.join(segments)}{tail}")
    assert verdict.accepted is (verdict.url is not None)
