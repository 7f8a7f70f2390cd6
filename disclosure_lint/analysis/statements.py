"""Reads the sentences of a passage: do they speak of AI making *this* book, and what do they say?

The reading is close to how a careful editor reads a disclosure:
- an AI mention is a plain AI word, a named system (ambiguous names such as "Claude" only with
  AI context and not after "my friend"), a euphemism ("automation technology"), or, once a
  passage has named one, a reference back to it ("the model", "it wrote", "its drafts");
- each clause is read as a frame: who did what to which text. Every making verb gets an agent:
  the AI ("drafted by Claude", "GPT-3 came up with", "AI-generated", "generated with GPT-3",
  "used ChatGPT to draft", "It wrote") or the human ("the author reviewed", "by me"). Where a
  mention stands is decided by the words around it (the preposition or verb that governs it, the
  noun phrase it belongs to), never by a fixed number of words;
- a sentence discloses when it is about the work, names a making or a use, and is not a denial
  ("No AI was used"), a rights reservation, a rule or wish ("AI-generated text must be
  labelled"), a hypothesis, a sentence about the book's topic, or about AI that made only the
  pictures, the audiobook voice or the marketing;
- responsibility counts only when a person or a company takes it.

Every word list is data (`lexicon.toml`); this module is the matching code.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

from .. import patterns as rx
from ..patterns import LazyPattern
from .lexicon import Lexicon

if not TYPE_CHECKING:
    from ..records import NamedTuple  # typing.NamedTuple, cheaper to define (see records)

_CLAUSE_BREAK = LazyPattern(
    r"\s*(?:;|:|\s+-\s+|\s+--\s+|\s*[\u2014\u2013]\s*|,?\s+but\s+|,\s+and\s+then\s+|\s+and\s+then\s+|,\s+then\s+|,\s+while\s+|"
    r"\s+whereas\s+|,\s+after which\s+|,\s+(?=(?:never|not|nor)\s)|,\s+and\s+(?=(?:I|we|the author)\b))\s*",
    re.IGNORECASE,
)
_QUOTED = LazyPattern(r"\"[^\"]{0,600}\"|(?<!\w)'[^']{2,600}'(?!\w)")
#: Quoted speech of a few words or more (a claim inside it is someone's speech, not the writer's);
#: a short quoted label such as "Human Authored" stays.
_SPEECH = LazyPattern(r"\"(?:[^\"\s]+\s+){3,}[^\"]*\"")
_BYLINE = LazyPattern(r"\bby\s+[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3}\s+(?:with|and|&)\s+", re.UNICODE)
_COMPOUND = LazyPattern(r"-(?:generated|written|assisted|drafted|created|produced|authored|powered|aided|"
                        r"edited|enhanced|driven|based)\b", re.IGNORECASE)
_COMPOUND_ROLE = {"generated": "generate", "written": "write", "assisted": "assist", "drafted": "draft",
                  "created": "generate", "produced": "generate", "authored": "write", "edited": "edit",
                  "aided": "assist", "enhanced": "edit", "powered": "assist", "driven": "assist",
                  "based": "assist"}
_NEGATED_CLAUSE = LazyPattern(r"^\s*(?:never|not|nor|and not|but never|without)\b", re.IGNORECASE)
_AI_BY_DEFAULT = frozenset({"write", "edit", "translate", "illustrate", "research"})
_NAME_BEFORE = LazyPattern(r"(?<![\w'])([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\s+(?:(?:also|later|then|first|"
                           r"once|had|has|have)\s+)?$")
_NOT_NAMES = frozenset({"the", "this", "that", "these", "those", "it", "its", "they", "he", "she", "we",
                        "i", "you", "a", "an", "and", "but", "then", "which", "who", "each", "all",
                        "some", "many", "most", "one", "every", "parts", "portions", "chapters",
                        "passages", "sections", "text", "drafts", "ultimately", "finally", "however",
                        "responsibility", "here", "there", "so", "yet", "still", "as", "if", "when"})
#: Human words that are objects or possessives, never the doer of a verb ("give me", "my notes").
_NOT_SUBJECTS = frozenset({"me", "us", "myself", "ourselves", "my", "our"})
#: A plural, generic AI noun ("chatbots generate text"): a statement about AI, not about this book.
_GENERIC_PLURAL = LazyPattern(r"^(?:chat ?bots|robots|(?:large )?language models|LLMs|AIs|AI (?:systems|models|tools)|"
                              r"machines|computers|neural networks)$", re.IGNORECASE)
_OWN_WORK = LazyPattern(r"\b(?:this|these|my|our)\s+(?:[\w-]+\s+)*?(?:book|novel|novella|text|chapters?|stories|story|"
                        r"pages|work|manuscript|poems?|collection|volume|article|post|essay|document|piece|"
                        r"content|paper|translation|edition|newsletter|blog|site|series|memoir)s?\b", re.IGNORECASE)
_ONLY_LIMIT = LazyPattern(r"\bonly (?:for|to|as|in|on)\b|\b(?:assistive|editorial|supportive) only\b|\blimited\b",
                          re.IGNORECASE)
#: Words and punctuation, for walking a clause word by word.
_TOKEN = LazyPattern(r"[\w'-]+(?:\.(?=\w))?[\w'-]*|[^\w\s]")
_NEGATED_VERB = LazyPattern(r"(?:\bnot|n't|\bnever|\bnor)\s+(?:\w+ly\s+)?(?:(?:have|has|had|be|been)\s+)?$", re.IGNORECASE)
#: A plural noun right after a generic AI word: "AI tools", "LLM tools", "AI systems" in general.
_PLURAL_AFTER = LazyPattern(r"[\s-]+(?:tools|systems|models|technologies|programs|applications|apps|platforms|"
                            r"services|products|companies|chatbots|assistants|generators|detectors)\b", re.IGNORECASE)
#: Where a purpose ("used ChatGPT to draft X, think through Y") ends: a new subject, or a finite
#: verb of the writer's own ("... and rewrote it myself").
_PURPOSE_END = LazyPattern(r",?\s+(?:and|but|then)\s+(?:then\s+)?(?:I|we|he|she|they)\b|"
                           r",?\s+(?:and|but|then)\s+(?:then\s+)?(?=\w+(?:ed|ote)\b)|,\s+(?:I|we|he|she|they)\b")
_WHILE = LazyPattern(r"\b(?:when|while|whilst|before|after|during|since)\s+$", re.IGNORECASE)
_HELPED = LazyPattern(r"\bhelp(?:s|ed|ing)?\s+(?:(?:me|us|him|her|them|the authors?)\s+)?(?:to\s+)?$", re.IGNORECASE)
_PARTNER = LazyPattern(r"\s+(?:partners?|assistants?|aids?|companions?|collaborators?|buddy|buddies|co-?pilots?)\b",
                       re.IGNORECASE)
#: A fragment that names a purpose ("For feedback on drafts.", "To tighten the prose.").
_FRAGMENT = LazyPattern(r"^(?:And |Also )?(?:For|To|As)\b(?![^.]*\b(?:I|we|he|she|they)\b)")
#: "it gave me ideas", "it came back with": the AI hands over what it made.
_GAVE = LazyPattern(r"(?:gave|gives|give|offered|offers|provided|provides|returned|returns|came back with|"
                    r"comes back with|spat out|churned out|handed)\b", re.IGNORECASE)
#: "created by an algorithm", "made by AI": a vague verb with an AI doer is the AI generating.
_MADE_BY = LazyPattern(r"\b(?:created|made|produced|built|composed)\s+by\s+", re.IGNORECASE)
_WITH_HELP = LazyPattern(r"\bwith\s+(?:the\s+|some\s+|a little\s+)?[^,;.]*?(?:'s)?\s+(?:assistance|help|aid|support|input)\b",
                         re.IGNORECASE)
#: A character's story told in the third person: it claims nothing about this book.
_NARRATION = LazyPattern(r"\b(?:he|she|his|her|him|hers|himself|herself)\b", re.IGNORECASE)
#: "ARIA, a rogue AI": a capitalised name with an AI noun phrase as its apposition.
_APPOSED_NAME = LazyPattern(r"(?<![\w'])[A-Z][\w-]*,\s+(?:an?|the)\s+(?:[\w-]+\s+)*?$")
_ZERO_SHARE = LazyPattern(r"(?<![\d.,])0(?:\.0+)? ?(?:%|percent|per cent)|\bzero (?:percent|per cent)\b|"
                          r"(?:content|text|writing|involvement|use|usage)\s*:\s*(?:none|zero|no)\b", re.IGNORECASE)
_BEING = LazyPattern(r"(?:AI|A\.I\.|artificial intelligence|robots?|androids?)$", re.IGNORECASE)
_IT = LazyPattern(r"(?<![\w'])(?:it|its)(?![\w'])", re.IGNORECASE)
_PASSIVE_BEFORE = LazyPattern(r"\b(?:is|are|was|were|be|been|being|get|gets|got)\s+(?:(?:\w+ly|not|also|then|all|"
                              r"first|since|later|partly|partially|mostly|largely|subsequently)\s+)*$",
                              re.IGNORECASE)
_IT_USED = LazyPattern(r"\s+(?:was|were|is|has been)\s+used\s+(?:to|for|as)\b", re.IGNORECASE)
_NAME = LazyPattern(r"(?<![\w'])[A-Z][\w&'.-]*(?:\s+(?:[A-Z][\w&'.-]*|&|of|and))*")
_DENIAL_TAIL = LazyPattern(r"\b(?:was|were|is|are|has|have|had|played|did|does|do)\s+(?:not|n't|no|never|nothing)\b"
                           r"(?!\s+only)|\bn't\b", re.IGNORECASE)
_DENIED_USE = LazyPattern(r"\b(?:part|role|to do with|involved|involvement|hand|place|share)\b", re.IGNORECASE)
_OF_THE_BOOK = r"(?:\s+(?:of|for|on|in)\s+(?:this|the|my|our)\s+(?:book|novel|story|edition|volume|collection))?"
_POSSESSOR = r"(?:(?:this|the|my|our)\s+(?:book|novel|story|edition)(?:'s|s')\s+)?"


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


class Reading(NamedTuple):
    """What one sentence says about AI and authorship."""

    mentions: tuple[Mention, ...]
    #: Roles the sentence gives the AI (generate, draft, write, edit, suggest, assist ...).
    ai_roles: frozenset[str]
    #: Roles the sentence gives a human (write, edit, review, shape, direct ...).
    human_roles: frozenset[str]
    #: The sentence says how much AI did ("5% of the text", "half of the chapters").
    proportion: bool
    #: The sentence limits AI's share ("in part", "some chapters", "an appreciable amount").
    partial: bool
    #: The sentence claims the AI did all of it, with no human role.
    wholly_ai: bool
    #: The sentence claims a human wrote all of it / no AI was used.
    wholly_human: bool
    #: The sentence denies AI use ("I do not use AI to draft").
    denial: bool
    #: A person or company takes responsibility for the content.
    responsibility: bool
    #: Positive: the sentence discloses that AI took part in making this work.
    discloses: bool
    #: The sentence is about the work (this book, the author, a writer's "I").
    about_work: bool
    #: A rights reservation, policy, hypothesis, topic statement or non-text use: never a disclosure.
    excluded: bool
    #: An AI system (not a person or company) is said to take responsibility.
    ai_responsibility: bool = False
    #: AI is said to have made only what is not the text (cover, pictures, audiobook voice, marketing).
    non_text: bool = False
    #: The sentence speaks of an AI being used ("I used ChatGPT", "with Claude"): a fragment that
    #: follows ("For feedback on drafts.") says what for.
    ai_used: bool = False
    #: The text is said to be written together with the AI ("I wrote it with Claude",
    #: "co-written with ChatGPT"): the AI took part in the text, in no role the sentence names.
    co_written: bool = False

    @property
    def euphemism_only(self) -> bool:
        return bool(self.mentions) and all(m.euphemism for m in self.mentions)

    @property
    def systems(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.system for m in self.mentions if m.system))


def find_mentions(text: str, lex: Lexicon, *, ai_context: bool = False,
                  referent: Mention | None = None) -> list[Mention]:
    """AI mentions in a normalised sentence, left to right, overlaps removed.

    `ai_context` says the surrounding passage already speaks of AI, which is enough to read an
    ambiguous name ("Claude helped a lot. But Claude is a tool.") as the AI. `referent` is the AI
    the passage named last: with it (or with a mention earlier in the sentence), "the model",
    "it wrote" and "its drafts" are mentions of that AI.
    """
    found: list[Mention] = []
    for system in lex.systems:
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
    for m in _IT.finditer(text):
        ante = antecedent(m.start())
        if ante is None:
            continue
        if m.group(0).lower() == "its":
            if lex.its_object.match(text, m.end()):
                out.append(Mention(m.start(), m.end(), m.group(0), ante.system, ante.euphemism, True))
            continue
        if _it_acts(text, m.end(), lex) or lex.it_after.search(text[:m.start()]) is not None:
            out.append(Mention(m.start(), m.end(), m.group(0), ante.system, ante.euphemism, True))
    return out


def _it_acts(text: str, pos: int, lex: Lexicon) -> bool:
    """Is "it" (ending at `pos`) the doer of a making verb ("it wrote", "it then suggested"), or
    the tool of one ("it was used to draft")?"""
    if _IT_USED.match(text, pos):
        return True
    for token in _TOKEN.finditer(text, pos):
        word = token.group(0).lower()
        if word in lex.it_before or (word.endswith("ly") and len(word) > 4):
            continue
        return lex.role_at(text, token.start()) or _GAVE.match(text, token.start()) is not None
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
    if lex.person_cue.search(text[max(0, start - 30):start]):
        return False
    # "Claude Monet", "Claude Debussy": a capitalised surname follows.
    if rx.match(r"\s+(?!AI\b|Opus|Sonnet|Haiku|Pro\b|Ultra|Flash|Advanced|Instant|Large|Code\b|Chat\b|Max\b|"
                r"Plus\b|Turbo\b)[A-Z][a-z]", after):
        return False
    window = text[max(0, start - 120):start] + " " + text[end:end + 120]
    return ai_context or bool(lex.ai_context.search(window))


def only_limit(text: str) -> bool:
    """Does a sentence limit a use ("only for research", "assistive only", "limited")?"""
    return _ONLY_LIMIT.search(text) is not None


def without_quotations(sentence: str) -> str:
    """A story sentence without its quoted speech (dialogue is the characters', not the writer's)."""
    return _QUOTED.sub(" ", sentence) if ('"' in sentence or "'" in sentence) else sentence


def may_disclose_in_story(sentence: str, lex: Lexicon) -> bool:
    """Can a sentence inside a chapter disclose at all? Only with an explicit "this book".

    `read_sentence(..., in_story=True)` never sets `discloses` without this, so a chapter none of
    whose sentences passes it holds no disclosure, whatever else its sentences say.
    """
    return lex.explicit_reference.search(without_quotations(sentence)) is not None


def read_sentence(text: str, lex: Lexicon, *, in_story: bool = False, writers_note: bool = False,
                  ai_context: bool = False, referent: Mention | None = None, after_use: bool = False,
                  ) -> Reading:
    """Classify one normalised sentence.

    `in_story` is True inside chapters: quoted speech is dropped (dialogue is the characters'),
    only an explicit reference to this book or chapter makes a sentence a disclosure, and the
    story never claims anything about how the book was written.
    `writers_note` is True in front and back matter (foreword, copyright page, afterword ...):
    there a sentence about AI use is about the book even without saying "this book".
    `referent` is the AI the passage named last, for "it", "the model" and the like.
    `after_use`: the sentence before said an AI was used; a fragment such as "For edits and
    feedback." then says what the AI did.
    """
    if in_story:
        text = without_quotations(text)
    mentions = find_mentions(text, lex, ai_context=ai_context, referent=referent)
    own_words = text if in_story or '"' not in text else _SPEECH.sub(" ", text)
    holder = _responsibility_holder(own_words, mentions, lex)
    responsibility = holder == "human"
    # A claim is the writer's, about this work: in the first person, naming the work, or a label of
    # a few words ("100% human-written."); narration about someone's letters claims nothing.
    wholly_human = not in_story and bool(lex.wholly_human.search(own_words)) and not _qualified(own_words) and (
        bool(lex.self_reference.search(own_words) or lex.first_person.search(own_words))
        or len(own_words.split()) <= 4)
    if in_story and not lex.explicit_reference.search(text):
        return Reading(tuple(mentions), frozenset(), frozenset(), False, False, False, False, False,
                       responsibility, False, False, bool(mentions), holder == "ai")
    ai_roles: set[str] = set()
    human_roles: set[str] = set()
    denial = False
    used = False
    together = False
    byline_match = _BYLINE.search(text)
    first_person = lex.first_person.search(text) is not None
    about_work = bool(lex.self_reference.search(text) or first_person or byline_match)
    excluded = bool(mentions) and bool(
        lex.not_disclosure.search(text) or lex.normative.search(text) or text.rstrip(" \"')").endswith("?")
        or _generic(text, mentions, lex) or _quoted_example(text, mentions))
    if mentions and not excluded:
        # "What AI does here: drafting; editing": the items of a list after a colon are what the
        # AI named before the colon did.
        ai_lists = False
        for clause_start, clause, listed in _clauses(text):
            clause_mentions = [m for m in mentions if clause_start <= m.start < clause_start + len(clause)]
            if not listed and clause_mentions:
                ai_lists = True
            a, h, u, t = _roles(clause, clause_start, clause_mentions, lex, ai_default=listed and ai_lists)
            if clause_mentions and _denies(clause, clause_start, clause_mentions, lex):
                denial = True
                continue
            if not clause_mentions and _NEGATED_CLAUSE.match(clause) and lex.first_role(clause) is not None:
                denial = True
                continue
            ai_roles |= a
            human_roles |= h
            used = used or u
            together = together or t
    elif not mentions:
        purpose = after_use and _FRAGMENT.match(text) is not None
        for clause_start, clause, _ in _clauses(text):
            a, h, _, _ = _roles(clause, clause_start, [], lex, ai_default=purpose)
            human_roles |= h
            if purpose:
                ai_roles |= a
    if in_story or (denial and not about_work and _NARRATION.search(text)):
        # A denial is the writer's about this work ("I did not use AI", "No AI was used in this
        # book"); "no artificial intelligence had touched his letters" narrates someone's story.
        denial = False
    if _ZERO_SHARE.search(text):
        # "AI-generated content: 0%", "AI involvement: none": a share of nothing is a denial.
        denial = True
        ai_roles.clear()
    if wholly_human:
        denial = denial or not ai_roles
    if lex.collaboration.search(text):
        # "written in collaboration with ChatGPT" names no role for either side.
        ai_roles -= {"write", "generate"}
        used = used or bool(mentions)
        together = together or bool(mentions)
    non_text = False
    if mentions and not excluded and _not_about_making(text, mentions, ai_roles, lex):
        excluded = True
        ai_roles.clear()
    if mentions and not excluded and ai_roles and ai_roles <= {"research", "illustrate"} and \
            not lex.text_noun.search(text):
        excluded = non_text = True  # "AI has been useful during research": not the text
        ai_roles.clear()
    if mentions and not excluded and _non_text_only(_mention_clauses(text, mentions), lex):
        # (the AI's own name is not what it made: "text-davinci-003" names no text)
        excluded = non_text = True
        ai_roles.clear()
    byline = byline_match is not None and any(m.start > byline_match.end() - 2 for m in mentions)
    has_use = bool(ai_roles) or used or byline or bool(lex.roles["vague"].search(text))
    discloses = bool(mentions) and not excluded and has_use and (
        about_work or bool(ai_roles) or (writers_note and (_ai_subject(text, mentions, lex)
                                                            or _ai_instrument(text, mentions, lex)))) and not (
        denial and not (ai_roles & lex.ai_writing_roles)
    )
    if denial and only_limit(text):
        discloses = False
    if discloses and not about_work and not used and ai_roles and ai_roles <= {"assist"} and \
            not _ai_subject(text, mentions, lex):
        discloses = False  # "... the stigma associated with AI assistance": nobody's use
    if discloses and all(m.euphemism for m in mentions) and not (ai_roles & lex.ai_writing_roles):
        # "I wrote it using digital tools like Scrivener": a euphemism counts only when the
        # tool is said to have written, generated or edited text.
        discloses = False
    partial = bool(lex.partial.search(text))
    proportion = bool(lex.proportion.search(text))
    wholly_ai = discloses and bool(lex.wholly_ai.search(text)) and not partial
    return Reading(
        mentions=tuple(mentions),
        ai_roles=frozenset(ai_roles),
        human_roles=frozenset(human_roles),
        proportion=proportion,
        partial=partial,
        wholly_ai=wholly_ai,
        wholly_human=wholly_human,
        denial=denial,
        responsibility=responsibility,
        discloses=discloses,
        about_work=about_work,
        excluded=excluded,
        ai_responsibility=holder == "ai",
        non_text=non_text,
        ai_used=discloses and (used or bool(ai_roles)),
        co_written=discloses and together,
    )


_SPEAKER = LazyPattern(r"(?<![\w'])(?:I|(?i:we))(?!\w)")


def _generic(text: str, mentions: list[Mention], lex: Lexicon) -> bool:
    """Does every mention stand in a clause about people in general, advice to "you", a
    definition, a report of what others say, a plan, or the writer's other works, with no "I" or
    "we" between that phrase and the mention?"""
    found = list(lex.generic.finditer(text))
    other = list(lex.other_works.finditer(text))
    if not found and not other:
        return False
    clauses = _clauses(text)
    for mention in mentions:
        start, clause, _ = next(c for c in reversed(clauses) if c[0] <= mention.start)
        end = start + len(clause)
        if any(start <= o.start() < end for o in other):
            continue
        if not any(start <= g.start() < end and not _SPEAKER.search(
                text, min(g.end(), mention.end), max(g.start(), mention.start)) for g in found):
            return False
    return True


_EXAMPLE_LEAD = LazyPattern(r"(?:\blike|\bsuch as|\be\.g\.|\bfor (?:example|instance)|\bsample|\btemplate|"
                            r"\bexample|\bread|\breads|\bsays?|\bsaid|\bstating)\s*:?\s*$", re.IGNORECASE)


#: A quotation of a few words or more; at a sentence's end its closing mark may have gone with
#: the sentence break.
_QUOTE_TO_END = LazyPattern(r"\"(?:[^\"\s]+\s+){3,}[^\"]*(?:\"|$)")


def _quoted_example(text: str, mentions: list[Mention]) -> bool:
    """Is every mention inside a quotation given as an example or someone's words ("Use simple
    disclaimers like: \"This article was created with AI assistance.\"")?"""
    quotes = [q for q in _QUOTE_TO_END.finditer(text) if _EXAMPLE_LEAD.search(text, 0, q.start())]
    return bool(quotes) and all(any(q.start() < m.start < q.end() for q in quotes) for m in mentions)


def _looks_like_title(text: str) -> bool:
    """A book title or heading ("The AI Who Wrote Poems"), not a sentence about the book."""
    if text.rstrip().endswith((".", "!", "?", ";")):
        return False
    words = rx.findall(r"[A-Za-z][\w'-]*", text)
    long_words = [w for w in words if len(w) > 3]
    return len(long_words) >= 2 and sum(w[0].isupper() for w in long_words) >= 0.8 * len(long_words)


def _not_about_making(text: str, mentions: list[Mention], ai_roles: set[str], lex: Lexicon) -> bool:
    """Is a sentence about AI but not about making this book? The book's topic ("a novel about
    AI"), a title ("The AI Who Wrote Poems"), or AI in general ("Today's chatbots, which generate
    text ...")."""
    if _topic_only(text, mentions, lex) or _looks_like_title(text) or _character(text, mentions):
        return True
    # "AI tools cannot take such responsibility", "Assistive AI, including programs such as
    # Grammarly, suggest changes": AI in general, said in the present, with named systems only as
    # examples; "Marche wrote it using three AI programs" tells of one making.
    if _OWN_WORK.search(text) or lex.first_person.search(text) or _told_making(text, lex):
        return False
    examples: list[Mention] = []
    for n, m in enumerate(mentions):
        governor = _governor(text, m.start, lex)
        # "such as ProWritingAid and Grammarly": each member of the list is an example
        if governor in ("such as", "like", "including") or (
                governor in ("and", "or") and n and mentions[n - 1] in examples):
            examples.append(m)
    general = [m for m in mentions if m not in examples and (
        _GENERIC_PLURAL.match(m.text) or (m.system is None and _PLURAL_AFTER.match(text, m.end)))]
    return bool(examples or general) and all(m in examples or m in general or m.system is None for m in mentions)


