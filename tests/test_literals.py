"""A lexicon list compiled in part finds what the whole list finds (analysis.lexicon.Alternatives):
the literal words read from each alternative (literals.required) are in every text it matches,
and text is folded as `re.IGNORECASE` compares it (literals.fold)."""

from __future__ import annotations

import re
import sys
import unicodedata

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from disclosure_lint import literals
from disclosure_lint import patterns as rx
from disclosure_lint.analysis.lexicon import Alternatives, load_lexicon
from disclosure_lint.analysis.normalize import normalise

LANGUAGES = sorted(load_lexicon().supported)


@pytest.fixture
def no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """A run that keeps no compiled pattern (DISCLOSURE_LINT_CACHE=0): lists are compiled in part."""
    monkeypatch.setattr(rx, "caching", lambda: False)


def _lists(language: str) -> dict[str, Alternatives]:
    lex = load_lexicon.__wrapped__(language=language)
    return {name: value for name, value in vars(lex).items() if isinstance(value, Alternatives)}


@pytest.mark.parametrize(("pattern", "needed"), [
    ("décisions?", {"décision"}),
    (r"(?:l'|la )(?:totalité|intégralité) du texte",
     {"l'totalité du texte", "l'intégralité du texte", "la totalité du texte", "la intégralité du texte"}),
    (r"\b(?:vous|votre)\b", {"vous", "votre"}),
    (r"(?-i:AI)-generated", {"ai-generated"}),
    (r"a(?=b)c", {"ac"}),  # a look-ahead matches no text: "a" and "c" are next to each other
    (r"\x27est\u00e9", {"'esté"}),
    (r"co-?writ(?:ten|ing)", {"cowritten", "cowriting", "co-written", "co-writing"}),
    (r"\w+ment", {"ment"}),
    (r"(?:ab)+cde", {"cde"}),  # the longest certain run
])
def test_the_words_a_pattern_needs(pattern: str, needed: set[str]) -> None:
    assert literals.required(pattern) == frozenset(needed)


@pytest.mark.parametrize("pattern", [
    r"(a|b)\1",  # a reference: what it matches is not in the pattern
    r"(?P<x>a)(?P=x)",
    r"(?(1)a|b)",
    r"\w+",
    r"(?:a|\d)",  # one alternative needs nothing
    r"x*y?",
    "a)b",  # not a pattern
    r"(?x) a b",
])
def test_nothing_certain(pattern: str) -> None:
    assert literals.required(pattern) is None


def test_fold_is_one_character_for_one() -> None:
    everything = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    assert len(literals.fold(everything)) == len(everything)


def test_fold_makes_one_what_ignorecase_takes_as_one() -> None:
    import _sre  # type: ignore[import-not-found]  # re's own lower-casing, one character for one
    from re._casefix import _EXTRA_CASES  # type: ignore[import-not-found]

    cased = [chr(c) for c in range(sys.maxunicode + 1)
             if not 0xD800 <= c <= 0xDFFF and (chr(c).lower() != chr(c) or chr(c).upper() != chr(c))]
    for char in cased + [chr(c) for c in _EXTRA_CASES]:
        lower = _sre.unicode_tolower(ord(char))
        others = {chr(lower), char.lower(), char.upper(), char.title(), char.casefold(),
                  *(chr(o) for o in _EXTRA_CASES.get(lower, ()))}
        for other in others:
            if len(other) == 1 and re.fullmatch(re.escape(char), other, re.IGNORECASE):
                assert literals.fold(char) == literals.fold(other), (char, other)
            if len(other) == 1 and re.fullmatch(re.escape(other), char, re.IGNORECASE):
                assert literals.fold(char) == literals.fold(other), (other, char)


_FOLDED = [*"aAsSkK\u2019\u201c\u2014\u00e9\u00c9\u0130\u03a3\u03c3\u03c2 .", "\u017f", "\u212a", "\u1e9b", "\u0345",
           "\u03b9", "\u00b5", "\u0131"]


@given(st.text(alphabet=st.sampled_from(_FOLDED)) | st.text())
def test_fold_translates_only_texts_holding_a_mapped_character(text: str) -> None:
    """`fold` skips `str.translate` for a text holding none of the characters `_EQUIVALENT` maps
    (a set test): the same as translating every text."""
    literals.fold("\u00e9")  # (the mapping built)
    assert literals._folded(text) == text.replace("\u0130", "i").lower().translate(literals._EQUIVALENT)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_alternative_of_every_list_is_read(language: str) -> None:
    # An alternative read as needing nothing is compiled for every text: the lexicon's are all read.
    for name, pattern in _lists(language).items():
        for alternative in pattern.alternatives:
            assert literals.required(alternative), (language, name, alternative)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_match_holds_the_words_its_alternative_needs(language: str) -> None:
    alternatives = sorted({a for pattern in _lists(language).values() for a in pattern.alternatives})

    @settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.sampled_from(alternatives).flatmap(
        lambda a: st.tuples(st.just(a), st.from_regex(re.compile(a, re.IGNORECASE), fullmatch=True))))
    def check(case: tuple[str, str]) -> None:
        alternative, text = case
        text = unicodedata.normalize("NFKC", text)
        assume(re.fullmatch(alternative, text, re.IGNORECASE) is not None)
        needed = literals.required(alternative)
        assert needed is not None and any(word in literals.fold(text) for word in needed), (alternative, text)

    check()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_list_in_part_finds_what_the_whole_list_finds(language: str, no_cache: None) -> None:
    lists = _lists(language)

    @settings(max_examples=50, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.sampled_from(sorted(lists)).flatmap(lambda name: st.tuples(
        st.just(name), st.lists(st.from_regex(lists[name].compiled, fullmatch=False), min_size=1, max_size=3))))
    def check(case: tuple[str, list[str]]) -> None:
        name, texts = case
        pattern, text = lists[name], " ".join(texts)
        whole = pattern.compiled
        found = pattern.search(text)
        expected = whole.search(text)
        assert (found and found.span()) == (expected and expected.span()), (name, text)
        assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in whole.finditer(text)]

    check()


