"""TOML written one statement a line, read a line at a time (`config.parse_toml`'s first try).

`tomllib` parses in Python, a character at a time: the English lexicon and the shared part cost
about 47 M instructions to parse and tomllib 12 M to import, an eighth of a cold check of a short
book. The package's data files (the lexicons, the residue lists) and most configs keep to a
small part of TOML: `[table]` and `[[array-of-tables]]` headers, `key = value` with a bare key (or a quoted one without escapes),
strings (literal, or basic with TOML's escapes), integers, plain decimals, booleans, and arrays
of strings over as many lines as they need, with comments anywhere a line may end. Each line is
matched whole by a regular expression, and the strings of an array line are taken in one
`findall`: a tenth of the cost.

Anything else (inline tables, dotted or quoted keys, multi-line strings, dates, exponents, a
carriage return, a control character, a key or table given twice, an array of tables over a
plain array ...) returns None, and the caller parses the text with tomllib: so an invalid file is
reported by tomllib, as before, and this module never has to know why a file is invalid.
`tests/test_line_toml.py` holds the two to the same result on every data file of the package and
on generated documents.
"""

from __future__ import annotations

import re
from typing import Any

#: A literal string ('...': no escapes) or a basic one ("...": escapes checked by `_basic`).
_STRING = r"""'[^'\n]*'|"(?:[^"\\\n]|\\.)*\""""
#: What may stand between the items of an array: spaces, line ends, comments.
_GAP = r"(?:[ \t\n]|#[^\n]*)*"
#: One statement, from a line's start to the end of its last line: a table's header, a key and
#: its value (a string, an integer, a decimal, a boolean, or an array of strings over as many
#: lines as it takes), or nothing; then a comment, perhaps.
_STATEMENT = re.compile(
    r"[ \t]*(?:"
    r"\[(?P<array_of_tables>\[)?(?P<table>[A-Za-z0-9_-]+)\](?(array_of_tables)\])"
    r"""|(?:(?P<bare>[A-Za-z0-9_-]+)|"(?P<basic_key>[^"\\\n]*)"|'(?P<literal_key>[^'\n]*)')[ \t]*=[ \t]*(?:"""
    rf"(?P<string>{_STRING})|(?P<whole>-?(?:0|[1-9][0-9]*))(?P<decimals>\.[0-9]+)?|(?P<boolean>true|false)"
    rf"|\[(?P<items>{_GAP}(?:(?:{_STRING}){_GAP}(?:,{_GAP}|(?=\])))*)\])"
    r")?[ \t]*(?:#[^\n]*)?(?:\n|\Z)"
)
#: The strings of an array, and the comments between them (which may hold quotes).
_ITEMS = re.compile(r"""'([^'\n]*)'|"((?:[^"\\\n]|\\.)*)"|(#[^\n]*)""")
#: TOML allows none of these outside a string, and in a string only as escapes (tab aside); a
#: carriage return is left to tomllib too (a line may end with CRLF, but not a lone CR). Looked
#: for one by one (`in`, a fast search) rather than with a class: a tenth of the cost.
_UNREAD = tuple(chr(c) for c in (*range(0x00, 0x09), *range(0x0b, 0x20), 0x7f))
_ESCAPE = re.compile(r"""\\(?:([btnfr"\\])|u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8}))""")
_ESCAPED = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\"}


class _Unread(Exception):
    """A statement this module does not read: tomllib reads the file."""


def parse(text: str) -> dict[str, Any] | None:
    """The TOML document `text`, as `tomllib.loads` gives it, when every statement is in the
    layout described above; None otherwise."""
    if any(c in text for c in _UNREAD):
        return None
    try:
        return _parse(text)
    except _Unread:
        return None


def _parse(text: str) -> dict[str, Any]:
    root: dict[str, Any] = {}
    table = root
    #: The names `[[name]]` made: only an array of tables can have one more table added.
    arrays: set[str] = set()
    at, end = 0, len(text)
    statement = _STATEMENT.match
    while at < end:
        match = statement(text, at)
        if match is None or match.end() == at:
            raise _Unread
        at = match.end()
        name = match["table"]
        if name is not None:
            if match["array_of_tables"]:  # [[name]]: one more table in the array of that name
                if name in root and name not in arrays:
                    raise _Unread
                arrays.add(name)
                table = {}
                root.setdefault(name, []).append(table)
            else:
                if name in root:
                    raise _Unread
                table = root[name] = {}
            continue
        key = match["bare"]
        if key is None:
            key = match["basic_key"]
            if key is None:
                key = match["literal_key"]
                if key is None:
                    continue  # a blank line, or a comment
        if key in table:
            raise _Unread
        items = match["items"]
        if items is not None:
            # A comment is skipped; an empty basic string ("") reads as an empty literal one.
            table[key] = [_basic(basic) if basic else literal
                          for literal, basic, comment in _ITEMS.findall(items) if not comment]
        elif (string := match["string"]) is not None:
            table[key] = string[1:-1] if string[0] == "'" else _basic(string[1:-1])
        elif (whole := match["whole"]) is not None:
            decimals = match["decimals"]
            table[key] = float(whole + decimals) if decimals else int(whole)
        elif (boolean := match["boolean"]) is not None:
            table[key] = boolean == "true"
        else:
            raise _Unread  # a key without a value this reads
    return root


def _basic(body: str) -> str:
    """A basic string's text with its escapes read; `_Unread` for an escape TOML does not have
    (tomllib then says which)."""
    if "\\" not in body:
        return body
    out: list[str] = []
    at = 0
    for match in _ESCAPE.finditer(body):
        if "\\" in body[at:match.start()]:
            raise _Unread
        out.append(body[at:match.start()])
        simple, short, long = match.groups()
        if simple is not None:
            out.append(_ESCAPED[simple])
        else:
            code = int(short or long, 16)
            if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
                raise _Unread
            out.append(chr(code))
        at = match.end()
    if "\\" in body[at:]:
        raise _Unread
    out.append(body[at:])
    return "".join(out)