def _object_not_text(clause: str, ve: int, lex: Lexicon) -> bool:
    """Is what a verb made (the words after it, to the next comma or preposition) only what is
    not the text ("generating art elements", "writing code")?"""
    obj = rx.match(r"[^,;:()]*", clause[ve:])
    phrase = obj.group(0) if obj is not None else ""
    cut = rx.search(r"\b(?:for|to|from|with|by|in|on|and|or)\b", phrase)
    phrase = phrase[:cut.start()] if cut is not None else phrase
    return bool(phrase.strip()) and lex.non_text.search(phrase) is not None and lex.text_noun.search(phrase) is None


def _character(text: str, mentions: list[Mention]) -> bool:
    """Is every AI in the sentence a character: a name given the AI as its apposition ("ARIA, a
    rogue AI, writes poetry"), where the name is no AI system of ours?"""
    for m in mentions:
        # a being ("a rogue AI", "an android"), not a product ("Quill-7, a language model")
        if m.system is not None or not _BEING.match(m.text):
            return False
        named = _APPOSED_NAME.search(text, 0, m.start)
        if named is None or any(o.start <= named.start() < o.end for o in mentions):
            return False
    return bool(mentions)


def _told_making(text: str, lex: Lexicon) -> bool:
    """Does the sentence tell of a making that happened (a role verb in the past: "wrote",
    "was drafted"), not of what AI does in general?"""
    for pattern in lex.roles.values():
        for m in pattern.finditer(text):
            word = m.group(0).split()[0].lower()
            if text[max(0, m.start() - 1):m.start()] == "-":
                continue  # "AI-generated": an adjective
            if word.endswith("ed") or word in _PAST:
                return True
    return False


