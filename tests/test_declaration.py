"""The `[ai-use]` declaration (issue 16, item 1): its schema, as records, and its one-line errors."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from books import STOCK, markdown_book, write_book

from disclosure_lint.config import load_config, parse_config
from disclosure_lint.declaration import Declaration, Tool, Use

Run = Callable[..., Any]

FULL = '''\
[book]
authors = ["Jordan Vale"]

[ai-use]
responsibility = "Bluefin Press"
human-authored = "HA-123"
public-interest = true
human-review = true
tools = ["Midjourney", { name = "GPT-4", vendor = "OpenAI", version = "gpt-4-0613" }]

[ai-use.text]
use = "generated"
scope = "some"
sections = ["Chapter 3", "Chapter 7"]
editing = "extensive"
tools = ["GPT-4"]

[ai-use.images]
use = "generated"
scope = "many"
editing = "minimal"
tools = ["midjourney"]

[ai-use.translation]
scope = "none"

[ai-use.narration]
use = "assisted"
scope = "entire"
by = "Ana Ruiz"
'''


def _config(tmp_path: Path, text: str, name: str = ".disclosure-lint.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_full_declaration_becomes_frozen_records(tmp_path: Path) -> None:
    config = load_config(_config(tmp_path, FULL))
    d = config.declaration
    assert isinstance(d, Declaration)
    assert d.tools == (Tool("Midjourney"), Tool("GPT-4", "OpenAI", "gpt-4-0613"))
    assert d.text == Use("text", "generated", "some", ("Chapter 3", "Chapter 7"), "extensive", ("GPT-4",))
    assert d.images is not None and d.images.whole and d.images.generated
    assert d.translation == Use("translation", None, "none") and d.used("translation") is None
    assert d.narration == Use("narration", "assisted", "entire", by="Ana Ruiz")
    assert (d.responsibility, d.human_authored, d.public_interest, d.human_review) == (
        "Bluefin Press", "HA-123", True, True)
    assert [u.kind for u in d.uses] == ["text", "images", "narration"]
    assert d.generated_text == d.text
    assert d.tools_for("text") == (Tool("GPT-4", "OpenAI", "gpt-4-0613"),)
    assert d.tools_for("images") == (Tool("Midjourney"),)
    assert d.tools_for("narration") == ()  # every tool is named by another kind
    assert d.tools_for("translation") == ()  # no AI in it
    # Where the table is, for findings about the declaration itself.
    assert d.location is not None and d.location.path.endswith(".disclosure-lint.toml")
    assert (d.location.line, d.location.column, d.location.section) == (4, 1, "[ai-use]")
    with pytest.raises(AttributeError):
        d.responsibility = "someone else"  # type: ignore[misc]


def test_a_kind_without_tools_uses_the_tools_no_other_kind_names(tmp_path: Path) -> None:
    config = load_config(_config(tmp_path, '''\
[ai-use]
tools = ["GPT-4", "Midjourney", "DeepL"]
[ai-use.images]
use = "generated"
scope = "few"
editing = "minimal"
tools = ["Midjourney"]
[ai-use.text]
use = "assisted"
scope = "some"
[ai-use.translation]
use = "generated"
scope = "entire"
editing = "extensive"
'''))
    d = config.declaration
    assert d is not None
    assert [t.name for t in d.tools_for("text")] == ["GPT-4", "DeepL"]
    assert [t.name for t in d.tools_for("text", "translation")] == ["GPT-4", "DeepL"]


def test_the_pyproject_table_and_an_empty_declaration(tmp_path: Path) -> None:
    config = load_config(_config(tmp_path, '[tool.disclosure-lint.ai-use]\nresponsibility = "Jordan Vale"\n',
                                 "pyproject.toml"))
    assert config.declaration is not None and config.declaration.responsibility == "Jordan Vale"
    assert config.declaration.location is not None and config.declaration.location.line == 1
    # An empty table declares that AI took part in nothing.
    empty = parse_config({"ai-use": {}}, None).declaration
    assert empty is not None and empty.uses == () and empty.generated_text is None


def test_no_declaration_is_none_and_imports_nothing(tmp_path: Path) -> None:
    import subprocess
    import sys

    assert load_config(_config(tmp_path, 'model = "GPT-3"\n')).declaration is None
    book = write_book(tmp_path, markdown_book(STOCK))
    code = ("import sys; from disclosure_lint.cli import main; code = main(['check', sys.argv[1]]); "
            "print([m for m in ('disclosure_lint.declaration', 'disclosure_lint.profiles') "
            "if m in sys.modules], code)")
    out = subprocess.run([sys.executable, "-c", code, str(book)], capture_output=True, text=True, check=True,
                         cwd=tmp_path).stdout
    assert out.strip().splitlines()[-1] == "[] 0"


@pytest.mark.parametrize(("text", "expected"), [
    ('[ai-use]\nresponsability = "Jordan Vale"\n',
     "2:1: ai-use.responsability: unknown key (did you mean 'responsibility'? known: tools, text, images, "
     "translation, narration, responsibility, human-authored, public-interest, human-review)"),
    ('ai-use = "yes"\n', "1:1: ai-use: must be a table"),
    ('[ai-use.text]\nuse = "generated"\nscope = "some"\n',
     "1:1: ai-use.text: say how much the AI-generated text was edited: editing = \"minimal\" or \"extensive\""),
    ('[ai-use.text]\nuse = "made"\nscope = "some"\n',
     "2:1: ai-use.text.use: must be one of 'generated', 'assisted'"),
    ('[ai-use.text]\nuse = "generated"\nediting = "extensive"\n',
     "1:1: ai-use.text: say how much of the text AI took part in: scope = 'none' | 'some' | 'entire'"),
    ('[ai-use.text]\nscope = "some"\n', "1:1: ai-use.text: say what AI did to the text: use = \"generated\" or "
     "\"assisted\""),
    ('[ai-use.images]\nuse = "generated"\nscope = "some"\nediting = "minimal"\n',
     "3:1: ai-use.images.scope: must be one of 'none', 'few', 'many'"),
    ('[ai-use.text]\nscope = "none"\nuse = "assisted"\n',
     "3:1: ai-use.text.use: scope is \"none\" (no AI in the text): remove use"),
    ('[ai-use.text]\nuse = "assisted"\nscope = "entire"\nsections = ["Chapter 3"]\n',
     "4:1: ai-use.text.sections: scope is 'entire': sections are for a part (scope = \"some\")"),
    ('[ai-use.text]\nuse = "assisted"\nscope = "some"\nby = "Ana Ruiz"\n',
     "4:1: ai-use.text.by: the text's people are the book's authors ([book] authors): remove by"),
    ('[ai-use.text]\nuse = "assisted"\nscope = "some"\nedting = "minimal"\n',
     "4:1: ai-use.text.edting: unknown key (did you mean 'editing'?"),
    ('[[ai-use.tools]]\nname = "GPT-4"\n[ai-use.text]\nuse = "assisted"\nscope = "some"\ntools = ["Claude"]\n',
     "6:1: ai-use.text.tools: unknown tool 'Claude' (declared: GPT-4)"),
    ('[[ai-use.tools]]\nvendor = "OpenAI"\n', "1:1: ai-use.tools: tool 1: give its name (name = \"GPT-4\")"),
    ('[[ai-use.tools]]\nname = "GPT-4"\nmaker = "OpenAI"\n',
     "3:1: ai-use.tools.maker: tool 1: unknown key (known: name, vendor, version)"),
    ('[ai-use]\ntools = ["GPT-4", "gpt-4"]\n', "2:1: ai-use.tools.name: tool 2: 'gpt-4' is declared twice"),
    ('[ai-use]\ntools = 4\n', "2:1: ai-use.tools: must be a list of tools"),
    ('[ai-use]\npublic-interest = "yes"\n', "2:1: ai-use.public-interest: must be true or false"),
    ('[ai-use]\nhuman-authored = ""\n', "2:1: ai-use.human-authored: must be a non-empty string"),
    ('profile = "kpd"\n', "1:1: profile: unknown profile 'kpd' (did you mean 'kdp'? available: openai-2021, kdp, "
     "authors-guild, ingram, eu-ai-act, cope)"),
    ('profile = ["kdp", "eu"]\n', "1:1: profile: unknown profile 'eu' ("),
    ('profile = 3\n', "1:1: profile: must be a profile name or a list of them"),
    ('profile = []\n', "1:1: profile: must be a profile name or a list of them"),
])
def test_a_bad_declaration_is_one_line_naming_the_key(text: str, expected: str, tmp_path: Path, run: Run,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    _config(tmp_path, text)
    book = write_book(tmp_path, markdown_book(STOCK))
    result = run("check", book)
    assert result.code == 2 and result.out == ""
    assert result.err.count("\n") == 1, result.err
    assert result.err.startswith(f"disclosure-lint: .disclosure-lint.toml:{expected}"), result.err


def test_pyproject_errors_name_the_full_key(tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    _config(tmp_path, '[tool.disclosure-lint.ai-use.text]\nuse = "generated"\nscope = "all"\n', "pyproject.toml")
    result = run("check", write_book(tmp_path, markdown_book(STOCK)))
    assert result.code == 2
    assert result.err.startswith("disclosure-lint: pyproject.toml:3:1: tool.disclosure-lint.ai-use.text.scope: "
                                 "must be one of 'none', 'some', 'entire'"), result.err


@pytest.mark.parametrize("value", ['"kdp"', '["kdp", "cope"]', '"kdp, cope"', '["KDP"]'])
def test_the_profile_key_takes_a_name_or_a_list(value: str, tmp_path: Path) -> None:
    config = load_config(_config(tmp_path, f"profile = {value}\n"))
    assert config.profiles[0] == "kdp" and set(config.profiles) <= {"kdp", "cope"}


def test_init_writes_a_commented_declaration_that_declares_nothing_until_uncommented(tmp_path: Path,
                                                                                      run: Run) -> None:
    book = tmp_path / "book"
    book.mkdir()
    write_book(book, markdown_book(STOCK))
    assert run("init", book).code == 0
    text = (book / ".disclosure-lint.toml").read_text("utf-8")
    config = load_config(book / ".disclosure-lint.toml")
    assert config.declaration is None and config.profiles == ()
    assert "# [ai-use]" in text and '# profile = ["openai-2021", "kdp"]' in text
    # Uncommented (the lines after "# [ai-use]", keeping the "# # optional" ones as comments), it
    # is a valid declaration.
    block = text[text.index("# [ai-use]"):].splitlines()
    uncommented = "\n".join("" if line == "#" else line if line.startswith("# #") else line[2:]
                            for line in block)
    declared = load_config(_config(tmp_path, uncommented)).declaration
    assert declared is not None and declared.generated_text is not None
    assert declared.tools == (Tool("GPT-4", "OpenAI"),) and declared.responsibility == "Your Name"
    profile_line = next(line for line in text.splitlines() if line.startswith("# profile ="))
    assert load_config(_config(tmp_path, profile_line[2:] + "\n")).profiles == ("openai-2021", "kdp")
