"""Clauses: how the analysis cuts a sentence (the words that break one are the lexicon's)."""

from __future__ import annotations

from .lexicon import Lexicon


def clauses(text: str, lex: Lexicon) -> list[tuple[int, str, bool]]:
    """The clauses of a sentence: (offset, text, whether a colon list led to it)."""
    out: list[tuple[int, str, bool]] = []
    start = 0
    listed = False
    for m in lex.clause_break.finditer(text):
        if m.start() > start:
            out.append((start, text[start:m.start()], listed))
        listed = listed or ":" in m.group(0)
        start = m.end()
    if start < len(text):
        out.append((start, text[start:], listed))
    return out