_PAST = frozenset({"wrote", "written", "rewrote", "rewritten", "made", "came", "cut", "kept", "did", "gave"})


def _mention_clauses(text: str, mentions: list[Mention]) -> str:
    """The clauses of a sentence that hold its mentions, joined, with the mentions themselves
    blanked (a name such as "text-davinci-003" is not a word for what the AI made)."""
    for m in mentions:
        text = text[:m.start] + " " * (m.end - m.start) + text[m.end:]
    clauses = _clauses(text)
    held = {next((n for n in range(len(clauses) - 1, -1, -1) if clauses[n][0] <= m.start), 0) for m in mentions}
    return " ".join(clauses[n][1] for n in sorted(held))


def _non_text_only(text: str, lex: Lexicon) -> bool:
    """Does the sentence speak only of things made that are not the text ("The cover art and the
    chapter illustrations were generated by Midjourney", "narrated by an AI voice", "the
    marketing copy")? Then it needs no text disclosure."""
    if lex.non_text.search(text) is None:
        return False
    pattern = lex.non_text.pattern
    rest = rx.sub(_POSSESSOR + "(?:" + pattern + ")" + _OF_THE_BOOK, " ", text, flags=re.IGNORECASE)
    return lex.text_noun.search(rest) is None


def _qualified(text: str) -> bool:
    """A wholly-human claim softened by "primarily", "except", "other than" is not wholly human."""
    return bool(rx.search(r"\b(?:primarily|mostly|largely|mainly|except|apart from|other than|beyond)\b",
                          text, re.IGNORECASE))


