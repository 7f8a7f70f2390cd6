"""Section vocabulary shared by every reader: what a heading (or an EPUB type) says a section is.

The heading words are data, a file per language (`languages/<code>.toml`, read through
`language.tables`): English gives regular expressions, tried in order; the other languages give
phrases, looked up (never compiled). A heading is named in English first, exactly as it always
was; only a heading English does not name is looked up in the other languages, in any book (a
French book may have an English "Foreword", an English book a "Vorwort"). Weighing what the words
and the markup say, with the order of the sections, is `sections.classify_sections`.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from .. import literals
from .. import patterns as rx
from ..literals import first_characters
from ..model import Kind, Role
from ..patterns import LazyPattern
from .language import Tables, fold, heading_key, shipped, tables

#: Roman numerals (the pattern matches an empty string too: `_is_number` asks for letters first).
_ROMAN = r"m{0,4}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})"


def _heading_patterns(t: Tables) -> list[tuple[str, Kind]]:
    """(pattern, kind) in the order tried: the languages' patterns (English's), then the chapter
    words of every language, which `classify_heading` also tries first."""
    words = "|".join(re.escape(word) for word in t.chapter_words)
    return [(p, Kind[k.upper()]) for k, p in t.patterns()] + [(f"({words})( .*)?", Kind.CHAPTER)]


#: The name under which each heading pattern's gates are shipped (`languages/`, `heading_gates`).
GATES = "language-heading-gates"

#: A pattern's gates: the first characters its matches begin with, and strings (folded) one of
#: which its every match holds (each None: not known), as `frozenset`s or, shipped, sorted.
_Gate = tuple[frozenset[str] | None, frozenset[str] | None]


def heading_gates(t: Tables) -> tuple[tuple[str, ...], tuple[tuple[tuple[str, ...] | None, tuple[str, ...] | None], ...]]:
    """(the heading patterns, for each its first characters, `literals.first_characters`, and the
    strings one of which its every match holds, `literals.required`). Shipped
    (`language.shipped_values`): reading the strings costs 1.4 ms, more than the compiling
    they spare, and the first characters 0.2 ms."""
    def listed(found: frozenset[str] | None) -> tuple[str, ...] | None:
        return None if found is None else tuple(sorted(found))

    patterns = tuple(p for p, _ in _heading_patterns(t))
    return patterns, tuple((listed(first_characters(p)), listed(literals.required(p))) for p in patterns)


def _gates_header(patterns: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    return ("disclosure-lint heading gates 1", patterns)


def _gates(patterns: tuple[str, ...]) -> tuple[_Gate, ...]:
    """`heading_gates` as shipped for these very patterns; otherwise the first characters read
    now and no strings (no such gate)."""
    value = shipped(GATES, _gates_header(patterns))
    if isinstance(value, tuple) and len(value) == len(patterns) and all(
            isinstance(gate, tuple) and len(gate) == 2
            and all(g is None or (isinstance(g, tuple) and all(isinstance(w, str) for w in g)) for g in gate)
            for gate in value):
        return tuple((None if a is None else frozenset(a), None if b is None else frozenset(b)) for a, b in value)
    return tuple((first_characters(p), None) for p in patterns)


class _Compiled:
    """The heading tables, made from the language data on the first heading."""

    __slots__ = ("bare_number", "chapter_first", "needs", "number_words", "patterns", "starts")

    def __init__(self) -> None:
        t = tables()
        #: Compiled on first use (`patterns.LazyPattern`), when a heading reaches a pattern in order.
        self.patterns = tuple((LazyPattern(p), k) for p, k in _heading_patterns(t))
        #: The first letters each pattern's matches begin with (None: not known): a heading that
        #: begins otherwise is not matched against it, nor is the pattern compiled for it (a title
        #: that names nothing reached all 22, 1,226 characters of pattern, 1.2 ms of a cold run;
        #: *War and Peace*'s 380 headings, with the cache too, were each matched against most of
        #: them: 13 million instructions of a warm check). Shipped with the strings below (`_gates`).
        gates = _gates(tuple(pattern.pattern for pattern, _ in self.patterns))
        self.starts = tuple(starts for starts, _ in gates)
        #: Strings (folded) one of which each pattern's every match holds (None: not known): a
        #: heading holding none is not matched against it, nor is it compiled for it ("Story of the
        #: Door" begins as "sources" does; a DOCX's stray paragraphs taken for headings, "Mr. Bennet
        #: made no answer", as many patterns do): *Jekyll and Hyde*'s 20 headings compiled 0.9 ms
        #: of patterns, none naming one.
        self.needs = tuple(needs for _, needs in gates)
        self.chapter_first = frozenset(t.chapter_words)
        #: Digits, Roman numerals and English number words make a bare heading a chapter ("ONE",
        #: "IV", "12"), alone or before more words.
        words = "|".join(t.english_numbers)
        self.bare_number = LazyPattern(
            rf"(\d+|{_ROMAN}|({words})([- ]({words}))*)([.:)]\s*.*|\s+.*)?")
        #: The number words, where they are plain words (see `_may_be_number`).
        self.number_words = (frozenset(t.english_numbers) if all(w.isalpha() for w in t.english_numbers)
                             else None)


def _may_be_number(norm: str, number_words: frozenset[str] | None) -> bool:
    """Could `bare_number` match the whole of a heading? Only where its first word (up to ".",
    ":", ")", "-" or a space) is digits, Roman letters (or nothing) or a number word: asked
    first, so that a title ("pride and prejudice") does not compile the pattern (600 characters
    with the number words, 0.6 ms)."""
    if number_words is None:
        return True
    end = len(norm)
    for i, ch in enumerate(norm):
        if ch in ".:)-" or ch.isspace():
            end = i
            break
    first = norm[:end]
    return first.isdecimal() or not first.strip("mdclxvi") or first in number_words


def _bare_number(norm: str, compiled: _Compiled) -> bool:
    """Does `compiled.bare_number` match the whole of a heading? One that opens with digits ("12",
    "12. The Storm", a date "2014-05-25") or is only Roman letters ("iv": a book of bare numbered
    chapters has dozens) is answered without compiling that pattern (see `_may_be_number`): after
    its digits only the pattern's tail can follow (".", ":", ")" or a space, then anything but a
    line break), and a word of Roman letters alone only its Roman numeral matches whole, unless
    it is a number word."""
    if compiled.number_words is not None and "\n" not in norm:
        digits = len(norm) - len(norm.lstrip("0123456789"))
        if digits and norm[:digits].isdecimal():  # (ASCII digits: the tail is asked of the rest)
            rest = norm[digits:]
            if not rest[:1].isdecimal():  # another digit (not ASCII) would be read as one of them
                return rest == "" or rest[0] in ".:)" or rest[0].isspace()
        elif norm and not norm.strip("mdclxvi") and norm not in compiled.number_words:
            return rx.fullmatch(_ROMAN, norm) is not None
    return compiled.bare_number.fullmatch(norm) is not None


_COMPILED: list[_Compiled] = []


def _compiled() -> _Compiled:
    if not _COMPILED:
        _COMPILED.append(_Compiled())
    return _COMPILED[0]


def __getattr__(name: str) -> Any:
    """`HEADING_PATTERNS` ((pattern, kind) in the order tried) and `CHAPTER_WORDS` (of every
    language), read from the data when first asked for."""
    if name == "HEADING_PATTERNS":
        return tuple(_heading_patterns(tables()))
    if name == "CHAPTER_WORDS":
        return tables().chapter_words
    raise AttributeError(name)


#: The role each kind has when nothing else tells.
DEFAULT_ROLE: dict[Kind, Role] = {
    Kind.TITLE_PAGE: Role.FRONT,
    Kind.COPYRIGHT: Role.FRONT,
    Kind.DEDICATION: Role.FRONT,
    Kind.EPIGRAPH: Role.FRONT,
    Kind.CONTENTS: Role.FRONT,
    Kind.FOREWORD: Role.FRONT,
    Kind.INTRODUCTION: Role.FRONT,
    Kind.PREFACE: Role.FRONT,
    Kind.AUTHORS_NOTE: Role.FRONT,
    Kind.AI_NOTE: Role.FRONT,
    Kind.PROLOGUE: Role.BODY,
    Kind.CHAPTER: Role.BODY,
    Kind.PART: Role.BODY,
    Kind.EPILOGUE: Role.BODY,
    Kind.AFTERWORD: Role.BACK,
    Kind.ACKNOWLEDGMENTS: Role.BACK,
    Kind.ABOUT_AUTHOR: Role.BACK,
    Kind.COLOPHON: Role.BACK,
    Kind.APPENDIX: Role.BACK,
    Kind.OTHER: Role.BODY,
}

#: Kinds that may sit before or after the story: their role follows their position.
FLEXIBLE_KINDS = frozenset({
    Kind.AUTHORS_NOTE, Kind.AI_NOTE, Kind.ACKNOWLEDGMENTS, Kind.DEDICATION, Kind.EPIGRAPH,
    Kind.COLOPHON, Kind.COPYRIGHT, Kind.ABOUT_AUTHOR, Kind.OTHER, Kind.CONTENTS,
})

#: Kinds that open the story: everything from the first of these on is body or back matter.
STORY_KINDS = frozenset({Kind.PROLOGUE, Kind.CHAPTER, Kind.PART})

#: EPUB 3 structural semantics (epub:type) and EPUB 2 guide types, to kinds. An epub:type
#: attribute is a space-separated list: the first listed value that is known wins.
EPUB_TYPES: dict[str, Kind] = {
    "titlepage": Kind.TITLE_PAGE, "halftitlepage": Kind.TITLE_PAGE, "title-page": Kind.TITLE_PAGE,
    "cover": Kind.TITLE_PAGE, "seriespage": Kind.TITLE_PAGE,
    "copyright-page": Kind.COPYRIGHT, "imprint": Kind.COPYRIGHT, "imprimatur": Kind.COPYRIGHT,
    "copyright": Kind.COPYRIGHT, "errata": Kind.OTHER,
    "dedication": Kind.DEDICATION, "epigraph": Kind.EPIGRAPH,
    "toc": Kind.CONTENTS, "landmarks": Kind.CONTENTS, "loi": Kind.CONTENTS, "lot": Kind.CONTENTS,
    "foreword": Kind.FOREWORD, "introduction": Kind.INTRODUCTION, "preface": Kind.PREFACE,
    "preamble": Kind.PROLOGUE, "prologue": Kind.PROLOGUE,
    "chapter": Kind.CHAPTER, "part": Kind.PART, "volume": Kind.PART, "division": Kind.PART,
    "text": Kind.CHAPTER, "bodymatter": Kind.CHAPTER,
    "epilogue": Kind.EPILOGUE, "conclusion": Kind.EPILOGUE,
    "afterword": Kind.AFTERWORD, "acknowledgments": Kind.ACKNOWLEDGMENTS,
    "acknowledgements": Kind.ACKNOWLEDGMENTS, "contributors": Kind.ABOUT_AUTHOR,
    "colophon": Kind.COLOPHON, "appendix": Kind.APPENDIX, "glossary": Kind.APPENDIX,
    "bibliography": Kind.APPENDIX, "index": Kind.APPENDIX, "endnotes": Kind.APPENDIX,
    "rearnotes": Kind.APPENDIX, "footnotes": Kind.APPENDIX,
    "other-credits": Kind.OTHER, "notice": Kind.AUTHORS_NOTE,
}

#: epub:type values that say only the role.
EPUB_ROLES: dict[str, Role] = {
    "frontmatter": Role.FRONT, "bodymatter": Role.BODY, "backmatter": Role.BACK,
}


#: Zero-width spaces and joiners and the byte-order mark, dropped from a heading (a table for
#: `str.translate`: a pattern of them, beyond Latin-1, cost every book 0.15 ms to compile).
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


def normalise_heading(text: str) -> str:
    """Lower-case a heading and strip what varies without meaning (quotes, ends, spaces)."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u00ad", "")
    text = text.translate(_ZERO_WIDTH)
    text = rx.sub(r"\s+", " ", text).strip().lower()
    return text.strip(" .:;,-\u2013\u2014*_#\"'")


