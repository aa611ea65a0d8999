"""Reading a response body without ever holding more than the size limit, compressed or not.

We decode gzip/deflate ourselves with zlib's ``max_length`` so a small compressed answer that inflates to
gigabytes (a "zip bomb") is stopped after ``limit`` + 1 decoded bytes, instead of being inflated chunk by
chunk into memory first and measured afterwards.
"""

from __future__ import annotations

import zlib

# Only these are offered in Accept-Encoding, so only these need decoding.
ACCEPT_ENCODING = "gzip, deflate"
_AUTO_HEADER = 32 + zlib.MAX_WBITS  # accepts a gzip or zlib header
_RAW_DEFLATE = -zlib.MAX_WBITS


class BodyTooBig(Exception):
    """The decoded body passed the limit."""


class BadEncoding(Exception):
    """The body is not valid in the content encoding the server declared, or that encoding is unknown."""


class BoundedBody:
    """Collects decoded body bytes for one ``Content-Encoding``, refusing to grow past ``limit``."""

    def __init__(self, content_encoding: str, limit: int) -> None:
        codings = [c.strip().lower() for c in content_encoding.split(",") if c.strip()]
        codings = [c for c in codings if c != "identity"]
        if len(codings) > 1 or (codings and codings[0] not in ("gzip", "x-gzip", "deflate")):
            raise BadEncoding(f"unsupported content encoding: {content_encoding}")
        self._compressed = bool(codings)
        self._decoder = zlib.decompressobj(_AUTO_HEADER)
        self._started = False
        self._limit = limit
        self._parts: list[bytes] = []
        self._size = 0

    def feed(self, data: bytes) -> None:
        """Add one chunk as it came off the wire."""
        if not self._compressed:
            self._keep(data)
            return
        pending = data
        while pending and not self._decoder.eof:
            try:
                out = self._decoder.decompress(pending, self._limit - self._size + 1)
            except zlib.error as error:
                if self._started:
                    raise BadEncoding(f"the compressed body is damaged ({error})") from None
                # Some servers send "deflate" without the zlib header: retry as raw deflate.
                self._decoder = zlib.decompressobj(_RAW_DEFLATE)
                self._started = True
                continue
            self._started = True
            self._keep(out)
            pending = self._decoder.unconsumed_tail

    def finish(self) -> bytes:
        """The whole decoded body."""
        if self._compressed and not self._decoder.eof:
            try:
                self._keep(self._decoder.flush())
            except zlib.error as error:
                raise BadEncoding(f"the compressed body is damaged ({error})") from None
        return b"".join(self._parts)

    def _keep(self, data: bytes) -> None:
        self._size += len(data)
        if self._size > self._limit:
            raise BodyTooBig(f"more than {self._limit} bytes")
        if data:
            self._parts.append(data)
