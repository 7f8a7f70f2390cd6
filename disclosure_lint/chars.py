"""A text's distinct characters other than printable ASCII, read from its UTF-8.

A text of prose beyond ASCII is mostly ASCII: a French novel is about one character in fifteen
"é", "’" or "œ". Python stores it two bytes a character once it holds one character beyond
Latin-1 ("’", "œ"), and then a search of it for one character cannot use `memchr` when that
character's low byte is 0 or common (U+2000 and U+3000; U+202C has ","'s byte, U+2066 "f"'s): it
tests every character. Asking a whole book whether it holds each of a few dozen such characters
(odd spaces, invisible characters, what `normalise` reads otherwise) cost a French novel more
than reading its words.

Its UTF-8 answers them all at once: deleting the printable ASCII bytes (never part of another
character's bytes) leaves the other characters, a few kilobytes to decode, whose set is every
character such a search could find.
"""

from __future__ import annotations

#: The bytes deleted to leave a text's other characters: printable ASCII, space to "~".
_PRINTABLE = bytes(range(0x20, 0x7F))


def from_utf8(data: bytes) -> frozenset[str]:
    """The distinct characters other than printable ASCII of the text that `data`, valid UTF-8
    (lone surrogates written as UTF-8 allowed), encodes: controls such as newlines included."""
    return frozenset(data.translate(None, _PRINTABLE).decode("utf-8", "surrogatepass"))


def characters(text: str) -> frozenset[str]:
    """The distinct characters of `text` other than printable ASCII (`from_utf8` of its UTF-8)."""
    return from_utf8(text.encode("utf-8", "surrogatepass"))
