"""A plain `check` without click (issue 21): the click-free start (`launch`) reads a `check`
command line as click does, or leaves it to click; either way the user sees the same output, the
same errors and the same exit code.

- the shipped option table is what `cli.check` gives now (`python -m disclosure_lint.check_args`);
- on generated command lines over the real options, `check_args.parse` declines or gives exactly
  the parameters click's own parsing gives;
- the console entry (`python -m disclosure_lint`) prints and exits the same with the fast path and
  with it turned off (`DISCLOSURE_LINT_FAST_CHECK=0`), errors included;
- a plain check imports no click, and `check --help` is still click's.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from functools import partial
from importlib.metadata import version
from pathlib import Path
from typing import Any

import click
import pytest
from books import STOCK, markdown_book, write_book
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclosure_lint import check_args, launch
from disclosure_lint.cli import check, cli
from disclosure_lint.errors import DEBUG_ENV, UsageError
from disclosure_lint.packed import load_value

ROOT = Path(__file__).resolve().parents[1]


#: The click the shipped table was made for, and the one installed. The table is used only with the
#: very sources it was made from: with another click (pyproject allows any 8.1 or later) every
#: command line goes to click, which is what the tests below then hold, instead of the fast path.
def _made_for() -> str | None:
    """The click the shipped table was made for, whatever click is installed (`load` reads the
    table only with that click's very sources)."""
    table = load_value(check_args.TABLE, None)
    made = table.get("click") if isinstance(table, dict) else None
    return made if isinstance(made, str) else None


MADE_FOR = _made_for()
INSTALLED = version("click")
needs_table = pytest.mark.skipif(
    MADE_FOR != INSTALLED,
    reason=f"the shipped option table is for click {MADE_FOR}, this is {INSTALLED}: the fast path is off "
           "(regenerate it: python -m disclosure_lint.check_args)")


def _table() -> dict[str, Any]:
    table = check_args.load()
    assert table is not None, "no table for this cli.py and click: run `python -m disclosure_lint.check_args`"
    return table


def test_the_shipped_table_is_what_the_click_command_gives() -> None:
    if MADE_FOR != INSTALLED:
        # Another click: no table, so no command line is read without it (whatever this click does).
        assert check_args.load() is None and launch.fast_check(["check", "book.md"]) is None
        return
    assert check_args.load() == check_args.table_from_click(), (
        "check-options.packed is stale: run `python -m disclosure_lint.check_args`")


def test_the_table_says_which_click_it_was_made_for() -> None:
    assert MADE_FOR is not None and MADE_FOR[:1].isdigit()


@needs_table
def test_the_table_is_not_used_for_another_command_line_module(monkeypatch: pytest.MonkeyPatch) -> None:
    """The header holds cli.py's digest: an edited command line means click parses everything."""
    header = check_args._header()
    assert header is not None
    monkeypatch.setattr(check_args, "_header", lambda: ("0" * len(header[0]), *header[1:]))
    assert check_args.load() is None
    assert launch.fast_check(["check", "book.md"]) is None


def test_the_console_script_starts_without_click() -> None:
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["scripts"]
    assert scripts["disclosure-lint"] == "disclosure_lint.launch:entry"
    assert "from .launch import entry" in (ROOT / "disclosure_lint" / "__main__.py").read_text("utf-8")


# -- the parser against click's -------------------------------------------------------------------


def _click_parse(args: list[str]) -> tuple[dict[str, Any], bool] | None:
    """What click gives `check` for `args` (as `Group.invoke` parses them), and whether --debug
    was set; None when click refuses the command line or it is not a `check`."""
    saved = os.environ.pop(DEBUG_ENV, None)
    try:
        try:
            with cli.make_context("disclosure-lint", list(args), resilient_parsing=False) as ctx:
                rest = [*ctx._protected_args, *ctx.args]
                name, command, rest = cli.resolve_command(ctx, rest)
                if command is not check:
                    return None
                params = check.make_context(str(name), rest, parent=ctx).params
        except (click.ClickException, click.exceptions.Exit, ValueError):
            return None
        return params, os.environ.get(DEBUG_ENV) == "1"
    finally:
        os.environ.pop(DEBUG_ENV, None)
        if saved is not None:
            os.environ[DEBUG_ENV] = saved


def _typed(params: dict[str, Any]) -> dict[str, tuple[type, Any]]:
    return {name: (type(value), value) for name, value in params.items()}


@pytest.fixture(scope="module")
def places(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("places")
    (folder / "book.md").write_text("# One\n\nWords.\n", "utf-8")
    (folder / "sub").mkdir()
    return {"file": str(folder / "book.md"), "folder": str(folder / "sub"), "missing": str(folder / "none.toml")}


def _values(kind: tuple[Any, ...], places: dict[str, str]) -> st.SearchStrategy[str]:
    """Values of an option of `kind`: mostly ones click takes, sometimes odd ones."""
    odd = st.sampled_from(["", "-", "--", "-q", "--quiet", "=", "x=y", "book.md", "--format", "-h", "é", " "])
    valid: st.SearchStrategy[str]
    if kind[0] == "choice":
        valid = st.sampled_from(kind[1])
        odd = odd | st.sampled_from(["xml", "TEXT", "Json", "text "])
    elif kind[0] == "int_range":
        valid = st.sampled_from(["1", "4", "12", "+3", " 2", "\u0663", "1_0"])
        odd = odd | st.sampled_from(["0", "-1", "x", "2.5", "9" * 5000])
    elif kind[0] == "file":
        valid = st.sampled_from([places["file"], places["missing"], "out.json", "report.txt"])
        odd = odd | st.sampled_from([places["folder"], places["file"] + "/", "a\x00b", "\udcff"])
    else:
        valid = st.sampled_from(["fr", "kdp", "DL005,disclosure-missing", "max_members=5", "GPT-4"]) | st.text(max_size=6)
    return st.one_of(*[valid] * 7, odd)


def _apart(name: str, value: str) -> list[str]:
    return [name, value]


def _joined(prefix: str, value: str) -> list[str]:
    return [prefix + value]


def _segments(table: dict[str, Any], places: dict[str, str]) -> st.SearchStrategy[list[str]]:
    """One piece of a command line: a path, an option in one of its forms, or an odd word."""
    paths = st.sampled_from(["book.md", "-", "chapters/", "b", "-x"]).map(lambda word: [word])
    odd = st.sampled_from(["--", "-x", "--nope", "-qj2", "-qo", "-h", "--help", "--deb"]).map(lambda word: [word])
    pieces: list[st.SearchStrategy[list[str]]] = [*[paths] * 6, odd]
    for name, (_dest, takes_value, _multiple, kind) in table["options"].items():
        if not takes_value:
            pieces += [st.just([name])] * 6
            pieces.append(st.sampled_from([[name + "="], [name + "=1"], [name + "x"]]))
            continue
        values = _values(kind, places)
        pieces += [values.map(partial(_apart, name))] * 3
        pieces += [values.map(partial(_joined, name + "="))] * 2
        if len(name) == 2:
            pieces.append(values.map(partial(_joined, name)))  # -j4, -oFILE
        pieces.append(st.just([name]))  # no value when it comes last
    return st.one_of(pieces)


@st.composite
def _command_lines(draw: st.DrawFn, places: dict[str, str]) -> list[str]:
    """`check` command lines, mostly: options before, after and between paths, in every form."""
    table = _table()
    before = draw(st.sampled_from([*[[]] * 12, ["--debug"], ["--debug", "--debug"], ["--version"], ["-h"], ["--nope"]]))
    command = draw(st.sampled_from(["check"] * 16 + ["audit", "chek", ""]))
    body = draw(st.lists(_segments(table, places), max_size=6))
    if draw(st.integers(0, 9)):  # a path, nearly always (check needs one)
        body.insert(draw(st.integers(0, len(body))), ["book.md"])
    return [*before, *([command] if command else []), *(word for piece in body for word in piece)]


@needs_table
@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_the_fast_parser_gives_what_click_gives_or_declines(places: dict[str, str], data: st.DataObject) -> None:
    args = data.draw(_command_lines(places))
    fast = check_args.parse(args, _table())
    if fast is None:
        return
    clicked = _click_parse(args)
    assert clicked is not None, f"click refuses {args!r}, the fast parser gave {fast!r}"
    assert _typed(fast[0]) == _typed(clicked[0]) and fast[1] == clicked[1], args


_PLAIN = [
    ["check", "book.md"],
    ["check", "-q", "book.md"],
    ["check", "book.md", "-q", "other.md"],
    ["check", "--format", "json", "-o", "out.json", "a.md", "b.md"],
    ["check", "--format=sarif", "--output-file=out.sarif", "books/"],
    ["check", "-j4", "--jobs", "2", "-j", "3", "x.md"],  # the last of a repeated option wins
    ["check", "-oreport.txt", "-o=odd", "x.md"],  # click's short forms: the rest of the word is the value
    ["--debug", "check", "x.md", "--debug"],
    ["check", "--profile", "kdp", "--profile=cope,ingram", "--limit", "max_members=5", "-"],
    ["check", "--model", "--quiet", "--lang", "fr", "--select", "", "x.md"],  # a value may look like an option
    ["check", "-", "--stdin-filename", "chapter.md"],
]


@needs_table
@pytest.mark.parametrize("args", _PLAIN, ids=" ".join)
def test_plain_command_lines_are_read_without_click_as_click_reads_them(args: list[str]) -> None:
    fast = check_args.parse(args, _table())
    assert fast is not None
    clicked = _click_parse(args)
    assert clicked is not None and _typed(fast[0]) == _typed(clicked[0]) and fast[1] == clicked[1]


_TO_CLICK = [
    [], ["--help"], ["-h"], ["--version"], ["rules"], ["check"], ["check", "--help"], ["check", "book.md", "-h"],
    ["check", "--", "-q"], ["check", "-qj2", "x.md"], ["check", "--nope", "x.md"], ["check", "x.md", "--format"],
    ["check", "--format", "xml", "x.md"], ["check", "--jobs", "0", "x.md"], ["check", "-jx", "x.md"],
    ["check", "--quiet=yes", "x.md"], ["--debug=1", "check", "x.md"], ["--nope", "check", "x.md"],
    ["check", "--config", ".", "x.md"], ["check", "-o", "/", "x.md"], ["Check", "x.md"],
]


@needs_table
@pytest.mark.parametrize("args", _TO_CLICK, ids=lambda args: " ".join(args) or "(none)")
def test_what_the_fast_parser_does_not_follow_goes_to_click(args: list[str]) -> None:
    assert check_args.parse(args, _table()) is None


@needs_table
def test_completion_and_the_switch_send_check_to_click(monkeypatch: pytest.MonkeyPatch) -> None:
    assert launch.fast_check(["check", "x.md"]) is not None
    monkeypatch.setenv(launch.FAST_ENV, "0")
    assert launch.fast_check(["check", "x.md"]) is None
    monkeypatch.delenv(launch.FAST_ENV)
    monkeypatch.setenv("_DISCLOSURE_LINT_COMPLETE", "bash_complete")
    assert launch.fast_check(["check", "x.md"]) is None


# -- the same output, end to end ------------------------------------------------------------------


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Path]:
    write_book(tmp_path, markdown_book("This book was created with AI."), "book.md")
    write_book(tmp_path, markdown_book(STOCK), "clean.md")
    (tmp_path / "bad.toml").write_text("[tool.disclosure-lint]\nseverity = 3\nnonsense = [\n", "utf-8")
    (tmp_path / "folder").mkdir()
    yield tmp_path


_END_TO_END: list[tuple[list[str], str]] = [
    (["check", "-q", "book.md"], ""),
    (["check", "book.md", "clean.md"], ""),
    (["check", "-q", "clean.md"], ""),
    (["check", "--format", "json", "book.md"], ""),
    (["check", "--format=sarif", "clean.md"], ""),
    (["check", "--config", "bad.toml", "book.md"], ""),
    (["check", "--config", "folder", "book.md"], ""),
    (["check", "--config", "missing.toml", "book.md"], ""),
    (["check", "--select", "no-such-rule", "book.md"], ""),
    (["check", "--ignore", "DL999,disclosure-missing", "book.md"], ""),
    (["check", "missing.md"], ""),
    (["check", "-q", "book.md", "missing.md"], ""),
    (["check", "-o", "nofolder/out.txt", "book.md"], ""),
    (["check", "-o", "out.txt", "book.md"], ""),
    (["check", "--jobs", "0", "book.md"], ""),
    (["check", "-j", "2", "book.md", "clean.md"], ""),
    (["check", "--format", "xml", "book.md"], ""),
    (["check", "--lang", "not a tag", "book.md"], ""),
    (["check", "--lang", "fr", "-q", "book.md"], ""),
    (["check", "--limit", "bogus", "book.md"], ""),
    (["check", "--limit", "max_markdown_lines=3", "book.md"], ""),
    (["check", "--profile", "nonesuch", "book.md"], ""),
    (["check", "--stdin-filename", "x.md", "book.md"], ""),
    (["check", "-", "book.md"], ""),
    (["check", "-"], markdown_book("This book was created with AI.")),
    (["check", "-", "--stdin-filename", "chapter.md", "--format", "json"], markdown_book(STOCK)),
    (["check", "-"], "\x00\x01 not a book \xff"),
    (["check", "folder"], ""),
    (["check", "--help"], ""),
    (["check"], ""),
    (["--debug", "check", "-q", "clean.md"], ""),
]


def _run(args: list[str], stdin: str, cwd: Path, fast: bool) -> tuple[int, str, str, bytes | None]:
    env = {**os.environ, "DISCLOSURE_LINT_CACHE": "0", "NO_COLOR": "1", "COLUMNS": "80"}
    env.pop("GITHUB_ACTIONS", None)
    env.pop(DEBUG_ENV, None)
    env[launch.FAST_ENV] = "1" if fast else "0"
    out = cwd / "out.txt"
    out.unlink(missing_ok=True)
    done = subprocess.run([sys.executable, "-m", "disclosure_lint", *args], input=stdin, capture_output=True,
                          text=True, env=env, cwd=cwd, timeout=120, check=False)
    return done.returncode, done.stdout, done.stderr, out.read_bytes() if out.exists() else None


@pytest.mark.parametrize(("args", "stdin"), _END_TO_END, ids=lambda value: " ".join(value) if isinstance(value, list) else "")
def test_the_output_is_the_same_with_and_without_the_fast_path(library: Path, args: list[str], stdin: str) -> None:
    fast = _run(args, stdin, library, fast=True)
    assert fast == _run(args, stdin, library, fast=False)
    assert fast[0] in (0, 1, 2)


@needs_table
def test_the_fast_path_runs_for_the_plain_command_lines_above(library: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each command line above that should not go to click does not (else the comparison above
    would compare click with itself)."""
    monkeypatch.chdir(library)
    taken = [args for args, _ in _END_TO_END if launch.fast_check(args) is not None]
    assert len(taken) >= 20
    assert ["check", "--help"] not in taken and ["check", "--jobs", "0", "book.md"] not in taken


# -- failures inside the check, in one process ----------------------------------------------------


@needs_table
@pytest.mark.parametrize("failure", [KeyboardInterrupt(), EOFError(), BrokenPipeError(errno.EPIPE, "Broken pipe"),
                                     OSError(errno.ENOSPC, "No space left on device", "x.md"),
                                     RuntimeError("bug"), UsageError("a usage error")],
                         ids=lambda failure: type(failure).__name__)
def test_a_failure_inside_the_check_ends_alike(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str], failure: BaseException) -> None:
    import disclosure_lint.api

    book = write_book(tmp_path, markdown_book(STOCK))

    def fail(*args: object, **kwargs: object) -> None:
        raise failure

    monkeypatch.setattr(disclosure_lint.api, "lint_many", fail)
    monkeypatch.delenv(DEBUG_ENV, raising=False)
    # click wraps the streams after a broken pipe: let the test's own come back.
    monkeypatch.setattr(sys, "stdout", sys.stdout)
    monkeypatch.setattr(sys, "stderr", sys.stderr)
    outcomes = []
    for fast in ("1", "0"):
        monkeypatch.setenv(launch.FAST_ENV, fast)
        assert (launch.fast_check(["check", "-q", str(book)]) is not None) == (fast == "1")
        code = launch.main(["check", "-q", str(book)])
        outcomes.append((code, *capsys.readouterr()))
    assert outcomes[0] == outcomes[1]


# -- what a plain check imports -------------------------------------------------------------------


@needs_table
def test_a_plain_check_imports_no_click_and_help_is_still_clicks(tmp_path: Path) -> None:
    book = write_book(tmp_path, markdown_book(STOCK))
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "80"}
    env.pop(launch.FAST_ENV, None)
    script = Path(sys.executable).with_name("disclosure-lint")  # the console script, where it is installed
    starts = [[sys.executable, "-m", "disclosure_lint"], *([[str(script)]] if script.is_file() else [])]
    for start in starts:
        done = subprocess.run([*start, "check", "-q", str(book)], capture_output=True, text=True,
                              env={**env, "PYTHONPROFILEIMPORTTIME": "1"}, cwd=tmp_path, timeout=120, check=False)
        assert done.returncode == 0 and done.stdout == ""
        imported = {line.rpartition("|")[2].strip() for line in done.stderr.splitlines()
                    if line.startswith("import time:")}
        assert "disclosure_lint.checking" in imported, start
        assert not {name for name in imported if name == "click" or name.startswith("click.")}, start
    shown = subprocess.run([sys.executable, "-m", "disclosure_lint", "check", "--help"], capture_output=True,
                           text=True, env=env, cwd=tmp_path, timeout=120, check=False)
    expected = (Path(__file__).parent / "data" / "cli_help.txt").read_text("utf-8")
    section = expected.split("$ disclosure-lint check --help  (exit 0)\n", 1)[1].split("\n$ ", 1)[0]
    assert shown.returncode == 0 and shown.stderr == "" and section.startswith(shown.stdout) and shown.stdout