def _clauses(text: str) -> list[tuple[int, str, bool]]:
    """The clauses of a sentence: (offset, text, whether a colon list led to it)."""
    out: list[tuple[int, str, bool]] = []
    start = 0
    listed = False
    for m in _CLAUSE_BREAK.finditer(text):
        if m.start() > start:
            out.append((start, text[start:m.start()], listed))
        listed = listed or ":" in m.group(0)
        start = m.end()
    if start < len(text):
        out.append((start, text[start:], listed))
    return out


def _denies(clause: str, offset: int, mentions: list[Mention], lex: Lexicon) -> bool:
    """Does a clause deny AI use? A negator before the first AI mention, not a double negative;
    or a negated verb of use after it ("AI was not used", "AI played no part")."""
    if lex.double_negation.search(clause):
        return False
    first = min(m.start for m in mentions) - offset
    head = clause[:first]
    for neg in lex.negator.finditer(head):
        between = head[neg.end():]
        # "not only", "no reader could miss" are not denials of use.
        if rx.match(r"\s*only\b", between, re.IGNORECASE) or "," in between:
            continue
        # "no AI", "without any generative AI": the mention is what is negated; "did not use
        # ChatGPT", "never asked Claude": a verb of use or making is. "my 'zero draft' that I give
        # to Claude" negates neither.
        if _noun_phrase(between, lex) or lex.use_verb.search(between) or lex.first_role(between) is not None:
            return True
    tail = clause[first:]
    negated = _DENIAL_TAIL.search(tail)
    if negated is None:
        return False
    rest = tail[negated.end():]
    purpose = rx.search(r"\bused\s+(?:to|for)\s+", rest, re.IGNORECASE)
    if purpose is not None and not lex.making_at(rest, purpose.end()):
        return False  # "AI was not used to replace the author's analysis": one use denied, not all
    return lex.first_role(rest) is not None or _DENIED_USE.search(rest) is not None or not rest.strip(" .")


