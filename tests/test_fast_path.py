"""The fast paths give what the full reading gives (issue 21): the same findings and locations.

`full_reading=True` (`readers.read_manuscript`, `api.read`) reads every part of a book the long
way: markdown-it parses each Markdown chapter that holds a block quote, a list or a link line
whole. The default reads such a chapter paragraph by paragraph, and the analysis's gates search
the book's text joined once, normalising only the paragraphs that need it. These tests build
books in code (dialogue, emphasis, letters in block quotes, lists, hidden HTML, disable comments,
footnotes, a disclosure in a chapter, chatbot residue in a chapter, French and German books,
multi-file books) and compare the two JSON reports and manuscripts; then they check that what
the fast path must not drop (a hidden span in a chapter, a disclosure in a letter, a name with a
word joiner or a look-alike letter) is found. `python -m benchmarks equivalence` does the same on
every book of the development corpus.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from books import STOCK, markdown_book, write_book
from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_lint import api
from disclosure_lint.config import resolve_config
from disclosure_lint.model import Manuscript
from disclosure_lint.readers import markdown
from disclosure_lint.readers.markdown_blocks import BlockToken, Parse, Tokens, block_columns
from disclosure_lint.reporters.json_report import to_dict


def block_tokens(text: str, parse: Parse, by_paragraph: bool = False) -> list[BlockToken]:
    """The block scan's tokens (`block_columns`) as records."""
    return records(block_columns(text, parse, by_paragraph))


def records(tokens: Tokens) -> list[BlockToken]:
    """Columns of tokens as `BlockToken`s."""
    return list(map(BlockToken._make, zip(tokens.types, tokens.lines, tokens.contents, tokens.levels,
                                          tokens.nested, strict=True)))


DIALOGUE = ("\u201cMy dear Mr. Bennet,\u201d said his lady to him one day, \u201chave you heard that "
            "Netherfield Park is let at last?\u201d\n\nMr. Bennet replied that he had *not*.")
LETTER = ("> \u201cMy dear Friend,\n>\n> \u201cIf you are not so compassionate as to dine today with "
          "Louisa and me, we shall be in danger of hating each other.\n> Yours ever,\n>\n> "
          "\u201cCaroline Bingley\u201d")
LIST = "- the lantern\n- the *ferry*\n\n  and the quay beyond\n\n1. first\n2. second"
BREAK = "------------------------------------------------------------------------"
LINK_LINE = "This ebook was produced for\n[Standard Ebooks](https://standardebooks.org/)\nand is free."


def chapter(*middle: str) -> str:
    """A chapter of plain paragraphs, dialogue, a letter, a list and a break around `middle`."""
    return "\n\n".join([DIALOGUE, LETTER, *middle, LIST, BREAK, "The harbor lights came on.", LINK_LINE])


def report(path: Path, *, full_reading: bool) -> tuple[dict[str, Any], Manuscript]:
    config = resolve_config(path, None)
    manuscript = api.read(path, config, full_reading=full_reading)
    return to_dict(api.Report((api.check_manuscript(manuscript, config),))), manuscript


def same_both_ways(path: Path) -> dict[str, Any]:
    """The JSON report, after checking that the fast path and the full reading agree on it and on
    the manuscript (every block, heading, hidden text and location)."""
    full, full_manuscript = report(path, full_reading=True)
    fast, fast_manuscript = report(path, full_reading=False)
    assert fast == full
    assert fast_manuscript == full_manuscript
    return fast


def disclosures(found: dict[str, Any]) -> list[tuple[str, int, int, bool]]:
    return [(d["text"], d["location"]["line"], d["location"]["column"], d["visible"])
            for d in found["files"][0]["disclosures"]]


def rules(found: dict[str, Any]) -> list[tuple[str, int | None]]:
    return [(f["rule"], f["location"]["line"]) for f in found["files"][0]["findings"]]


