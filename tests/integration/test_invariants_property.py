"""Invariants 3–5 as properties: any set of replies, delivered in any order and any number of times,
leaves each lead with the link of its newest reply, at most one open task, and every message once."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from random import Random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from service_helpers import T0, counts, reply, workspace
from sqlalchemy import select

from db_fixtures import PostgresTemplate, SqliteTemplate
from schedlink.service.inbound import receive
from schedlink.store.db import open_database
from schedlink.store.models import LeadRow, ReviewTaskRow

pytestmark = pytest.mark.integration

LEADS = ("ana@x.io", "bo@x.io")
TEXTS = {
    "book": "Please book through calendly.com/{owner}/{event}",
    "mention": "Not now, thanks. calendly.com/{owner}/{event} is for clients.",
    "plain": "Thanks, we will get back to you.",
}

replies = st.lists(
    st.tuples(
        st.sampled_from(LEADS),
        st.sampled_from(sorted(TEXTS)),
        st.sampled_from(("a", "b", "c")),  # which event link, when the text has one
        st.integers(min_value=0, max_value=20),  # minutes after T0: ties happen on purpose
    ),
    min_size=1,
    max_size=8,
)


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_database(
    request: pytest.FixtureRequest, sqlite_template: SqliteTemplate, tmp_path_factory: pytest.TempPathFactory
) -> Callable[[], str]:
    """A maker of empty databases: hypothesis runs many examples inside one test."""
    if request.param == "sqlite":
        return lambda: sqlite_template.fresh(Path(tmp_path_factory.mktemp("prop")))
    template: PostgresTemplate | None = request.getfixturevalue("postgres_template")
    if template is None:
        pytest.skip("PostgreSQL not reachable (set SCHEDLINK_TEST_POSTGRES_URL)")
    return template.fresh


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(sent=replies, order=st.randoms(use_true_random=False), repeats=st.integers(min_value=0, max_value=3))
def test_any_delivery_order_ends_in_the_same_state(
    fresh_database: Callable[[], str], sent: list[tuple[str, str, str, int]], order: Random, repeats: int
) -> None:
    db = open_database(fresh_database())
    try:
        ws = workspace(db)
        deliveries = [
            reply(
                TEXTS[kind].format(owner=email.split("@")[0], event=event),
                f"m{n}",
                email=email,
                minutes=minute,
            )
            for n, (email, kind, event, minute) in enumerate(sent)
        ]
        schedule = deliveries + [order.choice(deliveries) for _ in range(repeats)]
        order.shuffle(schedule)
        answers: dict[str, dict[str, object]] = {}
        for inbound in schedule:
            answer = receive(db, ws, inbound).answer
            message_id = inbound.message.message_id or ""
            assert answers.setdefault(message_id, answer) == answer  # a redelivery answers the same

        assert counts(db)["messages"] == len(deliveries)
        with db.read() as session:
            leads = {lead.email: lead for lead in session.scalars(select(LeadRow))}
            open_tasks = list(session.scalars(select(ReviewTaskRow).where(ReviewTaskRow.status == "open")))
        for email in LEADS:
            mine = [
                (T0 + timedelta(minutes=minute), f"m{n}", kind, event)
                for n, (e, kind, event, minute) in enumerate(sent)
                if e == email
            ]
            if not mine:
                assert email not in leads
                continue
            with_link = [m for m in mine if m[2] != "plain"]
            newest = max(with_link, default=None)
            expected = f"https://calendly.com/{email.split('@')[0]}/{newest[3]}" if newest else None
            assert leads[email].external_scheduling_link == expected
            tasks = [t for t in open_tasks if t.lead_id == leads[email].id]
            asked = [m for m in mine if m[2] == "book"]
            assert len(tasks) == (1 if asked else 0)
            if asked:
                # The task carries the newest link among the replies that asked for a booking or came later.
                newest_ask = max(asked)
                assert tasks[0].link in {
                    expected,
                    f"https://calendly.com/{email.split('@')[0]}/{newest_ask[3]}",
                }
        assert len({t.lead_id for t in open_tasks}) == len(open_tasks)
        assert uuid.UUID(str(ws))
    finally:
        db.dispose()
