"""The `check` command's work, without click (issue 21): the options as click's command line
gives them (`cli.check`) or as the click-free start gives them (`launch`, from the same table), then
the config, the books found, `lint_many` and the report, one implementation for both.

click is imported only for what only it draws: the progress bar of more than a few books on a
terminal, and (in `console.echo`) a line said on stderr.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from .console import say
from .errors import PROG, UsageError

if TYPE_CHECKING:
    from .api import Report
    from .config import Config
    from .limits import Limits


def split_rules(value: str | None, option: str) -> frozenset[str] | None:
    """Rule slugs from `--select`/`--ignore`: slugs or codes (`DL005`, any case), comma- or
    space-separated."""
    if value is None:
        return None
    from .names import rule_slug, unknown_rule

    slugs = set()
    for name in value.replace(" ", ",").split(","):
        if not name.strip():
            continue
        slug = rule_slug(name)
        if slug is None:
            raise UsageError(f"{option}: {unknown_rule(name.strip())}")
        slugs.add(slug)
    return frozenset(slugs)


def limit_options(values: Sequence[str], base: Limits) -> Limits:
    """`--limit NAME=N` (repeatable) on top of the config's `[limits]`."""
    from .config import parse_limits

    changes: dict[str, object] = {}
    for item in values:
        name, sep, number = item.partition("=")
        name = name.strip().replace("-", "_")
        try:
            value: object = int(number.strip())
        except ValueError:
            value = number
        if not sep or not name:
            raise UsageError(f"--limit {item!r}: expected NAME=N, e.g. --limit max_member_bytes=512MiB")
        changes[name] = value

    def fail(key: str, problem: str) -> UsageError:
        return UsageError(f"--limit {key.removeprefix('limits.')}: {problem}")

    return parse_limits(changes, fail, base)


def lang_tag(value: str | None) -> str | None:
    """`--lang CODE`: a language tag ("fr", "de-CH"), or a one-line usage error."""
    if value is None:
        return None
    from .config import LANG_PROBLEM
    from .langtags import well_formed

    if not well_formed(value):
        raise UsageError(f"--lang: {LANG_PROBLEM.format(value)}")
    return value.strip()


def profiles_of(names: Sequence[str]) -> tuple[str, ...] | None:
    """`--profile NAME` (repeatable, or comma-separated), checked; None when not given."""
    if not names:
        return None
    from .names import parse_profiles

    return parse_profiles(names, lambda problem: UsageError(f"--profile: {problem}"))



#: More books than this, on a terminal, get a progress bar on stderr.
PROGRESS_MIN_BOOKS = 4


def use_color(stream: Any) -> bool:
    """Colour for a terminal, unless NO_COLOR is set (no-color.org)."""
    return "NO_COLOR" not in os.environ and hasattr(stream, "isatty") and stream.isatty()