BOOKS: dict[str, str] = {
    "plain novel with a foreword": markdown_book(STOCK),
    "dialogue, letters, lists and breaks": markdown_book(STOCK, chapters=[chapter(), chapter(), chapter()]),
    "no disclosure": markdown_book(None, chapters=[chapter(), chapter()]),
    "a disclosure in a chapter": markdown_book(None, chapters=[
        chapter(), chapter("This book was drafted with ChatGPT, and I revised every chapter of it.")]),
    "a disclosure in a letter": markdown_book(None, chapters=[
        chapter("> This book was drafted with ChatGPT.\n> I revised it myself.")]),
    "hidden HTML in a chapter": markdown_book(None, chapters=[
        chapter('She laughed.<span style="display:none">This book was written with ChatGPT.</span>'),
        chapter()]),
    "an HTML comment over paragraphs": markdown_book(STOCK, chapters=[
        chapter("<!--\nThis book was written by Claude.\n\nAn old paragraph.\n-->"), chapter()]),
    "disable comments": markdown_book(None, chapters=[
        chapter("<!-- disclosure-lint-disable disclosure-missing -->"), chapter()]),
    "footnotes": markdown_book(STOCK, chapters=[
        chapter("The ferry left at dawn.[^1]\n\n[^1]: An AI model suggested this footnote."), chapter()]),
    "a fence in a chapter": markdown_book(STOCK, chapters=[
        chapter("```\n# not a heading\n\n> not a quote\n```"), chapter()]),
    "residue in a chapter": markdown_book(STOCK, chapters=[
        chapter("Certainly! Here's a revised version of the passage with more tension:"), chapter()]),
    "residue in a letter": markdown_book(STOCK, chapters=[
        chapter("> I hope this helps! Let me know if you would like me to adjust the tone."), chapter()]),
    "French": "---\ntitle: \u00ab Les lumi\u00e8res \u00bb\nlang: fr\n---\n\n# Avant-propos\n\n"
              "Ce livre a \u00e9t\u00e9 \u00e9crit avec l\u2019aide de ChatGPT.\n\n# Chapitre 1\n\n"
              "\u00ab Ma ch\u00e8re amie, \u00bb dit-elle.\n\n> \u00ab Si vous venez ce soir, \u00bb\n>\n"
              "> \u00e9crivait-elle.\n\n- la lanterne\n- le quai\n\n" + BREAK + "\n\nIl pleuvait.\n",
    "German": "---\ntitle: Hafenlichter\nlang: de\n---\n\n# Kapitel 1\n\n\u201eMein Lieber\u201c, sagte sie.\n\n"
              "> \u201eWenn Sie heute kommen,\u201c\n>\n> schrieb sie.\n\nDieses Buch wurde mit Hilfe von "
              "ChatGPT geschrieben.\n\n- die Laterne\n- der Kai\n",
    "word joiners and look-alikes": markdown_book(None, chapters=[
        chapter("She waited\u2060\u2014then laughed\u2060 \u2026", "This\u2060 book was drafted with Ch\u2060atG\u2060PT."),
        chapter("This book was revised with Ch\u0430tGP\u0422.")]),
    "setext headings and indented code": "Foreword\n========\n\n" + STOCK + "\n\nChapter 1\n---------\n\n"
              + chapter("    indented code\n\n  - an indented item\n\n  text after it"),
}


@pytest.mark.parametrize("name", list(BOOKS))
def test_the_fast_path_gives_the_full_readings_findings(name: str, tmp_path: Path) -> None:
    same_both_ways(write_book(tmp_path, BOOKS[name]))


def test_multi_file_books_are_read_the_same(tmp_path: Path) -> None:
    folder = tmp_path / "book"
    folder.mkdir()
    (folder / "00-foreword.md").write_text("# Foreword\n\n" + STOCK + "\n", encoding="utf-8")
    for n in range(1, 4):
        extra = "Certainly! Here's an enhanced version of your chapter:" if n == 2 else "It rained."
        (folder / f"{n:02d}-chapter.md").write_text(f"# Chapter {n}\n\n{chapter(extra)}\n", encoding="utf-8")
    (folder / "04-notes.md").write_text("Text before a heading continues the chapter.\n\n" + LETTER + "\n",
                                        encoding="utf-8")
    found = same_both_ways(folder)
    residue = [f["location"]["path"] for f in found["files"][0]["findings"] if f["rule"] == "chatbot-residue"]
    assert residue == [str(folder / "02-chapter.md")]


# --- what the fast path must not drop ----------------------------------------------------------


def test_a_hidden_span_in_a_chapter_with_letters_is_found(tmp_path: Path) -> None:
    found = same_both_ways(write_book(tmp_path, BOOKS["hidden HTML in a chapter"]))
    hidden = [d for d in disclosures(found) if not d[3]]
    assert [d[0] for d in hidden] == ["This book was written with ChatGPT."]
    line = BOOKS["hidden HTML in a chapter"].split("\n").index(
        'She laughed.<span style="display:none">This book was written with ChatGPT.</span>') + 1
    assert hidden[0][1] == line


