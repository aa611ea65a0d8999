"""The ``schedlink`` command line: thin translation between the terminal and the analysis."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from schedlink import cli_booking, cli_scheduling, cli_service, cli_web
from schedlink.analysis import analyze
from schedlink.corpus import message_from_json, read_cases, read_jsonl, workspace_from_json
from schedlink.domain.message import Message, Workspace
from schedlink.errors import InvalidInput
from schedlink.evaluation.replies import FIELDS, ReplyScores, intents_in
from schedlink.normalise import message_from_eml
from schedlink.terminal import err, fail, require_file

app = typer.Typer(
    help="Books meetings on a lead's own scheduler link, safely.", no_args_is_help=True, add_completion=False
)
_PROGRESS_FROM = 500
_MAX_INPUT_BYTES = 10_000_000
_SHORT_INTENT = {
    "book_via_link": "book",
    "already_booked": "booked",
    "propose_times": "propose",
    "request_our_link": "our link",
    "interested": "interest",
    "not_interested": "not int",
    "out_of_office": "ooo",
    "unsubscribe": "unsub",
}
_HEADER_LINE = re.compile(rb"^[A-Za-z][A-Za-z0-9-]{0,60}:[ \t]")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"schedlink {package_version('schedlink')}")
        raise typer.Exit


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Books meetings on a lead's own scheduler link, safely."""


@app.command("eval")
def eval_command(
    file: Annotated[Path, typer.Argument(help="Corpus in the shared JSONL format (replies or links).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    predictions: Annotated[
        Path | None, typer.Option("--predictions", help="Write one prediction per case to this JSONL file.")
    ] = None,
) -> None:
    """Score the whole analysis on a labelled corpus and print per-field accuracy."""
    require_file(file)
    try:
        first = next(read_jsonl(file), None)
        if first is not None and "is_booking_link" in first[1]:
            _eval_links(file, as_json)
            return
        scores = _score_replies(file, predictions)
    except InvalidInput as exc:
        fail(str(exc))
    if as_json:
        typer.echo(json.dumps(scores.as_dict(), indent=2))
    else:
        _print_reply_scores(scores)


@app.command("scan")
def scan_command(
    file: Annotated[
        str, typer.Argument(help="A text, .eml or JSON message file; '-' reads standard input.")
    ] = "-",
    timezone: Annotated[str, typer.Option(help="The team's time zone (when the input names none).")] = "UTC",
    own_link: Annotated[
        list[str] | None, typer.Option(help="The team's own scheduling link (repeatable).")
    ] = None,
    own_domain: Annotated[list[str] | None, typer.Option(help="The team's own domain (repeatable).")] = None,
) -> None:
    """Analyse one message and print the result as JSON."""
    raw = _read_input(file)
    workspace = Workspace(
        timezone=timezone, own_links=tuple(own_link or ()), own_domains=tuple(own_domain or ())
    )
    try:
        message, workspace = _parse_message(raw, file, workspace)
    except InvalidInput as exc:
        fail(str(exc))
    typer.echo(json.dumps(analyze(message, workspace).as_dict(), indent=2, ensure_ascii=False))


def _score_replies(file: Path, predictions: Path | None) -> ReplyScores:
    scores = ReplyScores()
    total = sum(1 for _ in read_jsonl(file))
    with _maybe_open(predictions) as out, _progress(total) as advance:
        for case in read_cases(file):
            prediction = scores.add(case, analyze(case.message, case.workspace))
            if out is not None:
                out.write(json.dumps(prediction, ensure_ascii=False) + "\n")
            advance()
    return scores


def _eval_links(file: Path, as_json: bool) -> None:
    from schedlink.evaluation.links import format_link_scores, score_links

    scores = score_links(obj for _, obj in read_jsonl(file))
    typer.echo(json.dumps(scores.as_dict(), indent=2) if as_json else format_link_scores(scores))


def _print_reply_scores(scores: ReplyScores) -> None:
    console = Console(width=max(Console().width, 120))
    table = Table(title=f"{scores.total} cases")
    table.add_column("field")
    table.add_column("score", justify="right")
    for name in FIELDS:
        table.add_row(name, f"{scores.accuracy(name):.3f}")
    table.add_row("act precision", f"{scores.act_precision:.3f}")
    table.add_row("act recall", f"{scores.act_recall:.3f}")
    console.print(table)
    labels = intents_in(scores)
    matrix = Table(title="intent confusion (rows: expected, columns: predicted)")
    matrix.add_column("expected \\ predicted", no_wrap=True)
    for label in labels:
        matrix.add_column(_SHORT_INTENT.get(label, label), justify="right", no_wrap=True)
    for want in labels:
        matrix.add_row(want, *(str(scores.confusion.get((want, got), "")) for got in labels))
    console.print(matrix)


def _parse_message(raw: bytes, name: str, workspace: Workspace) -> tuple[Message, Workspace]:
    stripped = raw.lstrip()
    if stripped.startswith(b"{"):
        try:
            obj: Any = json.loads(raw.decode("utf-8", errors="replace"))
        except json.JSONDecodeError as exc:
            raise InvalidInput(f"{name}: not valid JSON ({exc.msg})") from exc
        if not isinstance(obj, dict):
            raise InvalidInput(f"{name}: expected a JSON object")
        if "workspace" in obj:
            workspace = workspace_from_json(obj["workspace"], where=name)
        return message_from_json(obj, where=name), workspace
    if name.lower().endswith(".eml") or _HEADER_LINE.match(stripped):
        return message_from_eml(raw), workspace
    return Message(text=raw.decode("utf-8", errors="replace")), workspace


def _read_input(file: str) -> bytes:
    if file == "-":
        return sys.stdin.buffer.read(_MAX_INPUT_BYTES)
    path = Path(file)
    require_file(path)
    with path.open("rb") as handle:
        return handle.read(_MAX_INPUT_BYTES)


@contextmanager
def _maybe_open(path: Path | None) -> Iterator[TextIO | None]:
    if path is None:
        yield None
        return
    with path.open("w", encoding="utf-8") as handle:
        yield handle


@contextmanager
def _progress(total: int) -> Iterator[Any]:
    if total < _PROGRESS_FROM:
        yield lambda: None
        return
    columns = (TextColumn("analysing"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task("eval", total=total)
        yield lambda: progress.advance(task)


cli_service.register(app)
cli_scheduling.register(app)
cli_web.register(app)
cli_booking.register(app)

if __name__ == "__main__":  # pragma: no cover
    app()
