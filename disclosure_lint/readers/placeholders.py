"""Names and titles that tools write where the writer gave none ("Microsoft Office User",
"Unknown Author", "Your Name"): one test for every reader and for the by-line.

The words are data, in `placeholders.txt` beside this module (one a line, with the sources in
comments), read the first time a name or title is asked about: a book with no metadata never
reads it. A list of lines, not TOML: reading it costs a twentieth of parsing it as TOML, which
a run without the cache (the first after an install) would pay for every book's author.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .. import patterns as rx

#: Template fields left unfilled: "<%Title%>", "{{author}}", "[Author Name]", "${author}", "<Author>".
_TEMPLATE_FIELD = r"(?s:<%.*%>|\{\{.*\}\}|\[[^\]]*\]|\$\{.*\}|<[^<>]+>)"

_words: frozenset[str] | None = None


def _placeholders() -> frozenset[str]:
    global _words
    if _words is None:
        text = (Path(__file__).parent / "placeholders.txt").read_text("utf-8")
        _words = frozenset(_key(line) for line in text.splitlines()
                           if line.strip() and not line.lstrip().startswith("#"))
    return _words


def _key(value: str) -> str:
    return " ".join(value.split()).casefold()


def is_placeholder(value: str) -> bool:
    """Is this name or title one a tool or template wrote for want of the writer's own (or empty)?"""
    key = _key(value)
    if not key:
        return True
    # A template field starts with one of these; most values are not worth the pattern.
    if key[0] in "<{[$" and rx.fullmatch(_TEMPLATE_FIELD, key):
        return True
    return key in _placeholders()


def real_names(names: Iterable[str]) -> tuple[str, ...]:
    """The names that are not placeholders, in order."""
    return tuple(name for name in names if not is_placeholder(name))
