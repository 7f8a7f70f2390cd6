"""Output for CI: SARIF 2.1.0 (validated against the official schema), GitHub annotations,
`--output-file`, and many books in parallel with the serial run's output."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from books import STOCK, markdown_book, write_book
from docx_builders import build_docx
from epub_builders import build_epub
from test_layouts import chapter, write_tree

from disclosure_lint.api import Report
from disclosure_lint.reporters.github import escape_data, escape_property

Run = Callable[..., Any]
SCHEMA = Path(__file__).with_name("sarif-schema-2.1.0.json")


@lru_cache(maxsize=1)
def validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA.read_text("utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def sarif(result: Any) -> dict[str, Any]:
    log: dict[str, Any] = json.loads(result.out)
    errors = sorted(validator().iter_errors(log), key=str)
    assert not errors, "\n".join(str(e) for e in errors[:3])
    return log


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def results_by_rule(log: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["ruleId"]: r for r in log["runs"][0]["results"]}


# --- SARIF -------------------------------------------------------------------------------------


def test_sarif_for_a_failing_book_validates_and_points_at_the_file(here: Path, run: Run) -> None:
    write_tree(here, {"novel/1.md": chapter(1), "novel/2.md": chapter(2)})
    result = run("check", "novel", "--format", "sarif")
    assert result.code == 1
    log = sarif(result)
    run_ = log["runs"][0]
    driver = run_["tool"]["driver"]
    assert driver["name"] == "disclosure-lint"
    rules = driver["rules"]
    for rule in rules:
        assert {"id", "name", "shortDescription", "fullDescription", "help", "defaultConfiguration"} <= rule.keys()
        assert rule["help"]["text"] and rule["help"]["markdown"]
        assert len(rule["fullDescription"]["text"]) <= 1024
    missing = results_by_rule(log)["disclosure-missing"]
    assert rules[missing["ruleIndex"]]["id"] == "disclosure-missing"
    assert missing["level"] == "error"
    location = missing["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "novel/1.md"
    assert location["region"]["startLine"] == 1
    assert run_["invocations"][0]["executionSuccessful"] is True


def test_sarif_full_description_is_the_rule_docstring(here: Path, run: Run) -> None:
    import inspect

    from disclosure_lint.rules import RULES_BY_SLUG

    write_book(here, markdown_book(STOCK))
    log = sarif(run("check", "book.md", "--format", "sarif"))
    rule = next(r for r in log["runs"][0]["tool"]["driver"]["rules"] if r["id"] == "disclosure-hidden")
    assert rule["fullDescription"]["text"] == inspect.cleandoc(RULES_BY_SLUG["disclosure-hidden"].doc)
    assert log["runs"][0]["results"] == []


def test_sarif_for_docx_has_line_1_and_says_the_paragraph(here: Path, run: Run) -> None:
    build_docx(here / "book.docx", [("Heading 1", "Foreword"), "This story came to me on a ferry.",
                                    ("Heading 1", "Chapter 1"), "The harbor lights came on."],
               author="Jordan Vale")
    log = sarif(run("check", "book.docx", "--format", "sarif"))
    result = results_by_rule(log)["disclosure-missing"]
    assert result["locations"][0]["physicalLocation"]["region"] == {"startLine": 1}
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "book.docx"
    assert "(in “Chapter 1”, paragraph 3)" in result["message"]["text"]


def test_sarif_for_an_epub_member_points_at_the_epub(here: Path, run: Run) -> None:
    build_epub(here / "book.epub", [
        ("foreword.xhtml", "frontmatter foreword", "<h1>Foreword</h1>\n<p>This came to me on a ferry.</p>"),
        ("chapter-1.xhtml", "bodymatter chapter", "<h1>Chapter 1</h1>\n<p>It was a dark night.</p>"),
    ])
    log = sarif(run("check", "book.epub", "--format", "sarif"))
    result = results_by_rule(log)["disclosure-missing"]
    location = result["locations"][0]
    assert location["physicalLocation"]["artifactLocation"]["uri"] == "book.epub"
    assert location["physicalLocation"]["region"]["startLine"] == 1
    assert location["logicalLocations"][0]["name"] == "OEBPS/text/chapter-1.xhtml"
    assert "in OEBPS/text/chapter-1.xhtml, line " in result["message"]["text"]


def test_sarif_with_pseudo_rules_and_an_unreadable_file_validates(here: Path, run: Run) -> None:
    (here / "bad.md").write_bytes(b"<!-- disclosure-lint-disable no-such-rule -->\n\n# Chapter 1\n\nCaf\xe9.\n")
    (here / "empty.md").write_bytes(b"")
    result = run("check", "bad.md", "empty.md", "--format", "sarif")
    assert result.code == 2
    log = sarif(result)
    ids = [r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]]
    assert {"unknown-rule-in-comment", "input"} <= set(ids)
    for r in log["runs"][0]["results"]:
        assert ids[r["ruleIndex"]] == r["ruleId"]
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert "empty.md: the file is empty" in invocation["toolExecutionNotifications"][0]["message"]["text"]


def test_sarif_uri_of_a_name_with_spaces_is_encoded(here: Path, run: Run) -> None:
    write_tree(here, {"my book/chapter one.md": chapter(1)})
    log = sarif(run("check", "my book/chapter one.md", "--format", "sarif"))
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "my%20book/chapter%20one.md"


# --- GitHub annotations ------------------------------------------------------------------------


def test_github_escaping() -> None:
    assert escape_data("50% done\r\nnext: a, b") == "50%25 done%0D%0Anext: a, b"
    assert escape_property("dir,x/a:b%.md\n") == "dir%2Cx/a%3Ab%25.md%0A"


def test_github_annotations_name_file_line_col_and_slug(here: Path, run: Run) -> None:
    write_tree(here, {"a,b:c.md": '---\nauthor: "Jordan Vale"\n---\n\n# Foreword\n\n'
                                  "<!-- 50% of this book was drafted with ChatGPT and edited by the author. -->\n\n"
                      + chapter(1)})
    result = run("check", "a,b:c.md", "--format", "github")
    assert result.code == 1
    lines = result.out.splitlines()
    assert lines == [
        "::error file=a%2Cb%3Ac.md,line=7,col=1,title=disclosure-hidden::the AI disclosure "
        "“50%25 of this book was drafted with ChatGPT and edited by the author.” is only in an HTML "
        "comment (comment), which no reader sees; put it in the visible text before the story",
    ]


def test_github_levels(here: Path, run: Run) -> None:
    write_book(here, markdown_book(STOCK, extra_front="<!-- disclosure-lint-disable nope -->"))
    result = run("check", "book.md", "--format", "github", "--select", "disclosure-missing")
    assert result.out.startswith("::warning file=book.md,line=6,col=1,title=unknown-rule-in-comment::")
    write_book(here, markdown_book(STOCK))
    result = run("check", "book.md", "--format", "github", "--config", write_config(here, "info"),
                 "--model", "Claude")
    assert result.out.startswith("::notice file=book.md,line=")


def write_config(folder: Path, severity: str) -> Path:
    path = folder / "strict.toml"
    path.write_text(f'[severity]\nmodel-mismatch = "{severity}"\n', encoding="utf-8")
    return path


def test_on_github_actions_text_comes_with_annotations(here: Path, run: Run,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    write_tree(here, {"book.md": chapter(1)})
    result = run("check", "book.md")
    assert "book.md:1:1: error [disclosure-missing]" in result.out
    assert "::error file=book.md,line=1,col=1,title=disclosure-missing::" in result.out
    # An explicit format is exactly that format.
    assert "summary" in run("check", "book.md", "--format", "json").json()


# --- --output-file -----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_output_file_for_every_format(here: Path, run: Run, fmt: str) -> None:
    write_tree(here, {"book.md": chapter(1)})
    (here / "report.out").write_text("old report", encoding="utf-8")
    result = run("check", "book.md", "--format", fmt, "--output-file", "report.out")
    assert result.code == 1
    assert result.out == ""
    written = (here / "report.out").read_text("utf-8")
    assert "disclosure-missing" in written
    assert "\x1b[" not in written
    if fmt == "sarif":
        validator().validate(json.loads(written))
    assert sorted(p.name for p in here.iterdir()) == ["book.md", "report.out"]  # no temporary left


def test_output_file_in_a_missing_folder_is_one_line_exit_2(here: Path, run: Run) -> None:
    write_tree(here, {"book.md": chapter(1)})
    result = run("check", "book.md", "-o", "no/such/dir/report.sarif", "--format", "sarif")
    assert result.code == 2
    assert result.err.startswith("disclosure-lint: no/such/dir/report.sarif: cannot write the report")
    assert result.err.count("\n") == 1


# --- many books --------------------------------------------------------------------------------


def test_jobs_give_the_serial_output_order(here: Path, run: Run) -> None:
    names = []
    for n in range(8):
        text = markdown_book(STOCK if n % 2 else None, title=f"Book {n}")
        names.append(write_book(here, text, f"book-{n}.md").name)
    names.reverse()  # not alphabetical: the order given is the order reported
    serial = run("check", *names, "--jobs", "1", "--format", "json")
    parallel = run("check", *names, "--jobs", "3", "--format", "json")
    assert parallel.out == serial.out
    assert [f["path"] for f in parallel.json()["files"]] == names
    assert parallel.code == serial.code == 1


def test_report_is_picklable_for_worker_processes(here: Path) -> None:
    import pickle

    from disclosure_lint import lint

    write_tree(here, {"book.md": chapter(1)})
    report = lint("book.md")
    assert pickle.loads(pickle.dumps(report)) == report
    assert isinstance(report, Report)
