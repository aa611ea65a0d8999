"""The README's command lines against the command line itself, so neither can drift from the other: every
command and every option is shown in a usage line, and every usage line names real commands and options."""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

import pytest
import typer

from schedlink.cli import app

pytestmark = pytest.mark.integration

README = Path(__file__).resolve().parents[2] / "README.md"
# Said once for all commands instead of on every line.
GLOBAL_OPTIONS = {"--database-url": "Every command takes `--database-url`"}
_WORD = re.compile(r"^[a-z][a-z-]*(\|[a-z][a-z-]*)*$")
_OPTION = re.compile(r"(?<![\w-])--[a-z][a-z0-9-]*")
_COMMENT = re.compile(r"\s+#\s.*$")


def _commands() -> dict[tuple[str, ...], Any]:
    """Every command that runs something, by its words after ``schedlink`` (Click's objects, as Typer
    builds them: duck-typed, since Typer may bring its own copy of Click)."""
    found: dict[tuple[str, ...], Any] = {}

    def walk(command: Any, path: tuple[str, ...]) -> None:
        if hasattr(command, "commands"):
            for name, sub in command.commands.items():
                walk(sub, (*path, name))
        else:
            found[path] = command

    walk(typer.main.get_command(app), ())
    return found


def _usage_lines(text: str, known: frozenset[tuple[str, ...]] = frozenset()) -> dict[tuple[str, ...], str]:
    """The README's ``schedlink …`` lines in shell blocks (continuations joined, comments dropped), by
    command: ``calendar list|refresh`` counts for both. With ``known`` commands, words after a command
    that are its arguments (``worker status``) belong to its usage, not to its name."""
    usage: dict[tuple[str, ...], str] = {}
    for block in re.findall(r"```sh\n(.*?)```", text, flags=re.DOTALL):
        for line in block.replace("\\\n", " ").splitlines():
            line = _COMMENT.sub("", line).strip()
            if not line.startswith("schedlink "):
                continue
            words = line.split()[1:]
            path = list(itertools.takewhile(_WORD.match, words))
            while known and len(path) > 1 and not known.intersection(_named(path)):
                path.pop()
            rest = " ".join(words[len(path) :])
            for command in _named(path):
                usage[command] = usage.get(command, "") + " " + rest
    return usage


def _named(path: list[str]) -> set[tuple[str, ...]]:
    return set(itertools.product(*(word.split("|") for word in path)))


def _shown_name(option: Any) -> list[str]:
    """The names any of which the README must show: for an on/off switch, the one that changes the
    default (``--no-serve``, ``--demo``); else any of the option's names."""
    names: list[str] = option.opts
    if option.is_bool_flag and option.secondary_opts:
        names = option.secondary_opts if option.default else option.opts
    return names


def _options(command: Any) -> list[Any]:
    return [param for param in command.params if param.param_type_name == "option" and param.name != "help"]


def _mentions(text: str, name: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text) is not None


def test_every_command_and_option_has_a_readme_usage_line() -> None:
    text = README.read_text(encoding="utf-8")
    usage = _usage_lines(text, frozenset(_commands()))
    missing: list[str] = []
    for path, command in sorted(_commands().items()):
        name = "schedlink " + " ".join(path)
        if path not in usage:
            missing.append(f"{name}: no usage line")
            continue
        for option in _options(command):
            if any(opt in GLOBAL_OPTIONS for opt in option.opts):
                continue
            shown = _shown_name(option)
            if not any(_mentions(usage[path], opt) for opt in shown):
                missing.append(f"{name}: {' or '.join(shown)} is not on its usage line")
    for sentence in GLOBAL_OPTIONS.values():
        if sentence not in text:
            missing.append(f"the README no longer says {sentence!r}")
    assert missing == []


def test_every_readme_usage_line_names_a_real_command_and_real_options() -> None:
    commands = _commands()
    wrong: list[str] = []
    for path, rest in sorted(_usage_lines(README.read_text(encoding="utf-8"), frozenset(commands)).items()):
        name = "schedlink " + " ".join(path)
        if path not in commands:
            wrong.append(f"{name}: no such command")
            continue
        known = {opt for option in _options(commands[path]) for opt in (*option.opts, *option.secondary_opts)}
        for opt in _OPTION.findall(rest):
            if opt not in known and opt not in GLOBAL_OPTIONS:
                wrong.append(f"{name}: {opt} is no option of it")
    assert wrong == []


def test_the_usage_lines_are_read_as_a_person_would() -> None:
    usage = _usage_lines(
        "```sh\nschedlink calendar list|refresh --workspace ID   # says --nothing\n"
        "schedlink import FILE --workspace ID \\\n    [--dry]\n```\n"
    )
    assert set(usage) == {("calendar", "list"), ("calendar", "refresh"), ("import",)}
    assert "--nothing" not in usage[("calendar", "list")]
    assert "--dry" in usage[("import",)]


def test_the_demo_help_says_what_the_readme_says_about_the_leads_pages() -> None:
    (suggestions,) = [option for option in _options(_commands()[("demo",)]) if "--suggestions" in option.opts]
    assert "never read" in (suggestions.help or "")
    assert "network" not in (suggestions.help or "")
    assert "never reads their pages" in README.read_text(encoding="utf-8")
