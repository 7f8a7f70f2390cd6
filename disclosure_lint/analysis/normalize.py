"""Text normalisation before matching, so that hidden tricks do not defeat the analysis.

NFKC folds compatibility forms (full-width letters, ligatures); zero-width characters and soft
hyphens are removed so that `G\u200bPT-3` is still GPT-3; curly quotes become straight ones.

Look-alike letters (issue 24, item 4): a word that mixes Latin letters with Cyrillic or Greek ones
that look the same ("ChаtGPT" with a Cyrillic а, "GРT-4" with a Cyrillic Р) is read as the Latin
word a reader sees, after Unicode's confusables data (UTS #39; `confusables`, generated). A word
written wholly in look-alikes ("ΑΙ" in Greek capitals, "СһаtԌРТ" with no Latin letter) is folded
only when what it spells is one of the lexicons' terms as a reader would read it: a `cased` AI word
("AI", "IA", "KI") or the name of a system; every other Cyrillic or Greek word ("вот", "Αθήνα")
is left as it is, so a book in another script reads as it is written.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

from .. import patterns as rx
from .confusables import LATIN_LOOKALIKES

if TYPE_CHECKING:
    from .lexicon import Lexicon

#: Characters that show nothing: removed before matching. The variation selectors of both planes
#: (U+FE00-U+FE0F, U+E0100-U+E01EF) are among them; a C2PA text manifest, a block of them, is taken
#: out by the readers before (`readers.markers`): it is provenance, neither text nor a trick.
#: Compiled on first use: only a text beyond ASCII needs it (the class costs 6 M instructions to
#: compile, as much as a plain book's whole analysis).
INVISIBLE = rx.LazyPattern("[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180e\u200b-\u200f"
                              "\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\U000e0100-\U000e01ef]")
_QUOTES = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u02bc": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"',
    "\u00bb": '"', "\u2039": "'", "\u203a": "'",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2212": "-",
})
#: Any letter that passes for a Latin one; a text without one (nearly every text) is not folded.
LOOKALIKE = rx.LazyPattern("[" + "".join(LATIN_LOOKALIKES) + "]")
_FOLD = str.maketrans(LATIN_LOOKALIKES)
#: A word holding a look-alike and an ASCII letter: the mixed spelling of a Latin word.
_MIXED_WORD = rx.LazyPattern(r"\w*(?:[A-Za-z]\w*" + LOOKALIKE.pattern + "|" + LOOKALIKE.pattern + r"\w*[A-Za-z])\w*")


#: A word wholly in look-alikes (digits and inner "-" or "." allowed: "GРТ-4", "А.І."), two
#: letters or more; whether it is folded is `_spells_a_term`'s question.
_WHOLE_WORD = rx.LazyPattern(r"(?<![\w.-])" + LOOKALIKE.pattern + r"(?:[-.]?(?:" + LOOKALIKE.pattern
                             + r"|\d))+\.?(?![\w-])")


#: The look-alikes `LOOKALIKE` finds, as a set: asked instead of it until it is compiled (below).
_LOOKALIKE_SET = frozenset(LATIN_LOOKALIKES)


class _Budget:
    """How many more characters `_holds_lookalike` looks through with `_LOOKALIKE_SET` before it
    compiles `LOOKALIKE`: its class, beyond Latin-1, costs 3.2 M instructions to compile (a book
    that reads one paragraph beyond ASCII closely pays it once), and the set takes some 40 more
    instructions a character than the compiled class; 16,000 characters cost less than the compile
    (*Pride and Prejudice* reads 1,000, *War and Peace* 11,500, *Leaves of Grass* 45,000)."""

    left = 16_000


def _holds_lookalike(text: str) -> bool:
    """Does `text` hold a look-alike (`LOOKALIKE.search`)?"""
    if text.isascii():
        return False
    if not LOOKALIKE.ready and len(text) <= _Budget.left:
        _Budget.left -= len(text)
        return not _LOOKALIKE_SET.isdisjoint(text)
    return LOOKALIKE.search(text) is not None


def fold_lookalikes(text: str) -> str:
    """`text` with each word that mixes Latin letters and look-alikes spelled in Latin letters
    ("ChаtGPT" → "ChatGPT"), and each word wholly in look-alikes that spells an AI word or a
    system's name; other words, Cyrillic or Greek ones too, as they are."""
    if not _holds_lookalike(text):
        return text
    text = _MIXED_WORD.compiled.sub(lambda m: m.group(0).translate(_FOLD), text)
    return _WHOLE_WORD.compiled.sub(_fold_term, text)


def _fold_term(match: re.Match[str]) -> str:
    word = match.group(0)
    latin = word.translate(_FOLD)
    return latin if _spells_a_term(latin) else word