def _ai_subject(text: str, mentions: list[Mention], lex: Lexicon) -> bool:
    """Is an AI mention the subject of a making word ("Claude helped a lot", "AI was involved")?"""
    for m in mentions:
        for token in _TOKEN.finditer(text, m.end):
            word = token.group(0).lower()
            if word in lex.it_before or word in ("was", "were", "is", "are", "has", "been", "had", "have"):
                continue
            if lex.role_at(text, token.start()) or word in ("did", "does", "do"):
                return True
            break
    return False


def _ai_instrument(text: str, mentions: list[Mention], lex: Lexicon) -> bool:
    """Is an AI mention the means of making something ("Made with AI", "created using ChatGPT")?"""
    return any(_governor(text, m.start, lex) in ("with", "using", "by", "via", "through", "from")
               for m in mentions)


def _topic_only(text: str, mentions: list[Mention], lex: Lexicon) -> bool:
    """"A novel about AI", "a world where AI writes the news": the topic, not the making."""
    topic = lex.topic.search(text)
    if topic is None:
        return False
    # "AI has long been the subject of science fiction": that topic may follow its subject.
    after = topic.start() > mentions[0].start or rx.search(r"[;:]", text[topic.end():mentions[0].start])
    if after and not rx.match(r"(?:the )?(?:subject|topic|theme|focus) of", topic.group(0), re.IGNORECASE):
        return False
    # "This book, about love, was drafted with GPT-4" still discloses: passive making by/with AI.
    return not rx.search(r"\b(?:was|were|is|been)\s+(?:[\w-]+\s+)*?(?:\w+ed|written|made)\s+"
                         r"(?:in part\s+|partly\s+)?(?:by|with|using)\b", text, re.IGNORECASE)


