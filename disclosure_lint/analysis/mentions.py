"""AI mentions in a sentence: plain AI words, named systems, euphemisms, and references back.

An ambiguous name ("Claude", "Gemini") is the AI only with AI context and not after "my friend" or
before a surname; a version or model identifier ("Claude 3 Opus", "claude-3-5-sonnet") always is.
Once a passage has named an AI, "the model", "it wrote", "its drafts" are mentions of that AI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from .. import literals
from .. import patterns as rx
from .lexicon import Lexicon, System

if not TYPE_CHECKING:
    from ..records import NamedTuple  # typing.NamedTuple, cheaper to define (see records)

class Mention(NamedTuple):
    """An AI mention in a sentence."""

    start: int
    end: int
    text: str
    #: Canonical system name, or None for a generic word ("AI", "language model").
    system: str | None
    euphemism: bool
    #: A reference back to an AI named before ("the model", "it wrote", "its drafts").
    anaphor: bool = False



def find_mentions(text: str, lex: Lexicon, *, ai_context: bool = False,
                  referent: Mention | None = None) -> list[Mention]:
    """AI mentions in a normalised sentence, left to right, overlaps removed.

    `ai_context` says the surrounding passage already speaks of AI, which is enough to read an
    ambiguous name ("Claude helped a lot. But Claude is a tool.") as the AI. `referent` is the AI
    the passage named last: with it (or with a mention earlier in the sentence), "the model",
    "it wrote" and "its drafts" are mentions of that AI.
    """
    found: list[Mention] = []
    for system in _named(text, lex):
        for m in system.pattern.finditer(text):
            if system.ambiguous and not _ai_person(text, m.start(), m.end(), lex, ai_context):
                continue
            found.append(Mention(m.start(), m.end(), m.group(0), system.canonical, not system.plain))
    for m in lex.ai_token.finditer(text):
        found.append(Mention(m.start(), m.end(), m.group(0), None, False))
    for m in lex.plain_ai.finditer(text):
        found.append(Mention(m.start(), m.end(), m.group(0), None, False))
    for m in lex.euphemism.finditer(text):
        found.append(Mention(m.start(), m.end(), m.group(0), None, True))
    out = _without_overlaps(found)
    if referent is None and not out:
        return out
    anaphors = [m for m in _anaphors(text, out, referent, lex)
                if not any(o.start < m.end and m.start < o.end for o in out)]
    return _without_overlaps(out + anaphors) if anaphors else out



#: For a lexicon's systems: (them, those whose name needs no literal word, (word, the systems
#: whose name needs it) ...), built on the first sentence (`_named`).
_NAMES: dict[int, tuple[tuple[System, ...], tuple[int, ...], tuple[tuple[str, tuple[int, ...]], ...]]] = {}
#: At most this many lexicons' (as many as `load_lexicon` keeps).
_KEPT = 16


def _named(text: str, lex: Lexicon) -> list[System]:
    """The systems whose name may stand in `text`, in their order: those one of whose literal
    words its folded form holds (`Alternatives.literal_words`; a name that needs none, always).

    One `in` test a word for all 39 names, where each name's pattern, which opens with a
    look-behind, would be tried at every position of the sentence (with the cache on), or each
    list would look for its words in the text itself (off); a name none of whose words the text
    holds cannot match, so no mention is lost.
    """
    systems = lex.systems
    entry = _NAMES.get(id(systems))
    if entry is None or entry[0] is not systems:
        always: list[int] = []
        needing: dict[str, list[int]] = {}
        for n, system in enumerate(systems):
            words = system.pattern.literal_words()
            if words is None:
                always.append(n)
            for word in sorted(words or ()):
                needing.setdefault(word, []).append(n)
        if len(_NAMES) >= _KEPT:  # lexicons built anew (config's phrases, book after book): the latest kept
            _NAMES.clear()
        entry = _NAMES[id(systems)] = (systems, tuple(always),
                                       tuple((word, tuple(ns)) for word, ns in needing.items()))
    folded = literals.fold(text)
    chosen = set(entry[1])
    for word, ns in entry[2]:
        if word in folded:
            chosen.update(ns)
    return [systems[n] for n in sorted(chosen)]


def _without_overlaps(found: list[Mention]) -> list[Mention]:
    found.sort(key=lambda x: (x.start, -(x.end - x.start)))
    out: list[Mention] = []
    for mention in found:
        if out and mention.start < out[-1].end:
            prev = out[-1]
            # Keep the more specific reading of an overlap: a system beats a generic word.
            if mention.system and not prev.system and mention.end - mention.start >= prev.end - prev.start:
                out[-1] = mention
            continue
        out.append(mention)
    return out



def _anaphors(text: str, named: list[Mention], referent: Mention | None, lex: Lexicon) -> list[Mention]:
    """References back to the AI named last: "the model", "the tool", "it wrote", "its drafts"."""
    out: list[Mention] = []

    def antecedent(at: int) -> Mention | None:
        before = [m for m in named if m.end <= at]
        return before[-1] if before else referent

    for m in lex.anaphor.finditer(text):
        ante = antecedent(m.start())
        if ante is not None:
            out.append(Mention(m.start(), m.end(), m.group(0), ante.system, ante.euphemism, True))
    for m in lex.it.finditer(text):
        ante = antecedent(m.start())
        if ante is None:
            continue
        if m.group(0).lower() not in lex.it_words:
            if lex.its_object.match(text, m.end()):
                out.append(Mention(m.start(), m.end(), m.group(0), ante.system, ante.euphemism, True))
            continue
        if _it_acts(text, m.end(), lex) or lex.it_after.search(text[:m.start()]) is not None:
            out.append(Mention(m.start(), m.end(), m.group(0), ante.system, ante.euphemism, True))
    return out



def _it_acts(text: str, pos: int, lex: Lexicon) -> bool:
    """Is "it" (ending at `pos`) the doer of a making verb ("it wrote", "it then suggested"), or
    the tool of one ("it was used to draft")?"""
    if lex.it_used.match(text, pos):
        return True
    for token in lex.token.finditer(text, pos):
        word = token.group(0).lower()
        if word in lex.it_before or (word.endswith(lex.adverb_endings) and len(word) > 4):
            continue
        return lex.role_at(text, token.start()) or lex.gave.match(text, token.start()) is not None
    return False



def _ai_person(text: str, start: int, end: int, lex: Lexicon, ai_context: bool) -> bool:
    """Is an ambiguous name ("Claude", "Gemini") the AI here, not a person, sign or animal?"""
    name = text[start:end]
    # A version number or a model identifier ("Claude 3 Opus", "claude-3-5-sonnet") is only ever
    # the AI, whatever stands before it.
    if rx.search(r"\d", name) or "." in name or "-" in name:
        return True
    if not name[:1].isupper():
        return False
    after = text[end:end + 30]
    if lex.person_cue.search(text[max(0, start - 30):start]) or lex.person_after.match(after):
        return False
    # "Claude Monet", "Claude Debussy": a capitalised surname follows (not "Claude Opus").
    if lex.surname.match(after):
        return False
    window = text[max(0, start - 120):start] + " " + text[end:end + 120]
    return ai_context or bool(lex.ai_context.search(window))
