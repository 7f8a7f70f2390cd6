"""The audit's output table: CSV, JSON Lines or Parquet, chosen by the file's extension.

Rows are appended as books finish and flushed one by one, so a run that is killed loses only the
books in flight (under Dask, the books of the running tasks: `engines.DASK_BATCH` per worker). CSV and JSON Lines are appended to in place (a line cut short by a kill is cut
off before the next run appends). Parquet files cannot be appended to: rows go to a journal
beside the output (`FILE.journal.jsonl`, JSON Lines) and are compacted into the Parquet file
when the run ends, or by the next run when one was killed before that. When a changed book has
been audited again, its older rows are dropped at the end of the run: the table has one row
per book path, the newest.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, Any

from ..errors import UsageError
from .schema import COLUMNS, AuditRow, from_record, to_record

#: Extension → format.
FORMATS = {".parquet": "parquet", ".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}
#: What `--output` accepts, for messages.
EXTENSIONS = ".parquet, .csv, .jsonl or .ndjson"
#: Separator of the items of a list column in CSV.
LIST_SEPARATOR = "; "

PARQUET_EXTRA = "Parquet output needs pyarrow: pip install 'disclosure-lint[audit]'"


def format_of(path: Path) -> str:
    """The table format of an output path; UsageError for an extension no format has, or for
    Parquet without pyarrow."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise UsageError(f"--output {path}: unknown table format {path.suffix or '(no extension)'!r}; "
                         f"use {EXTENSIONS}")
    if fmt == "parquet":
        try:
            import pyarrow.parquet  # noqa: F401
        except ImportError:
            raise UsageError(f"--output {path}: {PARQUET_EXTRA}") from None
    return fmt


def journal_of(path: Path) -> Path:
    return path.with_name(path.name + ".journal.jsonl")


# --- reading --------------------------------------------------------------------------------------

def read_rows(path: Path) -> list[AuditRow]:
    """The rows already in an output (and, for Parquet, in its journal), oldest first; lines that a
    killed run cut short are left out. UsageError for a file that is not an audit table."""
    fmt = format_of(path)
    rows: list[AuditRow] = []
    if path.exists():
        try:
            if fmt == "parquet":
                rows += _read_parquet(path)
            elif fmt == "csv":
                rows += _read_csv(path)
            else:
                rows += _read_jsonl(path)
        except (OSError, ValueError) as exc:
            raise UsageError(f"--output {path}: cannot read it as an audit table ({exc}); "
                             "name a new file, or use --force to replace it") from exc
    if fmt == "parquet" and journal_of(path).exists():
        rows += _read_jsonl(journal_of(path))
    return rows


def _read_jsonl(path: Path) -> list[AuditRow]:
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.endswith("\n"):
                break  # cut short by a kill
            if not line.strip():
                continue
            try:
                rows.append(from_record(json.loads(line)))
            except (ValueError, TypeError) as exc:
                raise ValueError(f"line {len(rows) + 1}: {exc}") from exc
    return rows


def _read_csv(path: Path) -> list[AuditRow]:
    with open(path, encoding="utf-8", newline="") as f:
        text = f.read()
    if text and not text.endswith("\n"):
        text = text[:text.rfind("\n") + 1]  # a row cut short by a kill
    rows = []
    for record in csv.DictReader(io.StringIO(text, newline="")):
        values: dict[str, Any] = dict(record)
        for name, kind in COLUMNS.items():
            if kind == "list" and name in values:
                values[name] = [item for item in (values[name] or "").split(LIST_SEPARATOR) if item]
        rows.append(from_record(values))
    return rows


def _read_parquet(path: Path) -> list[AuditRow]:
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
    except Exception as exc:  # pyarrow's errors (ArrowInvalid ...) are not OSErrors
        raise ValueError(str(exc)) from exc
    return [from_record(record) for record in table.to_pylist()]


# --- writing --------------------------------------------------------------------------------------

