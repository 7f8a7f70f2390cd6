"""Clauses and words: how the analysis walks a sentence (language data stays in the lexicon)."""

from __future__ import annotations

import re

from ..patterns import LazyPattern

_CLAUSE_BREAK = LazyPattern(
    r"\s*(?:;|:|\s+-\s+|\s+--\s+|\s*[\u2014\u2013]\s*|,?\s+but\s+|,\s+and\s+then\s+|\s+and\s+then\s+|,\s+then\s+|,\s+while\s+|"
    r"\s+whereas\s+|,\s+after which\s+|,\s+(?=(?:never|not|nor)\s)|,\s+and\s+(?=(?:I|we|the author)\b))\s*",
    re.IGNORECASE,
)

#: Words and punctuation, for walking a clause word by word.
TOKEN = LazyPattern(r"[\w'-]+(?:\.(?=\w))?[\w'-]*|[^\w\s]")



def clauses(text: str) -> list[tuple[int, str, bool]]:
    """The clauses of a sentence: (offset, text, whether a colon list led to it)."""
    out: list[tuple[int, str, bool]] = []
    start = 0
    listed = False
    for m in _CLAUSE_BREAK.finditer(text):
        if m.start() > start:
            out.append((start, text[start:m.start()], listed))
        listed = listed or ":" in m.group(0)
        start = m.end()
    if start < len(text):
        out.append((start, text[start:], listed))
    return out
