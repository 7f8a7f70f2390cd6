"""Nothing lost on failure (issue 7): `insert` killed or failing at any step leaves the book as it was.

Each step of an insert — read, render, serialize, verify, temporary write, fsync, rename — is
made to fail in turn, and the process is killed with SIGKILL while it writes: the original
must stay byte-identical, and no temporary file may be left once the next run is over. A
refused input is never modified.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from books import markdown_book, write_book
from conftest import Run
from docx_builders import build_raw_docx, para
from epub_builders import build_epub
from hostile import external_entity, members, poison, replace_member

RunCLI = Callable[..., Run]
ROOT = Path(__file__).resolve().parent.parent
CHAPTER = "The harbor lights came on one by one while the ferry waited at the quay."


def make_book(kind: str, folder: Path) -> Path:
    """A book without a disclosure, so that insert has something to write."""
    if kind == "markdown":
        return write_book(folder, markdown_book(None))
    if kind == "docx":
        return build_raw_docx(folder / "book.docx", [
            para("Harbor Lights", style="Title"), para("by Jordan Vale"),
            para("Chapter 1", style="Heading1"), para(CHAPTER), para("Chapter 2", style="Heading1"), para(CHAPTER),
        ], core={"dc:title": "Harbor Lights", "dc:creator": "Jordan Vale"})
    return build_epub(folder / "book.epub", [
        ("c1.xhtml", "bodymatter chapter", f"<h1>Chapter 1</h1><p>{CHAPTER}</p>"),
        ("c2.xhtml", "bodymatter chapter", f"<h1>Chapter 2</h1><p>{CHAPTER}</p>"),
    ], authors=("Jordan Vale",))


def temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def disk_full(*args: object, **kwargs: object) -> Any:
    raise OSError(28, "No space left on device")


def bug(*args: object, **kwargs: object) -> Any:
    raise RuntimeError("injected")


class _FailingFile:
    """What `os.fdopen` returns when the temporary write is made to fail half way."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def write(self, data: bytes) -> int:
        os.write(self.fd, data[: len(data) // 2])
        raise OSError(28, "No space left on device")

    def __enter__(self) -> _FailingFile:
        return self

    def __exit__(self, *exc: object) -> None:
        os.close(self.fd)


def _inject(step: str, kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import disclosure_lint.api as api
    import disclosure_lint.writers as writers

    module = {"markdown": "markdown", "docx": "docx", "epub": "epub"}[kind]
    if step == "read":
        monkeypatch.setattr(api, "read", bug)
    elif step == "render":
        monkeypatch.setattr(f"disclosure_lint.writers.{module}.render", bug)
    elif step == "serialize":
        if kind == "markdown":
            pytest.skip("a Markdown edit is bytes already: no serializer")
        monkeypatch.setattr(f"disclosure_lint.writers.{module}.rewrite_zip", disk_full)
    elif step == "verify":
        monkeypatch.setattr(writers, "_verify_file", bug)
    elif step == "temp-write":
        monkeypatch.setattr(os, "fdopen", lambda fd, *a, **k: _FailingFile(fd))
    elif step == "fsync":
        monkeypatch.setattr(os, "fsync", disk_full)
    elif step == "rename":
        monkeypatch.setattr(os, "replace", disk_full)
    else:  # pragma: no cover
        raise AssertionError(step)


STEPS = ["read", "render", "serialize", "verify", "temp-write", "fsync", "rename"]


@pytest.mark.parametrize("step", STEPS)
@pytest.mark.parametrize("kind", ["markdown", "docx", "epub"])
def test_a_failure_at_each_step_leaves_the_original(kind: str, step: str, tmp_path: Path, run: RunCLI,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    book = make_book(kind, tmp_path)
    before = book.read_bytes()
    _inject(step, kind, monkeypatch)
    result = run("insert", book, "--model", "GPT-4")
    monkeypatch.undo()
    assert result.code == 2, (result.out, result.err)
    assert len(result.err.splitlines()) == 1 and "Traceback" not in result.err
    assert book.read_bytes() == before
    assert temps(tmp_path) == []
    # And the same insert, with nothing failing, then works.
    assert run("insert", book, "--model", "GPT-4").code == 0
    assert book.read_bytes() != before and temps(tmp_path) == []


_CHILD = """
import os, sys, time
sys.path.insert(0, {root!r})
marker = {marker!r}
step = {step!r}
real_fsync, real_replace = os.fsync, os.replace

def pause():
    open(marker, "w").close()
    time.sleep(60)

if step == "mid-write":
    real_fdopen = os.fdopen
    class Slow:
        def __init__(self, fd): self.fh = real_fdopen(fd, "wb")
        def write(self, data):
            self.fh.write(data[: len(data) // 2]); self.fh.flush(); pause()
        def __enter__(self): return self
        def __exit__(self, *exc): self.fh.close()
    os.fdopen = lambda fd, *a, **k: Slow(fd)
elif step == "before-fsync":
    os.fsync = lambda fd: (pause(), real_fsync(fd))
elif step == "before-rename":
    os.replace = lambda a, b: (pause(), real_replace(a, b))
from disclosure_lint.cli import main
sys.exit(main(["insert", sys.argv[1], "--model", "GPT-4"]))
"""


@pytest.mark.parametrize("step", ["mid-write", "before-fsync", "before-rename"])
@pytest.mark.parametrize("kind", ["markdown", "docx", "epub"])
def test_sigkill_during_the_write_leaves_the_original(kind: str, step: str, tmp_path: Path, run: RunCLI) -> None:
    if not hasattr(signal, "SIGKILL"):
        pytest.skip("no SIGKILL here")
    folder = tmp_path / "book"
    folder.mkdir()
    book = make_book(kind, folder)
    before = book.read_bytes()
    marker = tmp_path / "paused"
    script = _CHILD.format(root=str(ROOT), marker=str(marker), step=step)
    child = subprocess.Popen([sys.executable, "-c", script, str(book)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert child.poll() is None, child.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.02)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert book.read_bytes() == before
    assert len(temps(folder)) == 1  # a killed process cannot clean up ...
    assert run("insert", book, "--model", "GPT-4").code == 0
    assert temps(folder) == []  # ... the next run does
    assert book.read_bytes() != before


def test_refused_inputs_are_never_modified(tmp_path: Path, run: RunCLI) -> None:
    denial = write_book(tmp_path, markdown_book("No AI was used to write this book."), "denial.md")
    xxe_folder = tmp_path / "xxe"
    xxe_folder.mkdir()
    xxe = make_book("docx", xxe_folder)
    replace_member(xxe, "word/document.xml", poison(members(xxe)["word/document.xml"],
                                                    *external_entity("file:///etc/passwd")))
    disguised = tmp_path / "epub-named.docx"
    disguised.write_bytes(make_book("epub", tmp_path).read_bytes())
    truncated = tmp_path / "cut.docx"
    truncated.write_bytes(xxe.read_bytes()[:400])
    for path, code in ((denial, 1), (xxe, 2), (disguised, 2), (truncated, 2)):
        before = path.read_bytes()
        stamp = path.stat().st_mtime_ns
        result = run("insert", path, "--model", "GPT-4")
        assert result.code == code, (path, result.err)
        assert len(result.err.strip().splitlines()) == 1 and "Traceback" not in result.err
        assert path.read_bytes() == before and path.stat().st_mtime_ns == stamp
    assert temps(tmp_path) == [] and temps(xxe_folder) == []


def test_insert_honours_limit_flags(tmp_path: Path, run: RunCLI) -> None:
    book = make_book("docx", tmp_path)
    before = book.read_bytes()
    result = run("insert", book, "--model", "GPT-4", "--limit", "max_members=2")
    assert result.code == 2 and "max_members" in result.err
    assert book.read_bytes() == before
