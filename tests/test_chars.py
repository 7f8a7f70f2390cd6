"""A text's characters read from its UTF-8 (`chars`), and the searches that use them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from disclosure_lint.analysis import prefilter, residue
from disclosure_lint.analysis.normalize import normalise
from disclosure_lint.chars import beyond_printable, characters, from_rest, from_utf8
from disclosure_lint.errors import InputError
from disclosure_lint.limits import Limits
from disclosure_lint.readers.markdown import decode
from disclosure_lint.readers.safety import read_text_file
from disclosure_lint.readers.text import odd_spaces, odd_spaces_among

#: Texts of prose and of the characters the searches look for (spaces, invisible characters,
#: bidi controls, look-alikes, NUL), with lone surrogates.
PIECES = st.sampled_from(["word", " ", "  ", "\n", "\t", "é", "’", "œ", "\u00a0", "\u202f", "\u2000",
                          "\u3000", "\u200b", "\u2060", "\ufeff", "\u00ad", "\u202e", "\u2066", "Ｆ", "ᴀ",
                          "\u0301", "\x00", "\x85", "İ", "K", "Σ", "\ud800", "😀", "~", "\x7f"])
TEXTS = st.lists(st.one_of(PIECES, st.text(max_size=5)), max_size=12).map("".join)


@given(TEXTS)
@settings(max_examples=300)
def test_characters_are_the_text_s_own_but_printable_ascii(text: str) -> None:
    assert characters(text) == {c for c in text if not " " <= c <= "~"}


@given(TEXTS)
@settings(max_examples=200)
def test_odd_spaces_from_the_characters_as_from_the_text(text: str) -> None:
    assert odd_spaces_among(characters(text)) == odd_spaces(text)


@given(TEXTS.filter(lambda t: "\ud800" not in t and not t.startswith("\ufeff")))
@settings(max_examples=200)
def test_a_markdown_file_s_characters_and_nul_are_read_from_its_bytes(text: str) -> None:
    decoded = decode(text.encode("utf-8"), "book.md")
    assert decoded.text == text.replace("\x00", "")
    assert bool(decoded.warnings) == ("\x00" in text)
    if decoded.chars is None:
        assert decoded.text.isascii()
    else:
        assert decoded.chars == characters(decoded.text)


def test_a_file_that_is_not_utf8_is_searched_as_text() -> None:
    decoded = decode(b"caf\xe9 \xc2\xa0 x", "book.md")
    assert decoded.chars is None and "\xa0" in decoded.text and decoded.warnings
    assert from_utf8("a\u202fb".encode()) == {"\u202f"}


@given(st.lists(TEXTS, min_size=1, max_size=6))
@settings(max_examples=200)
def test_the_book_s_searches_find_what_searching_every_character_finds(texts: list[str]) -> None:
    """`_odd` looks only for the characters the book holds; the chapter gates' second look reads
    the texts the characters say need it: the same as looking for every character."""
    book = residue._Book(texts)
    full = residue._Book(texts)
    full.chars = None if full.chars is None else frozenset(residue._HIDERS) | full.chars
    assert residue._odd(book) == residue._odd(full)
    joined = "\n".join(texts)
    if not joined.isascii():
        held = prefilter._read_in(joined)
        among = prefilter._held_among(characters(" ".join(texts)))
        assert set(held.chars) <= set(among.chars) and held.marks == among.marks


GATE_TEXTS = st.lists(st.sampled_from(["ce livre", "ce\u00a0livre", "ce\u2060 livre", "ce  livre", "cette\n histoire",
                                       "l’auteur", "l\u200b'auteur", "Ｃｅ livre", "ce\u0301 livre", "le livre",
                                       " l'autrice ", "rien", "é", "this book", "th\u00adis book"]),
                      min_size=1, max_size=6).map(" ".join)


@given(st.lists(GATE_TEXTS, min_size=1, max_size=5))
@settings(max_examples=200)
def test_the_chapter_gates_find_the_same_with_the_book_s_characters(texts: list[str]) -> None:
    from disclosure_lint.analysis.lexicon import load_lexicon

    book = residue._Book(texts)
    wanted = list(range(len(texts)))
    for language in ("fr", "en"):
        gates = load_lexicon(language=language).explicit_gate
        plain = prefilter.references_in(book.low, book.index, wanted, texts, gates)
        assert prefilter.references_in(book.low, book.index, wanted, texts, gates, book.chars) == plain
        assert plain == prefilter.references(texts, gates) | plain  # never fewer than apart
        # and never one the close reading would find a reference in
        read = {n for n, t in enumerate(texts) if any(g.search(normalise(t).lower()) for g in gates)}
        assert read <= plain


@given(st.lists(GATE_TEXTS, min_size=1, max_size=8), st.data())
@settings(max_examples=200)
def test_the_chapter_gates_answer_for_the_texts_wanted_among_the_book_s(texts: list[str], data: st.DataObject) -> None:
    """`references_in` searches the whole book's text and answers for some of its texts (`wanted`:
    a chapter's paragraphs among the book's): indexes into `wanted`, as a search of those alone
    finds them (the gates match nothing across texts here: each ends with a letter or a space)."""
    from disclosure_lint.analysis.lexicon import load_lexicon

    book = residue._Book(texts)
    wanted = data.draw(st.lists(st.sampled_from(range(len(texts))), unique=True).map(sorted))
    chosen = [texts[n] for n in wanted]
    for language in ("fr", "en"):
        gates = load_lexicon(language=language).explicit_gate
        found = prefilter.references_in(book.low, book.index, wanted, chosen, gates, book.chars)
        alone = {k for k, t in enumerate(chosen) if any(g.search(normalise(t).lower()) for g in gates)}
        assert found == alone


#: Pieces of words the gates read, joined with no space: invisible characters, ellipses and
#: dashes fall inside words, beside them and at a text's ends.
GATE_PIECES = st.lists(st.sampled_from(["th", "is", "this", " book", "the", " author", "e", " ", "ce", " livre",
                                        "l", "’", "'", "auteur", "autor", "a", "esta", " novela", "x", "1",
                                        "\u2060", "\u200b", "\u00ad", "\ufeff", "…", "—", "\u2011", "ﬁ",
                                        "Ｔ", "t", "ℎ", "ﬆ", "İ", "\u0301", "\n"]), max_size=12).map("".join)


@given(st.lists(GATE_PIECES, min_size=1, max_size=6))
@example(["tℎis book", "eﬆa novela", "th\u2060is book", "l\u2060’auteur", "autor\u2060x", "the\u00ad author"])
@example(["th\u2060", "\u2060is book"])
@example(["the\u2060\n author", "this\u2060\nbook", "x\u2060", "\nbook"])  # a text's own line break
@settings(max_examples=1000)
def test_the_chapter_gates_miss_no_text_the_close_reading_reads_as_a_reference(texts: list[str]) -> None:
    """`references_in` reads again only the texts whose reading could make a new match (`_unseen`:
    an invisible character between two characters a gate reads, a folded one a gate reads): every
    text whose reading a gate matches is among those it gives, in every language's gates (the
    Spanish ones look at the next character)."""
    from disclosure_lint.analysis.lexicon import load_lexicon

    book = residue._Book(texts)
    wanted = list(range(len(texts)))
    for language in ("en", "fr", "es"):
        gates = load_lexicon(language=language).explicit_gate
        read = {n for n, t in enumerate(texts) if any(g.search(normalise(t).lower()) for g in gates)}
        assert read <= prefilter.references_in(book.low, book.index, wanted, texts, gates, book.chars)
        assert read <= prefilter.references_in(book.low, book.index, wanted, texts, gates)


def test_what_the_chapter_gates_read() -> None:
    """The characters `_gate_reading` says the gates read: their letters, spaces and quotes, and
    every word character where a gate looks for one (`(?!\\w)`); not a dash, an ellipsis or an
    invisible character, which `_unseen` then leaves unread."""
    from disclosure_lint.analysis.lexicon import load_lexicon

    for language, words in (("en", False), ("fr", False), ("es", True)):
        reads = prefilter._gate_reading(tuple(load_lexicon(language=language).explicit_gate))
        assert reads is not None
        assert all(reads(c) for c in "a \n’\"'")
        assert not any(reads(c) for c in "—….\u2060\u200b")
        assert reads("1") is words and reads("_") is words
    assert prefilter._gate_reading((re.compile("(?i:this) book"),)) is None
    assert prefilter._gate_reading((re.compile(r"this(?=\s+bo)"),)) is None
    held = prefilter._Held(["\u2060", "…", "\u2011", "ﬁ"], False)
    assert prefilter._unseen(held, load_lexicon(language="en").explicit_gate) == ({"\u2060"}, {"…"})
    assert prefilter._unseen(prefilter._Held(["\u2060"], True), load_lexicon(language="en").explicit_gate) is None


@given(st.lists(st.lists(st.sampled_from(["this", "book", "the", "author", "ce", "livre", "l’auteur", "\n", " ",
                                          "İ", "\u2060", "rien"]), max_size=5).map(" ".join), max_size=8))
@settings(max_examples=500)
def test_the_texts_read_again_pass_the_gates_searched_together_as_alone(texts: list[str]) -> None:
    """`prefilter._passing` searches the texts joined: a match running from one into the next
    ("this" ending one, "book" opening the next) is none of either."""
    from disclosure_lint.analysis.lexicon import load_lexicon

    batch = prefilter._BATCH
    try:
        for size in (batch, 12):  # the texts joined all at once, and a few at a time
            prefilter._BATCH = size
            for language in ("en", "fr"):
                gates = load_lexicon(language=language).explicit_gate
                alone = {n for n, t in enumerate(texts) if any(g.search(t.lower()) for g in gates)}
                assert prefilter._passing(dict(enumerate(texts)), gates) == alone
    finally:
        prefilter._BATCH = batch


def test_a_manuscript_s_characters_are_its_text_s(tmp_path: Path) -> None:
    """The reading's `Manuscript.chars` holds every character (other than printable ASCII) of the
    sections' text, and the residue book's those of the hidden text too."""
    from disclosure_lint.readers import read_manuscript

    book = tmp_path / "livre.md"
    book.write_text("---\ntitle: Œuvre\nlang: fr\n---\n\n# Avant-propos\n\nL’autrice a écrit\u00a0ceci.\n\n"
                    "<!-- un brouillon\u2060caché -->\n\n# Chapitre 1\n\nIl était une fois… « Bien » — dit-il.\n\n"
                    "Il a lu \u202eenil\u202c ceci.\n", encoding="utf-8")
    manuscript = read_manuscript(book)
    texts = [b.text for s in manuscript.sections for b in s.blocks]
    assert manuscript.chars is not None and characters("".join(texts)) <= manuscript.chars
    found = residue.sources(manuscript)
    assert found.book.chars is not None and characters(" ".join(found.texts)) <= found.book.chars
    assert "\u2060" in found.book.chars  # from the hidden comment
    ascii_book = tmp_path / "book.md"
    ascii_book.write_text("# Chapter 1\n\nPlain words.\n", encoding="utf-8")
    assert read_manuscript(ascii_book).chars is None


#: Pieces of Markdown without "&" or "<" (of every construct the reader reads: front matter with
#: YAML escapes, headings, emphasis, code, links, images, lists, quotes, fences, tables, footnotes,
#: pandoc's divs, spans and line blocks, hard breaks, escapes), with characters beyond ASCII.
MD_WORDS = st.sampled_from(["mot", "é", "’", "œ", "\u202e", "\u2066", "\u200b", "\u00a0", "\u2060", "Ｆ", "…",
                            "*em*", "**fort**", "`co’de`", "[lien](http://x.fr/%E2%80%AE)", "![alt é](i.png)",
                            "\\*", "\\\\", "[^1]", "[span é]{lang=fr}", "\t", "x  ", "%E2%80%AE"])
MD_LINE = st.lists(MD_WORDS, min_size=1, max_size=6).map(" ".join)
MD_BLOCK = st.one_of(
    MD_LINE, MD_LINE.map("# {}".format), MD_LINE.map("{}\n===".format), MD_LINE.map("- {}".format),
    MD_LINE.map("1. {}".format), MD_LINE.map("> {}".format), MD_LINE.map("```\n{}\n```".format),
    MD_LINE.map("    {}".format), MD_LINE.map("| a | {} |\n|---|---|\n| b | c |".format),
    MD_LINE.map("[^1]: {}".format), MD_LINE.map("::: {{lang=fr}}\n{}\n:::".format), MD_LINE.map("| {}".format),
    MD_LINE.map("{}\\\nsuite".format))
MD_FRONT = st.sampled_from(["", '---\ntitle: "Titre \\u202e \\u00e9"\nlang: fr\n---\n\n',
                            "---\ntitle: Œuvre\nauthor: Zoé\n---\n\n", '+++\ntitle = "T\\u202e"\n+++\n\n'])


@given(MD_FRONT, st.lists(MD_BLOCK, min_size=1, max_size=6))
@settings(max_examples=300, deadline=None)
def test_a_markdown_file_without_markup_reads_only_its_own_characters(front: str, blocks: list[str]) -> None:
    """The Markdown reader says its sections' characters are the file's own (`Decoded.read_chars`)
    only where that holds: without "&" or "<", nothing it reads sets a character the file lacks."""
    from disclosure_lint.readers.markdown import parse

    data = (front + "\n\n".join(blocks) + "\n").encode("utf-8")
    assert b"&" not in data and b"<" not in data
    for full in (False, True):
        manuscript = parse(data, "book.md", full_reading=full)
        texts = "".join(b.text for s in manuscript.sections for b in s.blocks)
        if manuscript.chars is None:
            assert data.isascii()
        else:
            assert characters(texts) <= manuscript.chars


def test_markup_leaves_the_characters_to_be_found() -> None:
    from disclosure_lint.readers.markdown import parse

    for text in ("Un &#x202e;mot é.\n", "Un <span>mot</span> é.\n", "Voir <http://x.fr/%E2%80%AE> é.\n"):
        assert parse(text.encode(), "book.md").chars is None


def _reference_from_utf8(data: bytes) -> frozenset[str]:
    """The first reading of `from_utf8`: the printable ASCII deleted, the rest decoded, a set."""
    return frozenset(data.translate(None, bytes(range(0x20, 0x7F))).decode("utf-8", "surrogatepass"))


#: Texts that take each of `from_utf8`'s ways: ASCII alone with every control, two-byte
#: characters, runs of three-byte punctuation, astral characters, many distinct characters.
_ANY_CHARACTER = st.characters(min_codepoint=0, max_codepoint=0x10FFFF)
_WAYS = st.one_of(
    st.text(st.characters(max_codepoint=0x7F), max_size=40),
    st.lists(st.one_of(PIECES, st.sampled_from(["’", "“", "”", "—", "…", "\u2028"])), max_size=60).map("".join),
    st.text(_ANY_CHARACTER, max_size=80),
    st.lists(st.sampled_from([chr(c) for c in range(0x2000, 0x2000 + 80)] + ["\n", "a"]), max_size=200).map("".join),
)


@given(st.lists(st.one_of(_WAYS, TEXTS), max_size=4).map("".join))
@settings(max_examples=500)
@example("".join(chr(c) for c in (*range(0x20), 0x7F)))
@example("\x00\r\n\ud800\udfff😀’’“”—" * 3)
@example("".join(chr(0x2000 + i) for i in range(100)))
def test_from_utf8_finds_what_the_first_reading_found(text: str) -> None:
    data = text.encode("utf-8", "surrogatepass")
    assert from_utf8(data) == _reference_from_utf8(data)


# --- a Markdown file's lines counted in its bytes beyond printable ASCII (issue 21) -------------

_UTF8_PIECES = ["a", " ", "\n", "\r\n", "\r", "\t", "\u2019", "\u201c", "\u00e9", "\u0a0a", "\u0a00", "\U0001f600",
                "\n\u2014", "\x00", "\ufeff"]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_UTF8_PIECES), max_size=60), st.binary(max_size=8), st.booleans())
@example(["\n"] * 3, b"\xe2\x0a", False)
def test_newlines_are_counted_in_the_bytes_beyond_printable_ascii(pieces: list[str], junk: bytes,
                                                                  bad: bool) -> None:
    """`decode` counts a file's newlines in `beyond_printable` of its bytes (not the whole file),
    the count `read_text_file` takes of them, for UTF-8 and bytes that are not (`from_rest` of it
    is `from_utf8` of the bytes)."""
    data = "".join(pieces).encode("utf-8") + (junk if bad else b"")
    rest = beyond_printable(data)
    assert rest.count(b"\n") == data.count(b"\n")
    try:
        data.decode("utf-8", "surrogatepass")
    except UnicodeDecodeError:
        return
    assert from_rest(rest) == from_utf8(data)


@pytest.mark.parametrize("data", [b"a\n" * 5, "\u2019\n".encode() * 5, b"\xef\xbb\xbf" + "\u2019\n".encode() * 5,
                                  b"\xff\xfe" + "a\n".encode("utf-16-le") * 5, b"\xe2\x28\n" * 5])
def test_decode_refuses_the_lines_read_text_file_refuses(data: bytes, tmp_path: Path) -> None:
    """A file read without its lines counted (`count_lines=False`) is refused by `decode`, with the
    limits, past `max_markdown_lines`, with the message `read_text_file` gives; within it, read."""
    path = tmp_path / "book.md"
    path.write_bytes(data)
    for allowed in (4, 5):
        limits = Limits(max_markdown_lines=allowed)
        try:
            read_text_file(path, "book.md", limits)
        except InputError as exc:
            expected: str | None = str(exc)
        else:
            expected = None
        raw = read_text_file(path, "book.md", limits, count_lines=False)
        try:
            decode(raw, "book.md", limits)
        except InputError as exc:
            assert str(exc) == expected
        else:
            assert expected is None
    assert (allowed, expected) == (5, None)
