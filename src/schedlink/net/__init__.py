"""Network adapters: every server-side request to a lead- or workspace-provided URL goes through here.

``GuardedFetcher`` is the one way to fetch such a URL (https only, allowed hosts, public addresses pinned
against DNS rebinding, bounded size and time, rate limits); ``read_offered_slots`` drives a provider's pure
slot plan through it; ``check_public_url`` vets URLs that another HTTP client (CalDAV) must open.
"""

from schedlink.net.addresses import check_public_url, is_public_address, system_resolver
from schedlink.net.errors import FetchFailed, FetchRefused
from schedlink.net.fetcher import ANY_PUBLIC_HOST, USER_AGENT, FetchLimits, GuardedFetcher, Resolver
from schedlink.net.lead_pages import NoSlotReader, read_offered_slots
from schedlink.net.ratelimit import RateLimiter

__all__ = [
    "ANY_PUBLIC_HOST",
    "USER_AGENT",
    "FetchFailed",
    "FetchLimits",
    "FetchRefused",
    "GuardedFetcher",
    "NoSlotReader",
    "RateLimiter",
    "Resolver",
    "check_public_url",
    "is_public_address",
    "read_offered_slots",
    "system_resolver",
]
