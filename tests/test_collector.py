"""The cyclic garbage collector is held off while a book is checked (`collector`), and on again
after it, except in the command line's own process, which ends when its books are checked."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from disclosure_lint import api, collector
from disclosure_lint.errors import InputError

BOOK = "# Chapter One\n\nThe rain fell on the old town, and nobody saw it fall.\n"


@pytest.fixture(autouse=True)
def _collector_state(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test starts with the collector on and no run held; the process's state comes back."""
    was_on = gc.isenabled()
    monkeypatch.setattr(collector, "_one_shot", False)
    monkeypatch.setattr(collector, "_run", None)
    gc.enable()
    yield
    (gc.enable if was_on else gc.disable)()


def _book(tmp_path: Path, name: str = "book.md") -> Path:
    path = tmp_path / name
    path.write_text(BOOK, "utf-8")
    return path


def _reading_sees(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether the collector was on each time a book was read."""
    seen: list[bool] = []
    read = api.read

    def spy(*args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        return read(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(api, "read", spy)
    return seen


def test_held_off_turns_the_collector_off_and_on_again() -> None:
    with collector.held_off():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_held_off_turns_it_on_again_when_the_block_raises() -> None:
    with pytest.raises(InputError), collector.held_off():
        raise InputError("unreadable")
    assert gc.isenabled()


def test_held_off_leaves_off_a_collector_the_caller_turned_off() -> None:
    gc.disable()
    with collector.held_off():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_the_library_checks_a_book_with_the_collector_off_and_leaves_it_on(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _reading_sees(monkeypatch)
    book = _book(tmp_path)
    api.lint(book)
    result = api.check_book(book)
    assert isinstance(result, api.BookCheck)
    config = result.config
    api.examine(book, config)
    report = api.lint_many([book, _book(tmp_path, "other.md")], [config, config])
    assert not report.failures
    assert seen == [False] * 5
    assert gc.isenabled()


def test_a_run_is_held_only_in_a_process_that_ends_with_its_command() -> None:
    collector.hold_for_run()  # a test, a program calling `main`: nothing
    assert gc.isenabled()
    collector.one_shot()
    collector.hold_for_run()
    assert not gc.isenabled()


def test_in_a_held_run_each_book_after_the_first_begins_with_a_young_collection(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    collected: list[int] = []
    collect = gc.collect

    def counted(generation: int = 2) -> int:
        collected.append(generation)
        return collect(generation)

    monkeypatch.setattr(gc, "collect", counted)
    seen = _reading_sees(monkeypatch)
    collector.one_shot()
    collector.hold_for_run()
    books = [_book(tmp_path, f"book{n}.md") for n in range(3)]
    config = api.check_book(books[0])
    assert isinstance(config, api.BookCheck)
    assert collected == []  # the first book: no collection at all
    api.lint_many(books[1:], [config.config] * 2)
    assert collected == [1, 1]  # then one of the young generations before each
    assert seen == [False] * 3
    assert not gc.isenabled()  # the run's end is the process's: no collection after it


def test_in_a_held_run_every_so_many_books_begin_with_a_full_collection(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    collected: list[int] = []
    collect = gc.collect

    def counted(generation: int = 2) -> int:
        collected.append(generation)
        return collect(generation)

    monkeypatch.setattr(gc, "collect", counted)
    monkeypatch.setattr(collector, "FULL_EVERY", 3)
    collector.one_shot()
    collector.hold_for_run()
    books = [_book(tmp_path, f"book{n}.md") for n in range(7)]
    config = api.check_book(books[0])
    assert isinstance(config, api.BookCheck)
    api.lint_many(books[1:], [config.config] * 6)
    assert collected == [1, 1, 2, 1, 1, 2]  # before books 2 to 7: the 4th and the 7th a full one


_WATCHED = """
import gc, sys
from disclosure_lint import api, launch
passes = []
gc.callbacks.append(lambda phase, info: passes.append(info["generation"]) if phase == "start" else None)
started = []
check_path = api.check_path
def watched(*args):
    started.append(len(passes))
    return check_path(*args)
api.check_path = watched
end = launch.end
def ending(code):
    sys.stderr.write(f"passes from the check on: {len(passes) - started[0]}\\n")
    end(code)
launch.end = ending
launch.entry()
"""


def test_the_console_script_checks_without_a_pass_of_the_collector(tmp_path: Path) -> None:
    """A book big enough that a check with the collector on makes passes (one each 700
    containers made): the console script's makes none, from the book's check to the process's
    end (the report made, the process gone), and ends as it does otherwise."""
    book = tmp_path / "novel.md"
    book.write_text("".join(f"# Chapter {n}\n\n" + "The rain fell on the old town, and nobody saw it.\n\n" * 40
                            for n in range(1, 60)), "utf-8")
    env = {**os.environ, "DISCLOSURE_LINT_CACHE": "0", "NO_COLOR": "1"}
    env.pop("GITHUB_ACTIONS", None)
    result = subprocess.run([sys.executable, "-c", _WATCHED, "check", "-q", str(book)], capture_output=True,
                            text=True, env=env, cwd=tmp_path, timeout=120, check=False)
    assert result.returncode == 1, result.stderr  # no disclosure: a finding
    assert "disclosure-missing" in result.stdout
    assert "passes from the check on: 0" in result.stderr
    # The same check through the library makes passes: the book is big enough to tell.
    library = subprocess.run(
        [sys.executable, "-c", "import gc, sys\nfrom disclosure_lint import api\nn = []\n"
         "gc.callbacks.append(lambda p, i: n.append(1) if p == 'start' else None)\n"
         "from disclosure_lint.readers import read_manuscript\nfrom disclosure_lint.config import resolve_config\n"
         "from pathlib import Path\np = Path(sys.argv[1]); c = resolve_config(p, None)\nbefore = len(n)\n"
         "api.check_manuscript(read_manuscript(p, limits=c.limits, config=c), c)\nprint(len(n) - before)",
         str(book)], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120, check=True)
    assert int(library.stdout) > 0