# --- frames: who did what ---------------------------------------------------------------------


def _governor(clause: str, at: int, lex: Lexicon) -> str | None:
    """What governs the noun phrase a mention at `at` stands in: a preposition ("with", "by",
    "of" ...), "use" for a verb of using ("I used ChatGPT"), "verb" for another making verb ("I
    revised ChatGPT's drafts"), or None when nothing does (the mention can be a subject).

    Walks left over the words of the noun phrase ("the aid of paid AI tools like") until a word
    that ends it; no fixed number of words.
    """
    tokens = list(_TOKEN.finditer(clause, 0, at))
    depth = 0
    for n in range(len(tokens) - 1, -1, -1):
        word = tokens[n].group(0)
        low = word.lower()
        if word in ")]":
            depth += 1
            continue
        if depth:
            depth -= word in "(["
            continue
        if not (word[0].isalnum() or word[0] == "'"):
            return None  # punctuation: an apposition, a list or the clause's start
        if low == "as" and n and tokens[n - 1].group(0).lower() == "such":
            return "such as"
        if low in lex.governing:
            return low
        two = f"{tokens[n - 1].group(0)} {word}" if n else word
        if lex.use_verb.fullmatch(word) or lex.use_verb.fullmatch(two):
            return "use"
        if low in lex.phrase_breaks:
            return None
        if _is_verb_form(word) and lex.making_at(clause, tokens[n].start()):
            return "verb"
    return None


def _is_verb_form(word: str) -> bool:
    """A making word used as a verb (drafted, revised, edit) rather than a noun (drafts, tools)."""
    low = word.lower()
    return low.endswith(("ed", "ing")) or low in ("wrote", "write", "rewrote", "cut", "kept", "made", "edit",
                                                  "revise", "draft", "generate", "prompt", "asked")


def _purpose_reach(clause: str, end: int, lex: Lexicon) -> int | None:
    """After a used tool, does a purpose follow ("used ChatGPT, an AI chatbot, to draft")? Return
    where the purpose phrase ends (the tool is the doer of the verbs up to there: "used ChatGPT to
    draft the dialogue and rewrote it myself" leaves "rewrote" to the writer), or None."""
    at = _purpose_at(clause, end, lex)
    if at is None:
        return None
    verb = lex.first_role(clause, at)
    if verb is None:
        return len(clause)
    end_of = _PURPOSE_END.search(clause, verb + 1)
    return end_of.start() if end_of is not None else len(clause)


def _purpose_at(clause: str, end: int, lex: Lexicon) -> int | None:
    """Where the purpose word after a used tool is, if one follows."""
    depth = 0
    for n, token in enumerate(_TOKEN.finditer(clause, end)):
        word = token.group(0)
        low = word.lower()
        if n == 0 and lex.making_at(clause, token.start()) and not low.endswith(("ed", "s")):
            return token.start()  # "had Claude draft", "let the AI clean up": a bare verb follows
        if word in "([" or (depth and word in ")]"):
            depth += 1 if word in "([" else -1
            continue
        if depth:
            continue
        if lex.purpose.fullmatch(low) or (low == "in" and clause[token.end():token.end() + 9].lower()
                                          == " order to"):
            return token.end()
        if word == ",":
            continue
        if not word[0].isalnum() or low in lex.phrase_breaks or lex.making_at(clause, token.start()):
            return None
    return None


def _noun_phrase(gap: str, lex: Lexicon) -> bool:
    """Can `gap` stand inside one noun phrase before a mention: words that are not prepositions,
    conjunctions or verbs' helpers, and at most an apposition ("Quill-7, a language model")?"""
    tokens = [t.group(0) for t in _TOKEN.finditer(gap)]
    for n, word in enumerate(tokens):
        if word == ",":
            # an apposition after a bare name: "with Quill-7, a language model"
            following = tokens[n + 1].lower() if n + 1 < len(tokens) else ""
            if n == 1 and (following in ("a", "an", "the") or any(t.endswith(("'s", "s'")) for t in tokens[n + 1:])):
                continue  # "Quill-7, Inkwell Labs's large-scale language model"
            return False
        if not word[0].isalnum() or word.lower() in lex.phrase_breaks or word.lower() == "of":
            return False
    return True


