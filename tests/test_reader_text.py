"""The shared reader text helpers agree with the plain definitions they speed up."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_lint.readers.text import (
    collapse,
    collapse_all,
    collapse_spaced,
    spaces_among,
    spaces_of,
    strip_emphasis,
)

#: The Markdown reader's emphasis pattern before `strip_emphasis` replaced it.
EMPHASIS = re.compile(r"(?<![\w\\])(\*{1,3}|_{1,3}|~~)(?=\S)|(?<=\S)(\*{1,3}|_{1,3}|~~)(?![\w])")

_MARKUP = st.text(alphabet=st.sampled_from(list("ab1é_*~\\ \t\n.,'\u00a0\u2003")), max_size=40)
_SPACES = st.text(alphabet=st.sampled_from(list(" \t\n\r\x0b\x0c\x1c\x1f\x85\xa0\u1680\u2003\u2028\u2029"
                                                "\u3000ab\u00ad\u200b")), max_size=30)


@settings(max_examples=3000, deadline=None)
@given(_MARKUP)
def test_strip_emphasis_is_the_pattern(text: str) -> None:
    assert strip_emphasis(text) == EMPHASIS.sub("", text)


@settings(max_examples=3000, deadline=None)
@given(st.sampled_from("*_~"), st.text(alphabet=st.sampled_from(list("ab1é\u00e0\u201c\u0416\\ \t\n.,'\u00a0")), max_size=12),
       st.lists(st.tuples(st.integers(1, 4), st.text(alphabet=st.sampled_from(list("ab1é\u201c\\ \n.,_")), max_size=6)),
                max_size=8))
def test_strip_emphasis_of_one_marker_character_is_the_pattern(marker: str, head: str,
                                                                runs: list[tuple[int, str]]) -> None:
    """A text holding one marker character (a novel's italics) is read with that character's
    pattern alone: runs of one to four of it among words, spaces, backslashes and letters beyond
    ASCII, as the pattern reads them."""
    text = head + "".join(marker * length + words for length, words in runs)
    assert strip_emphasis(text) == EMPHASIS.sub("", text)


@settings(max_examples=3000, deadline=None)
@given(_SPACES)
def test_collapse_is_split_and_join(text: str) -> None:
    assert collapse(text) == " ".join(text.split())
    assert collapse_spaced(text) == " ".join(text.split())
    assert collapse_spaced(text, spaces_of(text)) == " ".join(text.split())


@settings(max_examples=2000, deadline=None)
@given(st.lists(_SPACES | st.sampled_from(["", " ", "a\x00b", "\x00", " a ", "a  b"]), max_size=8))
def test_collapse_all_is_each_text_collapsed(texts: list[str]) -> None:
    """The texts collapsed at once (the EPUB walk's runs of paragraphs) are each one's collapse,
    with the spaces known or not, whatever their ends (a space before or after the NUL that
    joins them), and where a text holds a NUL itself."""
    want = [" ".join(text.split()) for text in texts]
    assert collapse_all(list(texts)) == want
    assert collapse_all(list(texts), spaces_among(frozenset("".join(texts)))) == want


_WORDS = st.lists(st.tuples(st.sampled_from(["a", "bé", "\u201cc", "\x00", ""]),
                            st.sampled_from([" ", " ", " ", "\u00a0", "\u200a", "\t", "\n", " \u00a0", "\u200a ",
                                             "\u00a0\u200a", ""])), max_size=6)


@settings(max_examples=3000, deadline=None)
@given(st.lists(_WORDS.map(lambda pairs: "".join(word + space for word, space in pairs)), max_size=8),
       st.booleans())
def test_collapse_all_of_single_spaced_texts(texts: list[str], known: bool) -> None:
    """Texts without two spaces in a row, some holding other whitespace (a novel's hair and
    no-break spaces, alone or beside a space: then two in a row once made spaces), at their
    ends or inside: each text's collapse, whether the characters the texts may hold are
    known or not (those of every kind, or only those held)."""
    want = [" ".join(text.split()) for text in texts]
    assert collapse_all(list(texts), spaces_among(frozenset("".join(texts))) if known else None) == want
    assert collapse_all(list(texts), spaces_of("\u00e9")) == want


def test_examples() -> None:
    assert strip_emphasis("She *said* it, __twice__ and ~~never~~.") == "She said it, twice and never."
    assert strip_emphasis(r"a\*b snake_case_name 2*3*4") == r"a\*b snake_case_name 2*3*4"
    assert collapse("  one\ttwo\u00a0three\n") == "one two three"
    assert collapse("plain words") == "plain words"
    assert collapse_all(["a ", " b", "", " ", "c\u00a0"], ("\u00a0",)) == ["a", "b", "", "", "c"]
    assert collapse_all([]) == []
    assert collapse_all(["a\u200ab ", "c d", " e\u00a0 f", "g\u00a0"], ("\u00a0", "\u200a")) == [
        "a b", "c d", "e f", "g"]
