"""Engines and transactions for the embedded default (SQLite) and PostgreSQL.

SQLite runs in WAL mode with foreign keys on and a busy timeout, and every writing transaction starts
with ``BEGIN IMMEDIATE``: writers queue for the lock up front instead of failing when a read transaction
tries to upgrade, which is what makes concurrent deliveries safe on one file. PostgreSQL relies on its
row locks and the unique constraints.
"""

from __future__ import annotations

import fcntl
import logging
import os
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from schedlink.store.direct import DirectTransaction, direct_transaction

log = logging.getLogger(__name__)

DEFAULT_DATABASE_URL = "sqlite:///schedlink.db"
SQLITE_BUSY_TIMEOUT_MS = 30_000
# A committing writer checkpoints once the log holds this many pages (SQLite's default is 1,000), and
# only such a checkpoint lets the log start again from its beginning: one taken while writers go on
# (``Checkpoints``) copies most pages early but never catches up with the newest. That last checkpoint
# costs its fsyncs inside the write section (20-50 ms with every other writer waiting); under sustained
# load the log fills at about 20,000 pages/s, so 40,000 pages (a log file of up to 160 MB) makes the
# pause a fourth as frequent as 10,000 did: p99 14-20 ms instead of 37-52 (docs/decisions/0007).
SQLITE_AUTOCHECKPOINT_PAGES = 40_000
CHECKPOINT_SECONDS = 0.5
POSTGRES_LIMITS = "-c lock_timeout=10s -c statement_timeout=30s -c idle_in_transaction_session_timeout=60s"


def database_url(explicit: str | None = None) -> str:
    """The URL to use: an explicit one, else ``SCHEDLINK_DATABASE_URL``, else ``schedlink.db`` here."""
    url = explicit or os.environ.get("SCHEDLINK_DATABASE_URL") or DEFAULT_DATABASE_URL
    if url.startswith(("postgresql://", "postgres://")):
        # The driver we ship is psycopg 3; plain URLs would ask SQLAlchemy for psycopg2.
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


@dataclass
class AfterCommit:
    """What runs after a transaction that asked for background work commits: the queue's nudge, set by
    whoever runs a queue for this database (``None``: nothing is nudged, the sweep finds the work)."""

    nudge: Callable[[uuid.UUID, datetime | None, str], None] | None = None


@dataclass(frozen=True)
class Database:
    """One engine and the two kinds of transaction the service uses."""

    engine: Engine
    _reads: sessionmaker[Session]
    _writes: sessionmaker[Session]
    _writer_gate: WriterGate | None = None
    _single_reads: Engine | None = None
    after_commit: AfterCommit = field(default_factory=AfterCommit)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only transaction (on SQLite, a shared snapshot that never blocks writers)."""
        with self._reads() as session, session.begin():
            yield session

    @contextmanager
    def read_once(self) -> Iterator[Connection]:
        """A connection for one read statement, run without BEGIN/COMMIT around it (a single statement is
        consistent anyway): on the hot path that saves two of three round trips or driver calls."""
        with self._single_reads_engine.connect() as connection:
            yield connection

    @property
    def _single_reads_engine(self) -> Engine:
        return self._single_reads or self.engine

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A writing transaction: committed when the block ends, rolled back on any exception."""
        with self._write_turn, self._writes() as session, session.begin():
            yield session

    @contextmanager
    def write_core(self) -> Iterator[Connection]:
        """A writing transaction on a plain connection: the same transaction as ``write`` without the ORM
        session around it, for short writes of the workers' own rows."""
        with self._write_turn, self._writes.kw["bind"].begin() as connection:
            yield connection

    @contextmanager
    def write_direct(self) -> Iterator[DirectTransaction]:
        """A writing transaction run on the driver's connection (``store/direct.py``), for the inbound hot
        path: the same transaction as ``write``, in about half the time per statement."""
        with self._write_turn, direct_transaction(self.engine) as transaction:
            yield transaction

    @property
    def _write_turn(self) -> AbstractContextManager[None]:
        """SQLite: the writer gate every writer queues at; PostgreSQL: nothing (row locks do the work)."""
        return self._writer_gate if self._writer_gate is not None else nullcontext()

    def start_checkpoints(self) -> Checkpoints | None:
        """SQLite: move the write-ahead log into the database file from a thread of this process, every
        ``CHECKPOINT_SECONDS``, instead of inside whichever reply's commit crosses SQLite's threshold
        (which held every other writer up while it copied pages and synced the file). Nothing to do on
        PostgreSQL."""
        if self.dialect != "sqlite" or self._writer_gate is None or self._writer_gate.path is None:
            return None
        checkpoints = Checkpoints(self.engine, CHECKPOINT_SECONDS)
        checkpoints.start()
        return checkpoints

    def dispose(self) -> None:
        self.engine.dispose()