def classify_heading(text: str) -> Kind:
    """Say what kind of section a heading opens ("FOREWORD" → FOREWORD, "IV" → CHAPTER,
    "Avant-propos" → FOREWORD)."""
    norm = normalise_heading(text)
    if not norm:
        return Kind.OTHER
    compiled = _compiled()
    if norm.partition(" ")[0] in compiled.chapter_first:
        # The commonest heading of a book, without compiling and trying every pattern before it.
        return Kind.CHAPTER
    folded = ""
    for (pattern, kind), starts, needs in zip(compiled.patterns, compiled.starts, compiled.needs, strict=True):
        if starts is not None and norm[0] not in starts:
            continue
        if needs is not None:
            folded = folded or literals.fold(norm)
            if not any(word in folded for word in needs):
                continue  # (a match would hold one)
        if pattern.fullmatch(norm):
            return kind
    if _may_be_number(norm, compiled.number_words) and _bare_number(norm, compiled):
        return Kind.CHAPTER
    return _other_languages(norm)


def _other_languages(norm: str) -> Kind:
    """A heading English does not name, looked up in the phrases of the other languages: as
    written, with its numbers as `#`, opening a longer heading, and without accents."""
    t = tables()
    key = heading_key(norm)
    if not key:
        return Kind.OTHER  # punctuation only: "()"
    words = key.split(" ")
    marked = [("#" if _is_number(w, t.numbers) else w) for w in words]
    firsts = (words[0], marked[0], fold(words[0]))
    buckets = t.buckets()
    if any(first in buckets for first in firsts):
        p = t.phrases_for(firsts)  # only the phrases that start with the heading's first word
        found = p.exact.get(key) or p.exact.get(" ".join(marked)) or _opening(words, marked, p.prefix,
                                                                               p.prefix_words)
        if found is None:
            folded = fold(key)
            fwords, fmarked = folded.split(" "), [fold(w) for w in marked]
            found = (p.folded_exact.get(folded) or p.folded_exact.get(" ".join(fmarked))
                     or _opening(fwords, fmarked, p.folded_prefix, p.prefix_words))
        if found is not None:
            return Kind[found.upper()]
    if len(words) == 1 and marked[0] == "#":
        return Kind.CHAPTER  # a number word of another language alone ("Deux", "Uno")
    return Kind.OTHER


