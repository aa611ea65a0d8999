"""Closed-loop HTTP/1.1 load generator, meant to run in its own process beside the server under test.

Each of ``--connections`` keep-alive connections sends one request, reads the whole response and sends
the next, for ``--warmup`` seconds (not counted) and then ``--duration`` seconds (counted). Request bytes
are prepared up front and responses are framed by Content-Length (or chunked encoding), so the generator
spends little CPU and the figures describe the server rather than the client.

With ``--corpus`` the body of every request is a reply from the corpus (cycled) in the ``/v1/inbound``
shape, with a unique ``message_id`` and a lead drawn from a fixed pool, so some leads send several replies.

Output: one JSON line on stdout, ``{"requests", "seconds", "rps", "p50_ms", "p99_ms", "max_ms", "errors",
"status_counts", ...}``. ``requests`` counts every request started in the counted window (errors included);
``rps`` counts only the 2xx ones; an error is a non-2xx answer or a connection failure.

Run: ``python bench/loadgen.py --url http://127.0.0.1:8000 --path /healthz --duration 10``.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import random
import resource
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

_LEAD_POOL = 2_000
_GRACE_SECONDS = 10.0
_CONNECT_STATUS = "connect"
_IO_STATUS = "io"
_TIMEOUT_STATUS = "timeout"


class ProtocolError(Exception):
    """The server answered something this generator cannot frame (so the figures would be wrong)."""


@dataclass
class Stats:
    """What the counted window saw, shared by every connection of the run."""

    latencies: list[float] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)
    errors: int = 0
    ok: int = 0
    last_done: float = 0.0


@dataclass(frozen=True)
class Target:
    host: str
    port: int
    host_header: str


def _target(url: str) -> Target:
    parts = urlsplit(url)
    if parts.scheme != "http" or not parts.hostname:
        raise SystemExit(f"--url must be http://host[:port], got {url!r}")
    port = parts.port or 80
    host_header = parts.hostname if port == 80 else f"{parts.hostname}:{port}"
    return Target(parts.hostname, port, host_header)


def _corpus_rows(path: Path) -> list[dict[str, Any]]:
    """Corpus lines as message objects: a line's ``message`` object when it has one, else the line itself."""
    rows = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                obj = json.loads(line)
                rows.append(obj.get("message", obj))
    if not rows:
        raise SystemExit(f"{path}: no messages")
    return rows


def _lead_pool(rows: list[dict[str, Any]], size: int) -> list[bytes]:
    """Distinct leads as ready JSON; names reuse the corpus so they look like real people."""
    names = [(row.get("lead") or {}).get("name") or "Pat Lee" for row in rows]
    leads = []
    for index in range(size):
        name = names[index % len(names)]
        local = "".join(ch for ch in name.lower() if ch.isalnum()) or "lead"
        lead = {
            "email": f"{local}.{index}@lead{index % 97}.example",
            "phone": None,
            "name": name,
            "external_id": None,
        }
        leads.append(json.dumps(lead, separators=(",", ":")).encode())
    return leads


def _body_tails(rows: list[dict[str, Any]]) -> list[bytes]:
    """Everything of a body after the lead, serialised once per corpus message."""
    tails = []
    for row in rows:
        rest = {
            "channel": "email",
            "received_at": row["received_at"],
            "subject": row.get("subject"),
            "text": row.get("text") or "",
            "html": row.get("html"),
            "sentiment": row.get("sentiment"),
        }
        tails.append(b"," + json.dumps(rest, separators=(",", ":"))[1:].encode())
    return tails


