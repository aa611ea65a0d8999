"""A shared shape for the small providers added for issue 12: a booking page at fixed path segments.

``page`` accepts ``https://{host}/{segments…}`` when every segment is a slug and the last is no static
file, with merge tags rejected and example slugs (``yourname``) marked as placeholders.
"""

from __future__ import annotations

from schedlink.domain.providers.base import (
    Recognition,
    accept,
    build,
    is_asset,
    is_slug,
    join,
    placeholder_kind,
    reject,
)


def page(
    provider: str,
    host: str,
    segments: tuple[str, ...],
    *,
    owner: str | None = None,
    event: str | None = None,
    fragment: str = "",
) -> Recognition:
    """The page at ``host`` + ``segments`` (and ``fragment``), or why it is not one."""
    slugs = tuple(s for s in (owner, *segments) if s)
    if placeholder_kind(slugs) == "merge":
        return reject(provider, "unrendered merge tag")
    if not all(is_slug(s) for s in segments) or (segments and is_asset(segments[-1])):
        return reject(provider, "not a booking path")
    if event is None and segments:
        event = segments[-1]
    return accept(provider, build(host, join(*segments), fragment=fragment), owner, event, *slugs)


def hosts(*names: str) -> frozenset[str]:
    """Each name with and without ``www.``."""
    return frozenset(name for host in names for name in (host, "www." + host))
