"""``schedlink serve --demo`` as a user starts it: a real server process, driven over HTTP."""

from __future__ import annotations

import json
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO, Any

import httpx
import pytest

from ports import free_port

pytestmark = pytest.mark.e2e

START_TIMEOUT = 20.0
DEMO_LAST_LINE = "API reference:"


def _schedlink() -> str:
    installed = Path(sys.executable).parent / "schedlink"
    if installed.exists():
        return str(installed)
    found = shutil.which("schedlink")
    assert found, "the schedlink entry point is not installed"
    return found


def _lines_of(stream: IO[str]) -> queue.Queue[str | None]:
    """The stream's lines as they come (``None`` at its end), so reads can give up after a deadline."""
    lines: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:
        for line in stream:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    return lines


def _demo_banner(lines: queue.Queue[str | None], deadline: float) -> str:
    """What the server printed up to the last line of its demo banner."""
    seen: list[str] = []
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            break
        if line is None:
            break
        seen.append(line)
        if line.startswith(DEMO_LAST_LINE):
            return "".join(seen)
    pytest.fail("the demo banner did not appear:\n" + "".join(seen))


def _wait_healthy(client: httpx.Client, process: subprocess.Popen[str], deadline: float) -> None:
    while time.monotonic() < deadline:
        assert process.poll() is None, "the server exited before it answered"
        try:
            if client.get("/healthz").status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    pytest.fail("the server did not answer /healthz in time")


def _task_when_suggested(client: httpx.Client, task_id: str, headers: dict[str, str]) -> dict[str, Any]:
    deadline = time.monotonic() + 60
    while True:
        task: dict[str, Any] = client.get(f"/v1/tasks/{task_id}", headers=headers).json()
        if task["suggestions_state"] != "waiting" or time.monotonic() > deadline:
            return task
        time.sleep(0.1)


def test_the_demo_server_takes_the_printed_example_and_opens_a_task(tmp_path: Path) -> None:
    port = free_port()
    command = [
        _schedlink(), "serve", "--demo", "--port", str(port), "--no-access-log",
        "--database-url", f"sqlite:///{tmp_path / 'x.db'}",
    ]  # fmt: skip
    environment = {**os.environ, "PYTHONUNBUFFERED": "1"}
    environment.pop("SCHEDLINK_DATABASE_URL", None)
    log = tmp_path / "server.log"
    with (
        log.open("w") as errors,
        subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=errors, text=True, env=environment, cwd=tmp_path
        ) as process,
    ):
        try:
            assert process.stdout is not None
            deadline = time.monotonic() + START_TIMEOUT
            banner = _demo_banner(_lines_of(process.stdout), deadline)
            base = f"http://127.0.0.1:{port}"
            with httpx.Client(base_url=base, timeout=5.0) as client:
                _wait_healthy(client, process, deadline)

                key_match = re.search(r"API key: (sl_\S+)", banner)
                body_match = re.search(r"-d '(\{.*\})'", banner)
                assert key_match, banner
                assert body_match, banner
                assert f"{base}/v1/inbound" in banner
                headers = {"Authorization": f"Bearer {key_match.group(1)}"}
                example: dict[str, Any] = json.loads(body_match.group(1))

                posted = client.post("/v1/inbound", json=example, headers=headers)
                assert posted.status_code == 200, posted.text
                answer = posted.json()
                assert answer["act"] is True
                assert answer["provider"] == "calendly"
                assert answer["task_id"]

                listed = client.get("/v1/tasks", params={"status": "open"}, headers=headers)
                assert listed.status_code == 200, listed.text
                assert answer["task_id"] in [task["id"] for task in listed.json()["items"]]
                refused = client.get("/v1/tasks", headers={"Authorization": "Bearer sl_nope"})
                assert refused.status_code == 401
                # The embedded worker computes the suggestions in the background.
                task = _task_when_suggested(client, answer["task_id"], headers)
                assert task["suggestions_state"] == "ready", task
                assert task["suggestions_note"]
        finally:
            process.terminate()
            try:
                code = process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
                pytest.fail("the server did not stop on SIGTERM")

    # uvicorn shuts down gracefully, then re-raises the signal so the exit status reports it.
    assert code in (0, -signal.SIGTERM), log.read_text()
    assert "Finished server process" in log.read_text()
