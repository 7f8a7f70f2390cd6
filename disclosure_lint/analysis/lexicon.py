"""Loads `lexicon.toml` (the data) and compiles it into the regular expressions the analysis uses.

The word "AI" is matched case-sensitively everywhere, so that "Al" (a name), lower-case "ai"
and French "j'ai" never count; every other pattern ignores case.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from .. import cache
from .. import patterns as rx
from ..names import PHRASE_KEYS
from ..patterns import LazyPattern

if not TYPE_CHECKING:
    from ..records import NamedTuple  # typing.NamedTuple, cheaper to define (see records)

_AI_TOKEN = rx.compile(r"(?<![\w\\(])AI(?!\w)")


def _case_ai(pattern: str) -> str:
    """Make every literal `AI` in a pattern case-sensitive inside an IGNORECASE regex."""
    return _AI_TOKEN.sub("(?-i:AI)", pattern)


def _human_case(pattern: str) -> str:
    """An agent pattern in a case-insensitive list ("The author", "We" at a sentence's start), but
    "I" and a capitalised name ("Bluefin Press") only with their case."""
    if pattern.startswith(("I", "[A-Z]")):
        return f"(?-i:{pattern})"
    return f"(?:{_case_ai(pattern)})"


def _alternation(patterns: Iterable[str], *, words: bool = True, gate: Sequence[str] | None = None,
                 ) -> LazyPattern:
    """One pattern for a list. `words`: each match is whole words. `gate`: word prefixes one of
    which every match starts a word with (see `GatedPattern`); the list is then also anchored at
    a word's start, so that a match never begins inside a word ("all human" in "all humankind")."""
    body = "|".join(f"(?:{_case_ai(p)})" for p in patterns)
    if not body:
        return LazyPattern(r"(?!x)x")
    if words:
        body = rf"(?<![\w-])(?:{body})(?![\w])"
    elif gate is not None:
        body = rf"(?<!\w)(?:{body})"
    if gate is not None:
        return GatedPattern(body, re.IGNORECASE, tuple(gate))
    return LazyPattern(body, re.IGNORECASE)


_WORD = re.compile(r"\w+")


class GatedPattern(LazyPattern):
    """A pattern searched only in text that has a word starting with one of its gate prefixes.

    A big list (the claims, the rules and policies, what is not the text) costs milliseconds to
    compile, and a book that never needs it should not pay that in a cold run: a sentence with
    none of the gate words cannot match, so it is answered without compiling. Every match of
    the pattern starts a word with a gate prefix (tests check this on strings generated from the
    patterns), so the gate never changes an answer.
    """

    __slots__ = ("prefixes", "words")

    def __init__(self, pattern: str, flags: int, gate: tuple[str, ...]) -> None:
        super().__init__(pattern, flags)
        #: Word beginnings, and whole words (written `word$` in the data).
        self.prefixes = tuple(g for g in gate if not g.endswith("$"))
        self.words = frozenset(g[:-1] for g in gate if g.endswith("$"))

    def opens(self, string: str) -> bool:
        """Could the pattern match in `string`? (A word that starts with a prefix, or is a word.)"""
        prefixes, words = self.prefixes, self.words
        if any(w in words or w.startswith(prefixes) for w in _WORD.findall(string.casefold())):
            return True
        # `re.IGNORECASE` compares letter by letter, as `lower()` does; `casefold()` may join a
        # combining mark to the word before it ("text\u0345" folds to "textι", one word, where the
        # pattern sees "text" and a mark). Beyond ASCII, where the two differ, ask both.
        if string.isascii():
            return False
        return any(w in words or w.startswith(prefixes) for w in _WORD.findall(string.lower()))

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        if not self.opens(string[pos:endpos]):
            return None
        return super().search(string, pos, endpos)

    def finditer(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        if not self.opens(string[pos:endpos]):
            return iter(())
        return super().finditer(string, pos, endpos)


class System(NamedTuple):
    """An AI system the analysis recognises by name."""

    canonical: str
    vendor: str
    pattern: LazyPattern
    ambiguous: bool
    #: Does the name tell a typical reader it is AI? (False: "Automated Insights".)
    plain: bool = True


class Lexicon(NamedTuple):
    """Compiled lexicon. Build with `load_lexicon()`; extra phrases come from config."""

    systems: tuple[System, ...]
    #: The makers of the systems ("OpenAI", "Anthropic"): the AI's side, never a human author.
    vendors: frozenset[str]
    ai_token: LazyPattern
    plain_ai: LazyPattern
    euphemism: LazyPattern
    ai_context: LazyPattern
    person_cue: LazyPattern
    self_reference: LazyPattern
    explicit_reference: LazyPattern
    first_person: LazyPattern
    roles: Mapping[str, LazyPattern]
    ai_writing_roles: frozenset[str]
    human_writing_roles: frozenset[str]
    ai_typical: frozenset[str]
    human_agent: LazyPattern
    instrument: LazyPattern
    assistance: LazyPattern
    generic: LazyPattern
    other_works: LazyPattern
    #: Frames (see `[frames]` in lexicon.toml): words that end a noun phrase, prepositions that
    #: govern a mention, verbs of using a tool, purpose words, collaboration, references back.
    phrase_breaks: frozenset[str]
    governing: frozenset[str]
    use_verb: LazyPattern
    purpose: LazyPattern
    collaboration: LazyPattern
    anaphor: LazyPattern
    it_before: frozenset[str]
    it_after: LazyPattern
    its_object: LazyPattern
    non_text: LazyPattern
    text_noun: LazyPattern
    normative: LazyPattern
    partial: LazyPattern
    proportion: LazyPattern
    wholly_human: LazyPattern
    wholly_ai: LazyPattern
    negator: LazyPattern
    double_negation: LazyPattern
    not_disclosure: LazyPattern
    #: Responsibility whose holder is in the words ("the errors are mine").
    responsibility: LazyPattern
    #: Responsibility taken by the subject of a verb ("the author takes ...", "X is responsible").
    responsibility_by_subject: LazyPattern
    #: Responsibility that rests with whoever follows ("... rests with the author").
    responsibility_holder_after: LazyPattern
    nobody: LazyPattern
    responsibility_deny: LazyPattern
    jargon: LazyPattern
    topic: LazyPattern
    max_grade: float
    max_jargon: int
    #: Could this text mention AI at all? Only built when config adds AI phrases (regular
    #: expressions with no literal trigger); otherwise `triggers` answer, much faster.
    prefilter: re.Pattern[str] | None
    #: Literal lower-case words one of which every AI mention contains (analysis.prefilter).
    triggers: tuple[str, ...]
    #: Literal lower-case words one of which every responsibility or wholly-human sentence
    #: without AI contains; None when config adds such phrases (then every sentence is read).
    claims_triggers: tuple[str, ...] | None
    #: Matches the lower-case text of every paragraph that could hold an explicit reference
    #: (analysis.prefilter.references).
    explicit_gate: re.Pattern[str]
    extra: Mapping[str, tuple[str, ...]] = {}  # typed read-only: never mutated

    def candidates(self, texts: Sequence[str]) -> set[int]:
        """Indexes of texts that could mention AI (fast literal search; see analysis.prefilter).

        A user's extra AI phrases are regular expressions with no literal trigger, so with them the
        full prefilter pattern is used instead.
        """
        if self.prefilter is not None:
            return {i for i, t in enumerate(texts) if self.prefilter.search(t)}
        from .prefilter import candidates

        return candidates(texts, self.triggers)

    def first_role(self, text: str, pos: int = 0) -> int | None:
        """Where the first making word of any role ("drafted", "revised") starts from `pos` on."""
        starts = [m.start() for p in self.roles.values() if (m := p.search(text, pos)) is not None]
        return min(starts) if starts else None

    def role_at(self, text: str, pos: int) -> bool:
        """Does a making word of any role start at `pos`?"""
        return any(p.match(text, pos) for p in self.roles.values())

    def making_at(self, text: str, pos: int) -> bool:
        """Does a making word of a definite role (not a vague one such as "used", "tools") start at `pos`?"""
        return any(p.match(text, pos) for name, p in self.roles.items() if name != "vague")

    def references(self, texts: Sequence[str]) -> set[int]:
        """Indexes of texts that could hold an explicit reference to the work ("this book")."""
        from .prefilter import references

        return references(texts, self.explicit_gate)

    def system_vendor(self, name: str) -> str | None:
        """The maker of a system named by a user (`--model claude-3-opus` → Anthropic)."""
        for system in self.systems:
            if system.pattern.fullmatch(name.strip()) or system.canonical.lower() == name.strip().lower():
                return system.vendor
        for system in self.systems:
            if system.pattern.match(name.strip()):
                return system.vendor
        return None

    def canonical(self, name: str) -> str | None:
        """The canonical name of a system as a user or a text writes it ("gpt4" → "GPT-4")."""
        for system in self.systems:
            if system.pattern.fullmatch(name.strip()):
                return system.canonical
        return None


def _raw(*, fresh: bool = False) -> tuple[dict[str, Any], bool]:
    """The lexicon's data: `lexicon.toml` beside this module (package data), parsed; and whether
    it came from the cache.

    Parsing TOML is done in Python and costs several milliseconds at every start, so the parsed
    data is kept beside the bytecode (`cache`) with the text it came from, and used again while
    the file is unchanged. `fresh`: parse the file and rewrite the cache (a cached value that the
    lexicon cannot be built from is never used twice).
    """
    text = (Path(__file__).parent / "lexicon.toml").read_text("utf-8")
    header = ("disclosure-lint lexicon 1", text)
    data = None if fresh else cache.load("lexicon", header)
    if isinstance(data, dict):
        return data, True
    from ..config import parse_toml

    data = parse_toml(text)
    cache.store("lexicon", header, data)
    return data, False


@lru_cache(maxsize=8)
def load_lexicon(extra: tuple[tuple[str, tuple[str, ...]], ...] = ()) -> Lexicon:
    """Compile the lexicon, with extra phrases from config (key → patterns) appended."""
    data, cached = _raw()
    if not cached:
        return _build(data, extra)
    try:
        _check_shape(data)
        return _build(data, extra)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError, re.error):
        # A cached value of the right format but not the lexicon's shape: parse the file again.
        return _build(_raw(fresh=True)[0], extra)


def _check_shape(data: dict[str, Any]) -> None:
    """Raise when cached data is not of the shape `lexicon.toml` gives: tables of word lists
    (strings), numbers and strings, and systems with a name, a maker and a pattern."""
    for table, values in data.items():
        if table == "systems":
            if not isinstance(values, list) or not all(
                    isinstance(s, dict) and all(isinstance(s.get(k), str) for k in ("canonical", "vendor", "pattern"))
                    for s in values):
                raise TypeError("systems")
            continue
        if not isinstance(values, dict):
            raise TypeError(table)
        for name, value in values.items():
            if isinstance(value, list):
                if not all(isinstance(v, str) for v in value):
                    raise TypeError(f"{table}.{name}")
            elif not isinstance(value, (str, int, float)):
                raise TypeError(f"{table}.{name}")


def _build(data: dict[str, Any], extra: tuple[tuple[str, tuple[str, ...]], ...]) -> Lexicon:
    for key, patterns in extra:
        table, name = PHRASE_KEYS[key]
        data[table][name] = list(data[table][name]) + list(patterns)
    systems = tuple(
        System(s["canonical"], s["vendor"], LazyPattern(rf"(?<![\w-])(?:{s['pattern']})(?![\w])",
                                                        re.IGNORECASE), bool(s.get("ambiguous")),
               bool(s.get("plain", True)))
        for s in data["systems"]
    )
    roles_data: dict[str, list[str]] = {
        k: v for k, v in data["roles"].items() if isinstance(v, list) and k not in (
            "ai_writing_roles", "human_writing_roles", "ai_typical")
    }
    roles = {name: _alternation(patterns) for name, patterns in roles_data.items()}
    readability = data["readability"]
    frames = data["frames"]
    # A list a user extends in config has no gate: their phrases may start with any word.
    extended = {PHRASE_KEYS[key][1] for key, _ in extra}
    gates = {name: words for name, words in data["gates"].items() if name not in extended}
    ai_words = list(data["ai"]["plain"]) + list(data["ai"]["euphemisms"]) + [s["pattern"] for s in data["systems"]]
    prefilter = None
    if any(key in ("ai-terms", "euphemisms") for key, _ in extra):
        prefilter = rx.compile(
            "|".join(f"(?:{p})" for p in ai_words) + r"|(?<![\w'])(?-i:AI)(?!\w)|openai|anthropic",
            re.IGNORECASE,
        )
    return Lexicon(
        systems=systems,
        vendors=frozenset(s["vendor"] for s in data["systems"]) | {"OpenAI", "Anthropic", "Google", "Meta", "Microsoft"},
        ai_token=LazyPattern(r"(?<![\w'])AI(?![\w'])"),
        plain_ai=_alternation(data["ai"]["plain"]),
        euphemism=_alternation(data["ai"]["euphemisms"]),
        ai_context=_alternation(data["ai"]["context"]),
        # "my friend Claude", "My father, Claude,": a cue, or a cue and a comma, right before the name
        person_cue=LazyPattern(r"(?:^|\W)(?:" + "|".join(data["ai"]["person_cues"]) + r"),?\s+$", re.IGNORECASE),
        self_reference=_alternation(data["work"]["self_reference"]),
        explicit_reference=_alternation(data["work"]["explicit_reference"]),
        # "I" with its case (a lower-case "i" is a typo or a numeral); "We", "My" at a sentence's start.
        first_person=LazyPattern(r"(?<![\w'])(?:" + "|".join(
            re.escape(w) if w.startswith("I") else f"(?i:{re.escape(w)})" for w in data["work"]["first_person"])
                                + r")(?![\w'])"),
        roles=roles,
        ai_writing_roles=frozenset(data["roles"]["ai_writing_roles"]),
        human_writing_roles=frozenset(data["roles"]["human_writing_roles"]),
        ai_typical=frozenset(data["roles"]["ai_typical"]),
        human_agent=LazyPattern(
            r"(?<![\w'])(?:" + "|".join(_human_case(p) for p in data["agents"]["human"]) + r")(?![\w'])",
            re.IGNORECASE,
        ),
        instrument=_alternation(data["agents"]["instrument"]),
        assistance=_alternation(data["agents"]["assistance"]),
        generic=_alternation(frames["generic"], words=False, gate=gates.get("generic")),
        other_works=_alternation(frames["other_works"], words=False, gate=gates.get("other_works")),
        phrase_breaks=frozenset(frames["phrase_breaks"]),
        governing=frozenset(frames["governing"]),
        use_verb=_alternation(frames["use_verbs"]),
        purpose=_alternation(frames["purpose"]),
        collaboration=_alternation(frames["collaboration"]),
        anaphor=_alternation(frames["anaphors"]),
        it_before=frozenset(frames["it_before"]),
        it_after=LazyPattern(r"(?<![\w'])(?:" + "|".join(frames["it_after"]) + r")\s+$", re.IGNORECASE),
        its_object=LazyPattern(r"\s+(?:[\w-]+\s+)??(?:" + "|".join(frames["its_objects"]) + r")(?![\w])",
                               re.IGNORECASE),
        non_text=_alternation(frames["non_text"], gate=gates.get("non_text")),
        text_noun=_alternation(frames["text_nouns"]),
        normative=_alternation(frames["normative"], words=False, gate=gates.get("normative")),
        partial=_alternation(data["qualifiers"]["partial"]),
        proportion=_alternation(data["qualifiers"]["proportion"], words=False),
        wholly_human=_alternation(data["claims"]["wholly_human"], words=False, gate=gates.get("wholly_human")),
        wholly_ai=_alternation(data["claims"]["wholly_ai"], words=False, gate=gates.get("wholly_ai")),
        negator=LazyPattern(r"(?:(?<![\w'])(?:" + "|".join(
            p for p in data["claims"]["negators"] if p != "n't") + r")(?![\w'])|n't\b)", re.IGNORECASE),
        double_negation=_alternation(data["claims"]["double_negation"], words=False),
        not_disclosure=_alternation(data["claims"]["not_disclosure"], words=False,
                                    gate=gates.get("not_disclosure")),
        responsibility=_alternation(data["responsibility"]["affirm"], words=False),
        responsibility_by_subject=_alternation(data["responsibility"]["by_subject"]),
        responsibility_holder_after=_alternation(data["responsibility"]["holder_after"]),
        nobody=_alternation(data["responsibility"]["nobody"]),
        responsibility_deny=_alternation(data["responsibility"]["deny"], words=False),
        jargon=_alternation(readability["jargon"]),
        topic=LazyPattern(r"(?<![\w-])(?:(?i:" + "|".join(data["topic"]["words"]) + ")|"
                          + "|".join(data["topic"]["case_sensitive"]) + r")(?![\w])"),
        max_grade=float(readability["max_grade"]),
        max_jargon=int(readability["max_jargon"]),
        prefilter=prefilter,
        triggers=tuple(data["ai"]["triggers"]),
        claims_triggers=None if any(k in ("responsibility", "wholly-human") for k, _ in extra)
        else tuple(data["claims_triggers"]["words"]),
        explicit_gate=rx.compile(data["work"]["explicit_gate"]),
        extra=dict(extra),
    )
