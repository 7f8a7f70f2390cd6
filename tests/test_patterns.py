"""Lexicon and heading patterns compile on first use and match as `re` does."""

from __future__ import annotations

import re

from disclosure_lint.analysis.lexicon import load_lexicon
from disclosure_lint.patterns import LazyPattern


def test_compiled_only_when_first_used() -> None:
    lazy = LazyPattern(r"(?<!\w)stor(?:y|ies)", re.IGNORECASE)
    assert lazy._compiled is None
    assert lazy.search("A STORY").group(0) == "STORY"  # type: ignore[union-attr]
    assert [m.group(0) for m in lazy.finditer("story, stories")] == ["story", "stories"]
    assert lazy.fullmatch("stories") and lazy.match("story time") and not lazy.search("history")
    assert lazy._compiled is not None


def test_loading_the_lexicon_compiles_nothing() -> None:
    load_lexicon.cache_clear()
    lex = load_lexicon()
    assert all(s.pattern._compiled is None for s in lex.systems)
    assert lex.plain_ai._compiled is None and lex.responsibility._compiled is None
