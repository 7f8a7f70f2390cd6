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
    # one folder). Packages named between them do not split them (each is one book, no search
    # needed); those named in full and those not go to separate calls (see below), and a folder
    # or a URL named after them comes after them.
    files: dict[bool, list[Path]] = {False: [], True: []}

    def find(paths: list[Path], named_in_full: bool) -> None:
        found = discover(paths, config)
        empty.extend(message for _, message in found.empty)
        # `discover` shows a book inside the working folder relative to it (as `check` prints
        # it); a row names it as the user did, so a path named in full stays in full (and a
        # resumed run from another folder finds its row).
        for book in found.books:
            out[os.path.abspath(book.path) if named_in_full else str(book.path)] = None

    def flush() -> None:
        for in_full, named in files.items():
            if named:
                find(named, in_full)
                named.clear()

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
                out[name if match == local and name != local else match] = None
            else:
                files[os.path.isabs(match)].append(Path(match))
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
    #: Each book's size in bytes, as far as it is known here (`book_sizes`).
    sizes: dict[str, int] = field(default_factory=dict)

    @classmethod
    def start(cls, books: list[str], output: Path, options: AuditOptions, *, force: bool) -> Audit:
        format_of(output)  # an unknown extension, or Parquet without pyarrow: stop before any work
        before = [] if force else read_rows(output)
        return cls(books, output, options, force, before, sizes=book_sizes(books))

    @property
    def total_bytes(self) -> int:
        return sum(self.sizes.values())

    def tasks(self) -> list[tuple[str, str | None]]:
        """Each book with the SHA-256 of its up-to-date row, if it has one: a row for its path made
        by this tool version under these profiles (a book whose bytes still have that hash is
        skipped; a row without a hash, of a book that timed out or killed its worker, is redone).

        Largest first (by `sizes`; books of the same size in the order named): the books that
        take longest start early, so that a run does not end with one worker on a big book while
        the others have nothing left to do."""
        from .. import __version__

        done = {row.path: row.sha256 for row in latest(self.before)
                if row.tool_version == __version__ and row.profile == self.options.profile and row.sha256}
        return sorted(((book, done.get(book)) for book in self.books), key=lambda task: -self.sizes.get(task[0], 1))

    def run(self, engine: str, *, jobs: int, timeout: float, memory: int, scheduler: str | None = None,
            on_done: Callable[[AuditRow | None, int], None] | None = None) -> list[AuditRow]:
        """Audit the books, appending each row as it comes; the table's rows afterwards.
        `on_done(row, size)` as each book ends (row None: skipped, unchanged; `size`: its
        `sizes`, for a progress bar by bytes).

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
                on_done(row, self.sizes.get(path, 1))

        try:
            tasks = self.tasks()
            if engine == "dask":
                run_dask(tasks, self.options, jobs=jobs, timeout=timeout, memory=memory, on_done=done,
                         scheduler=scheduler, on_ready=open_table, sizes=[self.sizes.get(path, 1) for path, _ in tasks])
            else:
                open_table()
                run_local(tasks, self.options, jobs=jobs, timeout=timeout, memory=memory, on_done=done)
        finally:
            for appender in appenders:
                appender.close()
        return latest([*self.before, *self.written])


def book_sizes(books: Sequence[str]) -> dict[str, int]:
    """Each book's size in bytes: a local file's from the file system; a folder book's, its
    Markdown files' (not searched below); for a URL, or a file that cannot be looked at, the
    mean of the sizes known (1 when none is), so that the order and the batches by size still
    hold such books somewhere sensible without reading anything remote."""
    import stat

    from ..readers.layouts import MARKDOWN_SUFFIXES

    known: dict[str, int] = {}
    for book in books:
        local = local_path(book)
        if local is None:
            continue
        with contextlib.suppress(OSError):
            found = os.stat(local)
            if not stat.S_ISDIR(found.st_mode):
                known[book] = found.st_size
                continue
            with os.scandir(local) as entries:
                known[book] = sum(entry.stat().st_size for entry in entries
                                  if entry.name.lower().endswith(MARKDOWN_SUFFIXES) and entry.is_file())
    guess = max(1, sum(known.values()) // len(known)) if known else 1
    return {book: known.get(book, guess) for book in books}


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
