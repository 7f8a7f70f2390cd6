"""The fast Markdown block scan gives, token for token, what markdown-it gives for the whole file.

`readers.markdown_blocks` reads headings and plain paragraphs itself and leaves everything else
to markdown-it; these tests generate Markdown from lines that open every kind of block (fences
holding `#` lines, HTML comments over headings, setext underlines, lists, block quotes, front
matter, tabs, CRLF) and compare the two parses, then whole manuscripts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_lint.model import Block, Location, Visibility
from disclosure_lint.readers import markdown, markdown_blocks
from disclosure_lint.readers.markdown_blocks import (
    MD_TRIM_CHARS,
    TEXT,
    BlockToken,
    Parse,
    Tokens,
    block_columns,
    line_kind,
    line_kinds,
)


def block_tokens(text: str, parse: Parse, by_paragraph: bool = False) -> list[BlockToken]:
    """The block scan's tokens (`block_columns`) as records."""
    return records(block_columns(text, parse, by_paragraph))


def records(tokens: Tokens) -> list[BlockToken]:
    """Columns of tokens as `BlockToken`s."""
    return list(map(BlockToken._make, zip(tokens.types, tokens.lines, tokens.contents, tokens.levels,
                                          tokens.nested, strict=True)))


LINES = [
    "# Chapter One", "## Foreword ##", "  # Indented heading", "#hashtag is text", "####### seven", "#",
    "# #", "### Closing #####   ", "The harbor lights came on.", "*Dear Mira,* she wrote.", "**Bold** start",
    "_an aside_", "* a list item", "*", "- dash item", "+ plus item", "1. first", "2) second", "1984 was a year.",
    "> a quoted letter", ">", "```", "```python", "~~~", "    indented code", "\tTabbed code", "  \tmixed",
    "<!-- a comment", "-->", "<!-- one line -->", "<div>", "</div>", "<pre>", "</pre>", "---", "----", "===",
    "***", "* * *", "_ _ _", "[ref]: /url", "[link](x) text", "", "   ", "\t", "...", "\u00a0nbsp start",
    "text with <span hidden>secret</span>", "|a|b|", "AI wrote this chapter.", "title: Harbor",
    "trailing spaces   ", "\\# escaped", "&amp; entity", "<span>", "<custom-tag>", "  ```", "   - item",
    "-   ```", "  continued", "[ref]:", "  /url", "<?php", "?>", "<script>", "</script>", "Heading\u2003",
]


def _text(lines: list[str], newline: str, final: bool) -> str:
    return newline.join(lines) + (newline if final else "")


markdown_texts = st.builds(
    _text,
    st.lists(st.sampled_from(LINES), max_size=40),
    st.sampled_from(["\n", "\r\n", "\r"]),
    st.booleans(),
)


@settings(max_examples=600, deadline=None)
@given(markdown_texts)
def test_fast_scan_equals_markdown_it(text: str) -> None:
    assert block_tokens(text, markdown.parse_blocks) == markdown.parse_blocks(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(LINES), max_size=30), st.sampled_from(["\n", "\r\n"]))
def test_fast_scan_equals_markdown_it_after_front_matter(lines: list[str], newline: str) -> None:
    text = newline.join(["---", 'title: "Harbor"', "# a YAML comment", "---", *lines])
    assert block_tokens(text, markdown.parse_blocks) == markdown.parse_blocks(text)


CASES = {
    "plain novel": "---\ntitle: T\nauthor: A\n---\n\n# Foreword\n\nDrafted with GPT-4.\n\n# Chapter 1\n\nText.\nMore.\n",
    "fence holding a heading": "# One\n\n```\n# not a heading\n```\n\n# Two\n\ntext\n",
    "unclosed fence": "# One\n\n```\n# still code\n\n# Two\n",
    "commented-out chapter": "# One\n\n<!--\n# Old chapter\n\nold text\n-->\n\n# Two\n\nnew text\n",
    "html block before heading": "# One\n\n<div>\ntext\n# Two\n\n# Three\n",
    "setext heading": "Foreword\n========\n\nText\n---\n\n# Chapter\n",
    "list and quote": "# One\n\n- item\n  # nested heading\n> quote\n# Two\n",
    "unclosed front matter": "---\ntitle: T\n\n# Chapter\n\ntext\n",
    "dots close front matter": "---\ntitle: T\n...\n# Chapter\n",
    "crlf and bom-free": "# One\r\n\r\nLine one\r\nline two\r\n\r\n# Two\r\n",
    "lone cr": "# One\r\rtext\r# Two\r",
    "trailing blank line without newline": "# One\n\ntext\n   ",
}


@pytest.mark.parametrize("name", list(CASES))
def test_cases(name: str) -> None:
    text = CASES[name]
    assert block_tokens(text, markdown.parse_blocks) == markdown.parse_blocks(text)


