"""Every lexicon pattern matches at least one plain-English example of its own (issue 22, item 5).

A pattern that can never match is easy to write and hard to notice: in a TOML literal string
`'(?:\\w+ )?'` looks for a backslash, and in a double-quoted string `"\\b"` is a backspace
character. Each pattern is compiled alone, exactly as `load_lexicon` compiles its list (flags,
word boundaries, the case-sensitive "AI"), and must match one of the sentences a book might hold
in `tests/data/lexicon_examples.toml`. A test checks that this file's compilers agree with
`load_lexicon`, and another that every list in lexicon.toml is either covered here or skipped
with a reason, so a new list cannot be forgotten.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from disclosure_lint.analysis import lexicon as lexicon_module
from disclosure_lint.analysis.lexicon import Lexicon, _alternation, _human_case, load_lexicon
from disclosure_lint.analysis.normalize import normalise
from disclosure_lint.config import parse_toml
from disclosure_lint.patterns import LazyPattern

LEXICON_PATH = Path(lexicon_module.__file__).parent / "lexicon.toml"
EXAMPLES_PATH = Path(__file__).parent / "data" / "lexicon_examples.toml"

LEXICON: dict[str, Any] = parse_toml(LEXICON_PATH.read_text("utf-8"))
EXAMPLES: dict[str, Any] = parse_toml(EXAMPLES_PATH.read_text("utf-8"))
LEX = load_lexicon()

#: (pattern, flags): a compiled pattern as `LazyPattern` holds it.
Compiled = tuple[str, int]
IC = re.IGNORECASE

# Where load_lexicon applies a pattern and how: "it" and "its" as statements.py finds them,
# and the ambiguous system names a person cue stands before.
_IT = re.compile(r"(?<![\w'])(?:it|its)(?![\w'])", re.IGNORECASE)


def _lazy(p: LazyPattern) -> Compiled:
    return p.pattern, p.flags


def _words(patterns: Sequence[str]) -> Compiled:
    return _lazy(_alternation(patterns))


def _bare(patterns: Sequence[str]) -> Compiled:
    return _lazy(_alternation(patterns, words=False))


def _gated(patterns: Sequence[str]) -> Compiled:  # anchored at a word's start (analysis.lexicon)
    return _lazy(_alternation(patterns, words=False, gate=()))


def _system(patterns: Sequence[str]) -> Compiled:
    (p,) = patterns
    return rf"(?<![\w-])(?:{p})(?![\w])", IC


def _before_name(patterns: Sequence[str]) -> Compiled:  # ai.person_cues
    return r"(?:^|\W)(?:" + "|".join(patterns) + r"),?\s+$", IC


def _human(patterns: Sequence[str]) -> Compiled:  # agents.human: "I" and names with their case
    return r"(?<![\w'])(?:" + "|".join(_human_case(p) for p in patterns) + r")(?![\w'])", IC


def _before_it(patterns: Sequence[str]) -> Compiled:  # frames.it_after
    return r"(?<![\w'])(?:" + "|".join(patterns) + r")\s+$", IC


def _after_its(patterns: Sequence[str]) -> Compiled:  # frames.its_objects
    return r"\s+(?:[\w-]+\s+)??(?:" + "|".join(patterns) + r")(?![\w])", IC


def _negators(patterns: Sequence[str]) -> Compiled:
    return r"(?:(?<![\w'])(?:" + "|".join(p for p in patterns if p != "n't") + r")(?![\w'])|n't\b)", IC


def _negator(p: str) -> Compiled:
    # Alone, not joined: the whole list's `n't\b` branch would let any example with "n't" pass,
    # and an empty word list would match between any two spaces.
    return (r"n't\b", IC) if p == "n't" else (r"(?<![\w'])(?:" + p + r")(?![\w'])", IC)


def _topic(words: Sequence[str], case_sensitive: Sequence[str]) -> Compiled:
    return r"(?<![\w-])(?:(?i:" + "|".join(words) + ")|" + "|".join(case_sensitive) + r")(?![\w])", 0


def _search(pattern: re.Pattern[str], text: str) -> Iterator[str]:
    """What a pattern matches anywhere in the text (statements.py's usual `search`)."""
    yield from (m.group(0) for m in pattern.finditer(text))


def _before_ambiguous_name(pattern: re.Pattern[str], text: str) -> Iterator[str]:
    """`person_cue.search(text[start - 30:start])` before each ambiguous system name."""
    for system in LEX.systems:
        if system.ambiguous:
            for name in system.pattern.finditer(text):
                m = pattern.search(text[max(0, name.start() - 30):name.start()])
                if m:
                    yield m.group(0)


def _before_it_word(pattern: re.Pattern[str], text: str) -> Iterator[str]:
    """`it_after.search(text[:start])` before each "it"."""
    for it in _IT.finditer(text):
        if it.group(0).lower() == "it" and (m := pattern.search(text[:it.start()])):
            yield m.group(0)


def _after_its_word(pattern: re.Pattern[str], text: str) -> Iterator[str]:
    """`its_object.match(text, end)` after each "its"."""
    for its in _IT.finditer(text):
        if its.group(0).lower() == "its" and (m := pattern.match(text, its.end())):
            yield m.group(0)


@dataclass(frozen=True)
class Kind:
    """How load_lexicon compiles a list (`whole`), one of its patterns alone, and applies it."""

    whole: Callable[[Sequence[str]], Compiled]
    single: Callable[[str], Compiled] | None = None
    probe: Callable[[re.Pattern[str], str], Iterator[str]] = _search

    def one(self, pattern: str) -> Compiled:
        return self.single(pattern) if self.single else self.whole([pattern])


WORDS, BARE, GATED = Kind(_words), Kind(_bare), Kind(_gated)


def _role(name: str) -> Callable[[Lexicon], LazyPattern]:
    return lambda lexicon: lexicon.roles[name]


#: Every covered list: (table, key) → how it is compiled, and the Lexicon field built from it
#: (None: built together with another list, checked in its own test).
COVERED: dict[tuple[str, str], tuple[Kind, Callable[[Lexicon], LazyPattern] | None]] = {
    ("ai", "plain"): (WORDS, lambda x: x.plain_ai),
    ("ai", "euphemisms"): (WORDS, lambda x: x.euphemism),
    ("ai", "context"): (WORDS, lambda x: x.ai_context),
    ("ai", "person_cues"): (Kind(_before_name, probe=_before_ambiguous_name), lambda x: x.person_cue),
    ("work", "self_reference"): (WORDS, lambda x: x.self_reference),
    ("work", "explicit_reference"): (WORDS, lambda x: x.explicit_reference),
    **{("roles", name): (WORDS, _role(name)) for name in LEX.roles},
    ("agents", "human"): (Kind(_human), lambda x: x.human_agent),
    ("agents", "instrument"): (WORDS, lambda x: x.instrument),
    ("agents", "assistance"): (WORDS, lambda x: x.assistance),
    ("frames", "use_verbs"): (WORDS, lambda x: x.use_verb),
    ("frames", "purpose"): (WORDS, lambda x: x.purpose),
    ("frames", "collaboration"): (WORDS, lambda x: x.collaboration),
    ("frames", "anaphors"): (WORDS, lambda x: x.anaphor),
    ("frames", "it_after"): (Kind(_before_it, probe=_before_it_word), lambda x: x.it_after),
    ("frames", "its_objects"): (Kind(_after_its, probe=_after_its_word), lambda x: x.its_object),
    ("frames", "non_text"): (WORDS, lambda x: x.non_text),
    ("frames", "text_nouns"): (WORDS, lambda x: x.text_noun),
    ("frames", "normative"): (GATED, lambda x: x.normative),
    ("frames", "generic"): (GATED, lambda x: x.generic),
    ("frames", "other_works"): (GATED, lambda x: x.other_works),
    # One pattern, joined with load_lexicon's `topic` (checked below), without the other list's
    # empty branch: a pattern alone must match by itself.
    ("topic", "words"): (Kind(lambda ps: _topic(ps, []), lambda p: (rf"(?<![\w-])(?:(?i:{p}))(?![\w])", 0)), None),
    ("topic", "case_sensitive"): (Kind(lambda ps: _topic([], ps), lambda p: (rf"(?<![\w-])(?:{p})(?![\w])", 0)), None),
    ("qualifiers", "partial"): (WORDS, lambda x: x.partial),
    ("qualifiers", "proportion"): (BARE, lambda x: x.proportion),
    ("claims", "wholly_human"): (GATED, lambda x: x.wholly_human),
    ("claims", "wholly_ai"): (GATED, lambda x: x.wholly_ai),
    ("claims", "negators"): (Kind(_negators, _negator), lambda x: x.negator),
    ("claims", "double_negation"): (BARE, lambda x: x.double_negation),
    ("claims", "not_disclosure"): (GATED, lambda x: x.not_disclosure),
    ("responsibility", "affirm"): (BARE, lambda x: x.responsibility),
    ("responsibility", "by_subject"): (WORDS, lambda x: x.responsibility_by_subject),
    ("responsibility", "holder_after"): (WORDS, lambda x: x.responsibility_holder_after),
    ("responsibility", "nobody"): (WORDS, lambda x: x.nobody),
    ("responsibility", "deny"): (BARE, lambda x: x.responsibility_deny),
    ("readability", "jargon"): (WORDS, lambda x: x.jargon),
}
SYSTEM = Kind(_system)

#: Lists and values that are not regular expressions matched against text, with why.
SKIPPED: dict[tuple[str, str], str] = {
    ("ai", "triggers"): "literal lower-case words for the prefilter; test_lexicon checks them",
    ("claims_triggers", "words"): "literal lower-case words for the claims prefilter",
    ("work", "first_person"): "literal words, compiled with re.escape",
    ("work", "explicit_gate"): "one pattern for lower-case paragraphs; test_lexicon checks it "
                               "against explicit_reference",
    ("roles", "ai_writing_roles"): "names of roles, not patterns",
    ("roles", "human_writing_roles"): "names of roles, not patterns",
    ("roles", "ai_typical"): "names of roles, not patterns",
    ("frames", "phrase_breaks"): "literal words compared with a lower-cased token",
    ("frames", "governing"): "literal words compared with a lower-cased token",
    ("frames", "it_before"): "literal words compared with a lower-cased token",
    **{("gates", name): "word gates of a list, not patterns; test_lexicon_gates checks them"
       for name in ("wholly_human", "wholly_ai", "non_text", "generic", "normative", "not_disclosure",
                    "other_works")},
    ("readability", "max_grade"): "a number",
    ("readability", "max_jargon"): "a number",
}

#: Patterns that are broken in lexicon.toml (owned elsewhere), keyed by (table, key, pattern):
#: their cases are expected to fail until the pattern is fixed, then strict xfail fails.
BROKEN: dict[tuple[str, str, str], str] = {}


def _systems() -> dict[str, str]:
    return {s["canonical"]: s["pattern"] for s in LEXICON["systems"]}


def _all_patterns() -> Iterator[tuple[str, str, str, Kind, str]]:
    """(table, key, pattern, kind, test id) for every covered pattern; systems keyed by name."""
    for canonical, pattern in _systems().items():
        yield "systems", canonical, pattern, SYSTEM, f"systems.{canonical}"
    for (table, key), (kind, _) in COVERED.items():
        for i, pattern in enumerate(LEXICON[table][key]):
            yield table, key, pattern, kind, f"{table}.{key}[{i}]"


def _cases() -> Iterator[Any]:
    for table, key, pattern, kind, case_id in _all_patterns():
        reason = BROKEN.get((table, key, pattern))
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        yield pytest.param(table, key, pattern, kind, id=case_id, marks=marks)


def test_broken_patterns_are_still_in_the_lexicon() -> None:
    """A BROKEN entry whose pattern was fixed (and so changed) is stale: remove it."""
    present = {(table, key, pattern) for table, key, pattern, _, _ in _all_patterns()}
    assert not sorted(set(BROKEN) - present), "BROKEN names patterns lexicon.toml no longer has"


def _examples(table: str, key: str) -> list[str]:
    examples = EXAMPLES.get(table, {}).get(key, [])
    assert isinstance(examples, list)
    return [normalise(e) for e in examples]


@pytest.mark.parametrize(("table", "key", "pattern", "kind"), list(_cases()))
def test_every_pattern_matches_an_example_of_its_own(table: str, key: str, pattern: str, kind: Kind) -> None:
    source, flags = kind.one(pattern)
    compiled = re.compile(source, flags)
    examples = _examples(table, key)
    assert examples, f"{table}.{key}: no examples in {EXAMPLES_PATH.name}"
    matches = [m for e in examples for m in kind.probe(compiled, e)]
    assert matches, f"{table}.{key}: pattern {pattern!r} matches none of its {len(examples)} examples"
    assert any(matches), f"{table}.{key}: pattern {pattern!r} matches only empty strings"


def _lexicon_lists() -> Iterator[tuple[str, str]]:
    for table, value in LEXICON.items():
        if table == "systems":
            yield from {("systems", k) for s in value for k in s}
        else:
            yield from ((table, key) for key in value)


def test_every_lexicon_list_is_covered_or_skipped() -> None:
    system_keys = {("systems", "pattern"): "covered", ("systems", "canonical"): "a name",
                   ("systems", "vendor"): "a name", ("systems", "ambiguous"): "a flag",
                   ("systems", "plain"): "a flag"}
    known = set(COVERED) | set(SKIPPED) | set(system_keys)
    missing = sorted(set(_lexicon_lists()) - known)
    assert not missing, f"lists in lexicon.toml neither covered nor skipped here: {missing}"
    stale = sorted(k for k in set(COVERED) | set(SKIPPED) if k not in set(_lexicon_lists()))
    assert not stale, f"lists covered or skipped here that lexicon.toml no longer has: {stale}"
    assert not set(COVERED) & set(SKIPPED)


def test_examples_file_has_only_covered_lists() -> None:
    tables = {(t, k) for t, v in EXAMPLES.items() if t != "systems" for k in v}
    assert not sorted(tables - set(COVERED)), "examples for lists the test does not cover"
    assert set(EXAMPLES["systems"]) == set(_systems()), "systems' examples must be keyed by canonical name"


@pytest.mark.parametrize(("table", "key"), [k for k, (_, field) in COVERED.items() if field is not None])
def test_compiled_here_as_load_lexicon_compiles(table: str, key: str) -> None:
    """The compilers above are load_lexicon's: a pattern alone is tested as the analysis uses it."""
    kind, field = COVERED[(table, key)]
    assert field is not None
    assert kind.whole(LEXICON[table][key]) == _lazy(field(LEX)), f"{table}.{key} is compiled differently"


def test_topic_compiled_as_load_lexicon_compiles() -> None:
    assert _topic(LEXICON["topic"]["words"], LEXICON["topic"]["case_sensitive"]) == _lazy(LEX.topic)


def test_systems_compiled_as_load_lexicon_compiles() -> None:
    for system in LEX.systems:
        assert SYSTEM.one(_systems()[system.canonical]) == _lazy(system.pattern), system.canonical


def _strings(value: object, where: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, f"{where}.{k}" if where else k)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _strings(v, f"{where}[{i}]")


def test_no_control_characters_in_the_lexicon() -> None:
    """`"\\b"` in a double-quoted TOML string is a backspace, not a word boundary."""
    bad = [(where, s) for where, s in _strings(LEXICON, "") if any(unicodedata.category(c) == "Cc" for c in s)]
    assert not bad, f"control characters (a backslash escape in a double-quoted TOML string?): {bad}"


def test_no_literal_backslash_in_a_pattern() -> None:
    """`'\\\\w'` in a literal TOML string is a regex for a backslash, which normalised prose never has."""
    bad = [(where, s) for where, s in _strings(LEXICON, "") if "\\\\" in s]
    assert not bad, f"patterns that look for a literal backslash: {bad}"