def _opening(words: list[str], marked: list[str], table: dict[str, str], longest: int) -> str | None:
    """The kind of the longest phrase that opens the heading ("annexe *" for "Annexe A")."""
    for n in range(min(len(words), longest), 0, -1):
        found = table.get(" ".join(words[:n])) or table.get(" ".join(marked[:n]))
        if found is not None:
            return found
    return None


def _is_number(word: str, numbers: frozenset[str]) -> bool:
    """Digits, a Roman numeral, or a number word of a language ("vingt-deux" too)."""
    if word.isdigit() or word in numbers:
        return True
    if "-" in word:
        return all(part in numbers for part in word.split("-"))
    return bool(word) and not word.strip("mdclxvi") and rx.fullmatch(_ROMAN, word) is not None


def opens_with_other_chapter_word(text: str) -> bool:
    """Does a heading start with the chapter word of a language other than English ("Chapitre
    trois : le départ", "Kapitel zwei")? (English's are `sections._CHAPTER_WORD`.)"""
    return normalise_heading(text).partition(" ")[0] in tables().other_chapter_words


def epub_type_kind(types: str) -> tuple[Kind | None, Role | None]:
    """Read an epub:type list ("frontmatter foreword") into a kind and a role, either may be None."""
    kind: Kind | None = None
    role: Role | None = None
    for token in types.split():
        token = token.rsplit(":", 1)[-1].lower()  # prefixed values like "z3998:fiction"
        if role is None and token in EPUB_ROLES:
            role = EPUB_ROLES[token]
            continue
        if kind is None and token in EPUB_TYPES and token != "bodymatter":
            kind = EPUB_TYPES[token]
    return kind, role
