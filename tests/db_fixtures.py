"""Databases for tests: every storage test runs on SQLite and on PostgreSQL.

SQLite: the schema is migrated once into a template file, copied for each test. PostgreSQL: one
throwaway database per test run, migrated once and truncated between tests. PostgreSQL comes from
``SCHEDLINK_TEST_POSTGRES_URL`` (CI starts its own server and sets it, with ``SCHEDLINK_REQUIRE_POSTGRES=1``
so that a missing server fails the run); without it the local server on 127.0.0.1:5432 is used if it
answers, else the PostgreSQL half is skipped.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from schedlink.store.db import Database, open_database
from schedlink.store.migrate import upgrade
from schedlink.store.models import Base

LOCAL_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
BACKENDS = ("sqlite", "postgresql")


def postgres_server_url() -> str | None:
    """The server to create test databases on, or ``None`` (then PostgreSQL tests skip, unless required)."""
    configured = os.environ.get("SCHEDLINK_TEST_POSTGRES_URL")
    url = configured or LOCAL_POSTGRES
    try:
        with psycopg.connect(_libpq(url), connect_timeout=3):
            return url
    except psycopg.Error as exc:
        if configured or os.environ.get("SCHEDLINK_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL required but not reachable at {url}: {exc}", pytrace=False)
        return None


def _libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


class SqliteTemplate:
    def __init__(self, folder: Path) -> None:
        self.template = folder / "template.db"
        upgrade(f"sqlite:///{self.template}")

    def fresh(self, folder: Path) -> str:
        target = folder / "schedlink.db"
        shutil.copyfile(self.template, target)
        return f"sqlite:///{target}"


class PostgresTemplate:
    def __init__(self, server_url: str) -> None:
        self.name = f"schedlink_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        self.server = server_url
        with psycopg.connect(_libpq(server_url), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{self.name}"')
        self.url = make_url(server_url).set(database=self.name).render_as_string(hide_password=False)
        upgrade(self.url)
        tables = ", ".join(f'"{table.name}"' for table in Base.metadata.sorted_tables)
        self._truncate = text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")

    def fresh(self) -> str:
        db = open_database(self.url)
        try:
            with db.engine.begin() as connection:
                connection.execute(self._truncate)
        finally:
            db.dispose()
        return self.url

    def drop(self) -> None:
        with psycopg.connect(_libpq(self.server), autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> SqliteTemplate:
    return SqliteTemplate(tmp_path_factory.mktemp("sqlite-template"))


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[PostgresTemplate | None]:
    server = postgres_server_url()
    if server is None:
        yield None
        return
    template = PostgresTemplate(server)
    try:
        yield template
    finally:
        template.drop()


@pytest.fixture(params=BACKENDS)
def database_url(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    sqlite_template: SqliteTemplate,
) -> str:
    """A migrated, empty database of each backend."""
    if request.param == "sqlite":
        return sqlite_template.fresh(tmp_path)
    template: PostgresTemplate | None = request.getfixturevalue("postgres_template")
    if template is None:
        pytest.skip("PostgreSQL not reachable (set SCHEDLINK_TEST_POSTGRES_URL)")
    return template.fresh()


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    database = open_database(database_url)
    try:
        yield database
    finally:
        database.dispose()
