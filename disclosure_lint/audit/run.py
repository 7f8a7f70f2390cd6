"""One audit from start to end: which books, which of them are already done, the engine, the table.

The CLI (`disclosure-lint audit`) calls `find_books`, `Audit.start`, `Audit.run` and `summarise`,
and prints; nothing here prints.
"""

from __future__ import annotations

import contextlib
import glob
import os
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ..errors import UsageError
from .schema import VERDICTS, AuditRow
from .table import Appender, format_of, latest, read_rows
from .work import AuditOptions, local_path

if TYPE_CHECKING:
    from ..config import Config

_GLOB = frozenset("*?[")


class Books(NamedTuple):
    paths: list[str]
    #: Named paths that hold no book: one line each.
    empty: list[str]


def read_list(path: Path) -> list[str]:
    """`--from LIST`: one path or URL a line (blank lines and `#` comments skipped); `-`: stdin."""
    import sys

    try:
        text = sys.stdin.read() if str(path) == "-" else path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"--from {path}: cannot read: {getattr(exc, 'strerror', None) or exc}") from exc
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def find_books(names: Sequence[str], config: Config | None) -> Books:
    """The books the named paths, globs and URLs hold, each once, in the order named. A folder
    is searched as `check` searches it; a DOCX or EPUB file, or a URL, is one book."""
    from ..readers.discovery import PACKAGE_SUFFIXES, discover

    out: dict[str, None] = {}
    empty: list[str] = []
    # Named files that are not packages (Markdown, mostly), found together: whether one is a
    # chapter of a folder book is asked of its folder, once for all of them (one `discover` per
    # file listed the folder again for each: 0.3 s for the nine Markdown books among 2,000 in
    # one folder). Those named in full, and those not, each in their own call (see below).
    files: list[Path] = []
    files_in_full = False

    def find(paths: list[Path], named_in_full: bool) -> None:
        found = discover(paths, config)
        empty.extend(message for _, message in found.empty)
        # `discover` shows a book inside the working folder relative to it (as `check` prints
        # it); a row names it as the user did, so a path named in full stays in full (and a
        # resumed run from another folder finds its row).
        for book in found.books:
            out[os.path.abspath(book.path) if named_in_full else str(book.path)] = None

    def flush() -> None:
        if files:
            find(files, files_in_full)
            files.clear()

    for name in names:
        local = local_path(name)
        if local is None:  # a URL that fsspec reads
            flush()
            for url in _expand_url(name) if _GLOB & set(name) else [name]:
                out[url] = None
            continue
        matches = sorted(glob.glob(local, recursive=True)) if _GLOB & set(local) else [local]
        if not matches:
            empty.append(f"{name}: no file matches")
        for match in matches:
            if os.path.isdir(match):
                flush()
                find([Path(match)], os.path.isabs(match))
            elif match.lower().endswith(PACKAGE_SUFFIXES):
                # The common case of a catalogue: no search needed (a file:// URL stays as named).
                flush()
                out[name if match == local and name != local else match] = None
            else:
                if files and files_in_full != os.path.isabs(match):
                    flush()
                files_in_full = os.path.isabs(match)
                files.append(Path(match))
    flush()
    return Books(list(out), empty)


@contextlib.contextmanager
def children_ahead(names: Sequence[str], options: AuditOptions, *, jobs: int, timeout: float, memory: int,
                   here: bool) -> Iterator[None]:
    """The guarded children of an audit whose workers are here (`here`: the local engine, or Dask
    on a LocalCluster), started now, while the books are looked for and the table is read; the
    engine takes them (`guard.spare_guard`), and those it did not take are stopped at the end.
    As many as `jobs`, fewer when fewer files are named (and nothing else)."""
    from .guard import close_guards, start_guards

    try:
        if here:
            files = all(local_path(name) == name and not _GLOB & set(name) and os.path.isfile(name) for name in names)
            start_guards(options, timeout, memory, min(jobs, len(names)) if files else jobs)
        yield
    finally:
        if here:
            close_guards()


def _expand_url(pattern: str) -> list[str]:
    try:
        from fsspec.core import url_to_fs
    except ImportError:
        raise UsageError(f"{pattern}: URLs need fsspec (pip install fsspec)") from None
    try:
        fs, path = url_to_fs(pattern)
        return [fs.unstrip_protocol(p) for p in sorted(fs.glob(path))]
    except (OSError, ValueError, ImportError) as exc:
        raise UsageError(f"{pattern}: cannot list: {exc}") from exc


@dataclass
class Audit:
    """An audit of `books` into the table at `output`."""

    books: list[str]
    output: Path
    options: AuditOptions
    force: bool = False
    #: The rows the table had before (none with --force).
    before: list[AuditRow] = field(default_factory=list)
    #: Books skipped because their row is up to date.
    unchanged: int = 0
    #: Rows written by this run.
    written: list[AuditRow] = field(default_factory=list)

    @classmethod
    def start(cls, books: list[str], output: Path, options: AuditOptions, *, force: bool) -> Audit:
        format_of(output)  # an unknown extension, or Parquet without pyarrow: stop before any work
        before = [] if force else read_rows(output)
        return cls(books, output, options, force, before)

    def tasks(self) -> list[tuple[str, str | None]]:
        """Each book with the SHA-256 of its up-to-date row, if it has one: a row for its path made
        by this tool version under these profiles (a book whose bytes still have that hash is
        skipped; a row without a hash, of a book that timed out or killed its worker, is redone)."""
        from .. import __version__

        done = {row.path: row.sha256 for row in latest(self.before)
                if row.tool_version == __version__ and row.profile == self.options.profile and row.sha256}
        return [(book, done.get(book)) for book in self.books]

    def run(self, engine: str, *, jobs: int, timeout: float, memory: int, scheduler: str | None = None,
            on_done: Callable[[AuditRow | None], None] | None = None) -> list[AuditRow]:
        """Audit the books, appending each row as it comes; the table's rows afterwards.

        The table is opened (and, with --force, emptied) once the engine is ready: a Dask engine
        that cannot start leaves it as it was."""
        from .engines import run_dask, run_local

        appenders: list[Appender] = []

        def open_table() -> None:
            appenders.append(Appender(self.output, fresh=self.force))

        def done(path: str, row: AuditRow | None) -> None:
            if row is None:
                self.unchanged += 1
            else:
                appenders[0].append(row)
                self.written.append(row)
            if on_done is not None:
                on_done(row)

        try:
            tasks = self.tasks()
            if engine == "dask":
                run_dask(tasks, self.options, jobs=jobs, timeout=timeout, memory=memory, on_done=done,
                         scheduler=scheduler, on_ready=open_table)
            else:
                open_table()
                run_local(tasks, self.options, jobs=jobs, timeout=timeout, memory=memory, on_done=done)
        finally:
            for appender in appenders:
                appender.close()
        return latest([*self.before, *self.written])


class Summary(NamedTuple):
    books: int
    verdicts: dict[str, int]
    #: Rule slug → books it fired in, most first.
    rules: list[tuple[str, int]]


def summarise(rows: Sequence[AuditRow]) -> Summary:
    verdicts = Counter(row.verdict for row in rows)
    rules = Counter(rule for row in rows for rule in row.rules)
    return Summary(len(rows), {v: verdicts.get(v, 0) for v in VERDICTS},
                   sorted(rules.items(), key=lambda item: (-item[1], item[0])))