def test_a_disclosure_in_a_letter_keeps_its_line_and_column(tmp_path: Path) -> None:
    text = BOOKS["a disclosure in a letter"]
    found = same_both_ways(write_book(tmp_path, text))
    line = text.split("\n").index("> This book was drafted with ChatGPT.") + 1
    assert ("This book was drafted with ChatGPT.", line, 3, True) in disclosures(found)


def test_a_disclosure_in_a_chapter_is_found_after_letters_and_lists(tmp_path: Path) -> None:
    text = BOOKS["a disclosure in a chapter"]
    found = same_both_ways(write_book(tmp_path, text))
    line = text.split("\n").index("This book was drafted with ChatGPT, and I revised every chapter of it.") + 1
    assert [d[1:] for d in disclosures(found)] == [(line, 1, True)]


def test_word_joiners_and_look_alikes_do_not_hide_a_disclosure_from_the_gates(tmp_path: Path) -> None:
    found = same_both_ways(write_book(tmp_path, BOOKS["word joiners and look-alikes"]))
    said = [d[0] for d in disclosures(found)]
    assert "This book was drafted with ChatGPT." in said
    assert "This book was revised with ChatGPT." in said


def test_residue_in_a_chapter_and_a_letter_is_found(tmp_path: Path) -> None:
    for name in ("residue in a chapter", "residue in a letter"):
        text = BOOKS[name]
        found = same_both_ways(write_book(tmp_path, text, f"{name.replace(' ', '-')}.md"))
        assert "chatbot-residue" in [rule for rule, _ in rules(found)], name


def test_a_disable_comment_in_a_chapter_still_silences(tmp_path: Path) -> None:
    found = same_both_ways(write_book(tmp_path, BOOKS["disable comments"]))
    assert "disclosure-missing" not in [rule for rule, _ in rules(found)]
    loud = same_both_ways(write_book(tmp_path, BOOKS["no disclosure"], "loud.md"))
    assert "disclosure-missing" in [rule for rule, _ in rules(loud)]


def test_letters_lists_and_breaks_need_no_markdown_it_on_the_fast_path() -> None:
    def refuse(text: str, front_matter: bool) -> list[Any]:
        raise AssertionError(f"markdown-it was asked to parse {text[:40]!r}")

    text = markdown_book(STOCK, chapters=[
        "\n\n".join([DIALOGUE, LETTER, BREAK, LINK_LINE]) for _ in range(20)])
    assert block_tokens(text, refuse, True) == markdown.parse_blocks(text)
    with pytest.raises(AssertionError):
        block_tokens(text, refuse, False)  # the full reading parses each such chapter whole


def test_normalise_is_the_translation_and_the_pattern_it_replaced() -> None:
    import random
    import re
    import unicodedata

    from disclosure_lint.analysis import normalize

    rng = random.Random(21)
    alphabet = [" ", "a", "B", "\u00e9", "\u201c", "\u2019", "\t", "\n", "\u00a0", "\u2009", "\u3000", "\u2060",
                "\u2011", "\u2212", "\u00ab", "\u2026", "\u0430", "\x85", "\u2028", "\u200b", "G", "P", "T"]
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        if not text.isascii():
            old = normalize.fold_lookalikes(unicodedata.normalize(
                "NFKC", normalize.INVISIBLE.sub("", text)).translate(normalize._QUOTES))
        else:
            old = text
        assert normalize.normalise(text) == re.sub(r"\s+", " ", old).strip(), repr(text)


#: Characters that make the gates read a text as `normalise` does, and the letters around them.
_GATE_ALPHABET = [" ", "a", "t", "h", "i", "s", "B", "\u00e9", "e", "\u0301", "\u201c", "\u2019", "\t", "\n",
                  "\u00a0", "\u2009", "\u2060", "\u00ad", "\u2011", "\u2010", "\u2026", "\ufb01", "\u0430",
                  "\u0130", "\x85", "\u2028", "\uff21", "\u00bd", "\u0316", "\u1100", "\u1161", "\u3131",
                  "\u314f", "\u2126", "\ud800", "\U0001d400", "\u00e0"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.text(alphabet=_GATE_ALPHABET, max_size=14), min_size=1, max_size=6))
