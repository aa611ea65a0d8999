"""Invariant 5 over HTTP: a real ``schedlink serve`` with two app processes, hit by 20 simultaneous
deliveries of one reply, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from ports import free_port
from schedlink.service.workspaces import NewWorkspace, create_workspace
from schedlink.store.db import open_database
from schedlink.store.models import InboundMessageRow, LinkSightingRow, ReviewTaskRow

pytestmark = pytest.mark.e2e  # in a split run, with the other files of MANY_PROCESSES (tests/conftest.py)

DELIVERIES = 20


@pytest.fixture
def server(database_url: str, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """A running two-process server over a fresh database, and an API key for it."""
    db = open_database(database_url)
    try:
        key = create_workspace(db, NewWorkspace(name="Acme", timezone="UTC")).api_key
    finally:
        db.dispose()
    port = free_port()
    command = [str(Path(sys.executable).parent / "schedlink"), "serve", "--port", str(port), "--workers", "2"]
    log = (tmp_path / "server.log").open("w")
    process = subprocess.Popen(
        [*command, "--database-url", database_url, "--no-access-log"],
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=tmp_path,  # the embedded worker's queue file lands here when the database is not a file
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60  # two app processes, on a busy machine
        while True:
            assert process.poll() is None, (tmp_path / "server.log").read_text()
            try:
                if httpx.get(base + "/healthz").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.05)
        yield base, key
    finally:
        process.terminate()
        process.wait(timeout=15)
        log.close()


def test_twenty_simultaneous_deliveries_over_http_store_one_message(
    server: tuple[str, str], database_url: str
) -> None:
    base, key = server
    body = {
        "message_id": "<same@mail.example>",
        "received_at": "2026-11-20T15:00:00Z",
        "lead": {"email": "jo@reyes.example", "name": "Jo Reyes"},
        "text": "Please book through calendly.com/jo-reyes/30min",
    }
    barrier = threading.Barrier(DELIVERIES)

    def deliver(_: int) -> httpx.Response:
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {key}"}) as client:
            barrier.wait()
            return client.post("/v1/inbound", json=body, timeout=30)

    with ThreadPoolExecutor(DELIVERIES) as pool:
        responses = list(pool.map(deliver, range(DELIVERIES)))

    assert {r.status_code for r in responses} == {200}
    assert len({r.content for r in responses}) == 1  # the same answer, byte for byte
    assert sorted(r.headers["Schedlink-Replayed"] for r in responses).count("false") == 1
    answer = json.loads(responses[0].content)
    assert answer["act"] is True
    assert answer["task_id"]
    db = open_database(database_url)
    try:
        with db.read() as session:
            for model in (InboundMessageRow, LinkSightingRow, ReviewTaskRow):
                assert session.scalar(select(func.count()).select_from(model)) == 1, model.__tablename__
    finally:
        db.dispose()