@pytest.mark.parametrize("name", list(CASES))
def test_manuscripts_are_the_same(name: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    data = ("\ufeff" + CASES[name]).encode("utf-8")
    fast = markdown.parse(data, "book.md")
    monkeypatch.setattr(markdown, "block_columns", _whole)
    assert markdown.parse(data, "book.md") == fast


def _whole(text: str, parse: markdown_blocks.Parse, *_: object, **__: object) -> Tokens:
    """The columns of markdown-it's tokens for the whole text (the reading without the scan)."""
    out = Tokens()
    out.extend(parse(text, True))
    return out


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(LINES), st.text(max_size=6),
                          st.builds(str.__add__, st.sampled_from(["1", "\u0663", "\u00b2", " ", "\t", "*", "_", "#"]),
                                    st.sampled_from(LINES))), max_size=12))
def test_line_kinds_are_each_lines_kind(lines: list[str]) -> None:
    assert line_kinds(lines) == [line_kind(line) for line in lines]


def test_trim_characters_are_markdown_its() -> None:
    from markdown_it.common.utils import MD_TRIM_CHARS as upstream

    assert set(MD_TRIM_CHARS) == set(upstream)


def test_a_plain_novel_needs_no_markdown_it(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(text: str, front_matter: bool) -> list[object]:
        raise AssertionError("markdown-it was asked to parse a plain manuscript")

    text = CASES["plain novel"] + "".join(f"# Chapter {n}\n\n*Text* of {n}.\n\n* * *\n\nMore.\n\n" for n in range(2, 50))
    assert block_tokens(text, refuse)  # type: ignore[arg-type]


def test_tokens_are_the_model_s_records() -> None:
    """The columns' fields make `BlockToken`s, every field in its place and of its type, equal to
    the one its class makes."""
    text = CASES["plain novel"] + "Two lines\nof one paragraph.\n\n## Part II ##\n\n  Indented.\n"
    tokens = block_tokens(text, markdown.parse_blocks)
    assert sum(t.type == "inline" for t in tokens) >= 6
    for t in tokens:
        assert type(t) is BlockToken and len(t) == len(BlockToken._fields)
        assert t == BlockToken(t.type, t.line, t.content, t.level, t.nested)
        assert isinstance(t.line, int) and isinstance(t.level, int) and isinstance(t.nested, bool)


@pytest.mark.parametrize("full_reading", [False, True])
def test_blocks_are_the_model_s_records(full_reading: bool) -> None:
    """The reader makes a plain paragraph's records with `tuple.__new__` (`read_parts`): each
    block is a `Block` holding a `Location`, every field in its place, equal to the one its class
    makes, and the same as the full reading's."""
    text = (CASES["plain novel"] + "\n  Indented, column three.\n\n> A quoted letter.\n\n"
            "Two lines\nof  one paragraph.\n\n*Emphasis* here.\n")
    manuscript = markdown.parse(text.encode(), "book.md", full_reading=full_reading)
    blocks = [b for s in manuscript.sections for b in s.blocks]
    assert len(blocks) >= 8
    for b in blocks:
        assert type(b) is Block and type(b.location) is Location
        assert len(b) == len(Block._fields) and len(b.location) == len(Location._fields)
        loc = b.location
        assert b == Block(b.text, Location(loc.path, loc.line, loc.column, loc.section, loc.block),
                          b.visibility, b.where, b.is_heading)
        assert type(b.visibility) is Visibility and type(b.is_heading) is bool
    assert [b.location.block for b in blocks] == list(range(1, len(blocks) + 1))
    assert ("Indented, column three.", 3) in [(b.text, b.location.column) for b in blocks]
    assert blocks == [b for s in markdown.parse(text.encode(), "book.md", full_reading=True).sections
                      for b in s.blocks]


# --- the fast path: paragraph by paragraph (full_reading=False) ----------------------------------

#: Lines that open no fence and no HTML (the pieces the fast path reads paragraph by paragraph),
#: block quotes of every shape, lines of dashes and link lines among them.
PARAGRAPH_LINES = [line for line in LINES if "<" not in line and "```" not in line and "~~~" not in line] + [
    "plain paragraph", "Plain again", "", "", "> quoted text", ">", "> more quoted", "> > nested", ">  two",
    "> - item", "> # h", ">text", "> ===", "> 1. x", ">\tTab", "> *em* text", "> trailing  ", "> \u201cCurly",
    "> ---", "> * * *", "---", "- - -", "------------", "  ---", "---  ", "-- -", "---x", "[Jane](https://x.org).",
    "  [indented](y)", "    [code](z)", "[x]", "[^1]: note", "  indented text", "    code",
]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(PARAGRAPH_LINES), max_size=60), st.sampled_from(["\n", "\r\n"]))
def test_paragraph_by_paragraph_equals_markdown_it(lines: list[str], newline: str) -> None:
    text = newline.join(lines)
    assert block_tokens(text, markdown.parse_blocks, True) == markdown.parse_blocks(text)


@settings(max_examples=600, deadline=None)
@given(markdown_texts)
def test_paragraph_by_paragraph_equals_markdown_it_with_fences_and_html(text: str) -> None:
    assert block_tokens(text, markdown.parse_blocks, True) == markdown.parse_blocks(text)


@pytest.mark.parametrize("name", list(CASES))
def test_cases_paragraph_by_paragraph(name: str) -> None:
    text = CASES[name]
    assert block_tokens(text, markdown.parse_blocks, True) == markdown.parse_blocks(text)


def _column_from_offsets(text: str, line: int) -> int:
    """A block's column as the reader found it from each line's offset in the file (before issue
    21's third pass): the characters that may stand before a paragraph's text on its line, skipped."""
    starts = [0] + [n + 1 for n, ch in enumerate(text) if ch == "\n"]
    start = starts[line - 1] if line - 1 < len(starts) else len(text)
    if text[start:start + 1] not in " \t>-*+0123456789.)":
        return 1
    end = text.find("\n", start)
    raw = text[start: end if end >= 0 else len(text)]
    return len(raw) - len(raw.lstrip(" \t>-*+0123456789.)")) + 1 if raw.strip() else 1


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from([*PARAGRAPH_LINES, *LINES, "1984 began.", ". . . and then", ") aside", "\u201cQuoted\u201d"]),
                max_size=40),
       st.sampled_from(["\n", "\r\n", "\r"]), st.booleans())
def test_columns_are_those_found_from_line_offsets(lines: list[str], newline: str, full_reading: bool) -> None:
    """Each block's column is read from its line (`read_parts`, no offset of every line added up):
    the same as from the line's offset in the file, with CRLF and lone CR newlines too."""
    text = newline.join(lines)
    for draft in markdown.read_parts(text, "book.md", full_reading=full_reading).drafts:
        for block in draft.blocks:
            assert block.location.line is not None
            assert block.location.column == _column_from_offsets(text, block.location.line), block


# --- a chapter's runs of one-line paragraphs (issue 21, the reader's fourth pass) -----------------

#: Lines of a novel's chapter: one-line paragraphs most of all, and what breaks their run (a
#: paragraph of two lines, two blank lines, a scene break, a heading, a line with leading spaces).
CHAPTER_LINES = ["\u201cWell, Prince,\u201d she said.", "He went out.", "", "", "", "* * *", "## II",
                 "  Indented text.", "Trailing  ", "\u2014and then", "1984 was a year.", "- item", "> quoted"]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(CHAPTER_LINES), max_size=80), st.booleans(), st.booleans())
def test_runs_of_one_line_paragraphs_read_as_markdown_it_reads_them(lines: list[str], heading: bool,
                                                                      by_paragraph: bool) -> None:
    text = "\n".join((["# Chapter", ""] if heading else []) + lines)
    assert block_tokens(text, markdown.parse_blocks, by_paragraph) == markdown.parse_blocks(text)


def test_a_long_chapter_of_one_line_paragraphs() -> None:
    """A chapter as a novel has it, a run broken in its middle by a paragraph of two lines and a
    scene break: every paragraph a token, on its line, as markdown-it reads it."""
    paragraphs = [f"\u201cLine {n},\u201d he said." for n in range(300)]
    text = "# I\n\n" + "\n\n".join(paragraphs[:100]) + "\nand more\n\n* * *\n\n" + "\n\n".join(paragraphs[100:]) + "\n"
    tokens = block_tokens(text, markdown.parse_blocks, True)
    assert tokens == markdown.parse_blocks(text)
    assert sum(t.type == "inline" for t in tokens) == 1 + 300
    assert all(type(t) is BlockToken for t in tokens)


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=":a\u2019\n", max_size=60))
def test_holds_triple_colon_is_the_search(text: str) -> None:
    assert markdown.holds_triple_colon(text) == (":::" in text)


def test_holds_triple_colon_past_its_steps(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past its steps, the rest of the text is searched whole."""
    monkeypatch.setattr(markdown, "_COLON_STEPS", 2)
    for text in ["a:b:c:d:::e", "a:b:c:d::e", ":a:b:::", "::a::b::c::", "a:b:c", ":::"]:
        assert markdown.holds_triple_colon(text) == (":::" in text), text


def test_lines_opening_with_general_punctuation_are_text() -> None:
    """`line_kinds` reads a line opening with a character of U+2000..U+206F as text without asking
    it: each is what `line_kind` says, alone, before words, digits and a block's syntax."""
    lines = [chr(c) + rest for c in range(0x1FFF, 0x2071) for rest in ("", " x", "1. x", "# x", "\u2014", "  ")]
    assert line_kinds(lines) == [line_kind(line) for line in lines]
    assert all(kind == TEXT for kind, line in zip(line_kinds(lines), lines, strict=True)
               if "\u2000" <= line < "\u2070")


def test_indent_characters_all_stand_before_a_question_mark() -> None:
    """`read_parts` takes a paragraph whose line is "?" or after it as in the first column."""
    assert max(markdown._INDENT_CHARS) < "?"


# --- the tokens as columns (issue 21, the reader's fifth pass) ------------------------------------

@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(CHAPTER_LINES), st.sampled_from(LINES)), max_size=60), st.booleans())
def test_columns_hold_the_tokens_fields(lines: list[str], by_paragraph: bool) -> None:
    """`block_columns` gives each field of markdown-it's tokens in a list of its own, in order,
    of the field's type (a run of one-line paragraphs added by `Tokens.add_lines`)."""
    text = "\n".join(lines)
    columns = markdown_blocks.block_columns(text, markdown.parse_blocks, by_paragraph)
    expected = markdown.parse_blocks(text)
    assert len(columns) == len(expected)
    for field, column in zip(BlockToken._fields, (columns.types, columns.lines, columns.contents,
                                                  columns.levels, columns.nested), strict=True):
        assert column == [getattr(t, field) for t in expected]
        assert all(type(value) is type(getattr(t, field)) for value, t in zip(column, expected, strict=True))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*CHAPTER_LINES, *LINES, "Some *emphasis* here.", "A  double space."]),
                max_size=50), st.booleans())
def test_read_from_the_columns_as_from_markdown_it_s_tokens(lines: list[str], full_reading: bool) -> None:
    """`read_parts` reads the columns as it read the tokens: the same drafts, blocks and
    locations as from markdown-it's tokens of the whole text."""
    text = "# Chapter\n\n" + "\n".join(lines) + "\n"
    fast = markdown.read_parts(text, "book.md", full_reading=full_reading)
    with patch.object(markdown, "block_columns", _whole):
        whole = markdown.read_parts(text, "book.md", full_reading=full_reading)
    assert [(d.heading, d.level, d.kind, d.location, d.blocks) for d in fast.drafts] \
        == [(d.heading, d.level, d.kind, d.location, d.blocks) for d in whole.drafts]
    assert (fast.metadata, fast.hidden, fast.directives) == (whole.metadata, whole.hidden, whole.directives)


def test_str_strip_trims_markdown_its_whitespace_and_strip_only() -> None:
    """`str.strip()` strips exactly `MD_TRIM_CHARS` and `STRIP_ONLY`: in a text holding none of
    `STRIP_ONLY` it trims a line as markdown-it does (`Tokens.add_lines`)."""
    stripped = {chr(c) for c in range(0x110000) if not chr(c).strip()}
    assert stripped == set(MD_TRIM_CHARS) | set(markdown_blocks.STRIP_ONLY)
    assert not set(MD_TRIM_CHARS) & set(markdown_blocks.STRIP_ONLY)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["He said.", "", "\x1cShe\x1f", "\x85Then\x85", "\u2003Em\u2003", " x ", "\x1c",
                                 "# I", "Ends\x1d"]), max_size=30), st.booleans())
def test_lines_trimmed_by_str_strip_only_where_it_trims_as_markdown_it(lines: list[str], full_reading: bool) -> None:
    """A text holding a character of `STRIP_ONLY` has its lines trimmed with `MD_TRIM_CHARS`: the
    reading is markdown-it's either way (`read_parts` asks the characters or, for ASCII, the text)."""
    text = "\n".join(lines) + "\n"
    expected = markdown.parse_blocks(text)
    asked: list[bool] = []

    def columns(text: str, parse: markdown_blocks.Parse, by_paragraph: bool = False, **kwargs: Any) -> Tokens:
        asked.append(kwargs["stripped"])
        return markdown_blocks.block_columns(text, parse, by_paragraph, **kwargs)

    for data in (text.encode("utf-8"), ("\u2019" + text).encode("utf-8")):
        asked.clear()
        with patch.object(markdown, "block_columns", columns):
            fast = markdown.parse(data, "book.md", full_reading=full_reading)
        assert asked == [not any(ch in text for ch in markdown_blocks.STRIP_ONLY)]
        tokens = records(markdown_blocks.block_columns(text, markdown.parse_blocks, True, stripped=asked[0]))
        assert tokens == expected
        with patch.object(markdown, "block_columns", _whole):
            assert markdown.parse(data, "book.md", full_reading=full_reading) == fast
