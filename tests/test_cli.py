"""The CLI as users and their scripts meet it: exit codes, output formats, config, errors."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from books import STOCK, markdown_book, write_book

from disclosure_lint import __version__, lint
from disclosure_lint.rules import RULES

Run = Callable[..., Any]


def test_version(run: Run) -> None:
    result = run("--version")
    assert result.code == 0
    assert result.out.strip() == f"disclosure-lint {__version__}"


def test_clean_book_exits_0(tmp_path: Path, run: Run) -> None:
    result = run("check", write_book(tmp_path, markdown_book(STOCK)))
    assert result.code == 0
    assert "0 errors" in result.out


def test_findings_exit_1_with_location(tmp_path: Path, run: Run) -> None:
    book = write_book(tmp_path, markdown_book("This book was created with AI."))
    result = run("check", book)
    assert result.code == 1
    line = next(ln for ln in result.out.splitlines() if "[roles-undescribed]" in ln)
    assert line.startswith(f"{book}:8:1: error [roles-undescribed] ")


def test_missing_file_exits_2_one_line(tmp_path: Path, run: Run) -> None:
    result = run("check", tmp_path / "nope.md")
    assert result.code == 2
    assert result.err.count("\n") == 1
    assert "no such file" in result.err
    assert "Traceback" not in result.err


def test_one_bad_file_does_not_stop_the_others(tmp_path: Path, run: Run) -> None:
    good = write_book(tmp_path, markdown_book(STOCK))
    result = run("check", "--format", "json", tmp_path / "nope.md", good)
    assert result.code == 2
    data = result.json()
    assert [f["path"] for f in data["files"]] == [str(good)]
    assert data["failures"][0]["path"].endswith("nope.md")


def test_json_contract(tmp_path: Path, run: Run) -> None:
    book = write_book(tmp_path, markdown_book(f"<!-- {STOCK} -->\n\nA ferry story."))
    data = run("check", "--format", "json", book).json()
    assert data["version"] == 1
    assert set(data["summary"]) == {"files", "errors", "warnings", "skipped"}
    assert set(data) == {"version", "files", "failures", "skipped", "summary"}
    file = data["files"][0]
    assert set(file) == {"path", "format", "root", "files", "language", "language_source", "findings",
                         "disclosures", "warnings", "markers"}
    assert file["markers"] == []  # no TDMRep, no C2PA block
    assert file["path"] == file["root"] == str(book) and file["format"] == "markdown"
    assert (file["language"], file["language_source"]) == ("en", "detected")  # no `lang:`: its words
    assert file["files"] == [str(book)]
    finding = file["findings"][0]
    assert set(finding) == {"rule", "code", "severity", "message", "location"}
    assert set(finding["location"]) == {"path", "line", "column", "section", "block"}
    assert finding["rule"] == "disclosure-hidden"
    assert file["disclosures"][0]["visible"] is False
    assert isinstance(finding["location"]["line"], int)


def test_select_and_ignore(tmp_path: Path, run: Run) -> None:
    book = write_book(tmp_path, markdown_book("This book was created with AI."))
    assert run("check", "--format", "json", "--select", "roles-undescribed", book).rules() == {"roles-undescribed"}
    assert "roles-undescribed" not in run("check", "--format", "json", "--ignore", "roles-undescribed",
                                          book).rules()
    bad = run("check", "--select", "no-such-rule", book)
    assert bad.code == 2 and "unknown rule" in bad.err


def test_quiet_prints_only_errors(tmp_path: Path, run: Run) -> None:
    result = run("check", "--quiet", write_book(tmp_path, markdown_book(STOCK)))
    assert result.code == 0 and result.out == ""


def test_rules_and_explain(run: Run) -> None:
    listing = run("rules")
    assert listing.code == 0
    for rule in RULES:
        assert rule.slug in listing.out
        explained = run("explain", rule.slug)
        assert explained.code == 0
        assert "Policy:" in explained.out
        assert "Failing example" in explained.out and "Passing example" in explained.out
    assert run("explain", "nope").code == 2
    # The notes named like rules are explained too, by slug or code, as the editor's hover does.
    for name, slug in (("DL100", "unknown-rule-in-comment"), ("unknown-rule-in-comment", "unknown-rule-in-comment"),
                       ("dl101", "language-unsupported")):
        note = run("explain", name)
        assert note.code == 0 and note.out.startswith(slug) and "xample" in note.out, note.out


def test_every_rule_is_documented_and_unique() -> None:
    assert len({r.slug for r in RULES}) == len({r.code for r in RULES}) == len(RULES) == 15
    for rule in RULES:
        # text-in-image is a note: the words of a picture cannot be checked, not a breach.
        assert rule.summary and rule.policy and rule.severity.value == (
            "info" if rule.slug == "text-in-image" else "error")


def test_config_file_found_walking_up(tmp_path: Path, run: Run) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".disclosure-lint.toml").write_text('model = "GPT-4"\n[severity]\nresponsibility-missing = "off"\n')
    sub = tmp_path / "drafts"
    sub.mkdir()
    book = write_book(sub, markdown_book("I used ChatGPT to draft chapters; I rewrote them."))
    rules = run("check", "--format", "json", book).rules()
    assert "model-mismatch" in rules  # the config's model: the text names ChatGPT, not GPT-4
    assert "responsibility-missing" not in rules


def test_pyproject_tool_table(tmp_path: Path, run: Run) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.disclosure-lint.severity]\nroles-undescribed = "warning"\n')
    book = write_book(tmp_path, markdown_book("This book was created with AI. I take full responsibility."))
    data = run("check", "--format", "json", book).json()
    sev = {f["rule"]: f["severity"] for f in data["files"][0]["findings"]}
    assert sev == {"roles-undescribed": "warning"}


def test_config_errors_name_the_key(tmp_path: Path, run: Run) -> None:
    cfg = tmp_path / "c.toml"
    book = write_book(tmp_path, markdown_book(STOCK))
    for text, needle in [('modle = "x"', "modle"), ('[severity]\nnope = "off"', "severity.nope"),
                         ('[severity]\ndisclosure-missing = "loud"', "disclosure-missing"),
                         ("model = [", "invalid TOML")]:
        cfg.write_text(text)
        result = run("check", "--config", cfg, book)
        assert result.code == 2 and needle in result.err and result.err.count("\n") == 1, result.err


def test_extra_phrases_from_config(tmp_path: Path, run: Run) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".disclosure-lint.toml").write_text(
        '[phrases]\nresponsibility = ["I answer for every word"]\n')
    book = write_book(tmp_path, markdown_book("I used ChatGPT to draft chapters; I rewrote them. "
                                              "I answer for every word."))
    assert "responsibility-missing" not in run("check", "--format", "json", book).rules()


def test_python_api(tmp_path: Path) -> None:
    report = lint(write_book(tmp_path, markdown_book(STOCK)), model="GPT-4")
    assert report.exit_code == 1
    assert [f.rule for f in report.files[0].findings] == ["model-mismatch"]


def test_no_color_and_no_traceback_for_internal_errors(tmp_path: Path) -> None:
    book = write_book(tmp_path, markdown_book("This book was created with AI."))
    env = {**os.environ, "NO_COLOR": "1"}
    proc = subprocess.run([sys.executable, "-m", "disclosure_lint", "check", str(book)], capture_output=True,
                          text=True, env=env)
    assert proc.returncode == 1 and "\x1b[" not in proc.stdout


def test_crlf_bom_and_exact_lines(tmp_path: Path, run: Run) -> None:
    text = markdown_book("This book was created with AI.").replace("\n", "\r\n")
    book = tmp_path / "crlf.md"
    book.write_bytes(b"\xef\xbb\xbf" + text.encode())
    finding = run("check", "--format", "json", book).json()["files"][0]["findings"][0]
    assert finding["location"]["line"] == 8


def test_invalid_utf8_is_a_warning_not_a_crash(tmp_path: Path, run: Run) -> None:
    book = tmp_path / "latin1.md"
    book.write_bytes(markdown_book(STOCK).encode() + b"\n\nCaf\xe9 au lait.\n")
    result = run("check", "--format", "json", book)
    assert result.code == 0
    assert "UTF-8" in result.json()["files"][0]["warnings"][0]["message"]


def test_extra_ai_terms_from_config(tmp_path: Path, run: Run) -> None:
    (tmp_path / ".git").mkdir()
    text = markdown_book("Parts of this book were drafted with the Muse engine and revised by me. "
                         "I take full responsibility for it.")
    book = write_book(tmp_path, text)
    assert "disclosure-missing" in run("check", "--format", "json", book).rules()
    (tmp_path / ".disclosure-lint.toml").write_text('[phrases]\nai-terms = ["the Muse engine"]\n')
    assert run("check", "--format", "json", book).rules() == set()


def test_only_the_real_debug_flag_shows_tracebacks(run: Run) -> None:
    """`--debug` is an option of `disclosure-lint` itself; the same word as a file, a rule or a
    template name is just that, and an error about it is one line."""
    from disclosure_lint.cli import main
    from disclosure_lint.errors import DEBUG_ENV, UsageError

    for args in (("explain", "--", "--debug"), ("templates", "--", "--debug")):
        result = run(*args)
        assert result.code == 2 and result.err.count("\n") == 1 and "'--debug'" in result.err, result.err
    result = run("check", "--", "--debug")
    assert result.code == 2 and "--debug: no such file" in result.err and "Traceback" not in result.err
    with pytest.raises(UsageError):
        main(["--debug", "explain", "no-such-rule"])
    assert DEBUG_ENV not in os.environ  # restored after the run