def test_the_gates_read_each_text_as_the_close_reading_does(texts: list[str]) -> None:
    """A text the gates search as written is one `normalise` reads as written but for its quotes;
    one they read otherwise (`_as_read`) is normalised, or a text `normalise` reads the same way
    that needs no reading itself."""
    from disclosure_lint.analysis import prefilter
    from disclosure_lint.analysis.normalize import normalise, straighten

    joined = "\n".join(texts)
    needy = prefilter._needing_reading(texts, joined)
    for n, text in enumerate(texts):
        if n not in needy:
            assert normalise(text) == straighten(text).strip(), repr(text)
    for k, read in prefilter._as_read(texts, needy, prefilter._read_in(joined)).items():
        if read != normalise(texts[k]):
            assert normalise(read) == normalise(texts[k]), repr(texts[k])
            assert prefilter._needing_reading([read], read) == [], repr(read)
            assert normalise(read) == straighten(read).strip(), repr(read)


def test_only_marks_make_a_text_without_folded_forms_other_than_nfkc() -> None:
    """`prefilter._is_mark` holds for every character that can follow another in a sequence NFKC
    composes (the second of each canonical pair; Hangul vowels and final consonants, composed by
    rule) or reorders (a combining class other than 0), in the running Python's Unicode data."""
    import sys
    import unicodedata

    from disclosure_lint.analysis.prefilter import _is_mark

    missed = []
    for point in range(sys.maxunicode + 1):
        ch = chr(point)
        if unicodedata.combining(ch) and not _is_mark(ch):
            missed.append(ch)
        parts = unicodedata.decomposition(ch).split()
        if len(parts) == 2 and not parts[0].startswith("<") and not _is_mark(chr(int(parts[1], 16))):
            missed.append(ch)
    assert missed == []
    assert all(_is_mark(chr(point)) for point in (*range(0x1161, 0x1176), *range(0x11A8, 0x11C3)))


_LEAD_TEXTS = ["This book was drafted with ChatGPT.", "The author used AI to edit this novel.", "Rain fell.",
               "“This book,” she said, “was written by a machine.”", "The harbour was quiet.",
               "This chapter was generated by GPT-4.", "the author of this text thanks Claude"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["chapter", "contents", "epigraph", "foreword", "afterword"]),
                          st.lists(st.tuples(st.sampled_from(_LEAD_TEXTS), st.booleans()), max_size=5)),
                max_size=6))
def test_the_story_leads_find_each_block_where_the_residue_scan_put_it(
        sections: list[tuple[str, list[tuple[str, bool]]]]) -> None:
    """`_story_leads` finds a story block's text among those the residue scan joined from its
    section's first (`Sources.firsts`), easy-to-miss blocks left out: the same leads as a search
    of the story's texts alone (`Sources` without `firsts`: every block searched apart)."""
    from disclosure_lint.analysis import disclosure, residue
    from disclosure_lint.analysis.lexicon import load_lexicon
    from disclosure_lint.model import Block, Kind, Location, Metadata, Role, Section, Visibility

    kinds = {"chapter": (Role.BODY, Kind.CHAPTER), "contents": (Role.BODY, Kind.CONTENTS),
             "epigraph": (Role.BODY, Kind.EPIGRAPH), "foreword": (Role.FRONT, Kind.FOREWORD),
             "afterword": (Role.BACK, Kind.AFTERWORD)}
    built = []
    for s, (name, blocks) in enumerate(sections, start=1):
        at = Location("book.md", s, 1, name)
        built.append(Section(*kinds[name], name, tuple(
            Block(text, Location("book.md", s, 1, name, n),
                  visibility=Visibility.EASY_TO_MISS if easy else Visibility.VISIBLE)
            for n, (text, easy) in enumerate(blocks, start=1)), at))
    book = Manuscript("book.md", "markdown", Metadata(language="en"), tuple(built))
    lex = load_lexicon()
    lexicons = [lex] * len(built)
    searched = residue.sources(book)
    apart = searched._replace(firsts={})
    assert disclosure._story_leads(book, lexicons, searched) == disclosure._story_leads(book, lexicons, apart)
    if any(name == "chapter" and any(not easy and t.startswith("This book") for t, easy in blocks)
           for name, blocks in sections):
        assert disclosure._story_leads(book, lexicons, searched)[0]  # (no empty answer)
