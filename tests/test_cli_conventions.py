"""CLI conventions a new user expects (issue 13, item 6), run end to end through `cli.main`:
global options on either side of the command, rule codes everywhere, "did you mean", sizes with
units, a bare command's usage, one-line config errors, EPUB sections, plain words for files this
tool does not read."""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from books import CHAPTER, STOCK, markdown_book, write_book
from docx_builders import build_docx
from epub_builders import build_epub

from disclosure_lint.cli import main
from disclosure_lint.config import load_config
from disclosure_lint.errors import DEBUG_ENV, UsageError
from disclosure_lint.limits import parse_size

Run = Callable[..., Any]

WEAK = "This book was created with AI."
#: A book of about 2.2 kB, for the size limits.
LONGER = markdown_book(STOCK, chapters=[CHAPTER] * 10)


def one_line(result: Any, code: int = 2) -> str:
    """The single stderr line of a refused run (no traceback)."""
    assert result.code == code, (result.code, result.out, result.err)
    lines = result.err.splitlines()
    assert len(lines) == 1, result.err
    assert "Traceback" not in result.err
    line: str = lines[0]
    return line


# --- --debug before or after the command ------------------------------------------------------------


@pytest.mark.parametrize("args", [
    ("--debug", "check", "{book}", "--select", "no-such-rule"),
    ("check", "--debug", "{book}", "--select", "no-such-rule"),
    ("check", "{book}", "--select", "no-such-rule", "--debug"),
    ("--debug", "explain", "no-such-rule"),
    ("explain", "--debug", "no-such-rule"),
    ("explain", "no-such-rule", "--debug"),
])
def test_debug_works_before_or_after_the_command(args: tuple[str, ...], tmp_path: Path) -> None:
    book = write_book(tmp_path, markdown_book(STOCK))
    with pytest.raises(UsageError, match="no-such-rule"):
        main([a.format(book=book) for a in args])
    assert DEBUG_ENV not in os.environ  # restored after the run


def test_without_debug_the_same_error_is_one_line(tmp_path: Path, run: Run) -> None:
    line = one_line(run("explain", "no-such-rule"))
    assert line.startswith("disclosure-lint: unknown rule 'no-such-rule'")


@pytest.mark.parametrize("command", ["check", "insert", "templates", "init", "rules", "explain"])
def test_every_command_takes_debug(command: str, run: Run) -> None:
    assert "--debug" in run(command, "--help").out
    if command == "rules":
        result = run("rules", "--debug")
        assert result.code == 0 and "disclosure-missing" in result.out


# --- rule codes and slugs ------------------------------------------------------------------------------


def test_select_and_ignore_take_codes_in_any_case(tmp_path: Path, run: Run) -> None:
    book = write_book(tmp_path, markdown_book(WEAK))
    assert run("check", "--format", "json", book).rules() == {"roles-undescribed", "responsibility-missing"}
    for name in ("DL004", "dl004", "Roles-Undescribed", "roles-undescribed"):
        assert run("check", "--format", "json", "--select", name, book).rules() == {"roles-undescribed"}
    assert run("check", "--format", "json", "--ignore", "DL004,dl005", book).rules() == set()
    assert run("check", "--format", "json", "--ignore", "DL004 responsibility-missing", book).rules() == set()


def test_config_severity_takes_codes(tmp_path: Path, run: Run) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".disclosure-lint.toml").write_text('[severity]\ndl004 = "warning"\nDL005 = "off"\n')
    book = write_book(tmp_path, markdown_book(WEAK))
    data = run("check", "--format", "json", book).json()
    assert {f["rule"]: f["severity"] for f in data["files"][0]["findings"]} == {"roles-undescribed": "warning"}
    assert load_config(tmp_path / ".disclosure-lint.toml").severity.keys() == {
        "roles-undescribed", "responsibility-missing"}


def test_a_rule_named_twice_in_severity_is_an_error(tmp_path: Path, run: Run) -> None:
    config = tmp_path / "c.toml"
    config.write_text('[severity]\nDL005 = "off"\nresponsibility-missing = "error"\n')
    line = one_line(run("check", "--config", config, write_book(tmp_path, markdown_book(STOCK))))
    assert line.endswith(":3:1: severity.responsibility-missing: the rule responsibility-missing is already "
                         "given as 'DL005'")


def test_inline_comments_take_codes(tmp_path: Path, run: Run) -> None:
    text = markdown_book(WEAK + "\n\n<!-- disclosure-lint-disable dl005 DL004 -->")
    book = write_book(tmp_path, text)
    result = run("check", "--format", "json", book)
    assert result.code == 0 and result.rules() == set()
    text = markdown_book(WEAK + "\n\n<!-- disclosure-lint-disable DL05 -->")
    result = run("check", write_book(tmp_path, text))
    assert ("warning [unknown-rule-in-comment] unknown rule 'DL05' in a disclosure-lint-disable comment "
            "(did you mean 'DL005'? see `disclosure-lint rules`)") in result.out


def test_explain_takes_a_code(run: Run) -> None:
    for name in ("DL005", "dl005", "responsibility-missing"):
        result = run("explain", name)
        assert result.code == 0 and result.out.startswith("responsibility-missing (DL005, ")


def test_the_names_table_is_the_registry() -> None:
    """`names` (data the config reads) and the rule registry say the same rules, codes and order;
    the `[phrases]` lists are the lexicon's."""
    from disclosure_lint.analysis.lexicon import _raw
    from disclosure_lint.names import PHRASE_KEYS, RULE_CODES
    from disclosure_lint.rules import RULES

    assert list(RULE_CODES.items()) == [(rule.slug, rule.code) for rule in RULES]
    data, _ = _raw()
    for table, name in PHRASE_KEYS.values():
        assert isinstance(data[table][name], list), (table, name)


# --- did you mean ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("args", "expected"), [
    (("check", "{book}", "--select", "disclosure-mising"),
     "disclosure-lint: --select: unknown rule 'disclosure-mising' (did you mean 'disclosure-missing'? "
     "see `disclosure-lint rules`)"),
    (("check", "{book}", "--ignore", "DL0005"),
     "disclosure-lint: --ignore: unknown rule 'DL0005' (did you mean 'DL005'? see `disclosure-lint rules`)"),
    (("explain", "responsibility-mising"),
     "disclosure-lint: unknown rule 'responsibility-mising' (did you mean 'responsibility-missing'? "
     "see `disclosure-lint rules`)"),
    (("explain", "zzz"), "disclosure-lint: unknown rule 'zzz' (see `disclosure-lint rules`)"),
    (("check", "{book}", "--limit", "max_member_byte=5"),
     "disclosure-lint: --limit max_member_byte: unknown limit (did you mean 'max_member_bytes'? known: "
     "max_members, max_member_bytes, max_total_bytes, max_ratio, max_markdown_bytes, max_markdown_lines)"),
    (("templates", "stok"), "disclosure-lint: unknown template 'stok' (did you mean 'stock'? see "
                            "`disclosure-lint templates`)"),
])
def test_did_you_mean_on_the_command_line(args: tuple[str, ...], expected: str, tmp_path: Path, run: Run) -> None:
    book = write_book(tmp_path, markdown_book(STOCK))
    assert one_line(run(*(a.format(book=book) for a in args))) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ('modle = "GPT-4"\n',
     "1:1: modle: unknown key (did you mean 'model'? known: model, vendor, lang, templates, include, exclude, "
     "severity, phrases, book, limits, profile, ai-use)"),
    ('[severity]\ndisclosure-mising = "off"\n',
     "2:1: severity.disclosure-mising: unknown rule 'disclosure-mising' (did you mean 'disclosure-missing'? "
     "see `disclosure-lint rules`)"),
    ('[severity]\ndisclosure-missing = "warn"\n',
     "2:1: severity.disclosure-missing: unknown severity 'warn' (did you mean 'warning'? one of error, "
     "warning, info, off)"),
    ('[book]\ntitle = "T"\nauthor = ["Jordan Vale"]\n',
     "3:1: book.author: unknown key (did you mean 'authors'? known: files, title, authors, language)"),
    ('[limits]\nmax_markdown_line = 5\n',
     "2:1: limits.max_markdown_line: unknown limit (did you mean 'max_markdown_lines'? known: max_members, "
     "max_member_bytes, max_total_bytes, max_ratio, max_markdown_bytes, max_markdown_lines)"),
    ('[phrases]\nai-term = ["the Muse"]\n',
     "2:1: phrases.ai-term: unknown phrase list (did you mean 'ai-terms'? known: ai-terms, euphemisms, "
     "responsibility, not-disclosure, wholly-human, self-reference)"),
    ('[sevrity]\nDL005 = "off"\n', "1:1: sevrity: unknown key (did you mean 'severity'?"),
    ('severity = { DL05 = "off" }\n', "1:14: severity.DL05: unknown rule 'DL05' (did you mean 'DL005'?"),
])
def test_did_you_mean_in_the_config(text: str, expected: str, tmp_path: Path, run: Run,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    Path(".disclosure-lint.toml").write_text(text)
    book = write_book(tmp_path, markdown_book(STOCK))
    line = one_line(run("check", book))
    assert line.startswith(f"disclosure-lint: .disclosure-lint.toml:{expected}"), line


# --- sizes with units ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "size"), [
    ("536870912", 536_870_912), ("1_000", 1000), ("500k", 512_000), ("500K", 512_000), ("500KiB", 512_000),
    ("500kB", 500_000), ("500 kb", 500_000), ("32MiB", 32 * 1024**2), ("32M", 32 * 1024**2), ("32mb", 32_000_000),
    ("2G", 2 * 1024**3), ("2GiB", 2 * 1024**3), ("1.5GB", 1_500_000_000), ("1.5G", 1536 * 1024**2),
    ("1T", 1024**4), ("100B", 100), (" 32 MiB ", 32 * 1024**2),
])
def test_sizes_with_units(text: str, size: int) -> None:
    assert parse_size(text) == size


@pytest.mark.parametrize(("text", "problem"), [
    ("lots", "is not a size"), ("-5M", "is not a size"), ("1e9", "is not a size"), ("32 MiB MiB", "is not a size"),
    ("", "is not a size"), ("5 gigs", "unknown unit 'gigs'"), ("0", "at least 1 byte"), ("0k", "at least 1 byte"),
    ("1.5", "a number of bytes is whole"), ("1.5B", "a number of bytes is whole"),
])
def test_nonsense_sizes_are_refused(text: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        parse_size(text)


def test_limit_flag_takes_units(tmp_path: Path, run: Run) -> None:
    book = write_book(tmp_path, LONGER)
    assert run("check", book, "--limit", "max_markdown_bytes=4k").code == 0
    line = one_line(run("check", book, "--limit", "max_markdown_bytes=1k"))
    assert "Markdown over 1024 bytes" in line
    line = one_line(run("check", book, "--limit", "max_markdown_bytes=1kB"))
    assert "Markdown over 1000 bytes" in line
    assert run("check", book, "--limit", "max_member_bytes=32MiB", "--limit", "max_total_bytes=1.5GB").code == 0


def test_limit_flag_refuses_nonsense_in_one_line(tmp_path: Path, run: Run) -> None:
    book = write_book(tmp_path, markdown_book(STOCK))
    line = one_line(run("check", book, "--limit", "max_member_bytes=lots"))
    assert line.startswith("disclosure-lint: --limit max_member_bytes: 'lots' is not a size: give bytes, or a "
                           "number and a unit (500k, 32MiB, 1.5GB; k, M, G, KiB, MiB, GiB are 1024-based, kB, "
                           "MB, GB 1000-based)")
    line = one_line(run("check", book, "--limit", "max_members=10k"))
    assert line == "disclosure-lint: --limit max_members: must be a positive whole number (a count)"


def test_config_limits_take_units(tmp_path: Path, run: Run) -> None:
    (tmp_path / ".git").mkdir()
    config = tmp_path / ".disclosure-lint.toml"
    book = write_book(tmp_path, LONGER)
    config.write_text('[limits]\nmax_markdown_bytes = "1 KiB"\nmax_member_bytes = 1048576\n')
    assert load_config(config).limits.max_markdown_bytes == 1024
    assert load_config(config).limits.max_member_bytes == 1024**2
    assert "Markdown over 1024 bytes" in one_line(run("check", book))
    config.write_text('[limits]\nmax_markdown_bytes = "4 kB"\n')
    assert run("check", book).code == 0
    config.write_text('\n[limits]\nmax_total_bytes = "a lot"\n')
    assert ":3:1: limits.max_total_bytes: 'a lot' is not a size" in one_line(run("check", book))
    config.write_text('[limits]\nmax_members = "10k"\n')
    assert one_line(run("check", book)).endswith(
        ":2:1: limits.max_members: must be a positive whole number (a count)")


def test_limit_help_documents_the_units(run: Run) -> None:
    help_text = " ".join(run("check", "--help").out.split())
    assert "k, M, G, KiB, MiB, GiB: 1024-based" in help_text and "kB, MB, GB: 1000-based" in help_text


# --- a bare command --------------------------------------------------------------------------------------


def test_bare_command_prints_the_usage_to_stdout(run: Run) -> None:
    bare = run()
    assert bare.code == 2 and bare.err == ""
    assert bare.out == run("--help").out
    assert bare.out.startswith("Usage: disclosure-lint [OPTIONS] COMMAND [ARGS]...")
    assert "\nCommands:\n" in bare.out and "  check " in bare.out


def test_a_bare_command_asked_for_completion_completes() -> None:
    """The shell runs the bare command with click's completion variable set: it gets the
    completion script and completions, not the usage."""
    import subprocess
    import sys

    def bare(**env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "disclosure_lint"], capture_output=True, text=True, timeout=60,
                              env={**os.environ, **env}, check=False)

    script = bare(_DISCLOSURE_LINT_COMPLETE="bash_source")
    assert script.returncode == 0 and "_disclosure_lint_completion()" in script.stdout
    words = bare(_DISCLOSURE_LINT_COMPLETE="bash_complete", COMP_WORDS="disclosure-lint check --fo", COMP_CWORD="2")
    assert words.returncode == 0 and words.stdout.split() == ["plain,--format"]
    assert bare(_DISCLOSURE_LINT_COMPLETE="").returncode == 2  # an empty one is no request


# --- config errors: one line, where, and they stop the run -------------------------------------------------


def test_config_error_names_the_path_relative_to_here_with_line_and_column(
        tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    project = tmp_path / "novel"
    project.mkdir()
    (project / ".disclosure-lint.toml").write_text('model = "GPT-4"\n\n[severity]\nroles-undescribed = 3\n')
    book = write_book(project, markdown_book(STOCK))
    line = one_line(run("check", book))
    assert line == ("disclosure-lint: novel/.disclosure-lint.toml:4:1: severity.roles-undescribed: must be one "
                    "of error, warning, info, off")


def test_invalid_toml_gives_tomllibs_line_and_column(tmp_path: Path, run: Run,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".disclosure-lint.toml").write_text('model = "GPT-4"\n[severity\n')
    line = one_line(run("check", write_book(tmp_path, markdown_book(STOCK))))
    assert line == ("disclosure-lint: .disclosure-lint.toml:2:10: invalid TOML: Expected ']' at the end of a "
                    "table declaration")


def test_given_config_path_is_shown_as_given_and_outside_as_it_is(tmp_path: Path, run: Run,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    here = tmp_path / "here"
    (here / "cfg").mkdir(parents=True)
    monkeypatch.chdir(here)
    book = write_book(here, markdown_book(STOCK))
    Path("cfg/lint.toml").write_text('vendr = "OpenAI"\n')
    assert one_line(run("check", "--config", "cfg/lint.toml", book)).startswith(
        "disclosure-lint: cfg/lint.toml:1:1: vendr: unknown key (did you mean 'vendor'?")
    outside = tmp_path / "elsewhere.toml"
    outside.write_text('vendr = "OpenAI"\n')
    assert one_line(run("check", "--config", outside, book)).startswith(f"disclosure-lint: {outside}:1:1: vendr:")


def test_config_error_in_pyproject_points_at_the_tool_table(tmp_path: Path, run: Run,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "novel"\n\n[tool.disclosure-lint]\nmodel = "GPT-4"\n\n'
        '[tool.disclosure-lint.severity]\nDL005 = "loud"\n')
    line = one_line(run("check", write_book(tmp_path, markdown_book(STOCK))))
    assert line.startswith("disclosure-lint: pyproject.toml:8:1: tool.disclosure-lint.severity.DL005: unknown "
                           "severity 'loud'")


def test_a_config_error_stops_the_run_and_is_not_a_book_that_could_not_be_read(tmp_path: Path, run: Run) -> None:
    good = write_book(tmp_path, markdown_book(STOCK))
    project = tmp_path / "other"
    project.mkdir()
    (project / ".git").mkdir()
    (project / ".disclosure-lint.toml").write_text("[limits]\nmax_members = 0\n")
    broken = write_book(project, markdown_book(STOCK))
    for fmt in ("text", "json"):
        result = run("check", "--format", fmt, good, broken)
        line = one_line(result)
        assert result.out == "" and "could not be read" not in line
        assert line == (f"disclosure-lint: {project / '.disclosure-lint.toml'}:2:1: limits.max_members: must be "
                        "a positive whole number (a count)")


def _bad_glob() -> list[tuple[str, str]]:
    """A pattern this Python's `Path.glob` refuses ("**" inside a name, before Python 3.13)."""
    try:
        next(Path(os.devnull).glob("a**b.md"), None)
    except ValueError:
        return [('[book]\nfiles = ["a**b.md"]\n', "2:1: book.files: bad pattern 'a**b.md': ")]
    return []


BAD_GLOB = _bad_glob()


def test_include_and_exclude_are_lists_of_globs(tmp_path: Path, run: Run) -> None:
    config = tmp_path / ".disclosure-lint.toml"
    config.write_text('include = ["notes/preface.md"]\nexclude = ["drafts/**", "*.txt"]\n')
    loaded = load_config(config)
    assert loaded.include == ("notes/preface.md",) and loaded.exclude == ("drafts/**", "*.txt")
    book = write_book(tmp_path, markdown_book(STOCK))
    for text, problem in [('include = "notes/*.md"\n', "1:1: include: must be a list of glob strings"),
                          ('\nexclude = ["drafts", 3]\n', "2:1: exclude: must be a list of glob strings"),
                          ('exclude = [""]\n', "1:1: exclude: must be a list of glob strings"),
                          ('include = ["/etc/*.md"]\n', "1:1: include: '/etc/*.md' must be relative to this "
                                                        "file's folder"),
                          *BAD_GLOB]:
        config.write_text(text)
        assert problem in one_line(run("check", "--config", config, book))


# --- EPUB findings name their section ------------------------------------------------------------------------


def test_epub_findings_name_the_section_heading(tmp_path: Path, run: Run) -> None:
    book = build_epub(tmp_path / "book.epub", [
        ("part01.xhtml", "frontmatter foreword", f"<h1>Foreword</h1><p>{WEAK}</p>"),
        ("part02.xhtml", "bodymatter chapter", "<h1>Chapter 1</h1><p>It was a dark night.</p>"),
    ], authors=("Jordan Vale",))
    result = run("check", book)
    lines = [ln for ln in result.out.splitlines() if "[roles-undescribed]" in ln]
    assert len(lines) == 1
    assert lines[0].startswith(f"{book}!/OEBPS/text/part01.xhtml:")
    assert lines[0].endswith(" (in “Foreword”)")
    finding = run("check", "--format", "json", book).json()["files"][0]["findings"][0]
    assert finding["location"]["section"] == "Foreword"


# --- plain words for what cannot be read ---------------------------------------------------------------------


#: A Rich Text manuscript: a chapter of prose in RTF's markup.
RTF = "{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times;}}\n" + "\\par\n".join([CHAPTER] * 12) + "\n}"


def _odt(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        zf.writestr("content.xml", "<office:document-content/>")
        zf.writestr("META-INF/manifest.xml", "<manifest/>")
    return path


@pytest.mark.parametrize(("name", "make", "words"), [
    ("novel.odt", _odt, "an OpenDocument text: save it as DOCX"),
    ("novel.docx", _odt, "an OpenDocument text: save it as DOCX"),  # by content, whatever its name
    ("novel.epub", _odt, "an OpenDocument text: save it as DOCX"),
    ("novel.doc", lambda p: p.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + bytes(600)),
     "a legacy Word file: save it as DOCX"),
    ("novel.pages", lambda p: zipfile.ZipFile(p, "w").writestr("Index/Document.iwa", b"\0"),
     "an Apple Pages file: export it as DOCX or EPUB"),
    ("novel.zip", lambda p: zipfile.ZipFile(p, "w").writestr("Index/Document.iwa", b"\0"),
     "an Apple Pages file: export it as DOCX or EPUB"),
    ("novel.pages", lambda p: p.mkdir(), "an Apple Pages file: export it as DOCX or EPUB"),  # a macOS package
    ("novel.rtf", lambda p: p.write_text(RTF), "a Rich Text (RTF) file: save it as DOCX"),
    ("novel.md", lambda p: p.write_text(RTF), "a Rich Text (RTF) file: save it as DOCX"),  # by content
    ("novel.pdf", lambda p: p.write_bytes(b"%PDF-1.7\n" + bytes(100)), "a PDF, which this tool does not read"),
    ("novel.mobi", lambda p: p.write_bytes(bytes(60) + b"BOOKMOBI"), "a Kindle book"),
])
def test_files_this_tool_does_not_read_get_plain_words(name: str, make: Callable[[Path], object], words: str,
                                                       tmp_path: Path, run: Run) -> None:
    path = tmp_path / name
    make(path)
    line = one_line(run("check", path))
    assert line.startswith(f"disclosure-lint: {path}: {words}"), line


def test_an_epub_named_docx_is_checked_as_an_epub_with_a_warning(tmp_path: Path, run: Run) -> None:
    book = build_epub(tmp_path / "book.docx", [
        ("foreword.xhtml", "frontmatter foreword", f"<h1>Foreword</h1><p>{STOCK}</p>"),
        ("c1.xhtml", "bodymatter chapter", "<h1>Chapter 1</h1><p>It was a dark night.</p>"),
    ], authors=("Jordan Vale",))
    result = run("check", book)
    assert result.code == 0, result.out + result.err
    assert result.out.splitlines()[0] == f"{book}: warning [input] this is an EPUB: rename it to .epub"
    data = run("check", "--format", "json", book).json()
    assert data["files"][0]["format"] == "epub"
    assert data["files"][0]["warnings"][0]["message"] == "this is an EPUB: rename it to .epub"
    # insert writes the file under its name, so it still refuses, in the same words
    line = one_line(run("insert", "--model", "GPT-3", book))
    assert line == f"disclosure-lint: {book}: this is an EPUB: rename it to .epub"


def test_a_docx_named_epub_is_checked_as_a_docx_with_a_warning(tmp_path: Path, run: Run) -> None:
    book = build_docx(tmp_path / "book.epub", [("Heading 1", "Foreword"), STOCK, ("Heading 1", "Chapter 1"),
                                               "It was a dark night."], author="Jordan Vale")
    result = run("check", "--format", "json", book)
    assert result.code == 0, result.out + result.err
    file = result.json()["files"][0]
    assert file["format"] == "docx"
    assert [w["message"] for w in file["warnings"]] == ["this is a Word document (DOCX): rename it to .docx"]
    line = one_line(run("insert", "--model", "GPT-3", book))
    assert line == f"disclosure-lint: {book}: this is a Word document (DOCX): rename it to .docx"
