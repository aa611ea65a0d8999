"""Engines and transactions for the embedded default (SQLite) and PostgreSQL.

SQLite runs in WAL mode with foreign keys on and a busy timeout, and every writing transaction starts
with ``BEGIN IMMEDIATE``: writers queue for the lock up front instead of failing when a read transaction
tries to upgrade, which is what makes concurrent deliveries safe on one file. PostgreSQL relies on its
row locks and the unique constraints.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

DEFAULT_DATABASE_URL = "sqlite:///schedlink.db"
SQLITE_BUSY_TIMEOUT_MS = 30_000


def database_url(explicit: str | None = None) -> str:
    """The URL to use: an explicit one, else ``SCHEDLINK_DATABASE_URL``, else ``schedlink.db`` here."""
    url = explicit or os.environ.get("SCHEDLINK_DATABASE_URL") or DEFAULT_DATABASE_URL
    if url.startswith(("postgresql://", "postgres://")):
        # The driver we ship is psycopg 3; plain URLs would ask SQLAlchemy for psycopg2.
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


@dataclass(frozen=True)
class Database:
    """One engine and the two kinds of transaction the service uses."""

    engine: Engine
    _reads: sessionmaker[Session]
    _writes: sessionmaker[Session]

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only transaction (on SQLite, a shared snapshot that never blocks writers)."""
        with self._reads() as session, session.begin():
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A writing transaction: committed when the block ends, rolled back on any exception."""
        with self._writes() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


def open_database(url: str | None = None, **engine_options: Any) -> Database:
    """Connect to the database at ``url`` (see ``database_url``); the schema is not touched."""
    resolved = make_url(database_url(url))
    if resolved.get_backend_name() == "sqlite":
        engine = _sqlite_engine(resolved.render_as_string(hide_password=False), **engine_options)
    else:
        options: dict[str, Any] = {"pool_pre_ping": True}
        if "poolclass" not in engine_options:
            options.update(pool_size=10, max_overflow=20)
        options.update(engine_options)
        engine = create_engine(resolved, **options)
    writes = engine.execution_options(schedlink_write=True)
    return Database(
        engine=engine,
        _reads=sessionmaker(engine, expire_on_commit=False),
        _writes=sessionmaker(writes, expire_on_commit=False),
    )


def _sqlite_engine(url: str, **engine_options: Any) -> Engine:
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).expanduser().resolve().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, **engine_options)

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: Any, _record: Any) -> None:
        # Hand transaction control to the "begin" hook below instead of the driver's implicit BEGIN.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        immediate = connection.get_execution_options().get("schedlink_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine
