"""Faults without surprises (issue 19): full disks, read-only files, links, races, killed workers,
limits on insert, and `check -`.

Each fault gives one clear line (or the right result) and loses nothing: the original is
byte-identical, no temporary file is left, and no message names the temporary file.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from books import markdown_book, write_book
from conftest import Run
from docx_builders import build_raw_docx, para
from epub_builders import build_epub

RunCLI = Callable[..., Run]
ROOT = Path(__file__).resolve().parent.parent
CHAPTER = "The harbor lights came on one by one while the ferry waited at the quay."
NOTE = "A Note on the Use of AI"


def make_book(kind: str, folder: Path, name: str = "book") -> Path:
    """A book without a disclosure, so that insert has something to write."""
    folder.mkdir(parents=True, exist_ok=True)
    if kind == "markdown":
        return write_book(folder, markdown_book(None), f"{name}.md")
    if kind == "docx":
        return build_raw_docx(folder / f"{name}.docx", [
            para("Harbor Lights", style="Title"), para("by Jordan Vale"),
            para("Chapter 1", style="Heading1"), para(CHAPTER), para("Chapter 2", style="Heading1"), para(CHAPTER),
        ], core={"dc:title": "Harbor Lights", "dc:creator": "Jordan Vale"})
    return build_epub(folder / f"{name}.epub", [
        ("c1.xhtml", "bodymatter chapter", f"<h1>Chapter 1</h1><p>{CHAPTER}</p>"),
        ("c2.xhtml", "bodymatter chapter", f"<h1>Chapter 2</h1><p>{CHAPTER}</p>"),
    ], authors=("Jordan Vale",))


def temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def one_line(result: Run) -> str:
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.err and "internal error" not in result.err, result.err
    assert ".tmp" not in result.err, result.err  # the user's file is named, never the temporary one
    return lines[0]


def cli(*args: str | Path, env: dict[str, str] | None = None, stdin: bytes | None = None,
        preexec: Callable[[], None] | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    """The CLI as its own process (for what a process-wide limit or signal does)."""
    return subprocess.run([sys.executable, "-m", "disclosure_lint", *map(str, args)], input=stdin,
                          capture_output=True, timeout=300, env={**os.environ, **(env or {})},
                          preexec_fn=preexec, cwd=cwd or ROOT, check=False)


# --- a full disk, a quota, a file size limit ---------------------------------------------------


@contextlib.contextmanager
def small_tmpfs(where: Path, size: str) -> Iterator[Path]:
    """A tmpfs of `size` mounted at `where` (needs the right to mount: root in a container)."""
    where.mkdir()
    try:
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                              capture_output=True, check=False)
    except OSError:
        pytest.skip("no mount command here")
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (not root)")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True, check=False)


def test_a_full_disk_is_said_plainly(tmp_path: Path, run: RunCLI) -> None:
    with small_tmpfs(tmp_path / "disk", "64k") as disk:
        book = write_book(disk, markdown_book(None, chapters=[CHAPTER * 200] * 2))  # about 30 KB
        before = book.read_bytes()
        filler = disk / "filler"
        with contextlib.suppress(OSError), filler.open("wb") as fh:  # leave less room than the book needs
            fh.write(b"\0" * (64 * 1024 - 2 * len(before)))
        result = run("insert", book, "--model", "GPT-4")
        assert result.code == 2
        assert one_line(result) == ("disclosure-lint: not enough free space on the disk to write book.md "
                                    "(needs about 1 MB); nothing was changed")
        assert book.read_bytes() == before and temps(disk) == []


def _file_size_limit(limit: int) -> Callable[[], None]:
    def apply() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


@pytest.mark.parametrize("kind", ["markdown", "docx", "epub"])
def test_a_file_size_limit_is_said_plainly(kind: str, tmp_path: Path) -> None:
    pytest.importorskip("resource")
    book = make_book(kind, tmp_path)
    before = book.read_bytes()
    # The original can be read, but its new version (a few hundred bytes longer) cannot be written.
    done = cli("insert", book, "--model", "GPT-4", preexec=_file_size_limit(len(before)),
               env={"DISCLOSURE_LINT_CACHE": "0"})
    err = done.stderr.decode()
    assert done.returncode == 2, err
    assert err.strip() == (f"disclosure-lint: {book.name} would be larger than this system lets a file be (needs "
                           "about 1 MB); nothing was changed")
    assert book.read_bytes() == before and temps(tmp_path) == []


@pytest.mark.parametrize(("code", "words"), [
    (28, "not enough free space on the disk to write book.md (needs about 1 MB)"),
    (122, "your disk quota is used up: cannot write book.md (needs about 1 MB)"),
    (36, "cannot write book.md: its path is too long for the file system"),
])
def test_each_refusal_of_the_file_system_has_its_words(code: int, words: str, tmp_path: Path, run: RunCLI,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import errno
    import tempfile

    if code == 122 and getattr(errno, "EDQUOT", None) != 122:
        pytest.skip("EDQUOT has another number here")
    book = write_book(tmp_path, markdown_book(None))
    before = book.read_bytes()

    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise OSError(code, os.strerror(code), str(tmp_path / ".book.md.abcd1234.tmp"))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    result = run("insert", book, "--model", "GPT-4")
    assert result.code == 2
    line = one_line(result)
    assert line.startswith(f"disclosure-lint: {words}") and line.endswith("nothing was changed"), line
    assert book.read_bytes() == before


def test_a_name_too_long_for_the_temporary_file(tmp_path: Path, run: RunCLI) -> None:
    # The book's name fits the file system's 255 bytes; the temporary file's, 14 longer, does not.
    name = "b" * 245
    try:
        book = write_book(tmp_path, markdown_book(None), f"{name}.md")
    except OSError:
        pytest.skip("this file system takes no names of 248 bytes")
    before = book.read_bytes()
    result = run("insert", book, "--model", "GPT-4")
    assert result.code == 2
    assert one_line(result) == (f"disclosure-lint: cannot write {name}.md: its path is too long for the file "
                                "system (with the temporary file written beside it); use a shorter name or folder; "
                                "nothing was changed")
    assert book.read_bytes() == before and temps(tmp_path) == []


def test_an_unforeseen_os_error_is_not_an_internal_error(tmp_path: Path, run: RunCLI,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import disclosure_lint.writers as writers

    book = write_book(tmp_path, markdown_book(None))

    def fails(*args: object, **kwargs: object) -> None:
        raise OSError(5, "Input/output error", str(book))

    monkeypatch.setattr(writers, "_ready", fails)
    result = run("insert", book, "--model", "GPT-4")
    assert result.code == 2 and one_line(result) == f"disclosure-lint: {book}: Input/output error"


# --- read-only files and folders ---------------------------------------------------------------


def test_a_read_only_file_is_left_alone(tmp_path: Path, run: RunCLI) -> None:
    book = write_book(tmp_path, markdown_book(None))
    before = book.read_bytes()
    book.chmod(0o444)
    try:
        result = run("insert", book, "--model", "GPT-4")
        assert result.code == 2
        assert one_line(result).startswith("disclosure-lint: book.md is read-only")
        assert book.read_bytes() == before and temps(tmp_path) == []
    finally:
        book.chmod(0o644)


@contextlib.contextmanager
def read_only_folder(tmp_path: Path) -> Iterator[tuple[Path, bytes, str]]:
    """A folder holding a book that cannot be written: by permissions, or (root ignores them) a
    read-only file system. Yields the book, its bytes, and the start of the expected line."""
    if os.geteuid() != 0:
        folder = tmp_path / "shelf"
        book = make_book("markdown", folder)
        folder.chmod(0o555)
        try:
            yield book, book.read_bytes(), "disclosure-lint: cannot write book.md: the file or its folder"
        finally:
            folder.chmod(0o755)
        return
    with small_tmpfs(tmp_path / "shelf", "1m") as folder:
        book = make_book("markdown", folder)
        if subprocess.run(["mount", "-o", "remount,ro", str(folder)], capture_output=True, check=False).returncode:
            pytest.skip("cannot remount read-only here")
        yield book, book.read_bytes(), "disclosure-lint: book.md is on a read-only file system"


def test_a_read_only_folder_is_said_plainly(tmp_path: Path, run: RunCLI) -> None:
    with read_only_folder(tmp_path) as (book, before, start):
        result = run("insert", book, "--model", "GPT-4")
        assert result.code == 2
        line = one_line(result)
        assert line.startswith(start) and line.endswith("nothing was changed"), line
        assert book.read_bytes() == before and temps(book.parent) == []


# --- links ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["markdown", "docx", "epub"])
def test_insert_writes_through_a_link_inside_the_book(kind: str, tmp_path: Path, run: RunCLI) -> None:
    target = make_book(kind, tmp_path / "drafts")
    link = tmp_path / f"book{target.suffix}"
    link.symlink_to(Path("drafts") / target.name)
    before = target.read_bytes()
    result = run("insert", link, "--model", "GPT-4")
    assert result.code == 0, result.err
    assert link.is_symlink() and os.readlink(link) == str(Path("drafts") / target.name)
    assert target.read_bytes() != before
    assert f"{link} (a link; changed its target {target})" in result.out
    assert run("check", link).code == 0  # the note is in the file the link leads to
    assert temps(tmp_path) == [] and temps(target.parent) == []


def test_a_link_within_the_repository_is_followed(tmp_path: Path, run: RunCLI) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    target = make_book("markdown", repo / "drafts")
    (repo / "book").mkdir()
    link = repo / "book" / "book.md"
    link.symlink_to(target)
    result = run("insert", link, "--model", "GPT-4")
    assert result.code == 0, result.err
    assert link.is_symlink() and NOTE in target.read_text("utf-8")


@pytest.mark.parametrize("repository", [False, True])
def test_a_link_out_of_the_book_is_refused(repository: bool, tmp_path: Path, run: RunCLI) -> None:
    outside = make_book("markdown", tmp_path / "elsewhere")
    shelf = tmp_path / "repo" / "book" if repository else tmp_path / "book"
    shelf.mkdir(parents=True)
    if repository:
        (tmp_path / "repo" / ".git").mkdir()
    link = shelf / "book.md"
    link.symlink_to(outside)
    before = outside.read_bytes()
    result = run("insert", link, "--model", "GPT-4")
    assert result.code == 2
    line = one_line(result)
    assert f"{link} is a link to {outside}, outside the book's folder or repository" in line
    assert outside.read_bytes() == before and link.is_symlink()


def test_a_chapter_link_in_a_book_folder_is_written_through(tmp_path: Path, run: RunCLI) -> None:
    book = tmp_path / "book"
    sources = tmp_path / "book" / "sources"
    sources.mkdir(parents=True)
    (sources / "01-foreword.md").write_text("# Foreword\n\nThis story began by the harbor one winter.\n",
                                            encoding="utf-8")
    (book / "01-foreword.md").symlink_to(Path("sources") / "01-foreword.md")
    (book / "02-chapter-1.md").write_text(f"# Chapter 1\n\n{CHAPTER}\n", encoding="utf-8")
    (book / "03-chapter-2.md").write_text(f"# Chapter 2\n\n{CHAPTER}\n", encoding="utf-8")
    result = run("insert", book, "--model", "GPT-4", "--author", "Jordan Vale")
    assert result.code == 0, result.err
    assert (book / "01-foreword.md").is_symlink()
    assert NOTE in (sources / "01-foreword.md").read_text("utf-8")
    assert "(a link; changed its target" in result.out


# --- races -----------------------------------------------------------------------------------------

_PAUSED_INSERT = """
import os, sys, time
sys.path.insert(0, {root!r})
import disclosure_lint.writers as writers
real_verify = writers._verify_file