def _request_source(args: argparse.Namespace, target: Target) -> Callable[[], bytes]:
    """A cheap function returning the next request's bytes."""
    head = f"{args.method} {args.path} HTTP/1.1\r\nHost: {target.host_header}\r\n"
    if args.key:
        head += f"Authorization: Bearer {args.key}\r\n"
    if args.corpus is None:
        fixed = (
            (head + "Content-Length: 0\r\n\r\n").encode()
            if args.method != "GET"
            else (head + "\r\n").encode()
        )
        return lambda: fixed

    rows = _corpus_rows(args.corpus)
    tails = _body_tails(rows)
    leads = _lead_pool(rows, args.leads)
    head_bytes = (head + "Content-Type: application/json\r\nContent-Length: ").encode()
    prefix = f'{{"message_id":"bench-{args.run_id}-'.encode()
    chooser = random.Random(args.run_id)
    counter: Iterator[int] = itertools.count()
    n_rows = len(tails)
    n_leads = len(leads)

    def next_request() -> bytes:
        n = next(counter)
        body = b"".join(
            (prefix, str(n).encode(), b'","lead":', leads[chooser.randrange(n_leads)], tails[n % n_rows])
        )
        return b"".join((head_bytes, str(len(body)).encode(), b"\r\n\r\n", body))

    return next_request


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    """Read one whole response; return its status and whether the server keeps the connection open."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    try:
        status = int(lines[0].split(" ", 2)[1])
    except (IndexError, ValueError) as exc:
        raise ProtocolError(f"bad status line {lines[0]!r}") from exc
    length: int | None = None
    chunked = False
    keep_alive = True
    for line in lines[1:]:
        name, _, value = line.partition(":")
        name = name.strip().lower()
        if name == "content-length":
            length = int(value)
        elif name == "transfer-encoding":
            chunked = "chunked" in value.lower()
        elif name == "connection":
            keep_alive = "close" not in value.lower()
    if chunked:
        while True:
            size_line = await reader.readuntil(b"\r\n")
            size = int(size_line.split(b";", 1)[0], 16)
            if size == 0:
                while await reader.readuntil(b"\r\n") != b"\r\n":
                    pass
                break
            await reader.readexactly(size + 2)
    elif length is not None:
        await reader.readexactly(length)
    elif status >= 200 and status not in (204, 304):
        raise ProtocolError(f"response {status} has neither Content-Length nor chunked encoding")
    return status, keep_alive


async def _connection(
    target: Target, next_request: Callable[[], bytes], stats: Stats, start: float, end: float
) -> None:
    """One keep-alive connection sending requests back to back until the window closes."""
    clock = time.perf_counter
    writer: asyncio.StreamWriter | None = None
    reader: asyncio.StreamReader | None = None
    while clock() < end:
        sent = clock()
        status_key: str
        try:
            if writer is None or reader is None:
                reader, writer = await asyncio.open_connection(target.host, target.port)
            writer.write(next_request())
            status, keep_alive = await _read_response(reader)
            status_key = str(status)
            if not keep_alive:
                writer.close()
                writer = reader = None
        except ProtocolError:
            raise
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError) as exc:
            status_key = f"{_CONNECT_STATUS if writer is None else _IO_STATUS}:{type(exc).__name__}"
            status = 0
            if writer is not None:
                writer.close()
            writer = reader = None
        done = clock()
        if sent >= start:
            stats.statuses[status_key] += 1
            if 200 <= status < 300:
                stats.ok += 1
            else:
                stats.errors += 1
            if status:
                stats.latencies.append(done - sent)
            stats.last_done = max(stats.last_done, done)
        if not status:
            await asyncio.sleep(0.05)
    if writer is not None:
        writer.close()


def _percentile(ordered: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an already sorted list, in milliseconds."""
    if not ordered:
        return 0.0
    rank = max(0, min(len(ordered) - 1, int(fraction * len(ordered) + 0.999999) - 1))
    return ordered[rank] * 1000.0


async def _run(args: argparse.Namespace) -> dict[str, Any]:
    target = _target(args.url)
    next_request = _request_source(args, target)
    stats = Stats()
    start = time.perf_counter() + args.warmup
    end = start + args.duration
    tasks = [
        asyncio.create_task(_connection(target, next_request, stats, start, end))
        for _ in range(args.connections)
    ]
    done, pending = await asyncio.wait(tasks, timeout=args.warmup + args.duration + _GRACE_SECONDS)
    for task in pending:
        task.cancel()
    stats.errors += len(pending)
    if pending:
        stats.statuses[_TIMEOUT_STATUS] += len(pending)
    for task in done:
        task.result()
    seconds = max(end, stats.last_done) - start
    ordered = sorted(stats.latencies)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "requests": stats.ok + stats.errors,
        "seconds": round(seconds, 3),
        "rps": round(stats.ok / seconds, 1) if seconds > 0 else 0.0,
        "p50_ms": round(_percentile(ordered, 0.50), 2),
        "p99_ms": round(_percentile(ordered, 0.99), 2),
        "max_ms": round(ordered[-1] * 1000.0, 2) if ordered else 0.0,
        "errors": stats.errors,
        "status_counts": dict(sorted(stats.statuses.items())),
        "connections": args.connections,
        "path": args.path,
        "client_cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
    }


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--url", required=True, help="Base URL, e.g. http://127.0.0.1:8000")
    parser.add_argument("--path", default="/healthz")
    parser.add_argument("--method", default="GET")
    parser.add_argument("--key", default=None, help="Bearer API key.")
    parser.add_argument("--corpus", type=Path, default=None, help="JSONL replies to post as request bodies.")
    parser.add_argument("--duration", type=float, default=10.0, help="Counted seconds.")
    parser.add_argument("--warmup", type=float, default=1.0, help="Seconds before counting starts.")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--leads", type=int, default=_LEAD_POOL, help="Distinct leads the replies come from.")
    parser.add_argument("--run-id", default="0", help="Makes message ids unique across runs.")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.connections < 1 or args.duration <= 0 or args.warmup < 0 or args.leads < 1:
        raise SystemExit("--connections and --leads must be >= 1, --duration > 0, --warmup >= 0")
    try:
        import uvloop

        runner: Callable[..., Any] = uvloop.run
    except ImportError:
        runner = asyncio.run
    try:
        result = runner(_run(args))
    except ProtocolError as exc:
        print(f"loadgen: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
