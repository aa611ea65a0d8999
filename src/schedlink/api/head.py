"""``HEAD`` wherever ``GET`` works: answered as the ``GET`` would be, without the body.

FastAPI routes declare ``GET`` only, so a monitor's or a proxy's ``HEAD`` got 405. Rather than declare
every route twice, a ``HEAD`` is run as a ``GET`` and its body dropped (headers, ``Content-Length``
included, stay those of the ``GET``, as RFC 9110 asks).
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class HeadAsGet:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                if not message.get("more_body", False):
                    await send({"type": "http.response.body", "body": b"", "more_body": False})
                return
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, without_body)
