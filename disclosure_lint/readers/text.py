"""Small text helpers every reader shares: whitespace as a reader sees it, Markdown emphasis."""

from __future__ import annotations

import re
from itertools import compress, repeat

from .. import patterns as rx

#: Every character other than the space that `str.split()` splits on (`str.isspace`; a test
#: checks the list against the running Python), the ASCII ones apart: an ASCII string cannot
#: hold the others. A text without them and without two spaces in a row collapses to itself.
_ASCII_SPACES = ("\n", "\t", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f")
_OTHER_SPACES = (
    *_ASCII_SPACES, "\xa0", "\u2009", "\u200a", "\u202f", "\u2002", "\u2003", "\u2000", "\u2001", "\u2004",
    "\u2005", "\u2006", "\u2007", "\u2008", "\u205f", "\u3000", "\u1680", "\x85", "\u2028",
    "\u2029",
)


def collapse(text: str, spaces: tuple[str, ...] | None = None) -> str:
    """Whitespace runs as one space, ends stripped: ``" ".join(text.split())``, faster.

    The readers collapse every paragraph, so the split into words (most of the cost on a novel)
    is skipped when the text has no whitespace but single spaces, which is the common case:
    then the result is the text stripped. Each ``in`` below is a C scan of the text. `spaces`:
    the whitespace other than " " the text may hold (`spaces_among` the characters of a file
    that holds it), when known: only those are looked for.
    """
    if "  " not in text:
        if spaces is None:
            spaces = _ASCII_SPACES if text.isascii() else _OTHER_SPACES
        # Each other whitespace character made a space (a replacement, far cheaper than a split
        # into words: a no-break space in every other paragraph of a Standard Ebooks novel); the
        # same as the split where that leaves no run of spaces. (A loop, not a comprehension:
        # this runs for every paragraph of a book, and a comprehension is a call of its own.)
        found = False
        for space in spaces:
            if space in text:
                text = text.replace(space, " ")
                found = True
        if not found or "  " not in text:
            return text.strip()
    return " ".join(text.split())


#: What `collapse_all` joins the texts with: not whitespace, so that no two spaces meet across it.
_APART = "\x00"


def collapse_all(texts: list[str], spaces: tuple[str, ...] | None = None) -> list[str]:
    """``[collapse(text, spaces) for text in texts]``, cheaper: the texts joined by a NUL (not
    whitespace: no two spaces meet across it), the whole asked once for two spaces in a row
    and for each other whitespace character (`spaces`: those the texts may hold, when known), a
    few scans of the whole instead of a Python call for each text (the EPUB walk's runs of
    story paragraphs: `walk.Walker.place_run`). Where the whole holds no two spaces in a row,
    each text is stripped (in C), and only those holding one of the other whitespace characters
    the whole holds (found in C) are made over, each such character a space (*War and Peace*'s
    hair spaces, in one paragraph of twenty); where it holds two, each text is collapsed on its
    own (`collapse`), looking only for the characters the whole holds. (Making those characters
    spaces in the whole and cutting it up again costs more.)"""
    joined = _APART.join(texts)
    found = tuple(filter(joined.__contains__, spaces_of(joined) if spaces is None else spaces))
    if "  " in joined:
        return list(map(collapse, texts, repeat(found)))
    stripped = list(map(str.strip, texts))
    if not found:
        return stripped
    # The texts holding one of the characters found, by their numbers (in C).
    numbered = range(len(texts))
    held = set(compress(numbered, map(str.__contains__, texts, repeat(found[0]))))
    for space in found[1:]:
        held.update(compress(numbered, map(str.__contains__, texts, repeat(space))))
    for i in held:
        text = texts[i]
        for space in found:
            if space in text:
                text = text.replace(space, " ")
        stripped[i] = " ".join(text.split()) if "  " in text else text.strip()
    return stripped


def collapse_spaced(text: str, spaces: tuple[str, ...] | None = None) -> str:
    """`collapse(text, spaces)`, cheaper for a text known to hold one of `spaces` (the Markdown
    reader's paragraphs with a no-break space, `markdown.read_apart`): each made a space first,
    and two spaces in a row looked for once, after, where `collapse` looks for them before and
    again after (a search for them reads every character, about ten machine instructions each:
    for a single character, a search skips through the text in C)."""
    if spaces is None:
        spaces = spaces_of(text)
    for space in spaces:
        if space in text:
            text = text.replace(space, " ")
    return " ".join(text.split()) if "  " in text else text.strip()


def spaces_of(text: str) -> tuple[str, ...]:
    """The whitespace other than " " that `text` may hold: the ASCII ones in an ASCII text."""
    return _ASCII_SPACES if text.isascii() else _OTHER_SPACES


def odd_spaces(text: str) -> bool:
    """Does `text` hold whitespace other than spaces and newlines (one of `collapse`'s other spaces)?

    Asked once of a whole file, it spares asking it of each paragraph read from the file: those
    scans were most of the Markdown reader's work on a novel (*War and Peace*: 28 searches of each
    of 11,800 paragraphs, 166 million machine instructions; of the whole file, 51 million).
    """
    return any(space in text for space in (_ASCII_SPACES if text.isascii() else _OTHER_SPACES) if space != "\n")


#: The characters `odd_spaces` looks for.
_ODD_SPACES = frozenset(_OTHER_SPACES) - {"\n"}


def spaces_among(chars: frozenset[str]) -> tuple[str, ...]:
    """The whitespace other than " " among a text's distinct characters (`chars.characters`)."""
    return tuple(filter(chars.__contains__, _OTHER_SPACES))  # (in C: asked of every chapter)


def odd_spaces_among(chars: frozenset[str]) -> bool:
    """`odd_spaces` of a text from its distinct characters (or those of a text holding it)."""
    return not chars.isdisjoint(_ODD_SPACES)


def collapse_lines(text: str) -> str:
    """`collapse(text)` for a text that holds no whitespace but spaces and newlines (`odd_spaces`)."""
    if "  " not in text:
        if "\n" in text:
            text = text.replace("\n", " ")
            if "  " in text:
                return " ".join(text.split())
        return text.strip()
    return " ".join(text.split())


def _marker(ch: str, most: int) -> str:
    """The emphasis pattern's part for one marker character (`strip_emphasis`): a run of 1 to
    `most` of it (2 alone for "~"), opening (not after a word character or a backslash, before a
    non-space) or else closing (after a non-space, not before a word character), the longest run
    first in each. Each look behind reads the character before the run and the run's first."""
    c = re.escape(ch)
    rest = f"{c}{{0,{most - 1}}}" if most > 2 else c
    return rf"{c}(?:(?<![\w\\]{c}){rest}(?=\S)|(?<=\S{c}){rest}(?!\w))"


#: The emphasis pattern whose matches `strip_emphasis` drops, for a text holding each one marker
#: character alone, and for a text holding more than one.
_EMPHASIS = {ch: rx.LazyPattern(_marker(ch, most)) for ch, most in (("*", 3), ("_", 3), ("~", 2))}
_EMPHASIS_MIXED = rx.LazyPattern("|".join(_EMPHASIS[ch].pattern for ch in "*_~"))


def strip_emphasis(text: str) -> str:
    """Drop Markdown emphasis markers (``*``, ``_`` in runs of 1-3, ``~~``) that open or close.

    The same result as ``re.sub(r"(?<![\\w\\\\])(\\*{1,3}|_{1,3}|~~)(?=\\S)|(?<=\\S)(\\*{1,3}|_{1,3}|~~)(?![\\w])",
    "", text)`` (a test compares them), but with a pattern that opens with the marker: that
    pattern starts with a look behind, which `re` tries at every position of a paragraph, where
    this one is tried only at a marker character (at a run of its one literal, which `re` scans
    for in C, in a text holding one marker character: a novel's italics, all "*" or all "_").
    The look behinds read the run's first character too, so that each is of one width.
    (A Python loop over the markers, its step before this, cost a microsecond a marker: a
    third of the reading of *Pride and Prejudice*'s paragraphs with emphasis.)
    """
    held = [ch for ch in "*_~" if ch in text]
    if not held:
        return text
    pattern = _EMPHASIS[held[0]] if len(held) == 1 else _EMPHASIS_MIXED
    return pattern.sub("", text)
