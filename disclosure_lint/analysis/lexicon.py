"""Loads a language's lexicon (the data in `lexicon/`) and compiles it into the regular
expressions the analysis uses.

Each language has a file of its own (`lexicon/en.toml`, `fr.toml` ...), merged with the part every
language shares (`lexicon/shared.toml`: the AI systems by name, the names of the roles); a book
(or a section) is read with its language's lexicon, and the matching code is the same for every
language. A language without a file is read with the fallback (English) one.

The `cased` AI words ("AI", French "IA", German "KI") are matched with their case everywhere, so
that "Al" (a name), lower-case "ai" and French "j'ai" never count; every other pattern ignores
case unless the data says otherwise.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from .. import cache, literals, packed
from .. import patterns as rx
from ..names import PHRASE_KEYS
from ..patterns import LazyPattern

if not TYPE_CHECKING:
    from ..records import NamedTuple  # typing.NamedTuple, cheaper to define (see records)

#: The lexicon files: `shared.toml` and one `<language>.toml` a language.
DATA = Path(__file__).parent / "lexicon"

#: What the analysis falls back to for a book in a language without a lexicon (and what
#: `shared.toml` is checked against).
FALLBACK = "en"


def _case_words(pattern: str, cased: Sequence[str]) -> str:
    """Make every literal `cased` word ("AI") in a pattern case-sensitive inside an IGNORECASE regex."""
    for word in cased:
        if word in pattern:  # most patterns hold none: no substitution to look up
            pattern = re.sub(rf"(?<![\w\\(]){re.escape(word)}(?!\w)", f"(?-i:{word})", pattern)
    return pattern


def _human_case(pattern: str, cased: Sequence[str]) -> str:
    """An agent pattern in a case-insensitive list ("The author", "We" at a sentence's start), but
    a word written with a capital ("I") and a capitalised name ("Bluefin Press") only with their case."""
    if pattern[:1].isupper() or pattern.startswith("[A-Z]"):
        return f"(?-i:{pattern})"
    return f"(?:{_case_words(pattern, cased)})"


def _alternation(patterns: Iterable[str], *, words: bool = True, gate: Sequence[str] | None = None,
                 cased: Sequence[str], language: str = "") -> LazyPattern:
    """One pattern for a list. `words`: each match is whole words. `gate`: word prefixes one of
    which every match starts a word with (see `GatedPattern`); the list is then also anchored at
    a word's start, so that a match never begins inside a word ("all human" in "all humankind").
    `cased`: the words kept in their case. `language`: the lexicon's (see `literal_index`)."""
    alternatives = tuple(f"(?:{_case_words(p, cased)})" for p in patterns)
    if not alternatives:
        return LazyPattern(r"(?!x)x")
    body = "|".join(alternatives)
    before = after = ""
    if words:
        # whole words, but a match may end with an elided word ("à l'aide d'") before its word
        # (a list without an apostrophe has no such end: its pattern is the shorter)
        end = r"(?:(?<=')|(?![\w]))" if "'" in body or r"\x27" in body else r"(?![\w])"
        before, after = r"(?<![\w-])(?:", rf"){end}"
    elif gate is not None:
        before, after = r"(?<!\w)(?:", ")"
    if gate is not None:
        return GatedPattern(before, alternatives, after, re.IGNORECASE, tuple(gate), language)
    return Alternatives(before, alternatives, after, re.IGNORECASE, language)


_NEVER = r"(?!x)x"


def _listed(words: Iterable[str], before: str, after: str, flags: int = re.IGNORECASE) -> LazyPattern:
    """A list of words (or short patterns) as one pattern between `before` and `after` (an empty
    list: a pattern that never matches)."""
    body = "|".join(words)
    return LazyPattern(f"{before}(?:{body}){after}" if body else _NEVER, flags)


def _one(value: str | Sequence[str], flags: int = re.IGNORECASE) -> LazyPattern:
    """A pattern the data gives alone, or as a list of alternatives (an empty one never matches:
    a language without the construction)."""
    if isinstance(value, str):
        return LazyPattern(value, flags)
    return _listed(value, "", "", flags)


def _as_list(value: str | Sequence[str]) -> list[str]:
    """A pattern the data gives alone or as a list, as a list."""
    return [value] if isinstance(value, str) else list(value)


def _optional(value: str | Sequence[str]) -> str:
    """An optional piece of a pattern, given alone or as a list (an empty list: nothing)."""
    if isinstance(value, str):
        return value
    return f"(?:{'|'.join(value)})?" if value else ""


def _ending(pieces: Iterable[tuple[str, bool]], end: str) -> str:
    """Alternatives (pattern, elided), each whole: `end` after every one but an elided word ("j'"),
    which its word follows. Written as runs (`(?:a|b)end|c'|(?:d)end`), in their order, so the
    pattern is no longer than one `end` a run."""
    out: list[str] = []
    run: list[str] = []
    for pattern, elided in pieces:
        if elided:
            if run:
                out.append(f"(?:{'|'.join(run)}){end}")
                run = []
            out.append(pattern)
        else:
            run.append(pattern)
    if run:
        out.append(f"(?:{'|'.join(run)}){end}")
    return "|".join(out)


def _bounded(words: Iterable[str]) -> str:
    """Literal words, whole: each ends at a word's end, but an elided one ("j'") before its word."""
    return _ending((((f"(?i:{re.escape(w)})" if not w[:1].isupper() else re.escape(w)), w.endswith("'"))
                    for w in words), r"(?![\w'])")


def cased_token(cased: Sequence[str], elisions: Sequence[str]) -> str:
    """The `cased` AI words as a pattern of their own: with their case, as whole words, never right
    after an apostrophe ("j'AI") except the one of an elided word ("l'IA").

    Written to start with each word's first letter (the look-behind follows it), so that `re`
    scans for that letter instead of trying every position.
    """
    out = []
    for word in sorted(cased, key=len, reverse=True):
        first, rest = re.escape(word[0]), re.escape(word[1:])
        allowed = "|".join(f"(?<=(?<![\\w'])(?i:{re.escape(e[:-1])})'{first})" for e in elisions if e.endswith("'"))
        before = f"(?<!\\w{first})(?:(?<!'{first})|{allowed})" if allowed else f"(?<![\\w']{first})"
        out.append(f"{first}{before}{rest}")
    return f"(?:{'|'.join(out)})(?![\\w'])" if out else r"(?!x)x"


_WORD = re.compile(r"\w+")


def human_start(fused: Sequence[str]) -> str:
    """Where a human agent may start: at a word's start, or right after a preposition fused with
    an elided article (Italian "rivisto dall'autrice": `frames.fused_articles`)."""
    start = r"(?<![\w'])"
    if not fused:
        return start
    return "(?:" + start + "".join(f"|(?<=(?<![\\w'])(?i:{re.escape(f)}))" for f in fused) + ")"


class Alternatives(LazyPattern):
    """A list's pattern (`before`, its alternatives joined by "|", `after`), which a run that
    keeps no compiled pattern (the cache off, see `patterns`) compiles only in part: for a text,
    the alternatives whose literal words it holds (`literals.required`), and a string of each of
    the further sets of strings their matches need (`literal_index.further_sets`).

    A list of a hundred phrasings costs milliseconds to compile, and a sentence holds the words
    of a few of them. An alternative that cannot match anywhere in the text fails at every
    position, so leaving it out changes no match: the part compiled for a text finds in it what
    the whole list finds. With the cache on, the whole list is compiled once and read back
    (a part a text needs would be one more entry for every new set of phrasings). A process that
    has compiled parts of a list as long as the whole list compiles it whole, and only it from
    then on: a long run (an audit of many books without the cache) never compiles more than
    twice the list, nor keeps more.
    """

    __slots__ = ("_parts", "_spent", "_wanted", "after", "alternatives", "before", "language")

    def __init__(self, before: str, alternatives: tuple[str, ...], after: str, flags: int,
                 language: str = "") -> None:
        super().__init__(before + "|".join(alternatives) + after, flags)
        self.before, self.alternatives, self.after = before, alternatives, after
        #: The lexicon's language, whose `literal_index` gives what its alternatives need.
        self.language = language
        #: (alternatives needed by no literal, (literal, alternatives needing it) ...,
        #: {alternative: further sets of strings it needs}): read on the first search that
        #: compiles a part; None until then.
        self._wanted: tuple[tuple[int, ...], tuple[tuple[str, tuple[int, ...]], ...],
                            dict[int, tuple[tuple[str, ...], ...]]] | None = None
        #: The parts compiled, by the alternatives they hold.
        self._parts: dict[tuple[int, ...], re.Pattern[str] | None] = {}
        #: The length of the parts compiled so far.
        self._spent = 0

    def _read(self) -> tuple[tuple[int, ...], tuple[tuple[str, tuple[int, ...]], ...],
                             dict[int, tuple[tuple[str, ...], ...]]]:
        from . import literal_index

        known = literal_index.load(self.language) if self.language else {}
        always: list[int] = []
        needing: dict[str, list[int]] = {}
        further: dict[int, tuple[tuple[str, ...], ...]] = {}
        for n, alternative in enumerate(self.alternatives):
            # (a phrasing not in the index, one a user adds in config: its words from its pattern)
            needed, sets = known[alternative] if alternative in known else (literals.required(alternative), ())
            if needed is None:
                always.append(n)
            for word in needed or ():
                needing.setdefault(word, []).append(n)
            if sets:
                further[n] = sets
        self._wanted = (tuple(always), tuple((word, tuple(ns)) for word, ns in needing.items()), further)
        return self._wanted

    def _chosen(self, text: str) -> tuple[int, ...]:
        """The alternatives that may match in `text`, in their order: those whose words it holds,
        and a string of each of their further sets (`literal_index.further_sets`)."""
        always, needing, further = self._wanted or self._read()
        folded = literals.fold(text)
        chosen = set(always)
        for word, ns in needing:
            if word in folded:
                chosen.update(ns)
        if further:
            chosen = {n for n in chosen if n not in further
                      or all(any(s in folded for s in strings) for strings in further[n])}
        return tuple(sorted(chosen))

    def literal_words(self) -> frozenset[str] | None:
        """Folded strings one of which every match of the list holds (each alternative's words,
        `literals.required`); None when an alternative needs none. A text whose folded form
        holds none of them cannot match, with the cache on or off."""
        always, needing, _ = self._wanted or self._read()
        return None if always else frozenset(word for word, _ in needing)

    def pattern_for(self, string: str) -> str | None:
        """The pattern that finds in `string` what the whole list finds: the alternatives whose
        words `string` holds (None: none can match); the whole list with the cache on."""
        if rx.caching():
            return self.pattern
        chosen = self._chosen(string)
        if len(chosen) == len(self.alternatives):
            return self.pattern
        return self.before + "|".join(self.alternatives[n] for n in chosen) + self.after if chosen else None

    def _for(self, string: str, pos: int, endpos: int) -> re.Pattern[str] | None:
        """The compiled pattern to search `string[pos:endpos]` with (None: nothing can match)."""
        compiled = self._compiled
        if compiled is not None:  # compiled whole already: searched whole
            return compiled
        if rx.caching() or self._spent >= len(self.pattern):
            return self.compiled
        chosen = self._chosen(string if pos == 0 and endpos >= len(string) else string[pos:endpos])
        try:
            return self._parts[chosen]
        except KeyError:
            pass
        part: re.Pattern[str] | None
        if not chosen:
            part = None
        elif len(chosen) == len(self.alternatives):
            part = self.compiled
        else:
            pattern = self.before + "|".join(self.alternatives[n] for n in chosen) + self.after
            self._spent += len(pattern)
            part = rx.compile(pattern, self.flags)
        self._parts[chosen] = part
        return part

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        compiled = self._for(string, pos, endpos)
        return None if compiled is None else compiled.search(string, pos, endpos)

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        compiled = self._for(string, pos, endpos)
        return None if compiled is None else compiled.match(string, pos, endpos)

    def fullmatch(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        compiled = self._for(string, pos, endpos)
        return None if compiled is None else compiled.fullmatch(string, pos, endpos)

    def finditer(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        compiled = self._for(string, pos, endpos)
        return iter(()) if compiled is None else compiled.finditer(string, pos, endpos)

    def sub(self, repl: str, string: str, count: int = 0) -> str:
        compiled = self._for(string, 0, len(string))
        return string if compiled is None else compiled.sub(repl, string, count)


class GatedPattern(Alternatives):
    """A list searched only in text that has a word starting with one of its gate prefixes.

    A big list (the claims, the rules and policies, what is not the text) costs milliseconds to
    compile, and a book that never needs it should not pay that in a cold run: a sentence with
    none of the gate words cannot match, so it is answered without compiling, or reading the
    list's alternatives (`Alternatives`). Every match of the pattern starts a word with a gate
    prefix (tests check this on strings generated from the patterns), so the gate never changes
    an answer.
    """

    __slots__ = ("prefixes", "words")

    def __init__(self, before: str, alternatives: tuple[str, ...], after: str, flags: int,
                 gate: tuple[str, ...], language: str = "") -> None:
        super().__init__(before, alternatives, after, flags, language)
        #: Word beginnings, and whole words (written `word$` in the data).
        self.prefixes = tuple(g for g in gate if not g.endswith("$"))
        self.words = frozenset(g[:-1] for g in gate if g.endswith("$"))

    def opens(self, string: str) -> bool:
        """Could the pattern match in `string`? (A word that starts with a prefix, or is a word.)"""
        prefixes, words = self.prefixes, self.words
        for found in _words_of(string):
            if not words.isdisjoint(found) or any(map(str.startswith, found, repeat(prefixes))):
                return True
        return False

    def pattern_for(self, string: str) -> str | None:
        return super().pattern_for(string) if self.opens(string) else None

    def _for(self, string: str, pos: int, endpos: int) -> re.Pattern[str] | None:
        if not self.opens(string[pos:endpos]):
            return None
        return super()._for(string, pos, endpos)


#: The last text `_words_of` was asked for, and its answer: a sentence is asked by several gates.
_LAST_WORDS: list[Any] = ["", ()]


def _words_of(string: str) -> tuple[frozenset[str], ...]:
    """The words of `string` as a gate reads them (`GatedPattern.opens`): case-folded, and, beyond
    ASCII, lower-cased too. `re.IGNORECASE` compares letter by letter, as `lower()` does;
    `casefold()` may join a combining mark to the word before it ("text\\u0345" folds to "textι",
    one word, where the pattern sees "text" and a mark). Beyond ASCII, where the two differ, both
    are asked."""
    if string is _LAST_WORDS[0] or string == _LAST_WORDS[0]:
        found: tuple[frozenset[str], ...] = _LAST_WORDS[1]
        return found
    found = (frozenset(_WORD.findall(string.casefold())),)
    if not string.isascii():
        found += (frozenset(_WORD.findall(string.lower())),)
    _LAST_WORDS[0], _LAST_WORDS[1] = string, found
    return found


class System(NamedTuple):
    """An AI system the analysis recognises by name."""

    canonical: str
    vendor: str
    #: Its name (a list of one: compiled, without the cache, only for a text holding its words).
    pattern: Alternatives
    ambiguous: bool
    #: Does the name tell a typical reader it is AI? (False: "Automated Insights".)
    plain: bool = True


class Lexicon:
    """One language's compiled lexicon. Build with `load_lexicon()`; extra phrases come from config.

    A read-only record of the fields below, all given by keyword. Not a `NamedTuple`: defining a
    named tuple of some 170 fields costs half a millisecond at every start (`vars(lex)` gives
    the fields).
    """

    #: The language this lexicon reads ("en", "fr", "de").
    language: str
    #: The languages with a lexicon, and other names of them ("deu" → "de"): see `language_of`.
    supported: frozenset[str]
    language_names: Mapping[str, str]
    systems: tuple[System, ...]
    #: The makers of the systems ("OpenAI", "Anthropic"): the AI's side, never a human author.
    vendors: frozenset[str]
    #: The `cased` AI words ("AI", "IA", "KI"), matched with their case.
    ai_token: LazyPattern
    plain_ai: LazyPattern
    euphemism: LazyPattern
    ai_context: LazyPattern
    person_cue: LazyPattern
    #: "Claude, my father,": a name followed by a person's relation to the writer.
    person_after: LazyPattern
    #: "Claude Monet": a capitalised surname after an ambiguous name (not "Claude Opus").
    surname: LazyPattern
    self_reference: LazyPattern
    explicit_reference: LazyPattern
    first_person: LazyPattern
    speaker: LazyPattern
    own_work: LazyPattern
    byline: LazyPattern
    roles: Mapping[str, LazyPattern]
    ai_writing_roles: frozenset[str]
    human_writing_roles: frozenset[str]
    ai_typical: frozenset[str]
    #: Roles the AI has, with no agent named, in a clause that names an AI (or lists what it did).
    ai_when_named: frozenset[str]
    human_agent: LazyPattern
    instrument: LazyPattern
    assistance: LazyPattern
    generic: LazyPattern
    other_works: LazyPattern
    #: Frames (see `[frames]` in the lexicon): words that end a noun phrase, prepositions that
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
    #: "it" and "its" in this language (`it_words`: the subject forms, of "it").
    it: LazyPattern
    it_words: frozenset[str]
    it_used: LazyPattern
    gave: LazyPattern
    non_text: LazyPattern
    text_noun: LazyPattern
    normative: LazyPattern
    #: The walk of a clause (`frames`): see the lexicon's `[frames]` for each.
    negated_verb: LazyPattern
    name_before: LazyPattern
    not_names: frozenset[str]
    name_at: LazyPattern
    genitive_strip: str
    not_subjects: frozenset[str]
    human_made: LazyPattern
    human_prefixes: tuple[str, ...]
    purpose_end: LazyPattern
    not_bare: tuple[str, ...]
    verb_endings: tuple[str, ...]
    verb_forms: frozenset[str]
    #: Making words with a verb's ending that are nouns (French "idées").
    not_verbs: frozenset[str]
    past_endings: tuple[str, ...]
    past_forms: frozenset[str]
    adverb_endings: tuple[str, ...]
    while_: LazyPattern
    gerund_endings: tuple[str, ...]
    helped: LazyPattern
    helped_object: LazyPattern
    partner: LazyPattern
    #: ... and before it ("un assistant de rédaction", French).
    partner_before: LazyPattern
    made_by: LazyPattern
    with_help: LazyPattern
    passive_before: LazyPattern
    object_end: LazyPattern
    by: LazyPattern
    source: LazyPattern
    instrumental: frozenset[str]
    examples: frozenset[str]
    conjunctions: frozenset[str]
    means: frozenset[str]
    articles: frozenset[str]
    of: frozenset[str]
    genitives: tuple[str, ...]
    possessives: frozenset[str]
    auxiliaries: frozenset[str]
    do: frozenset[str]
    fragment: LazyPattern
    #: Where a verb's complements stand ("after" it, and "before" it where a verb ends its clause)
    #: and whether an infinitive ends its clause (German "ließ ChatGPT die Dialoge entwerfen").
    complements: tuple[str, ...]
    verb_final: bool
    #: The word before an infinitive that ends its clause (German "zu entwerfen").
    infinitive: frozenset[str]
    #: The words for "of" after which a mention is what a verb of use right before them used
    #: (Italian "servirmi di ChatGPT", "l'uso dell'IA per"); none in English, French and German.
    use_of: frozenset[str]
    #: A making word whose ending says the writer did it, where the subject is often dropped
    #: (Spanish "revisé", Italian "riscrissi", Portuguese "escrevi"); fullmatched on its first word.
    first_person_verb: LazyPattern
    #: "AI-generated": a hyphen and a making word after a mention (`compound`), and its role.
    compound: LazyPattern
    compound_roles: Mapping[str, LazyPattern]
    #: What a sentence is about (`scope`): see the lexicon's `[scope]`.
    generic_plural: LazyPattern
    plural_after: LazyPattern
    #: ... and before it ("les outils d'IA", French).
    plural_before: LazyPattern
    apposed_name: LazyPattern
    being: LazyPattern
    possessor: str
    of_the_book: str
    example_lead: LazyPattern
    #: "e.g." right before a mention: an example ("z. B. ChatGPT").
    for_example: LazyPattern
    third_person: LazyPattern
    #: Third persons who act ("he", "she", "they"): another person's use of an AI.
    others: LazyPattern
    title_capitals: float
    partial: LazyPattern
    proportion: LazyPattern
    wholly_human: LazyPattern
    wholly_ai: LazyPattern
    negator: LazyPattern
    double_negation: LazyPattern
    not_disclosure: LazyPattern
    negated_clause: LazyPattern
    only: LazyPattern
    only_limit: LazyPattern
    zero_share: LazyPattern
    denial_tail: LazyPattern
    denied_use: LazyPattern
    used_for: LazyPattern
    qualifier: LazyPattern
    #: Responsibility whose holder is in the words ("the errors are mine").
    responsibility: LazyPattern
    #: Responsibility taken by the subject of a verb ("the author takes ...", "X is responsible").
    responsibility_by_subject: LazyPattern
    #: Responsibility that rests with whoever follows ("... rests with the author").
    responsibility_holder_after: LazyPattern
    nobody: LazyPattern
    responsibility_deny: LazyPattern
    #: A name before a responsibility verb ("Bluefin Press is responsible").
    name: LazyPattern
    jargon: LazyPattern
    topic: LazyPattern
    subject_of: LazyPattern
    passive_making: LazyPattern
    max_grade: float
    max_jargon: int
    #: How sentences and clauses are cut (`normalize.sentences`, `words.clauses`) and words
    #: told apart (`token`).
    abbreviation: LazyPattern
    clause_break: LazyPattern
    token: LazyPattern
    #: Could this text mention AI at all? Only built when config adds AI phrases (regular
    #: expressions with no literal trigger); otherwise `triggers` answer, much faster.
    prefilter: re.Pattern[str] | None
    #: Literal lower-case words one of which every AI mention contains (analysis.prefilter),
    #: besides the `cased` AI words (`cased`, a pattern: see `cased_token`).
    triggers: tuple[str, ...]
    cased: str
    #: Literal lower-case words one of which every responsibility or wholly-human sentence
    #: without AI contains; None when config adds such phrases (then every sentence is read).
    claims_triggers: tuple[str, ...] | None
    #: One of them matches the lower-case text of every paragraph that could hold an explicit
    #: reference (analysis.prefilter.references); each starts with a literal letter.
    explicit_gate: tuple[re.Pattern[str], ...]
    extra: Mapping[str, tuple[str, ...]] = {}  # typed read-only: never mutated

    def __init__(self, **fields: Any) -> None:
        missing = _FIELDS.keys() - fields.keys() - {"extra"}
        unknown = fields.keys() - _FIELDS.keys()
        if missing or unknown:
            raise TypeError(f"Lexicon: fields missing {sorted(missing)}, unknown {sorted(unknown)}")
        self.__dict__.update(fields)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a Lexicon is read-only ({name})")

    def __repr__(self) -> str:
        return f"Lexicon(language={self.language!r})"

    def _replace(self, **changes: Any) -> Lexicon:
        """A copy with some fields changed (as a named tuple's)."""
        return Lexicon(**{**vars(self), **changes})

    def candidates(self, texts: Sequence[str]) -> set[int]:
        """Indexes of texts that could mention AI (fast literal search; see analysis.prefilter).

        A user's extra AI phrases are regular expressions with no literal trigger, so with them the
        full prefilter pattern is used instead.
        """
        if self.prefilter is not None:
            return {i for i, t in enumerate(texts) if self.prefilter.search(t)}
        from .prefilter import candidates

        return candidates(texts, self.triggers, self.cased)

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
        """The canonical name of a system as a user or a text writes it ("gpt4" → "GPT-4"; "GРT-4"
        with a Cyrillic Р too)."""
        from .normalize import fold_lookalikes

        name = fold_lookalikes(name.strip())
        for system in self.systems:
            if system.pattern.fullmatch(name):
                return system.canonical
        return None

    def language_of(self, tag: str | None) -> str | None:
        """The code of the lexicon for a language tag, or None when no lexicon reads that language.

        A tag is read in lower case up to its first "-" or "_" ("fr-FR", "de_DE", "FR" → "fr"),
        and other names of a language (`language_names` in shared.toml: "fra", "deu", "German")
        are known.
        """
        return _language_code(tag, self.supported, self.language_names)

    def for_language(self, tag: str | None) -> Lexicon:
        """The lexicon, with the same extra phrases, for a text in the language `tag` ("fr-FR",
        "de_DE", "FR"; None: this one's language); the fallback (English) one for a language
        without a lexicon of its own (`language_of` says whether there is one)."""
        if not tag:
            return self
        language = self.language_of(tag) or FALLBACK
        if language == self.language:
            return self
        return load_lexicon(tuple(self.extra.items()), language)

    def is_verb_form(self, word: str) -> bool:
        """A making word used as a verb (drafted, revised, edit) rather than a noun (drafts, tools)."""
        low = word.lower()
        return (low.endswith(self.verb_endings) and low not in self.not_verbs) or low in self.verb_forms


#: The fields of a Lexicon (its class's annotations, read without evaluating them).
_FIELDS: dict[str, object] = dict(Lexicon.__annotations__)


def _language_code(tag: str | None, supported: frozenset[str] | list[str], names: Mapping[str, str]) -> str | None:
    """`Lexicon.language_of`, from the shared part's `supported` and `language_names`."""
    if not tag:
        return None
    base = re.split(r"[-_\s]", tag.strip().lower(), maxsplit=1)[0]
    base = names.get(base, base)
    return base if base in supported else None


def lexicon_for(tag: str | None, extra: tuple[tuple[str, tuple[str, ...]], ...] = ()) -> Lexicon:
    """The lexicon (with config's extra phrases) for a text in the language `tag`, as
    ``load_lexicon(extra).for_language(tag)`` gives it, without building the fallback's first: a
    French book never parses the English lexicon. The languages there are, and their other
    names, are in the shared part."""
    shared, cached = _raw_file("shared")
    try:
        if cached:
            _check_shape(shared)
        code = _language_code(tag, shared["languages"]["supported"], shared["language_names"])
    except (KeyError, TypeError, ValueError, AttributeError):
        if not cached:
            raise
        # A cached value of the right format but not the file's shape: parse the file again.
        shared, _ = _raw_file("shared", fresh=True)
        code = _language_code(tag, shared["languages"]["supported"], shared["language_names"])
    # Called as the rest of the code calls it (`load_lexicon(config.phrases)`, `for_language`),
    # so that its cache gives every caller the same lexicon.
    return load_lexicon(extra) if code in (None, FALLBACK) else load_lexicon(extra, code)


def author_ai_words() -> tuple[str, ...]:
    """What names an AI as a book's author by itself in any supported language (shared.toml's
    `authors.ai`): "AI" on a French book, "KI" on an English one, without reading the name with
    every language's lexicon."""
    shared, cached = _raw_file("shared")
    try:
        words = shared["authors"]["ai"]
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise TypeError("authors.ai")
    except (KeyError, TypeError):
        if not cached:
            raise
        shared, _ = _raw_file("shared", fresh=True)
        words = shared["authors"]["ai"]
    return tuple(words)


def _raw_file(name: str, *, fresh: bool = False) -> tuple[dict[str, Any], bool]:
    """One lexicon file (`lexicon/<name>.toml`, package data), parsed; and whether it came from
    the cache.

    Parsing TOML is done in Python and costs milliseconds at every start, so the parsed data is
    kept beside the bytecode (`cache`) with the text it came from, and used again while the file
    is unchanged. `fresh`: parse the file and rewrite the cache (a cached value that the lexicon
    cannot be built from is never used twice). Only the files a book's languages need are read:
    an English book never parses the French lexicon.
    """
    if not fresh and name in _FILES:
        return _FILES[name]
    source = DATA / f"{name}.toml"
    text = source.read_text("utf-8")
    header = ("disclosure-lint lexicon 2", name, text)
    key = f"lexicon-{name}"
    data = None if fresh else cache.load(key, header)
    if isinstance(data, dict):
        _FILES[name] = data, True
        return data, True
    data = packed.load(source, text)  # the file as parsed when it was written (see packed)
    if data is None:
        from ..config import parse_toml

        data = parse_toml(text)
    cache.store(key, header, data)
    _FILES[name] = data, False
    return data, False


#: The lexicon files read in this process (`_raw_file`): `shared.toml` serves every language a
#: book is read in, and is parsed once. The data is never changed in place (`_raw` and `_build`
#: copy what they change).
_FILES: dict[str, tuple[dict[str, Any], bool]] = {}


def _raw(language: str = FALLBACK, *, fresh: bool = False) -> tuple[dict[str, Any], bool]:
    """A language's lexicon data, merged with the shared part; and whether both came from the cache.

    Tables of the same name are merged (the shared roles' names join the language's role words);
    a language may add systems of its own to the shared ones.
    """
    shared, shared_cached = _raw_file("shared", fresh=fresh)
    own, own_cached = _raw_file(language, fresh=fresh)
    data: dict[str, Any] = {table: dict(values) if isinstance(values, dict) else values
                            for table, values in own.items()}
    for table, values in shared.items():
        if table == "systems":
            data["systems"] = list(values) + list(own.get("systems", []))
        elif isinstance(values, dict):
            data[table] = {**values, **data.get(table, {})}
    return data, shared_cached and own_cached


def supported_data() -> list[dict[str, Any]]:
    """The data of every supported language's lexicon (merged with the shared part), English
    first: for what must hold in any language (the look-alike spellings of AI words)."""
    first, _ = _raw(FALLBACK)
    return [first] + [_raw(code)[0] for code in first["languages"]["supported"] if code != FALLBACK]


@lru_cache(maxsize=16)
def load_lexicon(extra: tuple[tuple[str, tuple[str, ...]], ...] = (), language: str = FALLBACK) -> Lexicon:
    """Compile a language's lexicon ("en", "fr" ...: see `language_of` for a book's tag), with
    extra phrases from config (key → patterns) appended."""
    data, cached = _raw(language)
    if not cached:
        return _build(data, extra, language)
    try:
        _check_shape(data)
        return _build(data, extra, language)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError, re.error):
        # A cached value of the right format but not the lexicon's shape: parse the files again.
        return _build(_raw(language, fresh=True)[0], extra, language)


def _check_shape(data: dict[str, Any]) -> None:
    """Raise when cached data is not of the shape the lexicon files give: tables of word lists
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


def _build(data: dict[str, Any], extra: tuple[tuple[str, tuple[str, ...]], ...], language: str) -> Lexicon:
    data = {table: dict(values) if isinstance(values, dict) else values for table, values in data.items()}
    for key, patterns in extra:
        table, name = PHRASE_KEYS[key]
        data[table][name] = list(data[table][name]) + list(patterns)
    text = data["text"]
    cased: list[str] = list(data["ai"]["cased"])
    elisions: list[str] = list(text["elisions"])
    # Each system's name a list of one (`Alternatives`): a sentence read closely is searched for
    # every system (39 patterns, 2 ms to compile), and names only those whose words it holds.
    systems = tuple(
        System(s["canonical"], s["vendor"],
               Alternatives(r"(?<![\w-])(?:", (s["pattern"],), r")(?![\w])", re.IGNORECASE, language),
               bool(s.get("ambiguous")), bool(s.get("plain", True)))
        for s in data["systems"]
    )
    shared_roles = ("ai_writing_roles", "human_writing_roles", "ai_typical", "ai_when_named")
    roles_data: dict[str, list[str]] = {
        k: v for k, v in data["roles"].items() if isinstance(v, list) and k not in shared_roles
    }

    def alternation(patterns: Iterable[str], *, words: bool = True, gate: Sequence[str] | None = None,
                    ) -> LazyPattern:
        return _alternation(patterns, words=words, gate=gate, cased=cased, language=language)

    roles = {name: alternation(patterns) for name, patterns in roles_data.items()}
    readability = data["readability"]
    frames = data["frames"]
    scope = data["scope"]
    claims = data["claims"]
    # A list a user extends in config has no gate: their phrases may start with any word.
    extended = {PHRASE_KEYS[key][1] for key, _ in extra}
    gates = {name: words for name, words in data["gates"].items() if name not in extended}
    ai_words = list(data["ai"]["plain"]) + list(data["ai"]["euphemisms"]) + [s["pattern"] for s in data["systems"]]
    triggers = tuple(data["ai"]["triggers"]) + tuple(data["names"]["triggers"])
    token = cased_token(cased, elisions)
    prefilter = None
    if any(key in ("ai-terms", "euphemisms") for key, _ in extra):
        prefilter = rx.compile(
            "|".join(f"(?:{p})" for p in ai_words) + "|" + "|".join(re.escape(t) for t in triggers)
            + f"|(?-i:{token})",
            re.IGNORECASE,
        )
    compounds = {role: list(words) for role, words in data["compounds"].items()}
    word_start = r"(?<![\w'])"
    return Lexicon(
        language=language,
        supported=frozenset(data["languages"]["supported"]),
        language_names={str(k): str(v) for k, v in data["language_names"].items()},
        systems=systems,
        vendors=frozenset(s["vendor"] for s in data["systems"]),
        ai_token=LazyPattern(token),
        plain_ai=alternation(data["ai"]["plain"]),
        euphemism=alternation(data["ai"]["euphemisms"]),
        ai_context=alternation(data["ai"]["context"]),
        # "my friend Claude", "My father, Claude,": a cue, or a cue and a comma, right before the name
        person_cue=_listed(data["ai"]["person_cues"], r"(?:^|\W)", r",?\s+$"),
        person_after=_one(data["ai"]["person_after"]),
        surname=LazyPattern(r"\s+(?!" + "|".join([*(rf"{re.escape(w)}\b" for w in cased),
                                                   *data["names"]["versions"]]) + r")[A-Z][a-z]"),
        self_reference=alternation(data["work"]["self_reference"]),
        explicit_reference=alternation(data["work"]["explicit_reference"]),
        # "I" with its case (a lower-case "i" is a typo or a numeral); "We", "My" at a sentence's start.
        first_person=LazyPattern(word_start + "(?:" + _bounded(data["work"]["first_person"]) + ")"),
        speaker=LazyPattern(word_start + "(?:" + _ending(
            ((re.escape(w) if w[:1].isupper() else f"(?i:{re.escape(w)})", w.endswith("'"))
             for w in data["work"]["speakers"]), r"(?!\w)") + ")"),
        own_work=_one(data["work"]["own_work"]),
        byline=_one(data["work"]["byline"], 0),
        roles=roles,
        ai_writing_roles=frozenset(data["roles"]["ai_writing_roles"]),
        human_writing_roles=frozenset(data["roles"]["human_writing_roles"]),
        ai_typical=frozenset(data["roles"]["ai_typical"]),
        ai_when_named=frozenset(data["roles"]["ai_when_named"]),
        human_agent=LazyPattern(
            human_start(frames["fused_articles"]) + "(?:" + _ending(((_human_case(p, cased), p.endswith("'")) for p in data["agents"]["human"]),
                                         r"(?![\w'])") + ")",
            re.IGNORECASE,
        ),
        instrument=alternation(data["agents"]["instrument"]),
        assistance=alternation(data["agents"]["assistance"]),
        generic=alternation(frames["generic"], words=False, gate=gates.get("generic")),
        other_works=alternation(frames["other_works"], words=False, gate=gates.get("other_works")),
        phrase_breaks=frozenset(frames["phrase_breaks"]),
        governing=frozenset(frames["governing"]),
        use_verb=alternation(frames["use_verbs"]),
        purpose=alternation(frames["purpose"]),
        collaboration=alternation(frames["collaboration"]),
        anaphor=alternation(frames["anaphors"]),
        it_before=frozenset(frames["it_before"]),
        it_after=_listed(frames["it_after"], r"(?<![\w'])", r"\s+$"),
        its_object=_listed(frames["its_objects"], r"\s+(?:[\w-]+\s+)??", r"(?![\w])"),
        it=_listed([*frames["it"], *frames["its"]], r"(?<![\w'])", r"(?![\w'])"),
        it_words=frozenset(w.lower() for w in frames["it"]),
        it_used=_one(frames["it_used"]),
        gave=_listed(frames["gave"], "", r"\b"),
        non_text=alternation(frames["non_text"], gate=gates.get("non_text")),
        text_noun=alternation(frames["text_nouns"]),
        normative=alternation(frames["normative"], words=False, gate=gates.get("normative")),
        negated_verb=_one(frames["negated_verb"]),
        name_before=_one(frames["name_before"], 0),
        not_names=frozenset(frames["not_names"]),
        name_at=_one(frames["name_at"], 0),
        genitive_strip=frames["genitive_strip"],
        not_subjects=frozenset(frames["not_subjects"]),
        human_made=_one(frames["human_made"], 0),
        human_prefixes=tuple(frames["human_prefixes"]),
        purpose_end=_one(frames["purpose_end"], 0),
        not_bare=tuple(frames["not_bare"]),
        verb_endings=tuple(frames["verb_endings"]),
        verb_forms=frozenset(frames["verb_forms"]),
        not_verbs=frozenset(frames["not_verbs"]),
        past_endings=tuple(frames["past_endings"]),
        past_forms=frozenset(frames["past_forms"]),
        adverb_endings=tuple(frames["adverb_endings"]),
        while_=_listed(frames["while"], r"\b", r"\s+$"),
        gerund_endings=tuple(frames["gerund_endings"]),
        helped=_one(frames["helped"]),
        helped_object=_one(frames["helped_object"]),
        partner=_listed(frames["partners"], r"\s+", r"\b"),
        partner_before=_listed(frames["partners_before"], r"\b", r"\s*$"),
        made_by=_one(frames["made_by"]),
        with_help=_one(frames["with_help"]),
        passive_before=_one(frames["passive_before"]),
        object_end=_listed(frames["object_ends"], r"\b", r"\b", 0),
        by=_listed(frames["by"], r"\b", r"(?:\s+|(?<='))"),
        source=_listed(frames["sources"], r"\b", r"(?:\s+|(?<='))"),
        instrumental=frozenset(frames["instrumental"]),
        examples=frozenset(frames["examples"]),
        conjunctions=frozenset(frames["conjunctions"]),
        means=frozenset(frames["means"]),
        articles=frozenset(frames["articles"]),
        of=frozenset(frames["of"]),
        genitives=tuple(frames["genitives"]),
        possessives=frozenset(frames["possessives"]),
        auxiliaries=frozenset(frames["auxiliaries"]),
        do=frozenset(frames["do"]),
        fragment=_one(frames["fragment"], 0),
        complements=tuple(frames["complements"]),
        verb_final=bool(frames["verb_final"]),
        infinitive=frozenset(frames["infinitive"]),
        first_person_verb=_one(frames["first_person_verbs"]),
        use_of=frozenset(frames["use_of"]),
        compound=_listed([w for words in compounds.values() for w in words], "-", r"\b"),
        compound_roles={role: _listed(words, "", "") for role, words in compounds.items()},
        generic_plural=_listed(scope["generic_plural"], "^", "$"),
        plural_after=_listed(scope["plural_after"], r"[\s-]+", r"\b"),
        plural_before=_listed(scope["plural_before"], r"\b", r"\s*$"),
        apposed_name=_one(scope["apposed_name"], 0),
        being=_listed(scope["beings"], "", "$"),
        possessor=_optional(scope["possessor"]),
        of_the_book=_optional(scope["of_the_book"]),
        example_lead=_listed(scope["example_leads"], r"\b", r"\s*:?\s*$"),
        for_example=_listed(scope["for_example"], r"(?<!\w)", r"\s*,?\s*$"),
        third_person=_listed(scope["third_person"], r"\b", r"\b"),
        others=_listed(scope["others"], r"\b", r"\b"),
        title_capitals=float(scope["title_capitals"]),
        partial=alternation(data["qualifiers"]["partial"]),
        proportion=alternation(data["qualifiers"]["proportion"], words=False),
        wholly_human=alternation(claims["wholly_human"], words=False, gate=gates.get("wholly_human")),
        wholly_ai=alternation(claims["wholly_ai"], words=False, gate=gates.get("wholly_ai")),
        negator=LazyPattern(r"(?:(?<![\w'])(?:" + "|".join(claims["negators"]) + r")(?![\w'])"
                            + "".join(f"|{c}\\b" for c in claims["negator_clitics"]) + ")", re.IGNORECASE),
        double_negation=alternation(claims["double_negation"], words=False),
        not_disclosure=alternation(claims["not_disclosure"], words=False, gate=gates.get("not_disclosure")),
        negated_clause=_listed(claims["negated_clause"], r"^\s*", r"\b"),
        only=_listed(claims["only"], r"\s*", r"\b"),
        only_limit=_one(claims["only_limit"]),
        zero_share=_one(claims["zero_share"]),
        denial_tail=_one(claims["denial_tail"]),
        denied_use=_listed(claims["denied_use"], r"\b", r"\b"),
        used_for=_one(claims["used_for"]),
        qualifier=_listed(claims["qualifiers"], r"\b", r"\b"),
        responsibility=alternation(data["responsibility"]["affirm"], words=False),
        responsibility_by_subject=alternation(data["responsibility"]["by_subject"]),
        responsibility_holder_after=alternation(data["responsibility"]["holder_after"]),
        nobody=alternation(data["responsibility"]["nobody"]),
        responsibility_deny=alternation(data["responsibility"]["deny"], words=False),
        name=_one(data["responsibility"]["name"], 0),
        jargon=alternation(readability["jargon"]),
        topic=LazyPattern(r"(?<![\w-])(?:(?i:" + "|".join(data["topic"]["words"]) + ")|"
                          + "|".join(data["topic"]["case_sensitive"]) + r")(?:(?<=')|(?![\w]))"),
        subject_of=_one(data["topic"]["subject_of"]),
        passive_making=_one(data["topic"]["passive_making"]),
        max_grade=float(readability["max_grade"]),
        max_jargon=int(readability["max_jargon"]),
        abbreviation=LazyPattern(r"(?:\b(?:" + "|".join(text["abbreviations"])
                                 + r")|\b[A-Z\u00c0-\u00d6\u00d8-\u00de])\.$"),
        clause_break=LazyPattern(r"\s*(?:;|:|\s+-\s+|\s+--\s+|\s*[\u2014\u2013]\s*"
                                 + "".join(f"|{b}" for b in text["clause_breaks"]) + r")\s*", re.IGNORECASE),
        token=LazyPattern((r"(?<![\w'])(?i:" + "|".join(re.escape(e) for e in elisions) + r")(?=\w)|"
                           if elisions else "")
                          + r"[\w'-]+(?:\.(?=\w))?[\w'-]*|[^\w\s]"),
        prefilter=prefilter,
        triggers=triggers,
        cased=token,
        claims_triggers=None if any(k in ("responsibility", "wholly-human") for k, _ in extra)
        else tuple(data["claims_triggers"]["words"]),
        explicit_gate=tuple(map(rx.compile, _as_list(data["work"]["explicit_gate"]))),
        extra=dict(extra),
    )
