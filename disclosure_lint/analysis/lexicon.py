"""Loads `lexicon.toml` (the data) and compiles it into the regular expressions the analysis uses.

The word "AI" is matched case-sensitively everywhere, so that "Al" (a name), lower-case "ai"
and French "j'ai" never count; every other pattern ignores case.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from .. import cache
from .. import patterns as rx
from ..patterns import LazyPattern

if not TYPE_CHECKING:
    from ..records import NamedTuple  # typing.NamedTuple, cheaper to define (see records)

_AI_TOKEN = rx.compile(r"(?<![\w\\(])AI(?!\w)")


def _case_ai(pattern: str) -> str:
    """Make every literal `AI` in a pattern case-sensitive inside an IGNORECASE regex."""
    return _AI_TOKEN.sub("(?-i:AI)", pattern)


def _alternation(patterns: Iterable[str], *, words: bool = True) -> LazyPattern:
    body = "|".join(f"(?:{_case_ai(p)})" for p in patterns)
    if not body:
        return LazyPattern(r"(?!x)x")
    if words:
        body = rf"(?<![\w-])(?:{body})(?![\w])"
    return LazyPattern(body, re.IGNORECASE)


class System(NamedTuple):
    """An AI system the analysis recognises by name."""

    canonical: str
    vendor: str
    pattern: LazyPattern
    ambiguous: bool


class Lexicon(NamedTuple):
    """Compiled lexicon. Build with `load_lexicon()`; extra phrases come from config."""

    systems: tuple[System, ...]
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
    by_word: LazyPattern
    instrument: LazyPattern
    partial: LazyPattern
    proportion: LazyPattern
    wholly: LazyPattern
    wholly_human: LazyPattern
    wholly_ai: LazyPattern
    negator: LazyPattern
    double_negation: LazyPattern
    not_disclosure: LazyPattern
    responsibility: LazyPattern
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


#: Topic words: a sentence that says a book is *about* AI is not a disclosure that AI wrote it.
_TOPIC = (r"(?i:about|explores?|exploring|imagines?|imagining|tells (?:of|the story)|story of|follows|"
          r"is set|set in|a world (?:where|in which)|features?|stars|starring|protagonist|narrator|"
          r"characters?|themes?|plot|fictional|fiction about|novel about|meditation on|thriller|"
          r"(?:prophecy|vision|history|idea|notion|concept|myths?|fears?|dreams?|promise|dangers?|rise|"
          r"age|era|future|ethics|philosophy|study|science|pioneers?|inventors?) of|"
          r"(?:an?|the) (?:AI|robot|android|machine|computer)s? (?:named|called|who|that|whose))|"
          r"(?:named|called) [A-Z]")

#: Config [phrases] keys → the lexicon lists they extend.
PHRASE_KEYS: dict[str, tuple[str, str]] = {
    "ai-terms": ("ai", "plain"),
    "euphemisms": ("ai", "euphemisms"),
    "responsibility": ("responsibility", "affirm"),
    "not-disclosure": ("claims", "not_disclosure"),
    "wholly-human": ("claims", "wholly_human"),
    "self-reference": ("work", "self_reference"),
}


def _raw() -> dict[str, Any]:
    """The lexicon's data: `lexicon.toml` beside this module (package data), parsed.

    Parsing TOML is done in Python and costs several milliseconds at every start, so the parsed
    data is kept beside the bytecode (`cache`) with the text it came from, and used again while
    the file is unchanged.
    """
    text = (Path(__file__).parent / "lexicon.toml").read_text("utf-8")
    header = ("disclosure-lint lexicon 1", text)
    data = cache.load("lexicon", header)
    if not isinstance(data, dict):
        from ..config import parse_toml

        data = parse_toml(text)
        cache.store("lexicon", header, data)
    return data


@lru_cache(maxsize=8)
def load_lexicon(extra: tuple[tuple[str, tuple[str, ...]], ...] = ()) -> Lexicon:
    """Compile the lexicon, with extra phrases from config (key → patterns) appended."""
    data = _raw()
    for key, patterns in extra:
        table, name = PHRASE_KEYS[key]
        data[table][name] = list(data[table][name]) + list(patterns)
    systems = tuple(
        System(s["canonical"], s["vendor"], LazyPattern(rf"(?<![\w-])(?:{s['pattern']})(?![\w])",
                                                        re.IGNORECASE), bool(s.get("ambiguous")))
        for s in data["systems"]
    )
    roles_data: dict[str, list[str]] = {
        k: v for k, v in data["roles"].items() if isinstance(v, list) and k not in (
            "ai_writing_roles", "human_writing_roles", "ai_typical")
    }
    roles = {name: _alternation(patterns) for name, patterns in roles_data.items()}
    readability = data["readability"]
    ai_words = list(data["ai"]["plain"]) + list(data["ai"]["euphemisms"]) + [s["pattern"] for s in data["systems"]]
    prefilter = None
    if any(key in ("ai-terms", "euphemisms") for key, _ in extra):
        prefilter = rx.compile(
            "|".join(f"(?:{p})" for p in ai_words) + r"|(?<![\w'])(?-i:AI)(?!\w)|openai|anthropic",
            re.IGNORECASE,
        )
    return Lexicon(
        systems=systems,
        ai_token=LazyPattern(r"(?<![\w'])AI(?![\w'])"),
        plain_ai=_alternation(data["ai"]["plain"]),
        euphemism=_alternation(data["ai"]["euphemisms"]),
        ai_context=_alternation(data["ai"]["context"]),
        person_cue=LazyPattern(r"(?:^|\W)(?:" + "|".join(data["ai"]["person_cues"]) + r")\s+$", re.IGNORECASE),
        self_reference=_alternation(data["work"]["self_reference"]),
        explicit_reference=_alternation(data["work"]["explicit_reference"]),
        first_person=LazyPattern(r"(?<![\w'])(?:" + "|".join(re.escape(w) for w in data["work"]["first_person"])
                                + r")(?![\w'])"),
        roles=roles,
        ai_writing_roles=frozenset(data["roles"]["ai_writing_roles"]),
        human_writing_roles=frozenset(data["roles"]["human_writing_roles"]),
        ai_typical=frozenset(data["roles"]["ai_typical"]),
        human_agent=LazyPattern(
            r"(?<![\w'])(?:" + "|".join(f"(?:{_case_ai(p)})" for p in data["agents"]["human"]) + r")(?![\w'])"
        ),
        by_word=_alternation(data["agents"]["by"]),
        instrument=_alternation(data["agents"]["instrument"]),
        partial=_alternation(data["qualifiers"]["partial"]),
        proportion=_alternation(data["qualifiers"]["proportion"], words=False),
        wholly=_alternation(data["qualifiers"]["wholly"], words=False),
        wholly_human=_alternation(data["claims"]["wholly_human"], words=False),
        wholly_ai=_alternation(data["claims"]["wholly_ai"], words=False),
        negator=LazyPattern(r"(?:(?<![\w'])(?:" + "|".join(
            p for p in data["claims"]["negators"] if p != "n't") + r")(?![\w'])|n't\b)", re.IGNORECASE),
        double_negation=_alternation(data["claims"]["double_negation"], words=False),
        not_disclosure=_alternation(data["claims"]["not_disclosure"], words=False),
        responsibility=_alternation(data["responsibility"]["affirm"], words=False),
        responsibility_deny=_alternation(data["responsibility"]["deny"], words=False),
        jargon=_alternation(readability["jargon"]),
        topic=LazyPattern(rf"(?<![\w-])(?:{_TOPIC})(?![\w])"),
        max_grade=float(readability["max_grade"]),
        max_jargon=int(readability["max_jargon"]),
        prefilter=prefilter,
        triggers=tuple(data["ai"]["triggers"]),
        claims_triggers=None if any(k in ("responsibility", "wholly-human") for k, _ in extra)
        else tuple(data["claims_triggers"]["words"]),
        explicit_gate=rx.compile(data["work"]["explicit_gate"]),
        extra=dict(extra),
    )