@lru_cache(maxsize=4096)
def _spells_a_term(latin: str) -> bool:
    """Is `latin` (a word of look-alikes, folded) an AI word of some lexicon, as cased there, or
    the name of a system the lexicons know? Read from the lexicons' data, once."""
    cased, triggers = _terms()
    if latin in cased or latin.rstrip(".") in cased:
        return True
    low = latin.lower()
    if not any(trigger in low for trigger in triggers):
        return False
    from .lexicon import load_lexicon

    return load_lexicon().canonical(latin) is not None


@lru_cache(maxsize=1)
def _terms() -> tuple[frozenset[str], tuple[str, ...]]:
    """Every supported language's `cased` AI words, with their dotted forms ("A.I."), and the
    literal triggers of the systems' names."""
    from .lexicon import supported_data

    cased: set[str] = set()
    triggers: tuple[str, ...] = ()
    for data in supported_data():
        for word in data["ai"].get("cased", []):
            cased.update((word, ".".join(word)))
        triggers = tuple(data["names"]["triggers"])
    return frozenset(cased), triggers


#: `_QUOTES` as (character, replacement) pairs: `str.replace` for the few a text holds costs a
#: tenth of `str.translate`, which looks each character of a text that is not ASCII up in a dict.
_STRAIGHT = tuple((chr(k), str(v)) for k, v in _QUOTES.items())
#: Every whitespace character but the space (`\s` in a `str` pattern is `str.isspace`), the ASCII
#: ones apart: an ASCII text cannot hold the others (as `readers.text.collapse`, a peer's).
_ASCII_SPACES = tuple(chr(c) for c in (*range(9, 14), *range(0x1c, 0x20)))
_OTHER_SPACES = (*_ASCII_SPACES, *(chr(c) for c in (0x85, 0xa0, 0x1680, *range(0x2000, 0x200b), 0x2028, 0x2029,
                                                     0x202f, 0x205f, 0x3000)))


def straighten(text: str) -> str:
    """`text.translate(_QUOTES)`: curly quotes and odd hyphens as ASCII ones, one for one."""
    for ch, straight in _STRAIGHT:
        if ch in text:
            text = text.replace(ch, straight)
    return text


def one_line(text: str) -> str:
    """Whitespace runs as one space (`re.sub(r"\\s+", " ", text)`), ends stripped; a text with
    no whitespace but single spaces (most paragraphs) is not rebuilt."""
    if "  " not in text:
        for space in _ASCII_SPACES if text.isascii() else _OTHER_SPACES:
            if space in text:
                break
        else:
            return text.strip()
    return " ".join(text.split())


def normalise(text: str) -> str:
    """Return the text as the matcher sees it (one line, NFKC, straight quotes)."""
    if not text.isascii():
        text = INVISIBLE.sub("", text)
        text = fold_lookalikes(straighten(unicodedata.normalize("NFKC", text)))
    return one_line(text)


#: A sentence ends at ".", "!" or "?" (closing quotes and brackets go with it) before a space and a
#: capital letter or a digit, in any script (checked in `sentences`: "É", "Ü" open sentences too).
_SENTENCE_END = rx.LazyPattern(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?\w)")
_DIGITS = frozenset("0123456789")


#: A "sentence" longer than this is cut at a space: no real sentence is (Proust's longest is
#: under 4,000 characters), and matching costs time per character of each sentence.
MAX_SENTENCE_CHARS = 5_000
#: The abbreviation check looks only at a sentence's end: English "approx." is the longest, plus
#: room for the word boundary before it (no language's abbreviations are longer). Searching the
#: whole piece made "Dr. Dr. Dr. ..." quadratic.
_ABBREVIATION_TAIL = 16


def sentences(text: str, lex: Lexicon) -> list[tuple[int, str]]:
    """Split normalised text into sentences (after the abbreviations of the lexicon's language);
    return (offset, sentence) pairs."""
    out: list[tuple[int, str]] = []
    start = 0
    abbreviation = lex.abbreviation
    for m in _SENTENCE_END.finditer(text):
        after = m.end() + (text[m.end()] in "\"'([")
        if not (text[after].isupper() or text[after] in _DIGITS):
            continue
        piece = text[start:m.start()]
        if abbreviation.search(piece[-_ABBREVIATION_TAIL:]) and len(piece) < MAX_SENTENCE_CHARS:
            continue
        _add(out, start, piece)
        start = m.end()
    _add(out, start, text[start:])
    return out


def _add(out: list[tuple[int, str]], start: int, piece: str) -> None:
    at = 0
    while len(piece) - at > MAX_SENTENCE_CHARS:
        cut = piece.rfind(" ", at + 1, at + MAX_SENTENCE_CHARS)
        cut = cut if cut > at else at + MAX_SENTENCE_CHARS
        chunk = piece[at:cut].strip()
        if chunk:
            out.append((start + at, chunk))
        at = cut
    rest = piece[at:].strip() if at else piece.strip()
    if rest:
        out.append((start + at, rest))