def check(paths: Sequence[str], fmt: str | None, output_file: Path | None, model: str | None,
          lang: str | None, config_path: Path | None, select: str | None, ignore: str | None,
          jobs: int | None, quiet: bool, limits: Sequence[str], profile_names: Sequence[str],
          stdin_filename: str | None) -> NoReturn:
    """`disclosure-lint check`, its options parsed: check the books, write the report, and exit
    with its code (`sys.exit`)."""
    from .collector import hold_for_run

    hold_for_run()  # a process that ends when its books are checked: no collector's pass (`collector`)
    from .api import Failure, lint_many
    from .config import load_config, resolve_config
    from .readers.discovery import discover

    selected = split_rules(select, "--select")
    ignored = split_rules(ignore, "--ignore") or frozenset()
    profiles = profiles_of(profile_names)
    lang = lang_tag(lang)
    explicit = load_config(config_path) if config_path is not None else None
    if explicit is not None:
        limit_options(limits, explicit.limits)  # a bad --limit is a usage error, reported once
    if "-" in paths or stdin_filename is not None:
        if list(paths) != ["-"]:
            raise UsageError("standard input (-) is checked alone: `check -`, with no other paths"
                             if "-" in paths else "--stdin-filename names standard input: use it with `check -`")
        from .api import lint_stdin

        named = Path(stdin_filename) if stdin_filename else Path.cwd() / "-"
        base = explicit if explicit is not None else resolve_config(named, None)
        config = base.with_overrides(model=model, select=selected, ignore=ignored, profiles=profiles, lang=lang,
                                     limits=limit_options(limits, base.limits))
        finish(lint_stdin(sys.stdin.buffer, config, stdin_filename or "-"), fmt, output_file, quiet)
    found = discover([Path(p) for p in paths], explicit)
    targets = []
    configs: list[Config] = []
    refused: list[Failure] = [Failure(path, message) for path, message in found.empty]
    for book in found.books:
        target = book.path
        # A broken config stops the run (one line, exit 2): it is the user's to fix, not a book
        # that could not be read.
        base = explicit if explicit is not None else resolve_config(target, None)
        targets.append(target)
        configs.append(base.with_overrides(model=model, select=selected, ignore=ignored, profiles=profiles, lang=lang,
                                           limits=limit_options(limits, base.limits)))
    workers = jobs or os.cpu_count() or 1
    stderr = sys.stderr
    if len(targets) > PROGRESS_MIN_BOOKS and stderr.isatty():
        import click

        with click.progressbar(length=len(targets), label="Checking books", file=stderr) as bar:
            report = lint_many(targets, configs, jobs=workers, on_done=lambda: bar.update(1))
    else:
        report = lint_many(targets, configs, jobs=workers)
    if refused:
        report = report._replace(failures=(*refused, *report.failures))
    if found.skipped:
        report = report._replace(skipped=found.skipped)
    finish(report, fmt, output_file, quiet)


def finish(report: Report, fmt: str | None, output_file: Path | None, quiet: bool) -> NoReturn:
    """Say each failure, write the report, and exit with its code."""
    for failure in report.failures:
        say(f"{PROG}: {failure.message}")
    out = sys.stdout
    annotate = fmt is None and os.environ.get("GITHUB_ACTIONS") == "true"
    write_report(report, fmt or "text", out, output_file, quiet)
    if annotate:
        # GitHub reads workflow commands from the job's output: annotations go to stdout even
        # when the text report goes to a file.
        write_report(report, "github", out, None, quiet)
    sys.exit(report.exit_code)


def write_report(report: Report, fmt: str, out: TextIO, output_file: Path | None, quiet: bool) -> None:
    """Write `report` in `fmt` to `out`, or atomically to `output_file` when one is given."""
    import io

    from .reporters import get_reporter

    writer = get_reporter(fmt)
    if output_file is None:
        try:
            writer(report, out, color=use_color(out) and fmt == "text", base=Path.cwd(), quiet=quiet)
            out.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:  # a full disk, a closed terminal: the user's to fix, not a bug
            raise UsageError(f"cannot write the report: {exc.strerror or exc}") from exc
        return
    buffer = io.StringIO()
    writer(report, buffer, color=False, base=Path.cwd(), quiet=quiet)
    write_output(output_file, buffer.getvalue().encode("utf-8"))


def write_output(target: Path, data: bytes) -> None:
    """Write `data` to `target` through `writers.atomic` (a temporary file in the same folder and
    a rename), so a reader of the file (a CI upload step) never sees half a report."""
    from .errors import WriteError
    from .writers.atomic import write_atomic

    try:
        write_atomic(target, data)
    except (WriteError, OSError) as exc:
        cause = exc.__cause__ if isinstance(exc.__cause__, OSError) else exc
        why = cause.strerror if isinstance(cause, OSError) and cause.strerror else str(cause)
        raise UsageError(f"{target}: cannot write the report: {why}") from exc
