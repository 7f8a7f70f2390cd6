"""`disclosure-lint audit` (issue 18): one row per book, in CSV, JSON Lines and Parquet; a book that
hangs, kills its worker or is refused becomes an error row; a killed run resumes; the Dask engine
gives the same rows as the local one; the base install needs neither pyarrow nor dask."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from books import STOCK, markdown_book, write_book
from conftest import Run

from disclosure_lint.audit.schema import COLUMNS, JSON_SCHEMA, SCHEMA_VERSION, AuditRow, pyarrow_schema
from disclosure_lint.audit.table import read_rows
from disclosure_lint.audit.work import FAULTS_ENV, AuditOptions, audit_one
from disclosure_lint.config import Config
from disclosure_lint.reporters import html as report_html

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _catalogue(folder: Path, *, extra: tuple[str, ...] = ()) -> Path:
    """A small catalogue: a disclosing book with an ISBN, one without a disclosure, a DOCX and an
    EPUB, a file that is no EPUB at all, and copies named for the fault tests."""
    folder.mkdir(exist_ok=True)
    write_book(folder, markdown_book(STOCK, extra_front="ISBN 978-0-306-40615-7"), "disclosed.md")
    write_book(folder, markdown_book(None, title="The Quiet Engine"), "silent.md")
    shutil.copy(SAMPLES / "harbor-lights.docx", folder / "harbor.docx")
    shutil.copy(SAMPLES / "harbor-lights.epub", folder / "harbor.epub")
    (folder / "broken.epub").write_bytes(b"this is not a zip archive")
    for name in extra:
        write_book(folder, markdown_book(None, title=name), name)
    return folder


def _by_name(rows: list[AuditRow]) -> dict[str, AuditRow]:
    return {Path(row.path).name: row for row in rows}


def test_audit_one_makes_a_row_from_the_engine() -> None:
    options = AuditOptions(Config())
    row = audit_one(str(SAMPLES / "harbor-lights.md"), options)
    assert row.verdict == "clean" and row.format == "markdown" and row.title == "Harbor Lights"
    assert row.authors == ("Jordan Vale",) and row.systems == ("GPT-4",) and row.disclosure_visible is True
    assert row.disclosure is not None and row.disclosure.startswith("The author generated this text")
    assert row.disclosure_location is not None and row.disclosure_location.endswith("harbor-lights.md:13")
    assert len(row.sha256) == 64 and row.bytes == (SAMPLES / "harbor-lights.md").stat().st_size
    assert row.profile == "openai-2021" and row.schema_version == SCHEMA_VERSION and row.error is None


def test_a_refused_book_is_a_row_not_an_exception(tmp_path: Path) -> None:
    (tmp_path / "broken.epub").write_bytes(b"not a zip")
    row = audit_one(str(tmp_path / "broken.epub"), AuditOptions(Config()))
    assert row.verdict == "unreadable" and row.format == "epub" and row.error and "broken.epub" in row.error
    assert len(row.sha256) == 64  # refused after hashing: an unchanged refused book is not tried again
    missing = audit_one(str(tmp_path / "missing.docx"), AuditOptions(Config()))
    assert missing.verdict == "unreadable" and missing.error


def test_isbns_from_the_front_matter_are_identifiers(tmp_path: Path) -> None:
    book = write_book(tmp_path, markdown_book(STOCK, extra_front="ISBN 978-0-306-40615-7. ISBN 978-0-306-40615-8."))
    row = audit_one(str(book), AuditOptions(Config()))
    assert row.identifiers == ("isbn:9780306406157",)  # the second one's check digit is wrong


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_the_three_formats_hold_the_same_rows(tmp_path: Path, run: Callable[..., Run], suffix: str) -> None:
    books = _catalogue(tmp_path / "books")
    out = tmp_path / f"audit{suffix}"
    result = run("audit", books, "--output", out, "--jobs", "2")
    assert result.code == 0, result.err
    assert "5 books in the table: 3 clean, 1 findings, 1 unreadable" in result.out
    assert "disclosure-missing 1" in result.out
    rows = _by_name(read_rows(out))
    assert set(rows) == {"disclosed.md", "silent.md", "harbor.docx", "harbor.epub", "broken.epub"}
    disclosed = rows["disclosed.md"]
    assert disclosed.identifiers == ("isbn:9780306406157",) and disclosed.systems == ("GPT-3",)
    assert disclosed.authors == ("Jordan Vale",) and disclosed.verdict == "clean"
    assert rows["silent.md"].rules and "disclosure-missing" in rows["silent.md"].rules
    assert rows["silent.md"].errors >= 1 and rows["silent.md"].disclosure is None
    assert rows["broken.epub"].verdict == "unreadable" and rows["broken.epub"].error
    assert rows["harbor.docx"].format == "docx" and rows["harbor.epub"].title == "Harbor Lights"


def test_json_lines_rows_follow_the_json_schema(tmp_path: Path, run: Callable[..., Run]) -> None:
    import jsonschema

    out = tmp_path / "audit.jsonl"
    assert run("audit", _catalogue(tmp_path / "books"), "--output", out).code == 0
    lines = out.read_text("utf-8").splitlines()
    assert len(lines) == 5
    for line in lines:
        record = json.loads(line)
        jsonschema.validate(record, JSON_SCHEMA)
        assert list(record) == list(COLUMNS)


def test_the_parquet_file_has_the_documented_schema(tmp_path: Path, run: Callable[..., Run]) -> None:
    import pyarrow.parquet as pq

    out = tmp_path / "audit.parquet"
    assert run("audit", _catalogue(tmp_path / "books"), "--output", out).code == 0
    schema = pq.read_schema(out)
    assert schema.equals(pyarrow_schema(), check_metadata=False)
    assert schema.metadata[b"disclosure_lint.schema_version"] == str(SCHEMA_VERSION).encode()
    assert [f.name for f in dataclasses.fields(AuditRow)] == list(COLUMNS)
    assert not (tmp_path / "audit.parquet.journal.jsonl").exists()  # compacted at the end


def test_a_hung_book_and_a_killed_worker_become_error_rows(tmp_path: Path, run: Callable[..., Run],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    books = _catalogue(tmp_path / "books", extra=("hangs.md", "dies.md"))
    monkeypatch.setenv(FAULTS_ENV, "hang:hangs.md,kill:dies.md")
    out = tmp_path / "audit.csv"
    started = time.monotonic()
    result = run("audit", books, "--output", out, "--jobs", "2", "--book-timeout", "2")
    assert result.code == 0, result.err
    assert time.monotonic() - started < 30
    rows = _by_name(read_rows(out))
    assert len(rows) == 7
    assert rows["hangs.md"].verdict == "unreadable" and "timed out after 2 s" in (rows["hangs.md"].error or "")
    assert rows["dies.md"].verdict == "unreadable" and "SIGKILL" in (rows["dies.md"].error or "")
    assert rows["disclosed.md"].verdict == "clean" and rows["silent.md"].verdict == "findings"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS binds on Linux")
def test_a_book_past_the_memory_bound_is_an_error_row(tmp_path: Path, run: Callable[..., Run],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    books = _catalogue(tmp_path / "books", extra=("greedy.md",))
    monkeypatch.setenv(FAULTS_ENV, "memory:greedy.md")
    out = tmp_path / "audit.jsonl"
    result = run("audit", books, "--output", out, "--book-memory", "1GiB", "--book-timeout", "30")
    assert result.code == 0, result.err
    rows = _by_name(read_rows(out))
    assert "memory bound" in (rows["greedy.md"].error or "")
    assert rows["disclosed.md"].verdict == "clean"


def test_a_second_run_skips_unchanged_books_and_redoes_changed_ones(tmp_path: Path, run: Callable[..., Run]) -> None:
    books = _catalogue(tmp_path / "books")
    out = tmp_path / "audit.jsonl"
    assert run("audit", books, "--output", out).code == 0
    again = run("audit", books, "--output", out)
    assert "0 rows written, 5 unchanged books skipped" in again.out
    write_book(books, markdown_book(STOCK, title="The Quiet Engine"), "silent.md")  # now it discloses
    changed = run("audit", books, "--output", out)
    assert "1 rows written, 4 unchanged books skipped" in changed.out
    rows = read_rows(out)
    assert len(rows) == 5 and _by_name(rows)["silent.md"].verdict == "clean"  # one row per book
    forced = run("audit", books, "--output", out, "--force")
    assert "5 rows written, 0 unchanged" in forced.out and len(read_rows(out)) == 5
    profiled = run("audit", books, "--output", out, "--profile", "kdp")
    assert "5 rows written" in profiled.out
    assert {row.profile for row in read_rows(out)} == {"kdp"}


@pytest.mark.parametrize("suffix", [".jsonl", ".parquet"])
def test_a_killed_run_keeps_its_rows_and_the_next_run_finishes(tmp_path: Path, suffix: str) -> None:
    books = _catalogue(tmp_path / "books", extra=("zz-hangs.md",))
    # The largest books are audited first: the hanging one is made the smallest, so it is last.
    write_book(books, markdown_book(None, title="Z"), "zz-hangs.md")
    (books / "broken.epub").write_bytes(b"this is not a zip archive\n" * 100)
    out = tmp_path / f"audit{suffix}"
    journal = out.with_name(out.name + ".journal.jsonl") if suffix == ".parquet" else out
    env = {**os.environ, FAULTS_ENV: "hang:zz-hangs.md", "CI": "true"}
    command = [sys.executable, "-m", "disclosure_lint", "audit", str(books), "--output", str(out), "--jobs", "1",
               "--book-timeout", "600"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # the books before the hanging one are done
            if journal.exists() and journal.read_text("utf-8").count("\n") >= 5:
                break
            time.sleep(0.2)
        else:
            pytest.fail("the rows never came")
        with journal.open("a", encoding="utf-8") as f:
            f.write('{"path": "half a row')  # as if killed in the middle of a write
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait()
    assert process.returncode == -signal.SIGKILL
    assert len(read_rows(out)) == 5
    done = subprocess.run([sys.executable, "-m", "disclosure_lint", "audit", str(books), "--output", str(out)],
                          env={**os.environ, "CI": "true"}, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "1 rows written, 5 unchanged books skipped" in done.stdout
    rows = _by_name(read_rows(out))
    assert len(rows) == 6 and rows["zz-hangs.md"].verdict == "findings"
    assert not out.with_name(out.name + ".journal.jsonl").exists()


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_a_table_keeps_one_row_per_book_the_newest(tmp_path: Path, suffix: str) -> None:
    from disclosure_lint.audit.table import Appender
    from disclosure_lint.audit.work import unreadable

    options = AuditOptions(Config())
    out = tmp_path / f"audit{suffix}"
    for rows in (["a", "b"], ["c", "a", "c"]):  # a new table, then rows appended to it
        appender = Appender(out, fresh=False)
        for n, name in enumerate(rows):
            appender.append(unreadable(name, f"{name} {n} of {len(rows)}", options))
        appender.close()
    assert [(row.path, row.error) for row in read_rows(out)] == [("b", "b 1 of 2"), ("a", "a 1 of 3"),
                                                                 ("c", "c 2 of 3")]
    appender = Appender(out, fresh=True)
    for name in ("d", "d"):
        appender.append(unreadable(name, f"{name} again", options))
    appender.close()
    assert [row.path for row in read_rows(out)] == ["d"]


def test_the_dask_engine_gives_the_local_engines_rows(tmp_path: Path, run: Callable[..., Run],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("dask.distributed")
    books = _catalogue(tmp_path / "books", extra=("hangs.md", "dies.md"))
    monkeypatch.setenv(FAULTS_ENV, "hang:hangs.md,kill:dies.md")
    local, dask = tmp_path / "local.jsonl", tmp_path / "dask.jsonl"
    assert run("audit", books, "--output", local, "--jobs", "2", "--book-timeout", "3").code == 0
    result = run("audit", books, "--output", dask, "--engine", "dask", "--jobs", "2", "--book-timeout", "3")
    assert result.code == 0, result.err

    def comparable(rows: list[AuditRow]) -> dict[str, AuditRow]:
        return {name: dataclasses.replace(row, seconds=0.0) for name, row in _by_name(rows).items()}

    assert comparable(read_rows(dask)) == comparable(read_rows(local))
    assert _by_name(read_rows(dask))["hangs.md"].verdict == "unreadable"


def _guarded_children() -> list[int]:
    """This process's children that are guarded audit workers (`audit.guard`), from /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rpartition(")")[2].split()[1])
            command = (stat.parent / "cmdline").read_bytes()
        except (OSError, ValueError, IndexError):
            continue
        if parent == os.getpid() and b"disclosure_lint.audit.guard" in command:
            found.append(int(stat.parent.name))
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_the_dask_engine_leaves_no_worker_and_no_dask_setting_behind(tmp_path: Path, run: Callable[..., Run]) -> None:
    pytest.importorskip("dask.distributed")
    import dask

    before = dask.config.get("distributed")
    books = _catalogue(tmp_path / "books")
    assert run("audit", books, "--output", tmp_path / "audit.jsonl", "--engine", "dask", "--jobs", "2").code == 0
    assert len(read_rows(tmp_path / "audit.jsonl")) == 5
    assert _guarded_children() == []  # the LocalCluster's workers were threads of this process
    assert dask.config.get("distributed") == before


@pytest.mark.parametrize(("books", "workers"), [(2000, 2), (7, 2), (100, 4), (1, 3)])
def test_dask_batches_hold_every_book_once_in_order_and_end_small(books: int, workers: int) -> None:
    from disclosure_lint.audit.engines import DASK_BATCH, _batches

    tasks: list[tuple[str, str | None]] = [(f"{n}.md", None) for n in range(books)]
    batches = list(_batches(tasks, workers))
    assert [task for batch in batches for task in batch] == tasks
    assert all(1 <= len(batch) <= DASK_BATCH for batch in batches)
    assert batches[-1] == [tasks[-1]]  # the last task is one book: no worker waits long for another
    assert [len(b) for b in batches] == sorted((len(b) for b in batches), reverse=True)


@pytest.mark.parametrize(("books", "workers", "seed"), [(2000, 2, 1), (2000, 2, 2), (300, 4, 3), (5, 2, 4)])
def test_dask_batches_by_bytes_keep_big_books_apart_and_end_small(books: int, workers: int, seed: int) -> None:
    import random

    from disclosure_lint.audit.engines import DASK_BATCH, DASK_BATCH_BYTES, _batches

    rng = random.Random(seed)
    # Mostly small books, a few large ones (a second or more to audit), one over the byte budget.
    sizes = [rng.choice([2_000, 30_000, 300_000, 1_500_000]) if rng.random() < 0.1 else rng.randrange(500, 40_000)
             for _ in range(books)]
    sizes[books // 2] = DASK_BATCH_BYTES + 1
    tasks: list[tuple[str, str | None]] = [(f"{n}.epub", None) for n in range(books)]
    weight = dict(zip((path for path, _ in tasks), sizes, strict=True))
    batches = list(_batches(tasks, workers, sizes))
    assert [task for batch in batches for task in batch] == tasks
    left = sum(sizes)
    for batch in batches:
        taken = sum(weight[path] for path, _ in batch)
        assert 1 <= len(batch) <= DASK_BATCH
        # At most the budget, and at most half a worker's share of the bytes not handed out yet,
        # unless the batch is one book.
        assert len(batch) == 1 or taken <= min(DASK_BATCH_BYTES, left / (2 * workers))
        left -= taken
    assert [DASK_BATCH_BYTES + 1 in [weight[p] for p, _ in batch] for batch in batches].count(True) == 1
    assert [len(b) for b in batches if DASK_BATCH_BYTES + 1 in [weight[p] for p, _ in b]] == [1]
    assert len(batches[-1]) == 1


def test_books_are_audited_largest_first_and_sized_without_reading_them(tmp_path: Path) -> None:
    from disclosure_lint.audit.run import Audit, book_sizes

    (tmp_path / "small.md").write_text("# Small\n\nA tale.\n", "utf-8")
    (tmp_path / "large.epub").write_bytes(b"x" * 5000)
    (tmp_path / "same-a.docx").write_bytes(b"x" * 100)
    (tmp_path / "same-b.docx").write_bytes(b"y" * 100)
    folder = tmp_path / "folder-book"
    folder.mkdir()
    (folder / "01.md").write_text("a" * 300, "utf-8")
    (folder / "02.md").write_text("b" * 400, "utf-8")
    (folder / "cover.png").write_bytes(b"z" * 9000)  # not read as the book's text
    names = [str(tmp_path / n) for n in ("small.md", "same-b.docx", "large.epub", "same-a.docx")]
    names += [str(folder), "s3://bucket/remote.epub", str(tmp_path / "gone.epub")]
    sizes = book_sizes(names)
    known = [17, 100, 5000, 100, 700]
    assert [sizes[name] for name in names[:5]] == known
    # A URL, or a file that cannot be looked at, counts as the mean of the sizes known.
    assert sizes["s3://bucket/remote.epub"] == sizes[str(tmp_path / "gone.epub")] == sum(known) // len(known)
    run = Audit.start(names, tmp_path / "audit.jsonl", AuditOptions(Config()), force=True)
    assert run.total_bytes == sum(sizes.values())
    order = [Path(path).name for path, _ in run.tasks()]
    # Largest first; books of the same size in the order they were named.
    assert order == ["large.epub", "remote.epub", "gone.epub", "folder-book", "same-b.docx", "same-a.docx",
                     "small.md"]


def test_the_dask_engines_children_start_before_the_cluster_and_are_the_ones_that_audit() -> None:
    import threading

    from disclosure_lint.audit import guard

    options = AuditOptions(Config())
    guard.start_guards(options, 30.0, 0, 2)
    try:
        spare = {g.pid() for g in guard._SPARE}
        assert len(spare) == 2 and None not in spare  # running before any book
        used: list[int | None] = []

        def book() -> None:
            [row] = guard.guarded_batch(guard.pack([(str(SAMPLES / "harbor-lights.md"), None)]), options, 30.0, 0)
            assert row is not None and row.verdict == "clean"
            used.append(guard._GUARDS[threading.get_ident()].pid())

        threads = [threading.Thread(target=book) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert set(used) == spare and not guard._SPARE
    finally:
        guard.close_guards()
    assert not guard._SPARE and not guard._GUARDS


def test_a_child_handed_several_books_audits_them_in_turn_and_the_ones_behind_a_fault_go_on(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from disclosure_lint.audit.guard import Guard

    names = ["a.md", "hangs.md", "b.md", "dies.md", "c.md", "d.md"]
    for name in names:
        write_book(tmp_path, markdown_book(None, title=name), name)
    monkeypatch.setenv(FAULTS_ENV, "hang:hangs.md,kill:dies.md")
    guard = Guard(AuditOptions(Config()), 3.0, 0)
    try:
        started = time.monotonic()
        rows = guard.run_all([(str(tmp_path / name), None) for name in names])
        assert time.monotonic() - started < 30
        first = guard.pid()
        # Rows already written while this process was busy elsewhere are each seen (none is
        # taken for a hang): the last four books, handed over together, come back well in time.
        time.sleep(0.5)
        rows += guard.run_all([(str(tmp_path / name), None) for name in ("a.md", "b.md", "c.md", "d.md")])
        assert guard.pid() == first and not guard.queue
    finally:
        guard.close()
    done = [row for row in rows if row is not None]
    assert len(done) == len(rows)
    got = [(Path(row.path).name, row.verdict) for row in done]
    assert got == [("a.md", "findings"), ("hangs.md", "unreadable"), ("b.md", "findings"), ("dies.md", "unreadable"),
                   ("c.md", "findings"), ("d.md", "findings"), ("a.md", "findings"), ("b.md", "findings"),
                   ("c.md", "findings"), ("d.md", "findings")]
    assert "timed out after 3 s" in (done[1].error or "") and "SIGKILL" in (done[3].error or "")


@pytest.mark.skipif(not hasattr(os, "waitid"), reason="waits for the child with os.waitid")
def test_a_book_handed_to_a_child_that_has_just_died_goes_to_the_next_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from disclosure_lint.audit.guard import Guard

    for name in ("dies.md", "after.md"):
        write_book(tmp_path, markdown_book(None, title=name), name)
    monkeypatch.setenv(FAULTS_ENV, "kill:dies.md")
    guard = Guard(AuditOptions(Config()), 30.0, 0)
    try:
        guard.submit(str(tmp_path / "dies.md"))
        pid = guard.pid()
        assert pid is not None
        os.waitid(os.P_PID, pid, os.WEXITED | os.WNOWAIT)  # dead, not reaped: its row not read yet
        guard.submit(str(tmp_path / "after.md"))
        rows = [guard.wait(), guard.wait()]
    finally:
        guard.close()
    assert [(Path(row.path).name, row.verdict) for row in rows if row is not None] == [
        ("dies.md", "unreadable"), ("after.md", "findings")]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_dask_engine_that_cannot_start_leaves_the_table_and_no_child(tmp_path: Path) -> None:
    pytest.importorskip("dask.distributed")
    table = tmp_path / "a.jsonl"
    table.write_text('{"path": "an earlier row"}\n', "utf-8")
    # dask and distributed are found, but dask.distributed does not import: the engine stops
    # after it started its guarded children, before the table is opened.
    done = _python("import os, sys\nsys.modules['dask.distributed'] = None\n"
                   "from disclosure_lint.cli import main\n"
                   "try:\n"
                   f"    code = main(['audit', {str(SAMPLES)!r}, '--output', {str(table)!r}, '--engine', 'dask', '--force'])\n"
                   "finally:\n"
                   "    kids = [p for p in os.listdir('/proc') if p.isdigit() and os.path.exists(f'/proc/{p}/stat')"
                   " and open(f'/proc/{p}/stat').read().rpartition(')')[2].split()[1] == str(os.getpid())"
                   " and b'audit.guard' in open(f'/proc/{p}/cmdline', 'rb').read()]\n"
                   "    print('children', len(kids))\n"
                   "sys.exit(code)")
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "disclosure-lint[dask]" in done.stderr
    assert done.stdout.strip() == "children 0"
    assert table.read_text("utf-8") == '{"path": "an earlier row"}\n'


def test_lists_globs_and_file_urls_name_books(tmp_path: Path, run: Callable[..., Run]) -> None:
    books = _catalogue(tmp_path / "books")
    listing = tmp_path / "books.txt"
    listing.write_text(f"# the backlist\n{books / 'silent.md'}\n\n{(books / 'harbor.epub').as_uri()}\n", "utf-8")
    out = tmp_path / "audit.csv"
    result = run("audit", str(books / "*.docx"), "--from", listing, "--output", out)
    assert result.code == 0, result.err
    rows = _by_name(read_rows(out))
    assert set(rows) == {"harbor.docx", "silent.md", "harbor.epub"}
    assert rows["harbor.epub"].path.startswith("file://") and rows["harbor.epub"].verdict == "clean"


def test_a_book_named_in_full_keeps_its_full_path(tmp_path: Path, run: Callable[..., Run],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Inside the working folder, a Markdown book named by its full path (alone or through its
    folder) is a row under that full path, and one named relatively stays relative: the row names
    the book as the user did, so a run resumed from another folder finds it."""
    books = _catalogue(tmp_path / "books")
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "audit.csv"
    assert run("audit", books / "silent.md", books / "disclosed.md", "--output", out).code == 0
    assert sorted(row.path for row in read_rows(out)) == [str(books / "disclosed.md"), str(books / "silent.md")]
    folder_out = tmp_path / "folder.csv"
    assert run("audit", books, "--output", folder_out).code != 2
    assert all(Path(row.path).is_absolute() for row in read_rows(folder_out))
    relative_out = tmp_path / "relative.csv"
    assert run("audit", "books/silent.md", "--output", relative_out).code == 0
    assert [row.path for row in read_rows(relative_out)] == ["books/silent.md"]
    monkeypatch.chdir(books)  # resumed from another folder: the same rows, none redone
    result = run("audit", books / "silent.md", books / "disclosed.md", "--output", out)
    assert result.code == 0 and "2 unchanged books skipped" in result.out and len(read_rows(out)) == 2


def test_the_html_page_escapes_book_text(tmp_path: Path, run: Callable[..., Run]) -> None:
    write_book(tmp_path, markdown_book(None, title="<script>alert(1)</script> & Co's\u202e\x1b[31m"), "evil.md")
    page = tmp_path / "audit.html"
    assert run("audit", tmp_path / "evil.md", "--output", tmp_path / "a.csv", "--html", page).code == 0
    text = page.read_text("utf-8")
    assert "<script>alert" not in text and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co&#x27;s" in text
    # Controls from the book are shown, not obeyed; the page may load and run nothing.
    assert "\u202e" not in text and "\x1b" not in text and "&lt;U+202E&gt;\\x1b" in text
    # The page is check's page: its policy, style and one sorting script, by their hashes.
    assert f'content="{report_html.CSP}"' in text and "'unsafe-inline'" not in text
    assert text.count("<script>") == 1 and f"<script>{report_html.SCRIPT}</script>" in text


@pytest.mark.parametrize(("args", "message"), [
    (["--output", "audit.xlsx"], "unknown table format '.xlsx'"),
    (["--output", "a.csv", "--engine", "local", "--scheduler", "tcp://127.0.0.1:1"], "--scheduler needs --engine dask"),
    (["--output", "a.csv", "--book-memory", "lots"], "--book-memory"),
    (["--output", "a.csv", "--from", "missing.txt"], "--from missing.txt: cannot read"),
])
def test_usage_errors_are_one_line(tmp_path: Path, run: Callable[..., Run], args: list[str], message: str,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("audit", SAMPLES / "harbor-lights.md", *args)
    assert result.code == 2 and message in result.err and result.err.count("\n") == 1


def test_a_folder_without_books_is_a_usage_error(tmp_path: Path, run: Callable[..., Run]) -> None:
    result = run("audit", tmp_path, "--output", tmp_path / "a.csv")
    assert result.code == 2 and "no books to audit" in result.err and not (tmp_path / "a.csv").exists()


def _python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT,
                          env={**os.environ, "CI": "true"})


def test_check_imports_neither_pyarrow_nor_dask() -> None:
    done = _python("import sys\nfrom disclosure_lint.cli import main\n"
                   f"code = main(['check', {str(SAMPLES)!r}])\n"
                   "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('pyarrow', 'dask', 'distributed', 'fsspec'))\n"
                   "print(code, heavy)")
    assert done.stdout.strip().splitlines()[-1] == "1 []", done.stderr


def test_without_the_extras_audit_says_which_to_install(tmp_path: Path) -> None:
    block = "import sys\nfor m in ('pyarrow', 'dask', 'distributed'): sys.modules[m] = None\n"
    parquet = _python(block + "from disclosure_lint.cli import main\n"
                      f"sys.exit(main(['audit', {str(SAMPLES)!r}, '--output', {str(tmp_path / 'a.parquet')!r}]))")
    assert parquet.returncode == 2
    assert parquet.stderr.strip() == (f"disclosure-lint: --output {tmp_path / 'a.parquet'}: Parquet output needs "
                                      "pyarrow: pip install 'disclosure-lint[audit]'")
    dask = _python(block + "from disclosure_lint.cli import main\n"
                   f"sys.exit(main(['audit', {str(SAMPLES)!r}, '--output', {str(tmp_path / 'a.csv')!r}, '--engine', 'dask']))")
    assert dask.returncode == 2 and dask.stderr.count("\n") == 1 and "disclosure-lint[dask]" in dask.stderr
    assert not (tmp_path / "a.csv").exists()
