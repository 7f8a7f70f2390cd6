"""A book's identifiers as its metadata gives them: ISBNs, normalised to `isbn:` and their digits.

Metadata writes an ISBN in many ways: `urn:isbn:978-0-306-40615-7` (the EPUB 3 habit),
`978 0 306 40615 7` with `opf:scheme="ISBN"` (EPUB 2), a `scheme: ISBN-13` entry in pandoc's
front matter, a bare EAN in `dc:identifier` of a Word document. Each is kept only when its check
digit holds; a bare 13-digit number counts only with the Bookland prefix (978, 979), and a
10-digit one only when its scheme or prefix says ISBN (else it is any number with a lucky digit).
"""

from __future__ import annotations

import re

from .. import patterns as rx

_SEPARATORS = rx.LazyPattern(r"[-\s\u2010-\u2012\u00a0]")
_PREFIX = rx.LazyPattern(r"^(?:urn:)?isbn(?:-?1[03])?[:\s]*", re.IGNORECASE)


def valid_isbn(digits: str) -> bool:
    """Whether `digits` (no separators) is an ISBN-13 or an ISBN-10 with its check digit."""
    # isdecimal, not isdigit: "²" is a digit that int() does not read.
    if len(digits) == 13 and digits.isdecimal():
        return sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits)) % 10 == 0
    if len(digits) == 10 and digits[:9].isdecimal() and (digits[9].isdecimal() or digits[9] == "X"):
        return sum((10 - i) * (10 if d == "X" else int(d)) for i, d in enumerate(digits)) % 11 == 0
    return False


def isbn(value: str, scheme: str | None = None) -> str | None:
    """`isbn:DIGITS` for an identifier that is an ISBN (as the metadata writes it: with or without
    a `urn:isbn:` prefix, separators, a scheme naming ISBN), else None."""
    text = value.strip()
    if sum(ch.isdigit() for ch in text) < 9:
        # An ISBN has nine digits and more (ten, the last perhaps an X; or thirteen): an identifier
        # with fewer (a Standard Ebooks URL) is none, and the patterns are not compiled for it
        # (3 M instructions of every such EPUB's check).
        return None
    said = bool(scheme and "isbn" in scheme.lower())
    prefixed = _PREFIX.match(text)
    if prefixed:
        text, said = text[prefixed.end():], True
    digits = _SEPARATORS.sub("", text).upper()
    if not valid_isbn(digits):
        return None
    if len(digits) == 13 and not (said or digits.startswith(("978", "979"))):
        return None
    if len(digits) == 10 and not said:
        return None
    return f"isbn:{digits}"


def isbns(values: list[tuple[str, str | None]]) -> tuple[str, ...]:
    """The ISBNs among (identifier, scheme) pairs, each once, in their order."""
    found: dict[str, None] = {}
    for value, scheme in values:
        number = isbn(value, scheme)
        if number:
            found[number] = None
    return tuple(found)