class Appender:
    """Appends rows to an output as they come, flushing each."""

    def __init__(self, path: Path, *, fresh: bool) -> None:
        self.path = path
        self.format = format_of(path)
        self.written: list[AuditRow] = []
        target = journal_of(path) if self.format == "parquet" else path
        if fresh:
            for old in (path, journal_of(path)):
                with contextlib.suppress(FileNotFoundError):
                    old.unlink()
        _cut_partial_line(target)
        new = not target.exists() or target.stat().st_size == 0
        #: Can the table hold two rows of one book? Not when it was empty and each row appended
        #: names another book: then `close` need not read it back to drop the older rows.
        self._superseded = not new
        self._paths: set[str] = set()
        try:
            self._file: IO[str] = open(target, "a", encoding="utf-8", newline="")  # noqa: SIM115 (closed by close())
        except OSError as exc:
            raise UsageError(f"--output {path}: cannot write: {exc.strerror or exc}") from exc
        self._csv = csv.writer(self._file, lineterminator="\n") if self.format == "csv" else None
        if self._csv is not None and new:
            self._csv.writerow(COLUMNS)
            self._file.flush()

    def append(self, row: AuditRow) -> None:
        if self._csv is not None:
            self._csv.writerow(_csv_cells(row))
        else:
            self._file.write(json.dumps(to_record(row), ensure_ascii=False) + "\n")
        self._file.flush()
        self.written.append(row)
        if row.path in self._paths:
            self._superseded = True
        self._paths.add(row.path)

    def close(self) -> None:
        """Close the file; for Parquet, compact the journal into the output."""
        self._file.close()
        if self.format == "parquet":
            compact(self.path)
        elif self._superseded:
            _drop_superseded(self.path)


def _csv_cells(row: AuditRow) -> list[object]:
    record = to_record(row)
    cells: list[object] = []
    for name, kind in COLUMNS.items():
        value = record[name]
        if kind == "list":
            value = LIST_SEPARATOR.join(item.replace(";", ",") for item in value)
        elif value is None:
            value = ""
        cells.append(value)
    return cells


def _cut_partial_line(path: Path) -> None:
    """Cut off a last line that a killed run left without its newline."""
    with contextlib.suppress(FileNotFoundError), open(path, "rb+") as f:
        size = f.seek(0, os.SEEK_END)
        if size == 0:
            return
        f.seek(size - 1)
        if f.read(1) == b"\n":
            return
        keep = size
        step = 1 << 16
        while keep > 0:
            start = max(0, keep - step)
            f.seek(start)
            chunk = f.read(keep - start)
            at = chunk.rfind(b"\n")
            if at >= 0:
                f.truncate(start + at + 1)
                return
            keep = start
        f.truncate(0)


def latest(rows: Iterable[AuditRow]) -> list[AuditRow]:
    """One row per book path, the newest, in the order the paths first came."""
    out: dict[str, AuditRow] = {}
    for row in rows:
        out.pop(row.path, None)
        out[row.path] = row
    return list(out.values())


def _drop_superseded(path: Path) -> None:
    rows = read_rows(path)
    kept = latest(rows)
    if len(kept) != len(rows):
        write_table(path, kept)


def compact(path: Path) -> None:
    """Fold a Parquet output's journal into it (one file, one row per book), atomically."""
    journal = journal_of(path)
    if not journal.exists():
        return
    write_table(path, latest(read_rows(path)))
    journal.unlink()


def write_table(path: Path, rows: Sequence[AuditRow]) -> None:
    """Write a whole table (replacing the file atomically: a temporary file and a rename)."""
    fmt = format_of(path)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        if fmt == "parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            from .schema import pyarrow_schema

            table = pa.Table.from_pylist([to_record(r) for r in rows], schema=pyarrow_schema())
            pq.write_table(table, temporary, row_group_size=100_000, compression="zstd")
        else:
            with open(temporary, "w", encoding="utf-8", newline="") as f:
                if fmt == "csv":
                    writer = csv.writer(f, lineterminator="\n")
                    writer.writerow(COLUMNS)
                    writer.writerows(_csv_cells(r) for r in rows)
                else:
                    f.writelines(json.dumps(to_record(r), ensure_ascii=False) + "\n" for r in rows)
        os.replace(temporary, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise UsageError(f"--output {path}: cannot write: {exc.strerror or exc}") from exc
