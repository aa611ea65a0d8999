"""What every command prints on failure, in one place: a red "error:" line and exit status 2."""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn

import typer
from rich.console import Console

err = Console(stderr=True)


def fail(message: str) -> NoReturn:
    err.print(f"[red]error:[/red] {message}", highlight=False)
    raise typer.Exit(code=2)


def require_file(path: Path) -> None:
    if not path.is_file():
        fail(f"{path}: no such file")
