"""Group commit for ``POST /v1/inbound``: the replies that reach their write in one turn of the event
loop are written in one transaction (``service.inbound.receive_together``).

Each request is checked and analysed on its own; its write then waits for the end of the loop's turn,
when every reply that got that far meanwhile is written together. An idle server writes a reply in the
turn it arrived in, as before; a busy one writes the replies that came in while the last group was being
written. Each request is answered with its own outcome, once its reply is committed.
"""

from __future__ import annotations

import asyncio

from schedlink.service.inbound import Analysed, Outcome, receive_together
from schedlink.store.db import Database

# Replies written in one transaction at most: more would hold their leads' locks longer for little gain.
MAX_GROUP = 32

_Waiting = list[tuple[Analysed, "asyncio.Future[Outcome]"]]


class GroupCommit:
    """Collects the replies of one loop turn and writes them together; one per app and database."""

    def __init__(self, db: Database, limit: int = MAX_GROUP) -> None:
        self._db = db
        self._limit = limit
        self._waiting: dict[asyncio.AbstractEventLoop, _Waiting] = {}

    async def store(self, reply: Analysed) -> Outcome:
        loop = asyncio.get_running_loop()
        stored: asyncio.Future[Outcome] = loop.create_future()
        waiting = self._waiting.get(loop)
        if waiting is None:
            waiting = self._waiting[loop] = []
            loop.call_soon(self._write, loop)
        waiting.append((reply, stored))
        return await stored

    def _write(self, loop: asyncio.AbstractEventLoop) -> None:
        """Write the first ``limit`` waiting replies; any more go in the next turn, so that the answers of
        these are sent first."""
        waiting = self._waiting[loop]
        group, rest = waiting[: self._limit], waiting[self._limit :]
        if rest:
            self._waiting[loop] = rest
            loop.call_soon(self._write, loop)
        else:
            del self._waiting[loop]
        try:
            outcomes = receive_together(self._db, [reply for reply, _ in group])
        except BaseException as error:  # nothing may be left waiting for an answer that never comes
            for _, stored in group:
                if not stored.done():
                    stored.set_exception(error)
            raise
        for (_, stored), outcome in zip(group, outcomes, strict=True):
            if stored.done():  # its request went away; the reply is stored all the same
                continue
            if isinstance(outcome, Exception):
                stored.set_exception(outcome)
            else:
                stored.set_result(outcome)
