"""One exception family: the CLI turns each into one line on stderr and exit 2.

The line an unexpected error becomes is made here too, below every module that meets one (the
CLI, and `api` for a book checked in a worker process).
"""

from __future__ import annotations

#: The program's name, as messages give it.
PROG = "disclosure-lint"

#: Set to "1" (or pass --debug) for tracebacks instead of one-line internal errors; worker
#: processes (--jobs) inherit it.
DEBUG_ENV = "DISCLOSURE_LINT_DEBUG"

#: Test-only: makes a worker misbehave on a named book (see `workers.inject_fault`).
TEST_FAULTS_ENV = "DISCLOSURE_LINT_TEST_FAULTS"


class DisclosureLintError(Exception):
    """Base of every error a user can cause and fix (bad input, bad config, bad usage)."""


class InputError(DisclosureLintError):
    """A manuscript cannot be read: missing, not the format it claims, damaged, hostile."""


class ConfigError(DisclosureLintError):
    """A configuration file or option is wrong: unknown key, bad value, bad TOML."""


class UsageError(DisclosureLintError):
    """A command was asked for something it cannot do (e.g. `insert` without a model)."""


class WriteError(DisclosureLintError):
    """`insert` could not write its result safely (the original is left as it was)."""


def internal_error(exc: BaseException) -> str:
    """What an unexpected error becomes, without the program's name: one line, no traceback
    (the user is asked to run again with --debug and report it)."""
    text = " ".join(str(exc).split())
    if len(text) > 300:
        text = text[:300] + "…"
    return f"internal error: {type(exc).__name__}: {text}; run with --debug and report it"


def os_error(exc: OSError) -> str:
    """A file-system error no command foresaw, as one plain line: the file and what the system
    said ("book.md: Permission denied"); it is the user's to fix (a full disk, a file in use), so
    it is not called an internal error."""
    what = exc.strerror or " ".join(str(exc).split()) or type(exc).__name__
    return f"{exc.filename}: {what}" if exc.filename else what
