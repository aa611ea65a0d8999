"""Ingest benchmark: messages per second and latency of ``POST /v1/inbound`` on each database backend.

For every backend it creates a fresh database (sqlite: a file in a temporary directory; postgresql: a
throwaway ``schedlink_bench_<pid>`` database, dropped afterwards), runs ``schedlink db upgrade`` and
``schedlink workspace create``, starts ``schedlink serve`` on a free port and drives it with
``bench/loadgen.py`` in a separate process: first ``GET /healthz`` (the HTTP floor: what the server and
framework cost with no work at all), then ``POST /v1/inbound`` with the dev corpus replies: first for
``--seed`` seconds, uncounted, so that the measured run meets a workspace whose leads have a history (on
PostgreSQL followed by ``ANALYZE``, which autovacuum runs within a minute of a database's first writes),
then the measured run.

Targets on ``/v1/inbound`` with two app processes, no errors: SQLite at least 1,000 messages/s with p99
under 50 ms, PostgreSQL at least 800 messages/s with p99 under 80 ms.

Run: ``.venv/bin/python bench/ingest.py --backends sqlite,postgresql --duration 10``.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from rich.console import Console
from rich.table import Table

_HERE = Path(__file__).resolve().parent
_LOADGEN = _HERE / "loadgen.py"
_DEFAULT_CORPUS = _HERE.parent.parent / "shared" / "corpus" / "replies_dev.jsonl"
_DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
_BACKENDS = ("sqlite", "postgresql")
# Per backend with two app processes: messages/s at least, p99 ms below.
_TARGETS = {"sqlite": (1000.0, 50.0), "postgresql": (800.0, 80.0)}
_START_TIMEOUT_S = 30.0
_STOP_TIMEOUT_S = 10.0
_TAIL_LINES = 20
_WORKSPACE_TIMEZONE = "America/New_York"

# Wide enough for the table when the output is a file or a pipe (rich assumes 80 columns there).
_console = Console() if sys.stdout.isatty() else Console(width=140)
_err = Console(stderr=True)


class BenchError(Exception):
    """A step of the setup failed; the message says which, with the command's output."""


@dataclass(frozen=True)
class Result:
    backend: str
    target: str
    figures: dict[str, Any]


def _schedlink() -> Path:
    return Path(sys.executable).parent / "schedlink"


def _tail(text: str, lines: int = _TAIL_LINES) -> str:
    return "\n".join(text.rstrip().splitlines()[-lines:])