def _np_target(clause: str, pos: int, spans: list[tuple[int, int]], lex: Lexicon) -> str | None:
    """Who stands at `pos` (after "by", "with" ...): "ai" when an AI mention heads the noun phrase
    there ("by the AI", "with OpenAI's GPT-4"), "human" for a person ("by me", "by our editors",
    "by Jane Doe"), else None."""
    mention = next((s for s, _ in spans if s >= pos), None)
    if mention is not None and _noun_phrase(clause[pos:mention], lex):
        return "ai"
    if lex.human_agent.match(clause, pos):
        return "human"
    name = rx.match(r"(?:the |our |my |an? )?([A-Z][\w&.'-]*)", clause[pos:])
    if name is not None:
        # A maker of AI ("by OpenAI", "from Anthropic") is the AI's side, not a person's.
        return "ai" if name.group(1).rstrip("'s") in lex.vendors else "human"
    return None


def _roles(clause: str, offset: int, mentions: list[Mention], lex: Lexicon, *, ai_default: bool = False,
           ) -> tuple[set[str], set[str], bool, bool]:
    """Give each making verb in a clause its agent: the AI or a human. `ai_default`: the clause is
    an item of a list of what an AI did, so a verb with no doer of its own is the AI's.

    Returns the AI's roles, the human's roles, whether the clause speaks of the AI as a tool that
    was used (with, using, "I used ChatGPT") whatever it was used for, and whether it says the
    text was written together with the AI ("I wrote it with Claude").
    """
    ai: set[str] = set()
    human: set[str] = set()
    used = False
    together = False
    spans = [(m.start - offset, m.end - offset) for m in mentions]
    # A mention governed by a preposition or a verb is an agent, instrument or object, never a
    # subject for the verbs that follow it; one before "-generated" is a compound adjective.
    #: (start, end, "ai" or "human", how far into the clause it is the doer)
    subjects: list[tuple[int, int, str, int]] = []
    compounds: list[tuple[int, int]] = []
    for s, e in spans:
        reach = len(clause)
        inner = _COMPOUND.search(clause, s, e)
        if inner is not None:
            compounds.append((s, e))
            ai.add(_COMPOUND_ROLE.get(inner.group(0).lower()[1:], "generate"))
            continue
        after_compound = _COMPOUND.match(clause, e)
        if after_compound is not None:
            compounds.append((s, after_compound.end()))
            ai.add(_COMPOUND_ROLE.get(after_compound.group(0).lower()[1:], "generate"))
            continue
        governor = _governor(clause, s, lex)
        if governor == "use":
            # "I used ChatGPT while writing": the AI is what was used, not who wrote; it is the
            # doer only of what it was used *to* or *for* ("used ChatGPT to draft").
            used = True
            purpose = _purpose_reach(clause, e, lex)
            if purpose is None:
                continue
            reach = purpose
        elif governor is not None:
            used = used or governor in ("with", "using", "via", "through", "alongside")
            continue
        subjects.append((s, e, "ai", reach))
    for helped in _WITH_HELP.finditer(clause):
        if any(helped.start() <= s < helped.end() for s, _ in spans):
            ai.add("assist")  # "created with AI assistance", "with ChatGPT's help"
            used = True
    for made in _MADE_BY.finditer(clause):
        if _np_target(clause, made.end(), spans, lex) == "ai":
            ai.add("generate")
    for m in lex.human_agent.finditer(clause):
        if m.group(0).lower() in _NOT_SUBJECTS:
            continue  # "asked Claude to give me ...": an object, never the doer
        if rx.match(r"-(?:created|written|authored|made)", clause[m.end():m.end() + 10]) or \
                m.group(0).lower().startswith("human-"):
            human.add("write")
        subjects.append((m.start(), m.end(), "human", len(clause)))
    subjects.sort()
    for role, pattern in lex.roles.items():
        if role == "vague":
            continue
        for v in pattern.finditer(clause):
            if _NEGATED_VERB.search(clause, 0, v.start()):
                continue  # "I didn't really write it": no role for anyone
            if spans and _PARTNER.match(clause, v.end()):
                ai.add(role)  # "Claude as a drafting partner", "an editing assistant"
                continue
            if _WHILE.search(clause, 0, v.start()) and v.group(0).lower().endswith("ing"):
                human.add(role)  # "when writing heavy prose, it helps me ...": the writer writes
                continue
            if _object_not_text(clause, v.end(), lex):
                continue  # "writing code", "generating art elements": not the text
            helper = _HELPED.search(clause, 0, v.start())
            if helper is not None and _subject(clause, helper.start(), spans, subjects) == "ai":
                # "ChatGPT helped me brainstorm", "I use AI to help write": the AI assisted; the
                # verb is the writer's.
                ai.add("assist")
                human.add(role)
                continue
            agent, instrument = _agent(clause, v.start(), v.end(), spans, compounds, subjects, lex)
            used = used or instrument is not None
            if instrument == "assist":
                # "written with the help of ChatGPT": the AI assisted; the writing is whoever's did it.
                ai.add("assist")
                if agent == "human":
                    human.add(role)
                continue
            if instrument == "tool":
                if role == "write" and agent == "human":
                    # "I wrote this novel with ChatGPT": written together, no role for either.
                    together = True
                    continue
                agent = "ai"
            if role in ("review", "shape", "direct") and agent == "ai":
                if _by_ai(clause, v.end(), spans, lex) or _subject(clause, v.start(), spans, subjects) == "ai":
                    # "used ChatGPT to review the manuscript for grammar": checking text is editing
                    ai.add("suggest" if role == "direct" else "edit")
                    continue
                agent = "human"
            if agent is None:
                if role in ("review", "shape", "direct"):
                    agent = "human"
                elif (spans or ai_default) and (role in lex.ai_typical or role in _AI_BY_DEFAULT):
                    agent = "ai"
                elif not spans and not ai_default and role in lex.human_writing_roles:
                    # A clause with no AI in it ("Jane revised all of it") speaks of a person.
                    agent = "human"
            if agent == "ai":
                ai.add(role)
            elif agent == "human":
                human.add(role)
    return ai, human, used, together


