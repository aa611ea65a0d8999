"""A CalDAV calendar, or every calendar of a principal or calendar home, as busy time (via `caldav`).

The server is asked only for events touching the window (a time-range REPORT); the raw objects are then
read by `busy_from_ics`, the code that reads published feeds, so recurrence, time zones, transparency and
the size, instance and time limits mean the same for both kinds of calendar.

The caller vets the address it passes in. The server may point elsewhere (a redirect, a calendar home or
calendar on another host), and the client would send the same credentials there, so by default only the
address's own scheme, host and port are followed; ``url_check`` lets the caller vet other addresses
instead (it raises to refuse one). Each request waits at most ``timeout`` seconds for the server and the
whole exchange at most twice that.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urljoin, urlsplit

from caldav.collection import Calendar, CalendarSet
from caldav.davclient import DAVClient
from caldav.davobject import DAVObject
from caldav.elements import cdav, dav
from caldav.lib import error as caldav_error

from schedlink.calendars.deadline import TimeLimitExceeded, run_with_time_limit
from schedlink.calendars.ics import DEFAULT_LIMITS, busy_from_ics
from schedlink.calendars.model import BusyRead, CalendarError, CalendarLimits
from schedlink.calendars.times import team_zone
from schedlink.domain.availability.intervals import as_utc

__all__ = ["busy_from_caldav"]

UrlCheck = Callable[[str], None]

_CALENDAR_TYPE = "{urn:ietf:params:xml:ns:caldav}calendar"
_HOME_SET = "{urn:ietf:params:xml:ns:caldav}calendar-home-set"
# Each request waits at most `timeout`; the whole exchange (several requests, or a server sending its
# answer very slowly) at most this many times as long.
_EXCHANGE_TIMEOUTS = 2
# Servers match floating and all-day events against the range in UTC; a day each side covers every zone.
_SEARCH_MARGIN = timedelta(days=1)


def busy_from_caldav(
    url: str,
    *,
    username: str | None,
    password: str | None,
    window_start: datetime,
    window_end: datetime,
    default_zone: str,
    tentative_busy: bool = True,
    limits: CalendarLimits = DEFAULT_LIMITS,
    timeout: float = 10.0,
    url_check: UrlCheck | None = None,
) -> BusyRead:
    """Busy time in ``[window_start, window_end)`` from the calendar(s) at ``url``, merged and in UTC.

    Raises `CalendarError` with a plain reason when the server cannot be reached, refuses the sign-in,
    has nothing at the address, answers with an error, or is too slow (see the module docstring).
    """
    start, end = as_utc(window_start, "window start"), as_utc(window_end, "window end")
    if start >= end:
        raise ValueError("the window must end after it starts")
    team_zone(default_zone)  # a bad zone is the caller's mistake, found before going to the server
    check = url_check or _same_origin_as(url)

    def fetch() -> _Fetched:
        return _fetch(url, username, password, start - _SEARCH_MARGIN, end + _SEARCH_MARGIN, timeout, check)

    try:
        fetched = run_with_time_limit(fetch, _EXCHANGE_TIMEOUTS * timeout)
    except TimeLimitExceeded:
        raise CalendarError(
            f"the calendar server took more than {_EXCHANGE_TIMEOUTS * timeout:g} seconds to answer"
        ) from None
    if not fetched.objects:
        return BusyRead(busy=[], events=0, skipped=fetched.notes)
    read = busy_from_ics(
        "".join(fetched.objects),
        window_start=start,
        window_end=end,
        default_zone=default_zone,
        tentative_busy=tentative_busy,
        limits=limits,
    )
    return BusyRead(busy=read.busy, events=read.events, skipped=fetched.notes + read.skipped)


@dataclass(slots=True)
class _Fetched:
    objects: list[str] = field(default_factory=list)  # raw iCalendar text, one VCALENDAR each
    notes: list[str] = field(default_factory=list)


def _fetch(
    url: str,
    username: str | None,
    password: str | None,
    start: datetime,
    end: datetime,
    timeout: float,
    check: UrlCheck,
) -> _Fetched:
    try:
        client = DAVClient(
            url=url,
            username=username,
            password=password,
            timeout=timeout,  # type: ignore[arg-type]  # annotated int, but the HTTP layer takes float seconds
            enable_rfc6764=False,  # DNS discovery could lead anywhere; use the address as given
        )
        client.session.hooks["response"].append(_redirect_guard(check))
        with client:
            fetched = _Fetched()
            for calendar in _calendars_at(client, url, check, fetched):
                found: object = calendar.search(
                    start=start, end=end, event=True, expand=False, post_filter=False
                )
                assert isinstance(found, list)
                fetched.objects.extend(_text(item.data) for item in found)
            return fetched
    except CalendarError:
        raise
    except Exception as exc:  # the server and its answers come from outside: say what went wrong
        raise CalendarError(_plain_reason(exc, timeout)) from None


def _calendars_at(client: DAVClient, url: str, check: UrlCheck, fetched: _Fetched) -> list[Calendar]:
    """The calendar at ``url``, or the calendars in the home of the principal or home at ``url``."""
    props = DAVObject(client=client, url=url).get_properties([dav.ResourceType(), cdav.CalendarHomeSet()])
    assert isinstance(props, dict)  # a coroutine only with the async client
    kinds = props.get("{DAV:}resourcetype") or []
    if _CALENDAR_TYPE in (kinds if isinstance(kinds, list) else [kinds]):
        return [Calendar(client=client, url=url)]
    home = urljoin(url, str(props[_HOME_SET])) if props.get(_HOME_SET) else url
    _vet(check, home)
    listed = CalendarSet(client=client, url=home).get_calendars()
    assert isinstance(listed, list)
    calendars: list[Calendar] = []
    elsewhere = 0
    for calendar in listed:
        try:
            check(str(calendar.url))
        except Exception:  # refused by the check, whatever its exception type
            elsewhere += 1
            continue
        calendars.append(calendar)
    if elsewhere:
        fetched.notes.append(f"{elsewhere} calendar{'' if elsewhere == 1 else 's'} on another server ignored")
    if not calendars and not elsewhere:
        raise CalendarError(
            "there is no calendar at this address: it is neither a calendar nor a calendar home"
        )
    return calendars


def _same_origin_as(url: str) -> UrlCheck:
    origin = _origin(url)

    def check(other: str) -> None:
        if _origin(other) != origin:
            raise CalendarError(f"the calendar server pointed to another server ({urlsplit(other).netloc})")

    return check


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    default_port = {"http": 80, "https": 443}.get(parts.scheme.lower())
    return parts.scheme.lower(), (parts.hostname or "").lower(), parts.port or default_port


def _vet(check: UrlCheck, url: str) -> None:
    try:
        check(url)
    except CalendarError:
        raise
    except Exception as exc:
        raise CalendarError(f"the calendar server pointed to an address that is not allowed: {exc}") from None


def _redirect_guard(check: UrlCheck) -> Callable[..., Any]:
    def guard(response: Any, **_: Any) -> Any:
        location = response.headers.get("Location") if response.is_redirect else None
        if location:
            try:
                _vet(check, urljoin(str(response.url), location))
            except CalendarError:
                response.close()  # the HTTP layer never sees this response again: release its connection
                raise
        return response

    return guard


def _text(data: str | bytes) -> str:
    text = data.decode("utf-8", errors="replace") if isinstance(data, bytes) else data
    return text if text.endswith("\n") else text + "\r\n"


def _plain_reason(exc: Exception, timeout: float) -> str:
    if isinstance(exc, caldav_error.AuthorizationError):
        return "the calendar server refused the sign-in: check the user name and password"
    if isinstance(exc, caldav_error.NotFoundError):
        return "the calendar server has nothing at this address (not found): check the address"
    if _is_timeout(exc):
        return f"the calendar server did not answer within {timeout:g} seconds"
    if isinstance(exc, caldav_error.DAVError):
        return f"the calendar server answered with an error: {_first_line(exc)}"
    if isinstance(exc, OSError):
        return f"could not reach the calendar server: {_first_line(exc)}"
    return f"the calendar server's answer could not be understood: {_first_line(exc)}"


def _is_timeout(exc: BaseException) -> bool:
    # The HTTP layer under caldav has its own timeout classes; match them by name rather than import it.
    return isinstance(exc, TimeoutError) or any(
        kind.__name__.endswith("Timeout") for kind in type(exc).__mro__
    )


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    line = lines[0] if lines else type(exc).__name__
    return line if len(line) <= 160 else line[:159] + "…"