def open_database(url: str | None = None, **engine_options: Any) -> Database:
    """Connect to the database at ``url`` (see ``database_url``); the schema is not touched."""
    resolved = make_url(database_url(url))
    gate = None
    if resolved.get_backend_name() == "sqlite":
        engine = _sqlite_engine(resolved.render_as_string(hide_password=False), **engine_options)
        single_reads = engine.execution_options(schedlink_autocommit=True)
        gate = WriterGate(resolved.database)
    else:
        # Connections are recycled rather than pinged: a ping per checkout would double the round trips.
        # Bounded waits: a stuck lock or query becomes an error the caller can retry, never a hang.
        connect_args = {"connect_timeout": 10, "options": POSTGRES_LIMITS}
        connect_args.update(engine_options.pop("connect_args", {}))
        options: dict[str, Any] = {"pool_recycle": 1800, "connect_args": connect_args}
        if "poolclass" not in engine_options:
            options.update(pool_size=10, max_overflow=20)
        options.update(engine_options)
        engine = create_engine(resolved, **options)
        single_reads = engine.execution_options(isolation_level="AUTOCOMMIT")
    writes = engine.execution_options(schedlink_write=True)
    return Database(
        engine=engine,
        _reads=sessionmaker(engine, expire_on_commit=False),
        _writes=sessionmaker(writes, expire_on_commit=False),
        _writer_gate=gate,
        _single_reads=single_reads,
    )


def _sqlite_engine(url: str, **engine_options: Any) -> Engine:
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).expanduser().resolve().parent.mkdir(parents=True, exist_ok=True)
    in_memory = not database or database == ":memory:" or "mode=memory" in url
    options: dict[str, Any] = {}
    if "poolclass" not in engine_options and not in_memory:
        options = {"pool_size": 10, "max_overflow": 20}
    options.update(engine_options)
    engine = create_engine(url, **options)

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: Any, _record: Any) -> None:
        # Hand transaction control to the "begin" hook below instead of the driver's implicit BEGIN.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA wal_autocheckpoint={SQLITE_AUTOCHECKPOINT_PAGES}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        options = connection.get_execution_options()
        if options.get("schedlink_autocommit"):
            return  # one statement on its own: the driver runs it as its own transaction
        connection.exec_driver_sql("BEGIN IMMEDIATE" if options.get("schedlink_write") else "BEGIN")

    return engine


class Checkpoints:
    """A thread running SQLite's PASSIVE checkpoint at an interval: it copies what no reader still needs
    from the log into the database file without taking the write lock, so writers go on meanwhile."""

    def __init__(self, engine: Engine, interval: float) -> None:
        self._engine = engine
        self._interval = interval
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sqlite-checkpoints", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join(timeout=10)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def _run(self) -> None:
        while not self._stopping.wait(self._interval):
            try:
                pooled = self._engine.raw_connection()
                try:
                    cursor = pooled.cursor()
                    cursor.execute("PRAGMA wal_checkpoint(PASSIVE)")
                    cursor.fetchall()
                finally:
                    pooled.close()
            except Exception:  # a busy or failing checkpoint is retried next time; commits are the back-stop
                log.debug("background checkpoint failed", exc_info=True)


class WriterGate:
    """Lets one writer at a time at a SQLite file, across threads and processes, without polling.

    SQLite admits one writer per file and makes the others wait in its busy handler, which sleeps in
    growing steps (up to 100 ms) and so turns a short queue into long tail latency. Here writers queue on
    a thread lock and then on an ``flock`` of a file beside the database; both wake the next writer the
    moment the last one commits. SQLite's own locking stays in force underneath.
    """

    def __init__(self, database: str | None) -> None:
        self._threads = threading.Lock()
        self.path = None
        if database and database != ":memory:" and not database.startswith("file:"):
            self.path = Path(database).expanduser().resolve().with_name(Path(database).name + ".write-lock")
        self._fd: int | None = None

    def __enter__(self) -> None:
        self._threads.acquire()
        if self.path is None:
            return
        try:
            if self._fd is None:
                self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            fcntl.flock(self._fd, fcntl.LOCK_EX)
        except BaseException:
            self._threads.release()
            raise

    def __exit__(self, *_exc: object) -> None:
        try:
            if self._fd is not None:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
        finally:
            self._threads.release()
