"""The HTTP protocol ``schedlink serve`` gives uvicorn: its httptools parser with a bound on request heads.

httptools parses a request in C and costs about half of what h11 (pure Python) costs per request, which
on the hot ``POST /v1/inbound`` path is a tenth of a reply's time. Unlike h11 it holds a request line or
header of any length until it ends, so a client could make the server keep megabytes per connection:
here the bytes of a head still open are counted as they arrive and a head that grows past
``max_head_bytes`` is answered 400 and the connection closed.
"""

from __future__ import annotations

from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

MAX_HEAD_BYTES = 64 * 1024  # request line and headers together


class BoundedHeadProtocol(HttpToolsProtocol):
    """httptools with a bound on the request head.

    The read a head begins in is not counted (it may also end the previous request's body), only the
    reads that follow while the head is still open: a head is refused once those pass ``MAX_HEAD_BYTES``,
    so what one connection holds stays under that plus one read (at most 256 KB).
    """

    max_head_bytes = MAX_HEAD_BYTES

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head_open = False
        self._head_bytes = 0

    def data_received(self, data: bytes) -> None:
        if self._head_open:
            self._head_bytes += len(data)
            if self._head_bytes > self.max_head_bytes:
                self._head_open = False
                self.logger.warning("Request head over %d bytes refused.", self.max_head_bytes)
                self.send_400_response("Request line and headers too large.")
                return
        super().data_received(data)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._head_open = True
        self._head_bytes = 0

    def on_headers_complete(self) -> None:
        self._head_open = False
        super().on_headers_complete()
