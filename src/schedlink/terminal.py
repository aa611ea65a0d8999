"""What every command prints on failure, in one place: a red "error:" line and exit status 2."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import NoReturn

import typer
from rich.console import Console

from schedlink.config import OperatorConfig
from schedlink.domain.bounds import in_range

err = Console(stderr=True)


def fail(message: str) -> NoReturn:
    err.print(f"[red]error:[/red] {message}", highlight=False)
    raise typer.Exit(code=2)


def require_file(path: Path) -> None:
    if not path.is_file():
        fail(f"{path}: no such file")


def instant_option(value: str, option: str) -> datetime:
    """An ISO-8601 time with its offset, given to ``option``, in UTC and in the accepted range."""
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        fail(f"{option}: {value!r} is not an ISO time like 2026-03-10T09:00:00Z")
    if parsed.tzinfo is None:
        fail(f"{option}: give a UTC offset or Z, e.g. 2026-03-10T09:00:00Z")
    try:
        return in_range(parsed).astimezone(UTC)
    except ValueError as exc:
        fail(f"{option}: {exc}")


def operator_config() -> OperatorConfig:
    """The operator's settings from the environment; a bad one stops the command, naming the variable."""
    try:
        return OperatorConfig.from_env()
    except ValueError as error:
        fail(str(error))
