"""Where the console script (`disclosure-lint`) and `python -m disclosure_lint` start (issue 21).

A plain `check` command line (`check -q book.md`, `check --format json -o out.json books/`) is
read by `check_args` from a table click's command gives, and the check runs without importing
click: some 100 M instructions, about 20 ms of CPU, off every such run (a pre-commit hook, a
catalogue script). Every other command line, and any `check` command line `check_args` does not
follow exactly, goes to click (`cli.main`), the parser of record: its help, its errors and its
exit codes, byte for byte. Both run the same check (`checking.check`), say its failures the same
way (`console.run`) and end the same way (`console.end`).

`DISCLOSURE_LINT_FAST_CHECK=0` sends every command line to click (for tests and for debugging).
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from .check_args import COMMAND, load, parse
from .console import COMPLETE_ENV, end, run, say, silence_stdout
from .errors import DEBUG_ENV, PROG

#: Set to "0" to send every command line to click.
FAST_ENV = "DISCLOSURE_LINT_FAST_CHECK"


def fast_check(args: list[str]) -> tuple[dict[str, Any], bool] | None:
    """`check`'s parameters and whether `--debug` was given, when `args` is a command line the
    click-free start runs; None when click is to parse it."""
    if os.environ.get(FAST_ENV) == "0" or COMPLETE_ENV in os.environ or COMMAND not in args:
        return None  # (no "check": another command, `--version`, nothing; the table is not read)
    table = load()
    return None if table is None else parse(args, table)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line `argv` (default: the process's); return the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    parsed = fast_check(args)
    if parsed is None:
        from .cli import main as click_main

        return click_main(args)
    params, debug = parsed
    saved = os.environ.get(DEBUG_ENV)
    try:
        if debug:
            os.environ[DEBUG_ENV] = "1"
        return run(lambda: _check(params))
    finally:
        if saved is None:
            os.environ.pop(DEBUG_ENV, None)
        else:
            os.environ[DEBUG_ENV] = saved


def _check(params: dict[str, Any]) -> int:
    """The check, with what click's `Command.main` (8.5) does around a command on the other path:
    an interrupt (or the end of standard input) is a blank line closing the terminal's `^C`, then
    "aborted"; a broken pipe ends the run with exit 1, saying nothing."""
    from .checking import check

    try:
        check(**params)
    except (EOFError, KeyboardInterrupt):
        import click

        click.echo(file=sys.stderr)
        say(f"{PROG}: aborted")
        return 2
    except OSError as exc:
        if exc.errno != errno.EPIPE:
            raise
        silence_stdout()
        return 1


def entry() -> NoReturn:
    """The console script and `python -m disclosure_lint`: `main`, then `console.end`."""
    from .collector import one_shot

    one_shot()  # (`check` then holds the collector off until the process ends: `collector`)
    end(main())