def _scope(clause: str, ve: int, lex: Lexicon) -> str:
    """A verb's own phrase: from the verb to the next making verb or the clause's end ("generated
    with ChatGPT and revised by the author": "by the author" belongs to "revised")."""
    ends = [m.start() for name, p in lex.roles.items() if name != "vague"
            for m in p.finditer(clause, ve + 1) if _is_verb_form(m.group(0).split()[0])]
    return clause[ve:min(ends)] if ends else clause[ve:]


def _own_by(scope: str, lex: Lexicon) -> re.Match[str] | None:
    """The "by" of a verb's own phrase: none after a comma or another verb ("made by")."""
    by = rx.search(r"\bby\s+", scope, re.IGNORECASE)
    if by is None:
        return None
    before = scope[:by.start()]
    if "," in before or any(_is_verb_form(t.group(0)) and lex.role_at(scope, t.start())
                            for t in _TOKEN.finditer(before)):
        return None
    return by


def _by_ai(clause: str, ve: int, spans: list[tuple[int, int]], lex: Lexicon) -> bool:
    scope = _scope(clause, ve, lex)
    by = _own_by(scope, lex)
    return by is not None and _np_target(clause, ve + by.end(), spans, lex) == "ai"


def _agent(clause: str, vs: int, ve: int, spans: list[tuple[int, int]], compounds: list[tuple[int, int]],
           subjects: list[tuple[int, int, str, int]], lex: Lexicon) -> tuple[str | None, str | None]:
    """Who did the making verb at `vs:ve`, and was an AI its instrument: "tool" ("with ChatGPT",
    "using GPT-4"), "assist" ("with the help of ChatGPT"), or None?"""
    for s, e in compounds:
        if s <= vs < e:
            return "ai", None
    scope = _scope(clause, ve, lex)
    # "drafted by Claude", "reviewed by our editors", "written by me" (not "drafted with GPT-4, a
    # model made by OpenAI": that "by" belongs to "made")
    by = _own_by(scope, lex)
    if by is not None:
        who = _np_target(clause, ve + by.end(), spans, lex)
        if who is not None:
            return who, None
    instrument: str | None = None
    # "generated this text in part with GPT-3", "refine it with the aid of ChatGPT"
    for ins in lex.instrument.finditer(scope):
        if "," in scope[:ins.start()]:
            break
        if _np_target(clause, ve + ins.end(), spans, lex) == "ai":
            instrument = "assist" if lex.assistance.match(scope, ins.start()) or \
                lex.assistance.search(scope, ins.start(), ins.end()) else "tool"
            break
    if instrument is None:
        # "written directly from the generative AI", "suggestions from Sudowrite" (not "from my notes")
        for source in rx.finditer(r"\bfrom\s+", scope, re.IGNORECASE):
            target = ve + source.end()
            mention = next((s for s, _ in spans if s >= target), None)
            if mention is not None and _noun_phrase(clause[target:mention], lex):
                return "ai", None
    return _subject(clause, vs, spans, subjects), instrument


def _subject(clause: str, vs: int, spans: list[tuple[int, int]], subjects: list[tuple[int, int, str, int]],
             ) -> str | None:
    """The doer named before a verb: "ChatGPT helped me brainstorm" (the helper), "Asimov wrote"
    (a name), otherwise the nearest subject before it in the clause. A passive verb ("was
    reviewed") has none there: its doer would follow "by"."""
    helped = rx.search(r"\bhelp(?:s|ed|ing)?\s+(?:me|us|him|her|them|the authors?)\s+(?:to\s+)?$",
                       clause[:vs], re.IGNORECASE)
    if helped is not None:
        vs = helped.start()
    elif _PASSIVE_BEFORE.search(clause[:vs]):
        return None
    # "Asimov wrote", "Jane revised": a capitalised name right before the verb is a person (an AI
    # name there is an AI mention, found above).
    name = _NAME_BEFORE.search(clause[:vs])
    if name is not None and not any(s <= name.start() < e for s, e in spans) and \
            name.group(1).lower() not in _NOT_NAMES:
        return "human"
    before = [x for x in subjects if x[1] <= vs < x[3]]
    return before[-1][2] if before else None


# --- responsibility ---------------------------------------------------------------------------


def _responsibility_holder(text: str, mentions: list[Mention], lex: Lexicon) -> str | None:
    """Who takes responsibility in the sentence: "human" (a person or company), "ai", or None
    (nobody, a denial, or no responsibility at all)."""
    if lex.responsibility_deny.search(text):
        return None
    if lex.responsibility.search(text):
        return "human"
    spans = [(m.start, m.end) for m in mentions]
    for m in lex.responsibility_holder_after.finditer(text):
        pos = m.end() + len(text[m.end():]) - len(text[m.end():].lstrip())
        if lex.nobody.match(text, pos):
            return None
        who = _np_target(text, pos, spans, lex)
        if who is not None:
            return who
    taken = lex.responsibility_by_subject.search(text)
    return _holder_before(text, taken.start(), mentions, lex) if taken is not None else None


def _holder_before(text: str, at: int, mentions: list[Mention], lex: Lexicon) -> str | None:
    """The subject of a responsibility verb: the nearest person, company, AI or "nobody" before
    it in its clause. With none named ("... and takes ultimate responsibility") it is the writer."""
    start = max(text.rfind(";", 0, at), text.rfind(":", 0, at)) + 1
    candidates: list[tuple[int, str]] = []
    for mention in mentions:
        if start <= mention.start and mention.end <= at and \
                _governor(text[start:], mention.start - start, lex) is None:
            candidates.append((mention.end, "ai"))
    for found in lex.human_agent.finditer(text, start, at):
        candidates.append((found.end(), "human"))
    for found in lex.nobody.finditer(text, start, at):
        candidates.append((found.end(), "nobody"))
    for name in _NAME.finditer(text, start, at):
        first = name.group(0).split()[0].lower()
        if first in _NOT_NAMES or lex.nobody.match(name.group(0)) or \
                any(x.start <= name.start() < x.end for x in mentions):
            continue
        candidates.append((name.end(), "human"))
    if not candidates:
        return "human"
    who = max(candidates)[1]
    return None if who == "nobody" else who
