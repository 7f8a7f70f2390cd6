"""Every lexicon pattern, in every language, matches at least one example of its own (issue 22,
item 5; issue 15).

A pattern that can never match is easy to write and hard to notice: in a TOML literal string
`'(?:\\w+ )?'` looks for a backslash, and in a double-quoted string `"\\b"` is a backspace
character. Each pattern is compiled alone, exactly as `load_lexicon` compiles its list (flags,
word boundaries, the language's case-sensitive "AI", "IA" or "KI"), and must match one of the
sentences a book might hold in `tests/data/lexicon_examples/<language>.toml`, applied where the
analysis applies it. A test checks that this file's compilers agree with `load_lexicon`, and
another that every list of every lexicon file is either covered here or skipped with a reason, so
a new list cannot be forgotten. A new language needs its examples file, nothing more here.
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
from disclosure_lint.analysis.words import clauses
from disclosure_lint.config import parse_toml
from disclosure_lint.patterns import LazyPattern

DATA = lexicon_module.DATA
EXAMPLES_DIR = Path(__file__).parent / "data" / "lexicon_examples"
SHARED: dict[str, Any] = parse_toml((DATA / "shared.toml").read_text("utf-8"))
LANGUAGES: list[str] = list(SHARED["languages"]["supported"])

#: (pattern, flags): a compiled pattern as `LazyPattern` holds it.
Compiled = tuple[str, int]
IC = re.IGNORECASE
#: What an empty list compiles to (lexicon._NEVER).
NEVER = r"(?!x)x"


@dataclass(frozen=True)
class Language:
    """One language's lexicon: its own file's data, the merged data, its examples, compiled."""

    code: str
    own: dict[str, Any]
    data: dict[str, Any]
    examples: dict[str, Any]
    lex: Lexicon

    @property
    def cased(self) -> list[str]:
        return list(self.data["ai"]["cased"])


def _language(code: str) -> Language:
    own = parse_toml((DATA / f"{code}.toml").read_text("utf-8"))
    examples = parse_toml((EXAMPLES_DIR / f"{code}.toml").read_text("utf-8"))
    return Language(code, own, lexicon_module._raw(code)[0], examples, load_lexicon(language=code))


LANG = {code: _language(code) for code in LANGUAGES}


def _lazy(p: LazyPattern) -> Compiled:
    return p.pattern, p.flags


def _words(patterns: Sequence[str], lang: Language) -> Compiled:
    return _lazy(_alternation(patterns, cased=lang.cased))


def _bare(patterns: Sequence[str], lang: Language) -> Compiled:
    return _lazy(_alternation(patterns, words=False, cased=lang.cased))


def _gated(patterns: Sequence[str], lang: Language) -> Compiled:  # anchored at a word's start
    return _lazy(_alternation(patterns, words=False, gate=(), cased=lang.cased))


def _system(patterns: Sequence[str], lang: Language) -> Compiled:
    (p,) = patterns
    return rf"(?<![\w-])(?:{p})(?![\w])", IC


def _around(before: str, after: str, flags: int = IC) -> Callable[[Sequence[str], Language], Compiled]:
    """A list joined between `before` and `after` (lexicon._listed)."""
    return lambda ps, lang: (f"{before}(?:{'|'.join(ps)}){after}" if ps else NEVER, flags)


def _alone(flags: int = IC) -> Callable[[Sequence[str], Language], Compiled]:
    """A pattern the lexicon gives alone (a string), or as a list of alternatives (lexicon._one)."""
    def compiled(ps: Sequence[str] | str, lang: Language) -> Compiled:
        if isinstance(ps, str):
            return ps, flags
        return (f"(?:{'|'.join(ps)})" if ps else NEVER), flags
    return compiled


def _before_name(patterns: Sequence[str], lang: Language) -> Compiled:  # ai.person_cues
    return _around(r"(?:^|\W)", r",?\s+$")(patterns, lang)


def _runs(pieces: Sequence[tuple[str, bool]], end: str) -> str:
    """Alternatives (pattern, elided) in order, each run of whole words closed by `end`, an elided
    word ("j'") left open for its word (lexicon._ending)."""
    out: list[str] = []
    for pattern, elided in pieces:
        if elided:
            out.append(pattern)
        elif out and out[-1].endswith(end) and out[-1].startswith("(?:"):
            out[-1] = out[-1][:-len(end) - 1] + f"|{pattern}){end}"
        else:
            out.append(f"(?:{pattern}){end}")
    return "|".join(out)


def _human(patterns: Sequence[str], lang: Language) -> Compiled:  # agents.human: "I" and names with their case
    pieces = [(_human_case(p, lang.cased), p.endswith("'")) for p in patterns]
    return lexicon_module.human_start(lang.data["frames"]["fused_articles"]) + "(?:" + _runs(pieces, r"(?![\w'])") + ")", IC


def _before_it(patterns: Sequence[str], lang: Language) -> Compiled:  # frames.it_after
    return _around(r"(?<![\w'])", r"\s+$")(patterns, lang)


def _after_its(patterns: Sequence[str], lang: Language) -> Compiled:  # frames.its_objects
    return _around(r"\s+(?:[\w-]+\s+)??", r"(?![\w])")(patterns, lang)


def _negators(patterns: Sequence[str], lang: Language) -> Compiled:
    return r"(?:(?<![\w'])(?:" + "|".join(patterns) + r")(?![\w'])" + "".join(
        f"|{c}\\b" for c in lang.data["claims"]["negator_clitics"]) + ")", IC


def _negator(p: str, lang: Language) -> Compiled:
    # Alone, not joined: an empty word list would match between any two spaces.
    return r"(?<![\w'])(?:" + p + r")(?![\w'])", IC


def _clitics(patterns: Sequence[str], lang: Language) -> Compiled:  # joined into the negators
    return "|".join(f"{c}\\b" for c in patterns), IC


def _topic(words: Sequence[str], case_sensitive: Sequence[str]) -> Compiled:
    return r"(?<![\w-])(?:(?i:" + "|".join(words) + ")|" + "|".join(case_sensitive) + r")(?:(?<=')|(?![\w]))", 0


def _abbreviations(patterns: Sequence[str], lang: Language) -> Compiled:  # text.abbreviations
    return r"(?:\b(?:" + "|".join(patterns) + r"))\.", 0


def _breaks(patterns: Sequence[str], lang: Language) -> Compiled:  # text.clause_breaks, alone
    return "(?:" + "|".join(patterns) + ")", IC


Probe = Callable[[re.Pattern[str], str, Language], Iterator[str]]


def _search(pattern: re.Pattern[str], text: str, lang: Language) -> Iterator[str]:
    """What a pattern matches anywhere in the text (statements.py's usual `search`)."""
    yield from (m.group(0) for m in pattern.finditer(text))


def _before_ambiguous_name(pattern: re.Pattern[str], text: str, lang: Language) -> Iterator[str]:
    """`person_cue.search(text[start - 30:start])` before each ambiguous system name."""
    for system in lang.lex.systems:
        if system.ambiguous:
            for name in system.pattern.finditer(text):
                m = pattern.search(text[max(0, name.start() - 30):name.start()])
                if m:
                    yield m.group(0)


def _after_ambiguous_name(pattern: re.Pattern[str], text: str, lang: Language) -> Iterator[str]:
    """`person_after.match(text, end)` after each ambiguous system name."""
    for system in lang.lex.systems:
        if system.ambiguous:
            for name in system.pattern.finditer(text):
                if m := pattern.match(text, name.end()):
                    yield m.group(0)


def _its(lang: Language) -> re.Pattern[str]:
    return lang.lex.it.compiled


def _before_it_word(pattern: re.Pattern[str], text: str, lang: Language) -> Iterator[str]:
    """`it_after.search(text[:start])` before each "it"."""
    for it in _its(lang).finditer(text):
        if it.group(0).lower() in lang.lex.it_words and (m := pattern.search(text[:it.start()])):
            yield m.group(0)


def _after_its_word(pattern: re.Pattern[str], text: str, lang: Language) -> Iterator[str]:
    """`its_object.match(text, end)` after each "its"."""
    for its in _its(lang).finditer(text):
        if its.group(0).lower() not in lang.lex.it_words and (m := pattern.match(text, its.end())):
            yield m.group(0)


def _before_a_word(pattern: re.Pattern[str], text: str, lang: Language) -> Iterator[str]:
    """A pattern that ends where a word (or a quotation) starts, searched in the text before it
    (what comes before a verb, a mention, a quotation)."""
    for start in (m.start() for m in re.finditer(r"(?<!\w)[\w\"]", text)):
        if m := pattern.search(text, 0, start):
            yield m.group(0)


def _anywhere(pattern: re.Pattern[str], text: str, lang: Language) -> Iterator[str]:
    """A pattern matched at a place (after a negator, after a name), tried at every place."""
    for start in range(len(text)):
        if m := pattern.match(text, start):
            yield m.group(0)


def _mention_texts(pattern: re.Pattern[str], text: str, lang: Language) -> Iterator[str]:
    """A pattern for a mention's own words ("chatbots", "a rogue AI"), on each mention."""
    from disclosure_lint.analysis.mentions import find_mentions

    for mention in find_mentions(text, lang.lex, ai_context=True):
        if m := pattern.search(mention.text):
            yield m.group(0)


def _after_hyphen(pattern: re.Pattern[str], text: str, lang: Language) -> Iterator[str]:
    """A making word after a hyphen ("AI-generated"), whole, as `compound_roles` reads it."""
    for m in re.finditer(r"-([\w]+)", text):
        if pattern.fullmatch(m.group(1)):
            yield m.group(1)


def _clause_starts(pattern: re.Pattern[str], text: str, lang: Language) -> Iterator[str]:
    """A pattern for how a clause opens, on each clause."""
    for _, clause, _ in clauses(text, lang.lex):
        if m := pattern.match(clause):
            yield m.group(0)


@dataclass(frozen=True)
class Kind:
    """How load_lexicon compiles a list (`whole`), one of its patterns alone, and applies it."""

    whole: Callable[[Sequence[str], Language], Compiled]
    single: Callable[[str, Language], Compiled] | None = None
    probe: Probe = _search

    def one(self, pattern: str, lang: Language) -> Compiled:
        return self.single(pattern, lang) if self.single else self.whole([pattern], lang)

    def of(self, value: str | list[str], lang: Language) -> Compiled:
        """How the lexicon's value (a list, or a pattern alone) is compiled."""
        if isinstance(value, str) and self.whole.__qualname__.startswith("_alone"):
            return self.whole(value, lang)
        return self.whole([value] if isinstance(value, str) else value, lang)


WORDS, BARE, GATED = Kind(_words), Kind(_bare), Kind(_gated)
ALONE, ALONE_CASED = Kind(_alone()), Kind(_alone(0))


def _role(name: str) -> Callable[[Lexicon], LazyPattern]:
    return lambda lexicon: lexicon.roles[name]


def _compound(name: str) -> Callable[[Lexicon], LazyPattern]:
    return lambda lexicon: lexicon.compound_roles[name]


def _roles(lang: Language) -> set[str]:
    return set(lang.lex.roles)


#: Every covered list: (table, key) → how it is compiled, and the Lexicon field built from it
#: (None: built together with other lists, or applied another way: checked in its own test).
#: Roles and compounds are added per language (their keys are the role names).
COVERED: dict[tuple[str, str], tuple[Kind, Callable[[Lexicon], LazyPattern] | None]] = {
    ("text", "abbreviations"): (Kind(_abbreviations), None),
    ("text", "clause_breaks"): (Kind(_breaks), None),
    ("ai", "plain"): (WORDS, lambda x: x.plain_ai),
    ("ai", "euphemisms"): (WORDS, lambda x: x.euphemism),
    ("ai", "context"): (WORDS, lambda x: x.ai_context),
    ("ai", "person_cues"): (Kind(_before_name, probe=_before_ambiguous_name), lambda x: x.person_cue),
    ("ai", "person_after"): (Kind(_alone(), probe=_after_ambiguous_name), lambda x: x.person_after),
    ("work", "self_reference"): (WORDS, lambda x: x.self_reference),
    ("work", "explicit_reference"): (WORDS, lambda x: x.explicit_reference),
    ("work", "own_work"): (ALONE, lambda x: x.own_work),
    ("work", "byline"): (ALONE_CASED, lambda x: x.byline),
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
    ("frames", "negated_verb"): (Kind(_alone(), probe=_before_a_word), lambda x: x.negated_verb),
    ("frames", "name_before"): (Kind(_alone(0), probe=_before_a_word), lambda x: x.name_before),
    ("frames", "name_at"): (Kind(_alone(0), probe=_anywhere), lambda x: x.name_at),
    ("frames", "human_made"): (Kind(_alone(0), probe=_anywhere), lambda x: x.human_made),
    ("frames", "purpose_end"): (ALONE_CASED, lambda x: x.purpose_end),
    ("frames", "while"): (Kind(_around(r"\b", r"\s+$"), probe=_before_a_word), lambda x: x.while_),
    ("frames", "helped"): (Kind(_alone(), probe=_before_a_word), lambda x: x.helped),
    ("frames", "helped_object"): (Kind(_alone(), probe=_before_a_word), lambda x: x.helped_object),
    ("frames", "partners"): (Kind(_around(r"\s+", r"\b")), lambda x: x.partner),
    ("frames", "partners_before"): (Kind(_around(r"\b", r"\s*$"), probe=_before_a_word), lambda x: x.partner_before),
    ("frames", "made_by"): (ALONE, lambda x: x.made_by),
    ("frames", "with_help"): (ALONE, lambda x: x.with_help),
    ("frames", "passive_before"): (Kind(_alone(), probe=_before_a_word), lambda x: x.passive_before),
    ("frames", "object_ends"): (Kind(_around(r"\b", r"\b", 0)), lambda x: x.object_end),
    ("frames", "by"): (Kind(_around(r"\b", r"(?:\s+|(?<='))")), lambda x: x.by),
    ("frames", "sources"): (Kind(_around(r"\b", r"(?:\s+|(?<='))")), lambda x: x.source),
    ("frames", "it"): (Kind(_around(r"(?<![\w'])", r"(?![\w'])")), None),
    ("frames", "its"): (Kind(_around(r"(?<![\w'])", r"(?![\w'])")), None),
    ("frames", "it_used"): (ALONE, lambda x: x.it_used),
    ("frames", "gave"): (Kind(_around("", r"\b")), lambda x: x.gave),
    ("frames", "fragment"): (ALONE_CASED, lambda x: x.fragment),
    ("frames", "first_person_verbs"): (ALONE, lambda x: x.first_person_verb),
    ("scope", "generic_plural"): (Kind(_around("^", "$"), probe=_mention_texts), lambda x: x.generic_plural),
    ("scope", "plural_after"): (Kind(_around(r"[\s-]+", r"\b")), lambda x: x.plural_after),
    ("scope", "plural_before"): (Kind(_around(r"\b", r"\s*$"), probe=_before_a_word), lambda x: x.plural_before),
    ("scope", "apposed_name"): (Kind(_alone(0), probe=_before_a_word), lambda x: x.apposed_name),
    ("scope", "beings"): (Kind(_around("", "$"), probe=_mention_texts), lambda x: x.being),
    ("scope", "possessor"): (ALONE, None),
    ("scope", "of_the_book"): (ALONE, None),
    ("scope", "example_leads"): (Kind(_around(r"\b", r"\s*:?\s*$"), probe=_before_a_word), lambda x: x.example_lead),
    ("scope", "third_person"): (Kind(_around(r"\b", r"\b")), lambda x: x.third_person),
    ("scope", "for_example"): (Kind(_around(r"(?<!\w)", r"\s*,?\s*$"), probe=_before_a_word), lambda x: x.for_example),
    ("scope", "others"): (Kind(_around(r"\b", r"\b")), lambda x: x.others),
    # One pattern, joined with load_lexicon's `topic` (checked below), without the other list's
    # empty branch: a pattern alone must match by itself.
    ("topic", "words"): (Kind(lambda ps, lang: _topic(ps, []), lambda p, lang: (rf"(?<![\w-])(?:(?i:{p}))(?:(?<=')|(?![\w]))", 0)),
                         None),
    ("topic", "case_sensitive"): (Kind(lambda ps, lang: _topic([], ps), lambda p, lang: (rf"(?<![\w-])(?:{p})(?![\w])", 0)),
                                  None),
    ("topic", "subject_of"): (ALONE, lambda x: x.subject_of),
    ("topic", "passive_making"): (ALONE, lambda x: x.passive_making),
    ("qualifiers", "partial"): (WORDS, lambda x: x.partial),
    ("qualifiers", "proportion"): (BARE, lambda x: x.proportion),
    ("claims", "wholly_human"): (GATED, lambda x: x.wholly_human),
    ("claims", "wholly_ai"): (GATED, lambda x: x.wholly_ai),
    ("claims", "negators"): (Kind(_negators, _negator), lambda x: x.negator),
    ("claims", "negator_clitics"): (Kind(_clitics), None),
    ("claims", "double_negation"): (BARE, lambda x: x.double_negation),
    ("claims", "not_disclosure"): (GATED, lambda x: x.not_disclosure),
    ("claims", "negated_clause"): (Kind(_around(r"^\s*", r"\b"), probe=_clause_starts), lambda x: x.negated_clause),
    ("claims", "only"): (Kind(_around(r"\s*", r"\b"), probe=_anywhere), lambda x: x.only),
    ("claims", "only_limit"): (ALONE, lambda x: x.only_limit),
    ("claims", "zero_share"): (ALONE, lambda x: x.zero_share),
    ("claims", "denial_tail"): (ALONE, lambda x: x.denial_tail),
    ("claims", "denied_use"): (Kind(_around(r"\b", r"\b")), lambda x: x.denied_use),
    ("claims", "used_for"): (ALONE, lambda x: x.used_for),
    ("claims", "qualifiers"): (Kind(_around(r"\b", r"\b")), lambda x: x.qualifier),
    ("responsibility", "affirm"): (BARE, lambda x: x.responsibility),
    ("responsibility", "by_subject"): (WORDS, lambda x: x.responsibility_by_subject),
    ("responsibility", "holder_after"): (WORDS, lambda x: x.responsibility_holder_after),
    ("responsibility", "nobody"): (WORDS, lambda x: x.nobody),
    ("responsibility", "deny"): (BARE, lambda x: x.responsibility_deny),
    ("responsibility", "name"): (ALONE_CASED, lambda x: x.name),
    ("readability", "jargon"): (WORDS, lambda x: x.jargon),
}
SYSTEM = Kind(_system)

#: Lists and values that are not regular expressions matched against text, with why.
SKIPPED: dict[tuple[str, str], str] = {
    ("text", "elisions"): "literal words, escaped; test_languages checks the words they open",
    ("ai", "triggers"): "literal lower-case words for the prefilter; test_lexicon checks them",
    ("ai", "cased"): "literal words kept in their case; test_lexicon checks them",
    ("claims_triggers", "words"): "literal lower-case words for the claims prefilter",
    ("work", "first_person"): "literal words, compiled with re.escape",
    ("work", "speakers"): "literal words, compiled with re.escape",
    ("work", "explicit_gate"): "patterns for lower-case paragraphs; test_lexicon checks them "
                               "against explicit_reference",
    **{("frames", name): "literal words compared with a lower-cased token or its ending"
       for name in ("phrase_breaks", "governing", "it_before", "not_names", "not_subjects", "human_prefixes",
                    "not_bare", "verb_endings", "verb_forms", "not_verbs", "past_endings", "past_forms", "adverb_endings",
                    "gerund_endings", "instrumental", "examples", "conjunctions", "means", "articles", "of",
                    "genitives", "possessives", "auxiliaries", "do", "genitive_strip")},
    **{("gates", name): "word gates of a list, not patterns; test_lexicon_gates checks them"
       for name in ("wholly_human", "wholly_ai", "non_text", "generic", "normative", "not_disclosure",
                    "other_works")},
    ("scope", "title_capitals"): "a number",
    ("frames", "complements"): "sides of a verb, not patterns",
    ("frames", "verb_final"): "a flag",
    ("frames", "infinitive"): "literal words compared with a lower-cased token",
    ("frames", "use_of"): "literal words compared with a lower-cased token",
    ("frames", "fused_articles"): "literal words, escaped; test_languages checks a human agent after one",
    ("readability", "max_grade"): "a number",
    ("readability", "max_jargon"): "a number",
}
#: The shared file's lists: names, not patterns (the systems are covered in every language's
#: examples that names them; shared systems in English).
SHARED_SKIPPED: dict[tuple[str, str], str] = {
    ("languages", "supported"): "language codes",
    ("languages", "fallback"): "a language code",
    ("names", "triggers"): "literal lower-case words for the prefilter; test_lexicon checks them",
    ("names", "versions"): "words after a system's name; test_lexicon checks them",
    ("roles", "ai_writing_roles"): "names of roles, not patterns",
    ("roles", "human_writing_roles"): "names of roles, not patterns",
    ("roles", "ai_typical"): "names of roles, not patterns",
    ("roles", "ai_when_named"): "names of roles, not patterns",
    ("authors", "ai"): "literal words, escaped; test_languages reads them as authors' names",
}

#: Patterns that are broken in a lexicon (owned elsewhere), keyed by (language, table, key,
#: pattern): their cases are expected to fail until the pattern is fixed, then strict xfail fails.
BROKEN: dict[tuple[str, str, str, str], str] = {}


def _covered(lang: Language) -> dict[tuple[str, str], tuple[Kind, Callable[[Lexicon], LazyPattern] | None]]:
    out = dict(COVERED)
    out.update({("roles", name): (WORDS, _role(name)) for name in _roles(lang)})
    out.update({("compounds", name): (Kind(_around("", ""), probe=_after_hyphen), _compound(name))
                for name in lang.own.get("compounds", {})})
    return out


def _systems(lang: Language, own: bool) -> dict[str, str]:
    source = lang.own if own else SHARED
    return {s["canonical"]: s["pattern"] for s in source.get("systems", [])}


def _all_patterns() -> Iterator[tuple[Language, str, str, str, Kind, str]]:
    """(language, table, key, pattern, kind, test id) for every covered pattern; systems keyed by
    name (the shared ones in English, a language's own in that language)."""
    for lang in LANG.values():
        systems = {**(_systems(lang, own=False) if lang.code == lexicon_module.FALLBACK else {}),
                   **_systems(lang, own=True)}
        for canonical, pattern in systems.items():
            yield lang, "systems", canonical, pattern, SYSTEM, f"{lang.code}:systems.{canonical}"
        for (table, key), (kind, _) in _covered(lang).items():
            value = lang.own.get(table, {}).get(key)
            if value is None:
                continue
            for i, pattern in enumerate([value] if isinstance(value, str) else value):
                yield lang, table, key, pattern, kind, f"{lang.code}:{table}.{key}[{i}]"


def _cases() -> Iterator[Any]:
    for lang, table, key, pattern, kind, case_id in _all_patterns():
        reason = BROKEN.get((lang.code, table, key, pattern))
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        yield pytest.param(lang.code, table, key, pattern, kind, id=case_id, marks=marks)


def test_broken_patterns_are_still_in_the_lexicon() -> None:
    """A BROKEN entry whose pattern was fixed (and so changed) is stale: remove it."""
    present = {(lang.code, table, key, pattern) for lang, table, key, pattern, _, _ in _all_patterns()}
    assert not sorted(set(BROKEN) - present), "BROKEN names patterns the lexicon no longer has"


def _examples(lang: Language, table: str, key: str) -> list[str]:
    examples = lang.examples.get(table, {}).get(key, [])
    assert isinstance(examples, list)
    return [normalise(e) for e in examples]


@pytest.mark.parametrize(("code", "table", "key", "pattern", "kind"), list(_cases()))
def test_every_pattern_matches_an_example_of_its_own(code: str, table: str, key: str, pattern: str,
                                                     kind: Kind) -> None:
    lang = LANG[code]
    source, flags = kind.one(pattern, lang)
    compiled = re.compile(source, flags)
    examples = _examples(lang, table, key)
    assert examples, f"{code}: {table}.{key}: no examples in {EXAMPLES_DIR.name}/{code}.toml"
    matches = [m for e in examples for m in kind.probe(compiled, e, lang)]
    assert matches, f"{code}: {table}.{key}: pattern {pattern!r} matches none of its {len(examples)} examples"
    assert any(matches), f"{code}: {table}.{key}: pattern {pattern!r} matches only empty strings"


def _lists(data: dict[str, Any]) -> Iterator[tuple[str, str]]:
    for table, value in data.items():
        if table == "systems":
            yield from {("systems", k) for s in value for k in s}
        elif table in ("roles", "compounds"):
            yield from ((table, key) for key in value if table != "roles" or key not in SHARED["roles"])
        else:
            yield from ((table, key) for key in value)


_SYSTEM_KEYS = {("systems", "pattern"): "covered", ("systems", "canonical"): "a name",
                ("systems", "vendor"): "a name", ("systems", "ambiguous"): "a flag", ("systems", "plain"): "a flag"}


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_lexicon_list_is_covered_or_skipped(code: str) -> None:
    lang = LANG[code]
    covered = {k for k in _covered(lang) if k[0] not in ("roles", "compounds")}
    known = covered | set(SKIPPED) | set(_SYSTEM_KEYS) | {k for k in _covered(lang) if k[0] in ("roles", "compounds")}
    present = set(_lists(lang.own))
    missing = sorted(present - known)
    assert not missing, f"{code}.toml: lists neither covered nor skipped here: {missing}"
    # Every language has every list (a language may leave a list empty, never out).
    absent = sorted(k for k in (covered | set(SKIPPED)) if k not in present)
    assert not absent, f"{code}.toml lacks lists the analysis reads: {absent}"
    assert not set(COVERED) & set(SKIPPED)


def test_every_shared_list_is_covered_or_skipped() -> None:
    present = {k for k in _lists(SHARED) if k[0] not in ("systems", "language_names")}
    present |= {("roles", k) for k in SHARED["roles"]}
    assert present == set(SHARED_SKIPPED)
    assert set(_lists({"systems": SHARED["systems"]})) <= set(_SYSTEM_KEYS)


@pytest.mark.parametrize("code", LANGUAGES)
def test_examples_file_has_only_covered_lists(code: str) -> None:
    lang = LANG[code]
    tables = {(t, k) for t, v in lang.examples.items() if t != "systems" for k in v}
    assert not sorted(tables - set(_covered(lang))), "examples for lists the test does not cover"
    want = set(_systems(lang, own=True)) | (set(_systems(lang, own=False)) if code == lexicon_module.FALLBACK else set())
    assert set(lang.examples.get("systems", {})) == want, "systems' examples must be keyed by canonical name"


def _compiled_cases() -> Iterator[Any]:
    for lang in LANG.values():
        for (table, key), (_, field) in _covered(lang).items():
            if field is not None:
                yield pytest.param(lang.code, table, key, id=f"{lang.code}:{table}.{key}")


@pytest.mark.parametrize(("code", "table", "key"), list(_compiled_cases()))
def test_compiled_here_as_load_lexicon_compiles(code: str, table: str, key: str) -> None:
    """The compilers above are load_lexicon's: a pattern alone is tested as the analysis uses it."""
    lang = LANG[code]
    kind, field = _covered(lang)[(table, key)]
    assert field is not None
    assert kind.of(lang.data[table][key], lang) == _lazy(field(lang.lex)), f"{code}: {table}.{key} is compiled differently"


@pytest.mark.parametrize("code", LANGUAGES)
def test_joined_lists_compiled_as_load_lexicon_compiles(code: str) -> None:
    lang = LANG[code]
    data, lex = lang.data, lang.lex
    assert _topic(data["topic"]["words"], data["topic"]["case_sensitive"]) == _lazy(lex.topic)
    assert lex.abbreviation.pattern.startswith(r"(?:\b(?:" + "|".join(data["text"]["abbreviations"]) + ")")
    assert all(f"|{b}" in lex.clause_break.pattern for b in data["text"]["clause_breaks"])
    assert _around(r"(?<![\w'])", r"(?![\w'])")([*data["frames"]["it"], *data["frames"]["its"]], lang) == _lazy(lex.it)
    assert (lex.possessor, lex.of_the_book) == (lexicon_module._optional(data["scope"]["possessor"]),
                                                lexicon_module._optional(data["scope"]["of_the_book"]))


@pytest.mark.parametrize("code", LANGUAGES)
def test_systems_compiled_as_load_lexicon_compiles(code: str) -> None:
    lang = LANG[code]
    systems = {**_systems(lang, own=False), **_systems(lang, own=True)}
    for system in lang.lex.systems:
        assert SYSTEM.one(systems[system.canonical], lang) == _lazy(system.pattern), system.canonical


def _strings(value: object, where: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, f"{where}.{k}" if where else k)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _strings(v, f"{where}[{i}]")


_FILES = {path.stem: parse_toml(path.read_text("utf-8")) for path in sorted(DATA.glob("*.toml"))}


@pytest.mark.parametrize("name", sorted(_FILES))
def test_no_control_characters_in_the_lexicon(name: str) -> None:
    """`"\\b"` in a double-quoted TOML string is a backspace, not a word boundary."""
    bad = [(where, s) for where, s in _strings(_FILES[name], "") if any(unicodedata.category(c) == "Cc" for c in s)]
    assert not bad, f"control characters (a backslash escape in a double-quoted TOML string?): {bad}"


@pytest.mark.parametrize("name", sorted(_FILES))
def test_no_literal_backslash_in_a_pattern(name: str) -> None:
    """`'\\\\w'` in a literal TOML string is a regex for a backslash, which normalised prose never has."""
    bad = [(where, s) for where, s in _strings(_FILES[name], "") if "\\\\" in s]
    assert not bad, f"patterns that look for a literal backslash: {bad}"


def test_every_lexicon_file_is_a_supported_language() -> None:
    """A file beside the others that no one reads is a language left half-added."""
    assert set(_FILES) == {"shared", *LANGUAGES}
