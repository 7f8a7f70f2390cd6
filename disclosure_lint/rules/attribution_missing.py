"""No human author or company is named, or the AI is given as the author.

What it checks: the book names its author — in metadata (Markdown front matter `author`, DOCX
core properties, EPUB `dc:creator`), on the title page ("by Jordan Vale") or in a copyright line
("© 2025 Bluefin Press") — and that author is a person or a company, not an AI system.
Placeholders that tools and templates write ("Microsoft Office User", "Unknown Author",
"Unknown", "python-docx", "Your Name"), in metadata, a by-line or a copyright line, do not count.
A name is read with the lexicon of the book's language, as the book is, and against the words that
name an AI by themselves in every supported language: "IA", "AI" and "KI" are AI authors on a book
in any of them; the systems' names ("ChatGPT", "Claude") are the same in every one.

Why: the policy requires that "the published content is attributed to your name or company".

Failing examples:

    ---
    title: Harbor Lights
    author: ChatGPT
    ---

    (no author anywhere)

Passing example:

    ---
    title: Harbor Lights
    author: Jordan Vale
    ---
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .. import patterns as rx
from ..analysis.disclosure import Statements
from ..analysis.lexicon import Lexicon, author_ai_words, lexicon_for
from ..analysis.mentions import find_mentions
from ..analysis.normalize import normalise
from ..config import Config
from ..literals import fold
from ..model import Finding, Location, Manuscript, Role, Severity
from ..patterns import LazyPattern
from ..readers.byline import by_line_authors
from ..readers.placeholders import is_placeholder
from .base import finding

SLUG = "attribution-missing"
CODE = "DL006"
SEVERITY = Severity.ERROR
POLICY = "The published content is attributed to your name or company."

_COPYRIGHT = LazyPattern(
    r"(?:©|\(c\)|\bcopyright\b)(?:\s*(?:©|\(c\)))?\s*(?:\d{4}(?:\s*[-–,]\s*\d{4})*[,.]?\s*)?(?:by\s+)?"
    r"(?P<name>[A-Z][\w.'&-]*(?:\s+(?:[A-Z][\w.'&-]*|of|and|&)){0,6})",
    re.IGNORECASE,
)
_NOT_NAMES = LazyPattern(r"^(?:all|the|this|rights|reserved|notice|page|information)\b", re.IGNORECASE)


def _is_ai(name: str, lex: Lexicon) -> bool:
    """Is an author entry only an AI system ("ChatGPT", "GPT-4", "AI", "Claude (Anthropic)")?"""
    text = normalise(name)
    mentions = find_mentions(text, lex, ai_context=True)
    rest = text
    for m in reversed(mentions):
        rest = rest[:m.start] + rest[m.end:]
    named = 0
    if mentions or _may_name_ai(rest):
        rest, named = _any_language_ai().subn(" ", rest)
    if not mentions and not named:
        return False
    rest = rx.sub(r"\b(?:by|and|with|the|OpenAI|Anthropic|Google|Meta|Microsoft|model|an?)\b|[^\w]", " ",
                  rest, flags=re.IGNORECASE)
    return not rest.strip()


def _may_name_ai(text: str) -> bool:
    """Can `_any_language_ai` match in `text`? Only where it holds one of the words as written
    (capitals) or one of the phrases in any case (`literals.fold`, as `re.IGNORECASE` reads
    them): a person's name ("Jane Austen", every book's metadata) is answered without compiling
    the pattern."""
    words = author_ai_words()
    if any(w in text for w in words if w == w.upper()):
        return True
    phrases = [w for w in words if w != w.upper()]
    if not phrases:
        return False
    folded = fold(text)
    return any(fold(w) in folded for w in phrases)


def _any_language_ai() -> re.Pattern[str]:
    """The words that name an AI as an author in any supported language (`author_ai_words`):
    capitals as written ("AI", never "Al" or "Ai"), phrases in any case."""
    words = author_ai_words()
    cased = [re.escape(w) for w in words if w == w.upper()]
    phrases = [re.escape(w) for w in words if w != w.upper()]
    alternatives = [*cased, *([f"(?i:{'|'.join(phrases)})"] if phrases else [])]
    return rx.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})(?!\w)")


def _named_in_text(manuscript: Manuscript) -> tuple[str, Location] | None:
    for section in manuscript.sections:
        if section.role is not Role.FRONT:
            continue
        for block in section.blocks:
            text = normalise(block.text)
            names = by_line_authors(text)
            if names:
                return names[0], block.location
            m = _COPYRIGHT.search(text)
            if m and not _NOT_NAMES.match(m.group("name")) and not _placeholder_name(m.group("name")):
                return m.group("name").strip(), block.location
    return None


def _placeholder_name(name: str) -> bool:
    """A copyright line's name that a template left ("© 2025 Your Name. All rights reserved.")."""
    return is_placeholder(name.split(". ")[0].strip().rstrip(".,"))


def check(manuscript: Manuscript, statements: Statements, config: Config) -> Iterator[Finding]:
    lex = lexicon_for(manuscript.metadata.language, config.phrases)
    authors = [a for a in manuscript.metadata.authors if a.strip()]
    where = manuscript.metadata.location or Location(manuscript.path)
    humans = [a for a in authors if not _is_ai(a, lex)]
    ais = [a for a in authors if _is_ai(a, lex)]
    if ais:
        yield finding(
            SLUG, CODE, SEVERITY,
            f"the AI system {ais[0]!r} is given as an author; attribute the book to a person or a company "
            "and describe the AI's role in the disclosure instead",
            where,
        )
        if humans:
            return
    if humans:
        return
    named = _named_in_text(manuscript)
    if named is not None:
        name, _ = named
        if not _is_ai(name, lex):
            return
    if not ais:
        yield finding(
            SLUG, CODE, SEVERITY,
            "no human author or company is named: set the author in the metadata (front matter `author`, "
            "document properties, dc:creator) or put \"by NAME\" on the title page",
            where,
        )
