"""Driving a provider's HTTP plan (``domain/http_plan.py``) through the guarded fetcher.

One driver for every plan — reading a page's free slots, booking, reading a booking back — so every
request a provider module describes passes the same host, address, size, time and rate checks. The one
thing this layer adds is the submit rule: if the request a plan marks ``submits`` fails in transit, the
provider may have acted on it, so that failure is ``SubmitUnanswered``, never an ordinary error that
something might retry.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import TypeVar

from schedlink.domain.http_plan import HttpRequest, HttpResponse, Plan
from schedlink.net.errors import FetchFailed
from schedlink.net.fetcher import GuardedFetcher

T = TypeVar("T")
# Sees every request and response of a plan (for the evidence); ``None`` response: it never came.
Observer = Callable[[HttpRequest, "HttpResponse | None"], None]


class TooManyRequests(Exception):
    """The plan asked for more requests than it may make."""


class SubmitUnanswered(FetchFailed):
    """The submitting request was sent (or may have been) and no answer came: the outcome is unknown."""


def drive(
    plan: Plan[T],
    fetcher: GuardedFetcher,
    *,
    allowed_hosts: Collection[str],
    rate_key: str,
    max_requests: int = 12,
    observe: Observer | None = None,
    on_submit: Callable[[], None] | None = None,
) -> T:
    """Run ``plan`` to its result. ``on_submit`` is called right before a submitting request is sent (the
    core commits ``submitting`` there); fetch errors other than a submit's propagate unchanged."""
    sent = 0
    try:
        request = next(plan)
        while True:
            sent += 1
            if sent > max_requests:
                raise TooManyRequests(f"the provider plan took more than {max_requests} requests")
            if request.submits and on_submit is not None:
                on_submit()
            try:
                response = fetcher.fetch(request, allowed_hosts=allowed_hosts, rate_key=rate_key)
            except FetchFailed as error:
                if observe is not None:
                    observe(request, None)
                if request.submits:
                    raise SubmitUnanswered(str(error)) from error
                raise
            if observe is not None:
                observe(request, response)
            request = plan.send(response)
    except StopIteration as finished:
        result: T = finished.value
        return result
    finally:
        plan.close()
