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
character such a search could find. A text of ASCII alone needs no deletion: only its
controls are looked for (`memchr`, "\n" found at once); and the distinct characters of a
remainder of three-byte punctuation ("’", "“", "—") are taken one by one (`_distinct`) rather
than by a set, which would make an object of each of its characters.
"""

from __future__ import annotations

#: The bytes deleted to leave a text's other characters: printable ASCII, space to "~".
_PRINTABLE = bytes(range(0x20, 0x7F))

#: The ASCII characters other than printable ones (controls, DEL), each with its byte: all that
#: a text of ASCII alone can hold beyond printable ASCII, each looked for with `memchr`.
_CONTROLS = tuple((chr(b), bytes([b])) for b in (*range(0x20), 0x7F))

#: How many characters `_distinct` takes out one by one before gathering the rest in a set.
_PASSES = 32


def from_utf8(data: bytes) -> frozenset[str]:
    """The distinct characters other than printable ASCII of the text that `data`, valid UTF-8
    (lone surrogates written as UTF-8 allowed), encodes: controls such as newlines included."""
    if data.isascii():
        # Only controls can be left: a `memchr` per control costs less than the deletion.
        return frozenset([ch for ch, byte in _CONTROLS if byte in data])
    return from_rest(beyond_printable(data))


def beyond_printable(data: bytes) -> bytes:
    """`data` without its printable ASCII bytes: its controls (newlines ...) and the bytes of its
    other characters, a few kilobytes of a book (`from_rest` reads its characters; a count of its
    newlines is the file's, for less than counting them in the whole file)."""
    return data.translate(None, _PRINTABLE)


def from_rest(rest: bytes) -> frozenset[str]:
    """`from_utf8` of UTF-8 whose `beyond_printable` is `rest` (`rest` is that too)."""
    text = rest.decode("utf-8", "surrogatepass")
    if len(rest) < 2 * len(text):
        # Mostly one- and two-byte characters (line ends, "é"): a set takes each for less than
        # `_distinct`, as CPython keeps an object for every character below U+0100.
        return frozenset(text)
    return _distinct(text)


def _distinct(text: str) -> frozenset[str]:
    """The distinct characters of `text`, taken one at a time and deleted from it with
    `str.replace` (a search in C) while they are few: a set of a text of "’", "“" and "—" makes
    an object of every one of them. Past `_PASSES` the rest goes to a set, which bounds the
    cost of a text of many distinct characters."""
    found: set[str] = set()
    for _ in range(_PASSES):
        if not text:
            return frozenset(found)
        ch = text[0]
        found.add(ch)
        text = text.replace(ch, "")
    found.update(text)
    return frozenset(found)


def characters(text: str) -> frozenset[str]:
    """The distinct characters of `text` other than printable ASCII (`from_utf8` of its UTF-8)."""
    return from_utf8(text.encode("utf-8", "surrogatepass"))
