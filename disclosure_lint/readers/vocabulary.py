"""Section vocabulary shared by every reader: what a heading (or an EPUB type) says a section is.

The tables are data so that a new heading word or language is a one-line change. Weighing what
the words and the markup say, with the order of the sections, is `sections.classify_sections`.
"""

from __future__ import annotations

import re
import unicodedata

from .. import patterns as rx
from ..model import Kind, Role
from ..patterns import LazyPattern

#: The words that open a chapter heading ("Chapter 7", "Ch. 7", "Capítulo siete"), lower case.
CHAPTER_WORDS = ("chapter", "ch.", "chap.", "chapitre", "kapitel", "capítulo", "capitulo", "capitolo",
                 "hoofdstuk", "canto")
_CHAPTER_FIRST = frozenset(CHAPTER_WORDS)

#: Heading patterns, tried in order, matched against the whole normalised heading
#: (lower case, curly quotes straightened, punctuation at the ends stripped).
HEADING_PATTERNS: tuple[tuple[str, Kind], ...] = (
    (r"(a )?note (on|about) (the use of )?(ai|a\.i\.|artificial intelligence|generative ai|"
     r"the use of ai|ai use|ai assistance|ai[- ]assisted writing|how this book was (made|written))\b.*",
     Kind.AI_NOTE),
    (r"(ai|a\.i\.|artificial intelligence) (disclosure|statement|notice|use|use statement)", Kind.AI_NOTE),
    (r"(disclosure|statement) (of|on) (ai|a\.i\.|artificial intelligence)( use)?", Kind.AI_NOTE),
    (r"how this book was (made|written|created)", Kind.AI_NOTE),
    (r"title( page)?|half[- ]title", Kind.TITLE_PAGE),
    (r"copyright( page| notice)?|imprint|legal( notice)?|publication data|rights", Kind.COPYRIGHT),
    (r"dedication", Kind.DEDICATION),
    (r"epigraph", Kind.EPIGRAPH),
    (r"(table of )?contents|toc", Kind.CONTENTS),
    (r"fore[- ]?word", Kind.FOREWORD),
    (r"introduction|intro", Kind.INTRODUCTION),
    (r"preface", Kind.PREFACE),
    (r"(a |an )?(author'?s'?|authors'|writer'?s|editor'?s|translator'?s|publisher'?s) note"
     r"|note (from|by) the (author|editor|publisher)|(a )?note to (the )?readers?|to the reader"
     r"|a (brief |short )?note( .*)?|notes? on (the )?(text|this edition|sources)|about (this|the) book",
     Kind.AUTHORS_NOTE),
    (r"prologue|prolog|proem|preamble", Kind.PROLOGUE),
    (r"epilogue|epilog|coda", Kind.EPILOGUE),
    (r"after ?word|postscript|afterwords?", Kind.AFTERWORD),
    (r"acknowledge?ments?|thanks|with thanks|gratitude", Kind.ACKNOWLEDGMENTS),
    (r"about the (authors?|writers?)|(the )?author bio(graphy)?|biography", Kind.ABOUT_AUTHOR),
    (r"colophon", Kind.COLOPHON),
    (r"appendix( .*)?|glossary|bibliography|references|notes|endnotes|index|sources", Kind.APPENDIX),
    (r"(book|part|volume) (\w+)([ :.,-].*)?", Kind.PART),
    # Last, and also tried first (`classify_heading`): no pattern above starts with these words.
    ("(" + "|".join(re.escape(word) for word in CHAPTER_WORDS) + ")( .*)?", Kind.CHAPTER),
)

#: Roman numerals and number words that make a bare heading a chapter ("ONE", "IV", "12").
_NUMBER_WORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"]
_BARE_NUMBER = LazyPattern(
    r"(\d+|m{0,4}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})|(" + "|".join(_NUMBER_WORDS) + r")([- ](" + "|".join(_NUMBER_WORDS) + r"))*)"
    r"([.:)]\s*.*|\s+.*)?"
)

#: Compiled on first use (`patterns.LazyPattern`), when a heading reaches a pattern in the order above.
_COMPILED = tuple((LazyPattern(p), k) for p, k in HEADING_PATTERNS)

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


def normalise_heading(text: str) -> str:
    """Lower-case a heading and strip what varies without meaning (quotes, ends, spaces)."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u00ad", "")
    text = rx.sub(r"[\u200b-\u200d\u2060\ufeff]", "", text)
    text = rx.sub(r"\s+", " ", text).strip().lower()
    return text.strip(" .:;,-\u2013\u2014*_#\"'")


def classify_heading(text: str) -> Kind:
    """Say what kind of section a heading opens ("FOREWORD" → FOREWORD, "IV" → CHAPTER)."""
    norm = normalise_heading(text)
    if not norm:
        return Kind.OTHER
    if norm.partition(" ")[0] in _CHAPTER_FIRST:
        # The commonest heading of a book, without compiling and trying every pattern before it.
        return Kind.CHAPTER
    for pattern, kind in _COMPILED:
        if pattern.fullmatch(norm):
            return kind
    if _BARE_NUMBER.fullmatch(norm):
        return Kind.CHAPTER
    return Kind.OTHER


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
