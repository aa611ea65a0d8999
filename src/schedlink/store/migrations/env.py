"""Alembic environment: one engine from the configured URL, batch mode on SQLite."""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy import pool

from schedlink.store.db import open_database
from schedlink.store.models import Base
from schedlink.store.types import UTCDateTime


def _render_item(kind: str, item: Any, _autogen_context: AutogenContext) -> str | Literal[False]:
    """Migrations name plain SQL types, so they never depend on the models' Python-side types."""
    if kind == "type" and isinstance(item, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


config = context.config
url = config.get_main_option("sqlalchemy.url")
# Schema changes may rightly run long; the service's statement timeout does not apply to them.
is_postgres = bool(url) and not str(url).startswith("sqlite")
extra = {"connect_args": {"options": "-c statement_timeout=0 -c lock_timeout=60s"}} if is_postgres else {}
database = open_database(url, poolclass=pool.NullPool, **extra)

try:
    with database.engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
            render_item=_render_item,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()
finally:
    database.dispose()
