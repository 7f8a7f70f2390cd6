"""What the command line says on its streams, how a failure becomes one line and an exit code,
and how a run ends: shared by click's command line (`cli`) and the click-free start of a plain
`check` (`launch`, issue 21), so that both say and end alike.

Nothing here imports click until there is something to say: a line through `echo` is
`click.echo`'s (which strips terminal codes from what is not a terminal and mends a stream of the
wrong encoding), imported then; a clean `check -q` says nothing and never pays for it.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable
from typing import NoReturn

from .errors import DEBUG_ENV, PROG, DisclosureLintError, internal_error, os_error

#: The variable that asks click for shell completion (`eval "$(_DISCLOSURE_LINT_COMPLETE=bash_source
#: disclosure-lint)"`): the shell runs the command without arguments, with this set.
COMPLETE_ENV = f"_{PROG}_COMPLETE".replace("-", "_").upper()


def debugging() -> bool:
    """Tracebacks wanted: `--debug` before or after the command (only the parser knows where the
    real flag is: "check -- --debug" names a file), or the environment variable."""
    return os.environ.get(DEBUG_ENV) == "1"


def say(line: str) -> None:
    """Write one line to stderr; a closed or broken stderr cannot turn it into a traceback."""
    with contextlib.suppress(OSError, ValueError):
        echo(" ".join(line.split()) if "\n" in line else line, err=True, keep="")


def echo(message: str = "", *, err: bool = False, nl: bool = True, keep: str = "\t\n") -> None:
    """`click.echo`, with what came from a book, a file name or a user's template shown through
    `display.printable` (issue 24): no control character reaches the terminal raw; tab and
    newline stay (`keep`) where the output is lines of text."""
    import click

    from .display import printable

    click.echo(printable(message, keep), err=err, nl=nl)


def silence_stdout() -> None:
    """After a broken pipe (`check ... | head`), point stdout at /dev/null so that the flush at
    exit does not print "Exception ignored ... BrokenPipeError"."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def run(body: Callable[[], int]) -> int:
    """`body`'s exit code, with every failure a user can meet made one line on stderr and exit 2
    (`--debug` or DISCLOSURE_LINT_DEBUG=1: the traceback instead); `sys.exit` inside gives its code."""
    try:
        return body()
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    except DisclosureLintError as exc:
        if debugging():
            raise
        say(f"{PROG}: {exc}")
        return 2
    except KeyboardInterrupt:
        say(f"{PROG}: interrupted")
        return 2
    except BrokenPipeError:
        silence_stdout()
        return 2
    except OSError as exc:  # a full disk, a file in use: the user's to fix, said plainly
        if debugging():
            raise
        say(f"{PROG}: {os_error(exc)}")
        return 2
    except Exception as exc:  # the one place an unexpected error becomes one line
        if debugging():
            raise
        say(f"{PROG}: {internal_error(exc)}")
        return 2


def end(code: int) -> NoReturn:
    """The end of the process after a run (the console script and `python -m disclosure_lint`),
    without the interpreter's teardown, which frees every module and object one by one: 10-12 ms
    of CPU at the end of every `check` (a sixth of a short book's whole run), for memory the
    process gives back by ending anyway. What an ordinary exit must still do is done first: the
    exit handlers (`atexit`: multiprocessing's, weakref finalizers') and the flush of stdout and
    stderr. While a thread that is not a daemon still runs, or a flush fails, the exit is the
    ordinary one. (mypy ends the same way.)"""
    import threading

    main_thread = threading.main_thread()
    if any(thread is not main_thread and not thread.daemon and thread.is_alive() for thread in threading.enumerate()):
        sys.exit(code)
    import atexit

    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):
            sys.exit(code)
    os._exit(code)
