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
    assert lazy.findall("Story, history, stories", 1) == ["stories"]


def test_the_readability_grade_reads_words_and_syllables_as_before() -> None:
    """Its patterns are compiled when a disclosure is first graded (`LazyPattern.findall`)."""
    from disclosure_lint.rules import disclosure_unclear

    assert disclosure_unclear.syllables("généré") == 3 and disclosure_unclear.syllables("the") == 1
    assert disclosure_unclear._WORD.findall("l'IA a généré 12 mots") == ["l'IA", "a", "généré", "mots"]
    assert round(disclosure_unclear.grade(["The cat sat.", "It was written with AI."]), 3) == -0.755
    assert round(disclosure_unclear.grade(["Upon generating draft language, the author reviewed, edited, and "
                                           "revised the language to their own liking."]), 3) == 10.563


def test_loading_the_lexicon_compiles_nothing() -> None:
    load_lexicon.cache_clear()
    lex = load_lexicon()
    assert all(s.pattern._compiled is None for s in lex.systems)
    assert lex.plain_ai._compiled is None and lex.responsibility._compiled is None