def verify(*args, **kwargs):
    open({marker!r}, "w").close()
    while not os.path.exists({release!r}):
        time.sleep(0.02)
    return real_verify(*args, **kwargs)

writers._verify_file = verify
from disclosure_lint.cli import main
sys.exit(main(["insert", sys.argv[1], "--model", "GPT-4"]))
"""


@pytest.mark.parametrize("kind", ["markdown", "docx"])
def test_the_loser_of_two_inserts_says_what_happened(kind: str, tmp_path: Path, run: RunCLI) -> None:
    book = make_book(kind, tmp_path / "shelf")
    marker, release = tmp_path / "paused", tmp_path / "release"
    script = _PAUSED_INSERT.format(root=str(ROOT), marker=str(marker), release=str(release))
    first = subprocess.Popen([sys.executable, "-c", script, str(book)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():  # the first insert has its result written, not yet renamed
            assert first.poll() is None, first.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.02)
        second = run("insert", book, "--model", "GPT-4")  # ... and the second one runs to its end
        assert second.code == 0, second.err
        release.touch()
        _, err = first.communicate(timeout=120)
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
    assert first.returncode == 2
    assert err.decode().strip() == f"disclosure-lint: {book.name} changed while disclosure-lint was writing it; run again"
    assert run("check", book).code == 0  # the winner's note, once
    if kind == "markdown":
        assert book.read_text("utf-8").count(NOTE) == 1
    assert temps(book.parent) == []


def test_two_inserts_at_once_lose_nothing(tmp_path: Path) -> None:
    book = make_book("markdown", tmp_path)
    both = [subprocess.Popen([sys.executable, "-m", "disclosure_lint", "insert", str(book), "--model", "GPT-4"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT) for _ in range(2)]
    outcomes = [(p.wait(timeout=120), p.communicate()[1].decode()) for p in both]
    assert book.read_text("utf-8").count(NOTE) == 1
    for code, err in outcomes:
        assert code in (0, 2), err
        if code == 2:
            assert "changed while disclosure-lint was" in err and "No such file" not in err, err
    assert temps(tmp_path) == []


# --- workers that die --------------------------------------------------------------------------


def _shelf(tmp_path: Path, count: int = 6) -> list[Path]:
    return [make_book("markdown", tmp_path / "shelf", f"b{i}") for i in range(1, count + 1)]


def test_a_killed_worker_costs_one_book(tmp_path: Path) -> None:
    books = _shelf(tmp_path)
    done = cli("check", "--jobs", "2", *books, env={"DISCLOSURE_LINT_TEST_FAULTS": "kill:b3.md"})
    err = done.stderr.decode()
    assert done.returncode == 2, err
    assert err.strip().splitlines() == [f"disclosure-lint: {books[2]}: could not be read: the checker was killed "
                                        "(signal SIGKILL) while reading this book"]
    out = done.stdout.decode()
    for book in books[:2] + books[3:]:
        assert f"{book.name}:" in out  # every other book is checked and reported
    assert "5 books checked: 5 errors, 0 warnings, 1 could not be read" in out


def _address_space(limit: int) -> Callable[[], None]:
    def apply() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return apply


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_book_that_exhausts_memory_costs_one_book(jobs: str, tmp_path: Path) -> None:
    pytest.importorskip("resource")
    books = _shelf(tmp_path)
    done = cli("check", "--jobs", jobs, *books, env={"DISCLOSURE_LINT_TEST_FAULTS": "memory:b5.md"},
               preexec=_address_space(1 << 30))
    err = done.stderr.decode()
    assert done.returncode == 2, err
    assert err.strip().splitlines() == [f"disclosure-lint: {books[4]}: could not be read: the checker ran out of "
                                        "memory on this book"]
    assert "5 books checked" in done.stdout.decode()


def test_the_pool_replaces_dead_workers_and_keeps_the_order() -> None:
    from disclosure_lint.workers import Death, run_pool

    seen: list[int] = []
    results = run_pool(_die_on_odd, list(range(7)), 2, on_done=lambda: seen.append(1))
    assert len(seen) == 7
    for n, outcome in enumerate(results):
        if n % 2:
            assert outcome == Death("the checker was killed (signal SIGKILL) while reading this book")
        else:
            assert outcome == n * 10


def _die_on_odd(n: int) -> int:
    import signal

    if n % 2:
        os.kill(os.getpid(), signal.SIGKILL)
    return n * 10


# --- limits on insert ------------------------------------------------------------------------------


def test_insert_checks_its_result_within_the_configured_limits(tmp_path: Path, run: RunCLI) -> None:
    book = write_book(tmp_path, markdown_book(None))
    before = book.read_bytes()
    lines = before.count(b"\n") + 1
    # The book itself is within the limit; the book with the note is not.
    result = run("insert", book, "--model", "GPT-4", "--limit", f"max_markdown_lines={lines}")
    assert result.code == 2
    line = one_line(result)
    assert "max_markdown_lines" in line and "book.md" in line
    assert book.read_bytes() == before and temps(tmp_path) == []
    assert run("insert", book, "--model", "GPT-4", "--limit", f"max_markdown_lines={lines + 20}").code == 0


def test_a_dry_run_names_the_book_not_its_scratch_copy(tmp_path: Path, run: RunCLI) -> None:
    book = write_book(tmp_path, markdown_book(None))
    lines = book.read_bytes().count(b"\n") + 1
    result = run("insert", book, "--model", "GPT-4", "--dry-run", "--limit", f"max_markdown_lines={lines}")
    assert result.code == 2
    line = one_line(result)
    assert f"{book}: refused" in line and "disclosure-lint-" not in line.partition(": ")[2], line


def test_insert_into_a_book_folder_checks_within_the_limits(tmp_path: Path, run: RunCLI) -> None:
    book = tmp_path / "book"
    book.mkdir()
    foreword = book / "01-foreword.md"
    foreword.write_text("# Foreword\n\nThis story began by the harbor one winter.\n", encoding="utf-8")
    (book / "02-chapter-1.md").write_text(f"# Chapter 1\n\n{CHAPTER}\n", encoding="utf-8")
    (book / "03-chapter-2.md").write_text(f"# Chapter 2\n\n{CHAPTER}\n", encoding="utf-8")
    before = foreword.read_bytes()
    result = run("insert", book, "--model", "GPT-4", "--author", "Jordan Vale", "--limit", "max_markdown_lines=4")
    assert result.code == 2 and "max_markdown_lines" in one_line(result)
    assert foreword.read_bytes() == before and temps(book) == []


def test_insert_reads_a_package_within_the_configured_limits(tmp_path: Path, run: RunCLI) -> None:
    import zipfile

    book = make_book("docx", tmp_path)
    before = book.read_bytes()
    with zipfile.ZipFile(book) as zf:
        size = zf.getinfo("word/document.xml").file_size
    # Room for the document as it is, not for the document with the note.
    result = run("insert", book, "--model", "GPT-4", "--limit", f"max_member_bytes={size}")
    assert result.code == 2
    line = one_line(result)
    assert "max_member_bytes" in line and "book.docx" in line
    assert book.read_bytes() == before and temps(tmp_path) == []


# --- check - -------------------------------------------------------------------------------------------


def stdin_run(run: RunCLI, monkeypatch: pytest.MonkeyPatch, data: bytes, *args: str | Path) -> Run:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    return run("check", "-", *args)


@pytest.mark.parametrize("kind", ["markdown", "docx", "epub"])
def test_check_reads_standard_input_in_each_format(kind: str, tmp_path: Path, run: RunCLI,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    data = make_book(kind, tmp_path).read_bytes()
    result = stdin_run(run, monkeypatch, data, "--format", "json")
    assert result.code == 1, result.err
    report = result.json()["files"]
    assert [f["path"] for f in report] == ["-"] and report[0]["format"] == kind
    assert "disclosure-missing" in result.rules()
    assert str(tmp_path) not in result.out and "stdin" not in result.out


def test_stdin_filename_names_the_input_and_finds_its_config(tmp_path: Path, run: RunCLI,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "project"
    (project / "drafts").mkdir(parents=True)
    (project / ".disclosure-lint.toml").write_text('[severity]\ndisclosure-missing = "off"\n', encoding="utf-8")
    data = markdown_book(None).encode("utf-8")
    plain = stdin_run(run, monkeypatch, data)
    assert plain.code == 1 and "-:" in plain.out and "disclosure-missing" in plain.out
    # No file to edit: the fix it suggests is not `insert -`, which is refused.
    assert "insert --model NAME FILE` on the text saved as a file" in plain.out and "NAME -" not in plain.out
    named = stdin_run(run, monkeypatch, data, "--stdin-filename", str(project / "drafts" / "book.md"),
                      "--format", "json")
    assert "disclosure-missing" not in named.rules(), named.out  # the project's config was found
    assert [f["path"] for f in named.json()["files"]] == [str(project / "drafts" / "book.md")]


def test_a_docx_arrives_whatever_the_name_says(tmp_path: Path, run: RunCLI, monkeypatch: pytest.MonkeyPatch) -> None:
    data = make_book("docx", tmp_path).read_bytes()
    result = stdin_run(run, monkeypatch, data, "--stdin-filename", "book.md", "--format", "json")
    assert result.code == 1 and result.json()["files"][0]["format"] == "docx"
    assert result.json()["files"][0]["path"] == "book.md"


def test_standard_input_within_the_limits(tmp_path: Path, run: RunCLI, monkeypatch: pytest.MonkeyPatch) -> None:
    big = (markdown_book(None) + "\n" + CHAPTER * 100).encode("utf-8")
    result = stdin_run(run, monkeypatch, big, "--limit", "max_markdown_bytes=2k")
    assert result.code == 2
    assert one_line(result).startswith("disclosure-lint: -: refused: standard input holds Markdown over")
    package = make_book("epub", tmp_path).read_bytes()
    result = stdin_run(run, monkeypatch, package, "--limit", "max_total_bytes=1k")
    assert result.code == 2 and "max_total_bytes" in one_line(result)


@pytest.mark.parametrize(("data", "words"), [
    (b"", "standard input is empty"),
    (b"\x00\x01\x02binary\x00", "binary data on standard input"),
])
def test_standard_input_that_is_no_manuscript(data: bytes, words: str, run: RunCLI,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    result = stdin_run(run, monkeypatch, data)
    assert result.code == 2 and words in one_line(result)


def test_a_zip_that_is_no_book_on_standard_input(tmp_path: Path, run: RunCLI, monkeypatch: pytest.MonkeyPatch) -> None:
    import zipfile

    archive = tmp_path / "photos.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("a.txt", "hello")
    result = stdin_run(run, monkeypatch, archive.read_bytes())
    assert result.code == 2 and "neither a DOCX" in one_line(result)


def test_standard_input_through_a_pipe(tmp_path: Path) -> None:
    done = cli("check", "-", stdin=make_book("epub", tmp_path).read_bytes())
    assert done.returncode == 1 and done.stdout.decode().startswith("-")


def test_dash_is_checked_alone(run: RunCLI, tmp_path: Path) -> None:
    book = write_book(tmp_path, markdown_book(None))
    assert run("check", "-", book).code == 2
    result = run("check", book, "--stdin-filename", "x.md")
    assert result.code == 2 and "--stdin-filename" in one_line(result)


def test_insert_refuses_standard_input(run: RunCLI) -> None:
    result = run("insert", "-", "--model", "GPT-4")
    assert result.code == 2
    assert one_line(result).startswith("disclosure-lint: insert does not read standard input (-)")
