"""Names and titles that tools write where the writer gave none ("Microsoft Office User",
"Unknown Author", "Your Name"): one test for every reader and for the by-line.

The words are data, in `placeholders.toml` beside this module, loaded the first time a name or
title is asked about (a book with no metadata never loads it), and kept parsed beside the
bytecode like the lexicon (`cache`), so that a run pays for TOML only when the file changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .. import cache
from .. import patterns as rx

#: Template fields left unfilled: "<%Title%>", "{{author}}", "[Author Name]", "${author}", "<Author>".
_TEMPLATE_FIELD = r"(?s:<%.*%>|\{\{.*\}\}|\[[^\]]*\]|\$\{.*\}|<[^<>]+>)"

_words: frozenset[str] | None = None


def _placeholders() -> frozenset[str]:
    global _words
    if _words is None:
        text = (Path(__file__).parent / "placeholders.toml").read_text("utf-8")
        header = ("disclosure-lint placeholders 1", text)
        data = cache.load("placeholders", header)
        if not (isinstance(data, list) and all(isinstance(word, str) for word in data)):
            from ..config import parse_toml

            table = parse_toml(text)
            data = [_key(word) for key in ("names", "titles") for word in table[key]]
            cache.store("placeholders", header, data)
        _words = frozenset(data)
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