def _run_cli(schedlink: Path, args: Sequence[str], env: dict[str, str]) -> str:
    """Run one ``schedlink`` command and return its stdout; a failure is a ``BenchError`` with its stderr."""
    done = subprocess.run(
        [str(schedlink), *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    if done.returncode != 0:
        raise BenchError(
            f"`schedlink {' '.join(args)}` exited {done.returncode}:\n{_tail(done.stderr or done.stdout)}"
        )
    return done.stdout


def _last_json(stdout: str, what: str) -> dict[str, Any]:
    """The last JSON object line of a command's stdout (anything logged before it is ignored)."""
    for line in reversed(stdout.strip().splitlines()):
        if line.lstrip().startswith("{"):
            with suppress(json.JSONDecodeError):
                obj = json.loads(line)
                if isinstance(obj, dict):
                    return obj
    raise BenchError(f"{what} printed no JSON object:\n{_tail(stdout)}")


def _corpus_workspace(corpus: Path) -> tuple[list[str], list[str]]:
    """The teams' own links and domains named in the corpus, so the workspace does not capture them."""
    links: dict[str, None] = {}
    domains: dict[str, None] = {}
    with corpus.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            workspace = json.loads(line).get("workspace") or {}
            links.update(dict.fromkeys(workspace.get("own_links") or []))
            domains.update(dict.fromkeys(workspace.get("own_domains") or []))
    return list(links), list(domains)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _libpq(url: str, database: str | None = None) -> str:
    """A SQLAlchemy PostgreSQL URL as a libpq URL for psycopg, optionally naming another database."""
    parts = urlsplit(url)
    path = f"/{database}" if database is not None else parts.path
    return urlunsplit(("postgresql", parts.netloc, path, parts.query, ""))


def _with_database(url: str, database: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{database}", parts.query, ""))


@contextmanager
def _database(backend: str, postgres_url: str) -> Iterator[str]:
    """A fresh, empty database for one run, removed afterwards."""
    if backend == "sqlite":
        directory = tempfile.mkdtemp(prefix="schedlink-bench-")
        try:
            yield f"sqlite:///{Path(directory) / 'bench.db'}"
        finally:
            shutil.rmtree(directory, ignore_errors=True)
        return

    import psycopg
    from psycopg import sql

    name = f"schedlink_bench_{os.getpid()}"
    admin = _libpq(postgres_url)
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=10) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.Error as exc:
        raise BenchError(f"cannot create database {name} on {_libpq(postgres_url, '')}: {exc}") from exc
    try:
        yield _with_database(postgres_url, name)
    finally:
        try:
            with psycopg.connect(admin, autocommit=True, connect_timeout=10) as conn:
                conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        except psycopg.Error as exc:
            _err.print(f"[yellow]could not drop database {name}: {exc}[/yellow]")


@dataclass(frozen=True)
class CpuSample:
    """CPU seconds used so far by the server's processes and by the database's, and the machine's steal."""

    server: float
    database: float
    steal: float
    total: float


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of one process (0 when it is gone or unreadable)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _cpu_sample(server_group: int, database_marker: str | None) -> CpuSample | None:
    """Where the CPU went, read from /proc (None where there is no /proc): the server's process group,
    and the PostgreSQL backends serving the bench database (their title names it)."""
    if not Path("/proc/stat").exists():
        return None
    server = database = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        pid = int(entry.name)
        try:
            if os.getpgid(pid) == server_group:
                server += _cpu_seconds(pid)
                continue
            title = (entry / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if database_marker and database_marker in title:
            database += _cpu_seconds(pid)
    ticks = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    per_second = os.sysconf("SC_CLK_TCK")
    steal = ticks[7] / per_second if len(ticks) > 7 else 0.0
    return CpuSample(server, database, steal, sum(ticks[:8]) / per_second)


def _cpu_figures(before: CpuSample | None, after: CpuSample | None, messages: int) -> dict[str, float]:
    """CPU milliseconds per message (server, database) and the share of the machine the host took."""
    if before is None or after is None or messages <= 0:
        return {}
    elapsed = after.total - before.total
    return {
        "server_cpu_ms": (after.server - before.server) * 1000 / messages,
        "database_cpu_ms": (after.database - before.database) * 1000 / messages,
        "steal_pct": 100 * (after.steal - before.steal) / elapsed if elapsed > 0 else 0.0,
    }


def _statistics(backend: str, url: str) -> None:
    """PostgreSQL: gather the planner's statistics, as autovacuum does within a minute of a database's
    first writes. A benchmark of seconds on a new database would otherwise measure the planner's guesses
    for tables it has never looked at (an index picked by a tie of costs, walking every lead)."""
    if backend != "postgresql":
        return
    import psycopg

    with psycopg.connect(_libpq(url), connect_timeout=10, autocommit=True) as conn:
        conn.execute("ANALYZE")


def _stored_messages(backend: str, url: str) -> int:
    """Replies stored so far; the measured run's are the difference (its warm-up's included, as in the
    CPU figures)."""
    query = "SELECT count(*) FROM inbound_messages"
    if backend == "sqlite":
        import sqlite3

        from sqlalchemy.engine import make_url

        with closing(sqlite3.connect(str(make_url(url).database))) as conn:
            return int(conn.execute(query).fetchone()[0])
    import psycopg

    with psycopg.connect(_libpq(url), connect_timeout=10) as conn:
        row = conn.execute(query).fetchone()
        return int(row[0]) if row else 0


def _die_with_parent() -> None:
    """In a child process: receive SIGTERM if the harness dies without cleaning up (Linux only)."""
    with suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


class Server:
    """``schedlink serve`` in its own process group, so it and its workers are stopped together."""

    def __init__(
        self, schedlink: Path, port: int, serve_args: Sequence[str], env: dict[str, str], log_dir: Path
    ):
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self._log_path = log_dir / "serve.log"
        self._log = self._log_path.open("wb")
        self._proc = subprocess.Popen(
            [str(schedlink), "serve", "--host", "127.0.0.1", "--port", str(port), *serve_args],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_die_with_parent if sys.platform == "linux" else None,
        )

    @property
    def group(self) -> int:
        """The process group of the server and its app processes (started in a session of its own)."""
        return self._proc.pid

    def log_tail(self) -> str:
        self._log.flush()
        return _tail(self._log_path.read_text(encoding="utf-8", errors="replace"))

    def wait_ready(self, timeout: float = _START_TIMEOUT_S) -> None:
        """Poll ``/healthz`` until it answers 200; a server that exits or never answers is a ``BenchError``."""
        deadline = time.monotonic() + timeout
        last = "no answer"
        while time.monotonic() < deadline:
            code = self._proc.poll()
            if code is not None:
                raise BenchError(f"`schedlink serve` exited {code} before it was ready:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
                    last = f"status {response.status}"
            except urllib.error.HTTPError as exc:
                last = f"status {exc.code}"
            except OSError as exc:
                last = str(exc)
            time.sleep(0.1)
        raise BenchError(f"`schedlink serve` not ready after {timeout:.0f} s ({last}):\n{self.log_tail()}")

    def stop(self) -> None:
        """SIGTERM to the whole group, then SIGKILL if it has not exited in time."""
        try:
            if self._proc.poll() is None:
                with suppress(ProcessLookupError):
                    os.killpg(self._proc.pid, signal.SIGTERM)
                try:
                    self._proc.wait(timeout=_STOP_TIMEOUT_S)
                except subprocess.TimeoutExpired:
                    _err.print(f"[yellow]server on port {self.port} ignored SIGTERM; killing it[/yellow]")
            with suppress(ProcessLookupError, PermissionError):
                os.killpg(self._proc.pid, signal.SIGKILL)
            self._proc.wait(timeout=_STOP_TIMEOUT_S)
        finally:
            self._log.close()


def _loadgen(base_url: str, args: argparse.Namespace, run_id: str, *extra: str) -> dict[str, Any]:
    command = [
        sys.executable,
        str(_LOADGEN),
        "--url",
        base_url,
        "--duration",
        str(args.duration),
        "--warmup",
        str(args.warmup),
        "--connections",
        str(args.connections),
        "--run-id",
        run_id,
        *extra,
    ]
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=args.duration + args.warmup + 120,
        check=False,
        preexec_fn=_die_with_parent if sys.platform == "linux" else None,
    )
    if done.returncode != 0:
        raise BenchError(f"load generator exited {done.returncode}:\n{_tail(done.stderr or done.stdout)}")
    return _last_json(done.stdout, "load generator")


def _bench_backend(backend: str, args: argparse.Namespace) -> list[Result]:
    own_links, own_domains = _corpus_workspace(args.corpus)
    with (
        _database(backend, args.postgres_url) as url,
        tempfile.TemporaryDirectory(prefix="schedlink-srv-") as logs,
    ):
        env = {**os.environ, "SCHEDLINK_DATABASE_URL": url}
        _run_cli(args.schedlink, ["db", "upgrade"], env)
        create = ["workspace", "create", "--name", f"bench-{backend}", "--timezone", _WORKSPACE_TIMEZONE]
        create += [part for link in own_links for part in ("--own-link", link)]
        create += [part for domain in own_domains for part in ("--own-domain", domain)]
        key = _last_json(_run_cli(args.schedlink, create, env), "`schedlink workspace create`").get("api_key")
        if not isinstance(key, str) or not key:
            raise BenchError("`schedlink workspace create` printed no api_key")

        # App processes only, as at scale: background jobs run in separate workers and are not measured here.
        serve_args = [
            "--workers", str(args.workers), "--no-worker", *(["--no-access-log"] if args.no_access_log else [])
        ]  # fmt: skip
        server = Server(args.schedlink, _free_port(), serve_args, env, Path(logs))
        marker = None if backend == "sqlite" else urlsplit(url).path.lstrip("/")
        try:
            server.wait_ready()
            _err.print(
                f"[dim]{backend}: server ready on {server.url}; GET /healthz for {args.duration:g} s[/dim]"
            )
            floor = _loadgen(server.url, args, f"{os.getpid()}-{backend}-floor", "--path", "/healthz")
            replies = [
                "--path",
                "/v1/inbound",
                "--method",
                "POST",
                "--key",
                key,
                "--corpus",
                str(args.corpus),
            ]
            if args.seed > 0:
                _err.print(
                    f"[dim]{backend}: POST /v1/inbound for {args.seed:g} s to seed the workspace[/dim]"
                )
                seed = argparse.Namespace(**{**vars(args), "duration": args.seed, "warmup": 0})
                _loadgen(server.url, seed, f"{os.getpid()}-{backend}-seed", *replies)
                _statistics(backend, url)
            _err.print(f"[dim]{backend}: POST /v1/inbound for {args.duration:g} s[/dim]")
            stored = _stored_messages(backend, url)
            before = _cpu_sample(server.group, marker)
            inbound = _loadgen(server.url, args, f"{os.getpid()}-{backend}", *replies)
            after = _cpu_sample(server.group, marker)
            inbound |= _cpu_figures(before, after, _stored_messages(backend, url) - stored)
            if inbound["errors"]:
                sys.stderr.write(f"{backend}: server log tail\n{server.log_tail()}\n")
        finally:
            server.stop()
    return [Result(backend, "floor /healthz", floor), Result(backend, "/v1/inbound", inbound)]


def _passes(backend: str, figures: dict[str, Any]) -> bool:
    rps, p99 = _TARGETS[backend]
    return bool(figures["rps"] >= rps and figures["p99_ms"] < p99 and figures["errors"] == 0)


def _report(results: list[Result], args: argparse.Namespace) -> None:
    table = Table(
        title=f"Ingest: {args.connections} connections, {args.duration:g} s, {args.workers} worker(s)"
    )
    table.add_column("backend")
    table.add_column("target")
    for name in ("messages/s", "p50 ms", "p99 ms", "errors", "server CPU ms/msg", "db CPU ms/msg"):
        table.add_column(name, justify="right")
    for result in results:
        f = result.figures
        table.add_row(
            result.backend,
            result.target,
            f"{f['rps']:,.0f}",
            f"{f['p50_ms']:.1f}",
            f"{f['p99_ms']:.1f}",
            str(f["errors"]),
            f"{f['server_cpu_ms']:.2f}" if "server_cpu_ms" in f else "",
            f"{f['database_cpu_ms']:.2f}" if f.get("database_cpu_ms") else "",
        )
    _console.print(table)
    verdicts = []
    for result in results:
        if result.target == "/v1/inbound":
            verdict = "PASS" if _passes(result.backend, result.figures) else "FAIL"
            colour = "green" if verdict == "PASS" else "red"
            rps, p99 = _TARGETS[result.backend]
            verdicts.append(
                f"{result.backend} (≥ {rps:,.0f} messages/s, p99 < {p99:.0f} ms) [{colour}]{verdict}[/{colour}]"
            )
    _console.print("Targets on /v1/inbound, 0 errors: " + ", ".join(verdicts))
    steals = [f"{r.backend} {r.figures['steal_pct']:.0f} %" for r in results if "steal_pct" in r.figures]
    if steals:
        # On a virtual machine the host may take CPU from it: rates then drop, CPU per message does not.
        _console.print("CPU taken by the host (steal) during /v1/inbound: " + ", ".join(steals))
    if args.json:
        print(
            json.dumps(
                [
                    {"backend": r.backend, "target": r.target, **r.figures}
                    | ({"pass": _passes(r.backend, r.figures)} if r.target == "/v1/inbound" else {})
                    for r in results
                ]
            )
        )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--backends", default=",".join(_BACKENDS), help="Comma-separated: sqlite,postgresql.")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("SCHEDLINK_BENCH_POSTGRES_URL", _DEFAULT_POSTGRES),
        help="Server to create the database on (default: $SCHEDLINK_BENCH_POSTGRES_URL or the local one).",
    )
    parser.add_argument("--duration", type=float, default=10.0, help="Counted seconds per target.")
    parser.add_argument("--warmup", type=float, default=1.0, help="Uncounted seconds before each target.")
    parser.add_argument(
        "--seed",
        type=float,
        default=3.0,
        help="Seconds of replies sent before the measured run, so that it meets leads with a history, as a "
        "live workspace has (0: start from an empty one).",
    )
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="App processes, passed to `schedlink serve`.")
    parser.add_argument(
        "--access-log",
        dest="no_access_log",
        action="store_false",
        help="Keep `schedlink serve`'s per-request log (off by default: a proxy usually logs requests).",
    )
    parser.add_argument("--corpus", type=Path, default=_DEFAULT_CORPUS)
    parser.add_argument("--schedlink", type=Path, default=_schedlink(), help="The schedlink executable.")
    parser.add_argument("--json", action="store_true", help="Also print the results as JSON.")
    return parser


def _terminate(signum: int, _frame: FrameType | None) -> None:
    """Turn SIGTERM/SIGHUP into an exception so every cleanup block runs."""
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    backends = [name.strip() for name in args.backends.split(",") if name.strip()]
    unknown = sorted(set(backends) - set(_BACKENDS))
    if unknown or not backends:
        _err.print(f"[red]unknown backend(s) {', '.join(unknown) or '(none)'}; choose from {_BACKENDS}[/red]")
        return 2
    if not args.schedlink.exists():
        _err.print(f"[red]{args.schedlink} not found[/red]")
        return 2
    if not args.corpus.is_file():
        _err.print(f"[red]corpus {args.corpus} not found[/red]")
        return 2
    signal.signal(signal.SIGTERM, _terminate)
    signal.signal(signal.SIGHUP, _terminate)

    results: list[Result] = []
    for backend in backends:
        try:
            results += _bench_backend(backend, args)
        except BenchError as exc:
            sys.stderr.write(f"{backend}: {exc}\n")
            if results:
                _report(results, args)
            return 1
    _report(results, args)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        sys.exit(130)