def test_a_sentence_compiles_only_the_alternatives_its_words_need(no_cache: None) -> None:
    lex = load_lexicon.__wrapped__(language="fr")
    sentence = normalise("Ce roman a été entièrement rédigé par une intelligence artificielle.")
    assert lex.wholly_ai.search(sentence) is not None
    part = lex.wholly_ai.pattern_for(sentence)
    assert part is not None and len(part) < len(lex.wholly_ai.pattern)
    assert lex.wholly_ai._compiled is None  # the whole list was never compiled
    assert lex.plain_ai.search("Un roman sans machine.") is None and lex.plain_ai._compiled is None


def test_with_the_cache_on_a_list_is_compiled_whole() -> None:
    if not rx.caching():
        pytest.skip("the pattern cache is off in this run")
    lex = load_lexicon.__wrapped__(language="fr")
    sentence = "Ce roman a été entièrement rédigé par une intelligence artificielle."
    assert lex.wholly_ai.pattern_for(sentence) == lex.wholly_ai.pattern
    assert lex.wholly_ai.search(sentence) is not None and lex.wholly_ai._compiled is not None


def test_a_text_with_a_letter_ignorecase_folds(no_cache: None) -> None:
    # "ſ" (long s) is an "s" to re.IGNORECASE: the part compiled for the text keeps "sans".
    lex = load_lexicon.__wrapped__(language="fr")
    sentence = "Ce livre a été écrit ſans aucune intelligence artificielle."
    whole = lex.wholly_human.compiled.search(sentence)
    assert whole is not None
    found = lex.wholly_human.search(sentence)
    assert found is not None and found.span() == whole.span()


def test_a_long_run_compiles_parts_as_long_as_the_list_then_the_whole_list(no_cache: None) -> None:
    lex = load_lexicon.__wrapped__(language="en")
    words = ["art", "cover", "illustrations", "maps", "audio", "narration", "voice", "marketing", "blurb",
             "metadata", "keywords", "index", "code", "fonts", "layout", "icons", "diagrams", "photos"]
    pattern = lex.non_text
    assert isinstance(pattern, Alternatives)
    whole_list = rx.compile(pattern.pattern, pattern.flags)  # apart: a list compiled whole is searched whole
    for n, word in enumerate(words * 3):
        sentence = f"The {word} and the {words[n % len(words) - 5]} and the {words[n % len(words) - 9]} were made with AI."
        assert (pattern.search(sentence) is None) == (whole_list.search(sentence) is None)
    whole = len(pattern.pattern)
    compiled_parts = [part.pattern for part in pattern._parts.values() if part is not None]
    assert whole <= pattern._spent == sum(map(len, compiled_parts)) < 2 * whole
    parts = len(pattern._parts)
    assert pattern.search("The maps and the cover were drawn by AI.") is not None
    assert pattern.search("The audio and the fonts were chosen with AI.") is not None
    assert len(pattern._parts) == parts  # the whole list from now on


def test_a_sentence_compiles_only_the_systems_it_names(no_cache: None) -> None:
    """Each AI system's name is a list of one: a sentence is searched for every system, and
    compiles the patterns of only those whose words it holds; what is found is unchanged."""
    from disclosure_lint.analysis.mentions import find_mentions

    lex = load_lexicon.__wrapped__(language="en")
    assert all(isinstance(s.pattern, Alternatives) for s in lex.systems) and len(lex.systems) > 20
    assert find_mentions(normalise("The rain fell on the town all night."), lex) == []
    assert all(s.pattern._compiled is None and not any(s.pattern._parts.values()) for s in lex.systems)
    found = find_mentions(normalise("I drafted it with ChatGPT and revised it with Claude 3 Opus."), lex)
    assert [m.system for m in found] == ["ChatGPT", "Claude"]
    named = [s.canonical for s in lex.systems if any(p is not None for p in s.pattern._parts.values())]
    assert "ChatGPT" in named and "Claude" in named and len(named) < len(lex.systems) // 3, named
    assert all("GPT" in name or "Claude" in name for name in named), named  # the words "gpt", "claude"
    for system in lex.systems:  # the whole of each pattern, as compiled with the cache on
        for text in ("chatgpt", "Claude 3 Opus", "gpt-4o", "Gemini Pro", "Midjourney", "Sudowrite"):
            assert (system.pattern.search(text) is None) == (system.pattern.compiled.search(text) is None)


def test_a_list_compiled_whole_is_searched_whole(no_cache: None) -> None:
    lex = load_lexicon.__wrapped__(language="fr")
    sentence = normalise("Ce roman a été entièrement rédigé par une intelligence artificielle.")
    wholly_ai = lex.wholly_ai
    assert isinstance(wholly_ai, Alternatives)
    assert wholly_ai.compiled.search(sentence) is not None  # compiled whole (another list's reader)
    assert wholly_ai.search(sentence) is not None and not wholly_ai._parts  # no part compiled for it
