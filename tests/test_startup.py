"""The fixed cost of a run (issue 21): what a plain check imports, and a CLI that stays the same
while its start-up changes.

`tests/data/cli_help.txt` is the help of the command group and of every command, and the shell
completion of the commands and of `check`'s options, as the CLI printed them before its start-up
was worked on (`python tests/test_startup.py > tests/data/cli_help.txt` writes it again, for a
change meant to show in the help).
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from contextlib import redirect_stdout
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

HELP = Path(__file__).parent / "data" / "cli_help.txt"

#: (arguments, or the words of a line being completed) whose output is kept.
_HELP_RUNS = [["--help"], ["-h"], [], ["--version"]]
_COMMANDS = ["check", "audit", "init", "rules", "explain", "insert", "templates", "declare", "lsp"]
_COMPLETIONS = [["disclosure-lint", ""], ["disclosure-lint", "ch"], ["disclosure-lint", "check", "--"],
                ["disclosure-lint", "check", "--format", ""], ["disclosure-lint", "insert", "--voice", ""],
                ["disclosure-lint", "audit", "--engine", ""]]


def _run_main(args: list[str], env: dict[str, str], *, complete: bool = False) -> tuple[int, str]:
    """`cli.main(args)`'s exit code and output; `complete`: the command tree's own `main`, as
    click's shell completion runs it (`cli.main` answers a bare command with its usage)."""
    from disclosure_lint.cli import cli, main

    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="utf-8", newline="")  # completion writes bytes
    try:
        with redirect_stdout(out):
            try:
                code = cli.main(args=args, prog_name="disclosure-lint", standalone_mode=False) if complete \
                    else main(args)
            except SystemExit as exc:  # shell completion exits from inside click
                code = exc.code if isinstance(exc.code, int) else 0
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    out.flush()
    return code, raw.getvalue().decode("utf-8")


def render() -> str:
    """Every help text and completion the fixture holds, as one text."""
    parts: list[str] = []
    runs = [*_HELP_RUNS, *([command, "--help"] for command in _COMMANDS)]
    for args in runs:
        code, out = _run_main(args, {"COLUMNS": "80"})
        parts.append(f"$ disclosure-lint {' '.join(args)}  (exit {code})\n{out}")
    for words in _COMPLETIONS:
        env = {"_DISCLOSURE_LINT_COMPLETE": "bash_complete", "COMP_WORDS": " ".join(words),
               "COMP_CWORD": str(len(words) - 1), "COLUMNS": "80"}
        code, out = _run_main([], env, complete=True)
        parts.append(f"$ complete {' '.join(words)!r}  (exit {code})\n{out}")
    return "\n".join(parts)


def test_help_and_completion_are_unchanged(capsys: pytest.CaptureFixture[str]) -> None:
    rendered = render()
    capsys.readouterr()  # the bare command's usage goes to click's own stream
    assert rendered == HELP.read_text("utf-8")


def test_every_command_has_its_help_in_the_fixture() -> None:
    from disclosure_lint.cli import cli

    assert sorted(cli.list_commands(None)) == sorted(_COMMANDS)  # type: ignore[arg-type]


#: Modules a plain check of a Markdown book must not import: other formats' and other commands'
#: code, and standard modules only they need (each costs milliseconds at every start).
NOT_FOR_MARKDOWN = [
    "tomllib",  # the lexicons are read by line_toml
    "disclosure_lint.line_toml",  # nor by that: their packed copies are (`packed`)
    "difflib", "shlex", "dataclasses", "hashlib", "json", "csv", "tempfile", "subprocess", "multiprocessing",
    "concurrent.futures", "zipfile", "xml.etree.ElementTree", "email", "html", "textwrap",
    "markdown_it", "lxml", "docx", "tinycss2", "yaml",
    "struct",  # a zip's (`readers.safety` imports it where one is read)
    "ahocorasick_rs",  # a long book's (`residue._Book.all_of`, from `residue._MANY` characters)
    "disclosure_lint.writers", "disclosure_lint.audit", "disclosure_lint.lsp", "disclosure_lint.scaffold",
    "disclosure_lint.declare", "disclosure_lint.declaration", "disclosure_lint.readers.epub",
    "disclosure_lint.readers.docx", "disclosure_lint.readers.wordml", "disclosure_lint.readers.css",
    "disclosure_lint.reporters.json", "disclosure_lint.reporters.sarif", "disclosure_lint.reporters.html",
    "disclosure_lint.reporters.github", "disclosure_lint.workers",
]

_IMPORTED = """
import sys
from disclosure_lint.cli import main
try:
    main(["check", sys.argv[1]])
except SystemExit:
    pass
print("\\n".join(sorted(sys.modules)))
"""


@pytest.mark.parametrize("cache", ["0", "1"], ids=["cold", "warm"])
def test_a_markdown_check_imports_only_what_it_needs(tmp_path: Path, cache: str) -> None:
    book = tmp_path / "book.md"
    book.write_text("# Chapter One\n\nThe rain fell on the old town, and nobody saw it fall.\n", "utf-8")
    env = {**os.environ, "DISCLOSURE_LINT_CACHE": cache, "NO_COLOR": "1"}
    env.pop("GITHUB_ACTIONS", None)
    result = subprocess.run([sys.executable, "-c", _IMPORTED, str(book)], capture_output=True, text=True,
                            env=env, cwd=tmp_path, timeout=120, check=True)
    imported = set(result.stdout.split())
    assert "disclosure_lint.rules.disclosure_missing" in imported  # the check ran
    assert sorted(m for m in NOT_FOR_MARKDOWN if m in imported) == []


# -- shortcuts that spare a plain check a module or a pattern: each gives what it replaces ------------

_PATH_CHARS = st.sampled_from("abcXYZ019_@%+=:,./-~ '\"$!*?[]{}éßı\u00a0\t\n;&|<>`\\")


@settings(max_examples=300, deadline=None)
@given(st.text(_PATH_CHARS, max_size=12) | st.text(max_size=8))
def test_a_path_is_quoted_as_shlex_quotes_it(path: str) -> None:
    import shlex

    from disclosure_lint.rules.disclosure_missing import shell_word

    assert shell_word(path) == shlex.quote(path)


_HEADING_CHARS = st.sampled_from("Chapter IVX1 .:-*_#'\"\u2019\u2018\u00ad\u200b\u200c\u200d\u2060\ufeff\u200e\u00a0\t\u3000")


@settings(max_examples=300, deadline=None)
@given(st.text(_HEADING_CHARS, max_size=16) | st.text(max_size=8))
def test_a_heading_loses_its_zero_width_characters_as_the_pattern_dropped_them(text: str) -> None:
    import re
    import unicodedata

    from disclosure_lint.readers.vocabulary import normalise_heading

    expected = unicodedata.normalize("NFKC", text)
    expected = expected.replace("\u2019", "'").replace("\u2018", "'").replace("\u00ad", "")
    expected = re.sub(r"[\u200b-\u200d\u2060\ufeff]", "", expected)
    expected = re.sub(r"\s+", " ", expected).strip().lower().strip(" .:;,-\u2013\u2014*_#\"'")
    assert normalise_heading(text) == expected


_NUMBER_CHARS = st.sampled_from("mdclxviMI0123456789\u0663\u00b2 .:)-onetw\n\t\u00a0")


@settings(max_examples=500, deadline=None)
@given(st.text(_NUMBER_CHARS, max_size=10) | st.sampled_from(["i", "iv", "iiii", "mcmxcix", "12", "one", "vi.", "x y", "2014-05-25t00:00:00z",
                                                            "12. the storm", "3)", "7\nx", "1\u0663 a"]))
def test_a_bare_number_heading_is_named_as_the_pattern_names_it(norm: str) -> None:
    from disclosure_lint.readers import vocabulary

    compiled = vocabulary._compiled()
    assert vocabulary._bare_number(norm, compiled) == (compiled.bare_number.fullmatch(norm) is not None)


_NAME_CHARS = st.sampled_from("readmechangloiystubfdRCLEADMNGOIS_-.ıİſKkﬁ0")
_PROJECT = re.compile(r"(readme|changelog|licen[cs]e|contributing|code[_-]of[_-]conduct)(?![a-z])", re.IGNORECASE)


@settings(max_examples=400, deadline=None)
@given(st.text(_NAME_CHARS, max_size=18) | st.sampled_from(["README.md", "Licenſe.md", "contrıbuting.md",
                                                            "CODE-OF-CONDUCT.md", "novel.md", "", "LICENSE-MIT"]))
def test_a_project_file_is_named_as_the_pattern_names_it(name: str) -> None:
    from disclosure_lint.readers.layouts import is_project_name

    assert is_project_name(name) == (_PROJECT.match(name) is not None)


if __name__ == "__main__":
    sys.stdout.write(render())


# -- the end of a run (`cli.entry`) -----------------------------------------------------------------

_ENTRY = "import sys; sys.argv[0] = 'disclosure-lint'; from disclosure_lint.cli import entry; {before}; entry()"


_LEFT = "left = type('Left', (), {'__del__': lambda self: print('torn down', file=sys.stderr)})()"


def _entry(before: str, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", _ENTRY.format(before=before), *args], capture_output=True,
                          text=True, timeout=120, check=False, cwd=cwd)


def test_the_quick_end_keeps_the_output_the_exit_code_and_the_exit_handlers(tmp_path: Path) -> None:
    from books import markdown_book, write_book

    books = [write_book(tmp_path, markdown_book(None, title=f"Book {n}"), f"book{n}.md") for n in range(30)]
    # A report far larger than a pipe's buffer, the exit code of findings, and the handlers run
    # after the output, as at an ordinary exit.
    # An object left for the teardown to free says so: the quick end skips that teardown.
    done = _entry("import atexit; atexit.register(lambda: print('handlers ran', file=sys.stderr)); " + _LEFT,
                  "check", "--format", "json", *map(str, books))
    assert done.returncode == 1
    import json

    assert len(json.loads(done.stdout)["files"]) == 30
    assert done.stderr.endswith("handlers ran\n") and "torn down" not in done.stderr
    assert _entry("pass", "check", "-q", str(books[0]), cwd=tmp_path).returncode == 1
    assert _entry("pass", "--version").returncode == 0
    assert _entry("pass", "check", str(tmp_path / "missing.md")).returncode == 2


def test_the_quick_end_waits_for_a_thread_still_running() -> None:
    # A thread that is no daemon (as a library's executor may leave one) is waited for: the
    # ordinary exit, not the quick one, which would cut it short.
    before = ("import threading, time; threading.Thread(target=lambda: (time.sleep(1), "
              "print('thread done', flush=True))).start()")
    done = _entry(before + "; " + _LEFT, "--version")
    assert done.returncode == 0 and done.stdout.endswith("thread done\n") and "torn down" in done.stderr


def test_the_quick_end_of_a_broken_pipe_says_nothing(tmp_path: Path) -> None:
    from books import markdown_book, write_book

    books = [write_book(tmp_path, markdown_book(None, title=f"Book {n}"), f"book{n}.md") for n in range(40)]
    with subprocess.Popen([sys.executable, "-m", "disclosure_lint", "check", *map(str, books)],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.read(10)
        process.stdout.close()  # `check ... | head -c 10`
        error = process.stderr.read()
    assert process.returncode in (1, 2) and b"Traceback" not in error and b"Exception ignored" not in error


_AUTHOR_CHARS = st.sampled_from("AIKaik.ıİſ -()ChatGPTJneusArtfclItegnzü")
_AUTHOR_WORDS = st.sampled_from(["Jane Austen", "AI", "A.I.", "KI", "IA", "ARTIFICIAL INTELLIGENCE", "artıfıcıal intellıgence",
                                 "Künstliche Intelligenz", "Bluefin Press", "Claude", "Al Gore", "ChatGPT (OpenAI)"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_AUTHOR_WORDS | st.text(_AUTHOR_CHARS, max_size=8), max_size=3).map(" ".join))
def test_an_author_is_named_an_ai_as_the_pattern_names_one(name: str) -> None:
    """`attribution_missing._may_name_ai` spares compiling the pattern only where it cannot match."""
    from disclosure_lint.rules import attribution_missing

    may = attribution_missing._may_name_ai(name)
    assert may or attribution_missing._any_language_ai().search(name) is None


_HEADING_WORDS = st.sampled_from(["note", "about", "the", "author", "ai", "a.i.", "use", "title", "page", "copyright",
                                  "imprint", "contents", "toc", "foreword", "intro", "introduction", "preface",
                                  "prologue", "epilog", "after", "word", "thanks", "appendix", "notes", "book", "part",
                                  "volume", "chapter", "ch.", "iv", "12", "story", "of", "door", "sources", "ſources",
                                  "İndex", "Colophon", "Dedication", "to", "reader", "how", "this", "was", "written",
                                  "Mr.", "Bennet", "capítulo", "Vorwort", ":", "—", "'"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_HEADING_WORDS, min_size=1, max_size=5).map(" ".join))
def test_a_heading_is_named_alike_with_and_without_the_needed_strings(heading: str) -> None:
    """The heading patterns' needed strings (`vocabulary.heading_gates`, shipped) only spare
    trying a pattern that cannot match."""
    from disclosure_lint.readers import vocabulary

    compiled = vocabulary._compiled()
    assert any(needs is not None for needs in compiled.needs)  # the shipped strings are read
    named = vocabulary.classify_heading(heading)
    saved = compiled.needs
    try:
        compiled.needs = (None,) * len(saved)
        assert vocabulary.classify_heading(heading) == named
    finally:
        compiled.needs = saved


_LOOKALIKE_ALPHABET = [*"aAcCeEoOpPxXyY -.1", "\u00e9", "\u2014", "\u201c", "\u0430", "\u0435", "\u043e", "\u0440",
                       "\u0441", "\u0391", "\u039f", "\u0456", "\uff21", "\u13aa", "\u0561"]


def test_the_look_alikes_set_is_the_class_the_pattern_compiles() -> None:
    from disclosure_lint.analysis import normalize

    everything = "".join(map(chr, [*range(0xD800), *range(0xE000, 0x110000)]))
    assert set(normalize.LOOKALIKE.compiled.findall(everything)) == normalize._LOOKALIKE_SET
    assert all(not c.isascii() for c in normalize._LOOKALIKE_SET)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_LOOKALIKE_ALPHABET), max_size=30).map("".join), st.booleans())
def test_look_alikes_are_folded_alike_before_and_after_the_pattern_is_compiled(text: str, compiled: bool) -> None:
    """`normalize._holds_lookalike` asks the set until the budget is spent, the compiled class
    after: the same answer, and the same folding, either way."""
    from unittest import mock

    from disclosure_lint import patterns as rx
    from disclosure_lint.analysis import normalize

    pattern = rx.LazyPattern(normalize.LOOKALIKE.pattern)
    if compiled:
        assert pattern.compiled is not None
    with mock.patch.object(normalize, "LOOKALIKE", pattern), mock.patch.object(normalize._Budget, "left", 10 ** 6):
        assert normalize._holds_lookalike(text) == (pattern.compiled.search(text) is not None)
        assert normalize._Budget.left == 10 ** 6 - (0 if compiled or text.isascii() else len(text))
        folded = normalize.fold_lookalikes(text)
    with mock.patch.object(normalize._Budget, "left", 0):
        assert normalize.fold_lookalikes(text) == folded
