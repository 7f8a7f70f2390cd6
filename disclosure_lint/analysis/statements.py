"""Reads one sentence at a time: does it speak of AI making *this* book, and what does it say?

The reading is deliberately close to how a careful editor reads a disclosure:
- an AI mention is a plain AI word, a named system (ambiguous names such as "Claude" only with
  AI context and not after "my friend"), or a euphemism ("automation technology");
- the sentence must be about the work (this book, the author, I/we in a writer's note), use a
  word of making (drafted, edited, helped, used ...), and not be a denial ("No AI was used"), a
  rights reservation ("may not be used to train AI") or a sentence about the book's topic;
- each making verb gets an agent: the AI ("drafted by Claude", "GPT-3 came up with", "AI-
  generated", "generated with GPT-3") or the human ("the author reviewed", "by me").
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
    r"\s*(?:;|:|\s+-\s+|\s+--\s+|,?\s+but\s+|,\s+and\s+then\s+|\s+and\s+then\s+|,\s+then\s+|,\s+while\s+|"
    r"\s+whereas\s+|,\s+after which\s+|,\s+(?=(?:never|not|nor)\s)|,\s+and\s+(?=(?:I|we|the author)\b))\s*",
    re.IGNORECASE,
)
_QUOTED = LazyPattern(r"\"[^\"]{0,600}\"|(?<!\w)'[^']{2,600}'(?!\w)")
_BYLINE = LazyPattern(r"\bby\s+[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3}\s+(?:with|and|&)\s+", re.UNICODE)
_COMPOUND = LazyPattern(r"-(?:generated|written|assisted|drafted|created|produced|authored|powered|aided|"
                       r"edited|enhanced|driven|based)\b", re.IGNORECASE)
_COMPOUND_ROLE = {"generated": "generate", "written": "write", "assisted": "assist", "drafted": "draft",
                  "created": "generate", "produced": "generate", "authored": "write", "edited": "edit",
                  "aided": "assist", "enhanced": "edit", "powered": "assist", "driven": "assist",
                  "based": "assist"}
_NEGATED_CLAUSE = LazyPattern(r"^\s*(?:never|not|nor|and not|but never|without)\b", re.IGNORECASE)
_AI_BY_DEFAULT = frozenset({"write", "edit", "translate", "illustrate", "research"})
_COLLABORATION = LazyPattern(r"\b(?:in )?collaborat\w*|\bco-?creat\w*|\btogether with\b|\bpartnership\b",
                            re.IGNORECASE)
_IMAGES = LazyPattern(r"\b(?:cover|images?|illustrations?|artwork|art|pictures?|photos?|photographs?|maps?|"
                     r"drawings?|icons?|graphics?)\b", re.IGNORECASE)
_TEXT = LazyPattern(r"\b(?:text|prose|words|chapters?|story|stories|drafts?|writing|written|passages?|"
                   r"scenes?|poems?|dialogue|manuscript|book's content)\b", re.IGNORECASE)
_USED = LazyPattern(r"\b(?:us(?:e|ed|es|ing)|employ(?:ed|s|ing)?|consult(?:ed|s|ing)?|relied on|rely on|"
                   r"turned to|work(?:ed)? with)\s+(?:\w+\s+){0,3}$", re.IGNORECASE)
_PURPOSE = LazyPattern(r"(?:[\s,]+[\w.()-]+){0,4}?\s+(?:to|for|as|in order to)\s", re.IGNORECASE)
_NAME_BEFORE = LazyPattern(r"(?<![\w'])([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\s+(?:(?:also|later|then|first|"
                          r"once|had|has|have)\s+)?$")
_NOT_NAMES = frozenset({"the", "this", "that", "these", "those", "it", "its", "they", "he", "she", "we",
                        "i", "you", "a", "an", "and", "but", "then", "which", "who", "each", "all",
                        "some", "many", "most", "one", "every", "parts", "portions", "chapters",
                        "passages", "sections", "text", "drafts"})
#: A plural, generic AI noun ("chatbots generate text"): a statement about AI, not about this book.
_GENERIC_PLURAL = LazyPattern(r"^(?:chat ?bots|robots|(?:large )?language models|LLMs|AIs|AI (?:systems|models|tools)|"
                             r"machines|computers|neural networks)$", re.IGNORECASE)
_OWN_WORK = LazyPattern(r"\b(?:this|these|my|our)\s+(?:\w+\s+){0,2}?(?:book|novel|text|chapters?|stories|story|"
                       r"pages|work|manuscript|poems?|collection|volume)\b", re.IGNORECASE)
_ONLY_LIMIT = LazyPattern(r"\bonly (?:for|to|as|in)\b|\blimited\b", re.IGNORECASE)


class Mention(NamedTuple):
    """An AI mention in a sentence."""

    start: int
    end: int
    text: str
    #: Canonical system name, or None for a generic word ("AI", "language model").
    system: str | None
    euphemism: bool


class Reading(NamedTuple):
    """What one sentence says about AI and authorship."""

    mentions: tuple[Mention, ...]
    #: Roles the sentence gives the AI (generate, draft, write, edit, suggest, assist ...).
    ai_roles: frozenset[str]
    #: Roles the sentence gives a human (write, edit, review, shape, direct ...).
    human_roles: frozenset[str]
    #: The sentence says how much AI did ("5% of the text", "half of the chapters").
    proportion: bool
    #: The sentence limits AI's share ("in part", "some chapters", "primarily human").
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
    #: A rights reservation, submission policy or topic statement: never a disclosure.
    excluded: bool

    @property
    def mentions_ai(self) -> bool:
        return bool(self.mentions)

    @property
    def euphemism_only(self) -> bool:
        return bool(self.mentions) and all(m.euphemism for m in self.mentions)

    @property
    def systems(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.system for m in self.mentions if m.system))


def find_mentions(text: str, lex: Lexicon, *, ai_context: bool = False) -> list[Mention]:
    """AI mentions in a normalised sentence, left to right, overlaps removed.

    `ai_context` says the surrounding passage already speaks of AI, which is enough to read an
    ambiguous name ("Claude helped a lot. But Claude is a tool.") as the AI.
    """
    found: list[Mention] = []
    for system in lex.systems:
        for m in system.pattern.finditer(text):
            if system.ambiguous and not _ai_person(text, m.start(), m.end(), lex, ai_context):
                continue
            found.append(Mention(m.start(), m.end(), m.group(0), system.canonical, False))
    for m in lex.ai_token.finditer(text):
        found.append(Mention(m.start(), m.end(), m.group(0), None, False))
    for m in lex.plain_ai.finditer(text):
        found.append(Mention(m.start(), m.end(), m.group(0), None, False))
    for m in lex.euphemism.finditer(text):
        found.append(Mention(m.start(), m.end(), m.group(0), None, True))
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


def _ai_person(text: str, start: int, end: int, lex: Lexicon, ai_context: bool) -> bool:
    """Is an ambiguous name ("Claude", "Gemini") the AI here, not a person, sign or animal?"""
    name = text[start:end]
    if not name[:1].isupper():
        return False
    before = text[max(0, start - 30):start]
    after = text[end:end + 30]
    if lex.person_cue.search(before):
        return False
    # "Claude Monet", "Claude Debussy": a capitalised surname follows.
    if rx.match(r"\s+(?!AI\b|Opus|Sonnet|Haiku|Pro\b|Ultra|Flash|Advanced|Instant|Large)[A-Z][a-z]", after):
        return False
    if rx.search(r"\d", name) or "." in name:
        return True
    window = text[max(0, start - 120):start] + " " + text[end:end + 120]
    return ai_context or bool(lex.ai_context.search(window))


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
                  ai_context: bool = False) -> Reading:
    """Classify one normalised sentence.

    `in_story` is True inside chapters: quoted speech is dropped (dialogue is the characters'),
    and only an explicit reference to this book or chapter makes a sentence a disclosure.
    `writers_note` is True in front and back matter (foreword, copyright page, afterword ...):
    there a sentence about AI use is about the book even without saying "this book".
    """
    if in_story:
        text = without_quotations(text)
    mentions = find_mentions(text, lex, ai_context=ai_context)
    responsibility = bool(lex.responsibility.search(text)) and not lex.responsibility_deny.search(text)
    wholly_human = bool(lex.wholly_human.search(text)) and not _qualified(text)
    if in_story and not lex.explicit_reference.search(text):
        return Reading(tuple(mentions), frozenset(), frozenset(), False, False, False, False, False,
                       False, False, False, bool(mentions))
    ai_roles: set[str] = set()
    human_roles: set[str] = set()
    denial = False
    excluded = bool(mentions) and bool(lex.not_disclosure.search(text))
    byline_match = _BYLINE.search(text)
    about_work = bool(lex.self_reference.search(text) or lex.first_person.search(text) or byline_match)
    if mentions and not excluded:
        for clause_start, clause in _clauses(text):
            clause_mentions = [m for m in mentions if clause_start <= m.start < clause_start + len(clause)]
            a, h = _roles(clause, clause_start, clause_mentions, lex)
            if clause_mentions and _denies(clause, clause_start, clause_mentions, lex):
                denial = True
                continue
            if not clause_mentions and _NEGATED_CLAUSE.match(clause) and lex.first_role(clause) is not None:
                denial = True
                continue
            ai_roles |= a
            human_roles |= h
    elif not mentions:
        for clause_start, clause in _clauses(text):
            _, h = _roles(clause, clause_start, [], lex)
            human_roles |= h
    if wholly_human:
        denial = denial or not ai_roles
    if _COLLABORATION.search(text):
        # "written in collaboration with ChatGPT" names no role for either side.
        ai_roles -= {"write", "generate"}
    if mentions and not excluded and _not_about_making(text, mentions, ai_roles, lex):
        excluded = True
        ai_roles.clear()
    byline = byline_match is not None and any(m.start > byline_match.end() - 2 for m in mentions)
    has_use = bool(ai_roles) or byline or bool(lex.roles["vague"].search(text))
    discloses = bool(mentions) and not excluded and has_use and (
        about_work or bool(ai_roles) or (writers_note and (_ai_subject(text, mentions, lex)
                                                            or _ai_instrument(text, mentions)))) and not (
        denial and not (ai_roles & lex.ai_writing_roles)
    )
    if denial and _ONLY_LIMIT.search(text):
        discloses = False
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
    )


def _looks_like_title(text: str) -> bool:
    """A book title or heading ("The AI Who Wrote Poems"), not a sentence about the book."""
    if text.rstrip().endswith((".", "!", "?", ";")):
        return False
    words = rx.findall(r"[A-Za-z][\w'-]*", text)
    long_words = [w for w in words if len(w) > 3]
    return len(long_words) >= 2 and sum(w[0].isupper() for w in long_words) >= 0.8 * len(long_words)


def _not_about_making(text: str, mentions: list[Mention], ai_roles: set[str], lex: Lexicon) -> bool:
    """Is a sentence about AI but not about making this book? The book's topic ("a novel about
    AI"), a title ("The AI Who Wrote Poems"), pictures only ("Cover image generated with
    Midjourney"), or AI in general ("Today's chatbots, which generate text ...")."""
    if _topic_only(text, mentions, lex) or _looks_like_title(text):
        return True
    if ai_roles and ai_roles <= {"illustrate", "generate"} and _IMAGES.search(text) and not _TEXT.search(text):
        return True
    return bool(ai_roles) and all(_GENERIC_PLURAL.match(m.text) for m in mentions) and \
        not _OWN_WORK.search(text) and not lex.first_person.search(text)


def _qualified(text: str) -> bool:
    """A wholly-human claim softened by "primarily", "except", "other than" is not wholly human."""
    return bool(rx.search(r"\b(?:primarily|mostly|largely|mainly|except|apart from|other than|beyond)\b",
                          text, re.IGNORECASE))


def _clauses(text: str) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    start = 0
    for m in _CLAUSE_BREAK.finditer(text):
        if m.start() > start:
            out.append((start, text[start:m.start()]))
        start = m.end()
    if start < len(text):
        out.append((start, text[start:]))
    return out


def _denies(clause: str, offset: int, mentions: list[Mention], lex: Lexicon) -> bool:
    """Does a clause deny AI use? A negator before the first AI mention, not a double negative."""
    if lex.double_negation.search(clause):
        return False
    first = min(m.start for m in mentions) - offset
    head = clause[:first]
    for neg in lex.negator.finditer(head):
        between = head[neg.end():]
        # "not only", "no reader could miss" are not denials of use.
        if rx.match(r"\s*only\b", between, re.IGNORECASE):
            continue
        return True
    # "AI was not used", "AI played no part", "AI had nothing to do with"
    tail = clause[first:]
    return bool(rx.search(r"\b(?:was|were|is|are|has|have|had|played|did)\s+(?:not|n't|no|never|nothing)\b"
                          r"(?!\s+only)|\bn't\b", tail[:80], re.IGNORECASE))


def _ai_subject(text: str, mentions: list[Mention], lex: Lexicon) -> bool:
    """Is an AI mention the subject of a making word ("Claude helped a lot", "AI was involved")?"""
    for m in mentions:
        if lex.role_at(text, m.end + 1) or rx.match(
                r"\s+(?:\w+\s+){0,2}?(?:was|were|is|has been|had)?\s*(?:help|assist|us|involv|contribut|support|"
                r"did|does|made|wrote|generat|draft|produc)", text[m.end:], re.IGNORECASE):
            return True
    return False


def _ai_instrument(text: str, mentions: list[Mention]) -> bool:
    """Is an AI mention the means of making something ("Made with AI", "created using ChatGPT")?"""
    return any(rx.search(r"\b(?:with|using|by|via|through|from)\s+(?:\w+\s+){0,2}$", text[:m.start],
                         re.IGNORECASE) for m in mentions)


def _topic_only(text: str, mentions: list[Mention], lex: Lexicon) -> bool:
    """"A novel about AI", "a world where AI writes the news": the topic, not the making."""
    topic = lex.topic.search(text)
    if topic is None or topic.start() > mentions[0].start:
        return False
    # "This book, about love, was drafted with GPT-4" still discloses: passive making by/with AI.
    return not rx.search(r"\b(?:was|were|is|been)\s+(?:\w+\s+){0,3}?(?:\w+ed|written|made)\s+"
                         r"(?:in part\s+|partly\s+)?(?:by|with|using)\b", text, re.IGNORECASE)


def _roles(clause: str, offset: int, mentions: list[Mention], lex: Lexicon) -> tuple[set[str], set[str]]:
    """Give each making verb in a clause its agent: the AI or a human."""
    ai: set[str] = set()
    human: set[str] = set()
    spans = [(m.start - offset, m.end - offset) for m in mentions]
    # An AI mention after "by/with/using" is an agent or instrument *after* its verb, never a
    # subject for the verbs that follow it; one before "-generated" is a compound adjective.
    subjects: list[tuple[int, int, str]] = []
    compounds: list[tuple[int, int]] = []
    for s, e in spans:
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
        before = clause[max(0, s - 40):s]
        if rx.search(r"(?:\b(?:by|from|with|using|of|via|through|like|such as|on|and)\s+(?:\w+\s+){0,4}|"
                     r"(?:'s|s')\s+)$", before, re.IGNORECASE) and not rx.search(
                         r"(?:^|[,;]\s*)(?:the |an? )?$", before):
            continue
        # "I used ChatGPT while writing": the AI is what was used, not who wrote; it is the doer
        # only of what it was used *to* or *for* ("used ChatGPT to draft", "for drafting").
        if _USED.search(before) and not _PURPOSE.match(clause, e):
            continue
        subjects.append((s, e, "ai"))
    for m in lex.human_agent.finditer(clause):
        if rx.match(r"-(?:created|written|authored|made)", clause[m.end():m.end() + 10]) or \
                m.group(0).lower().startswith("human-"):
            human.add("write")
        subjects.append((m.start(), m.end(), "human"))
    subjects.sort()
    for role, pattern in lex.roles.items():
        if role == "vague":
            continue
        for v in pattern.finditer(clause):
            agent = _agent(clause, v.start(), v.end(), spans, compounds, subjects, lex)
            if role in ("review", "shape", "direct") and agent == "ai" and not _by_ai(
                    clause, v.end(), spans):
                agent = "human"
            if agent is None:
                if role in ("review", "shape", "direct"):
                    agent = "human"
                elif spans and (role in lex.ai_typical or role in _AI_BY_DEFAULT):
                    agent = "ai"
                elif not spans and role in lex.human_writing_roles:
                    # A clause with no AI in it ("Jane revised all of it") speaks of a person.
                    agent = "human"
            if agent == "ai":
                ai.add(role)
            elif agent == "human":
                human.add(role)
    return ai, human


#: "... by" / "... from" within a few words after a verb: its agent follows.
_BY_PHRASE = LazyPattern(r"(?:\s+\w+){0,6}?\s+(?:by|from)\s+", re.IGNORECASE)


def _ai_at(spans: list[tuple[int, int]], at: int) -> bool:
    """Does an AI mention start at `at` or within a few words after it?"""
    return any(at <= s <= at + 40 for s, _ in spans)


def _by_ai(clause: str, ve: int, spans: list[tuple[int, int]]) -> bool:
    by = _BY_PHRASE.match(clause[ve:ve + 90])
    return by is not None and _ai_at(spans, ve + by.end())


def _agent(clause: str, vs: int, ve: int, spans: list[tuple[int, int]], compounds: list[tuple[int, int]],
           subjects: list[tuple[int, int, str]], lex: Lexicon) -> str | None:
    for s, e in compounds:
        if s <= vs < e:
            return "ai"
    after = clause[ve:ve + 90]
    # The verb's own phrase ends where the next making verb starts ("generated with ChatGPT and
    # revised by the author": "by the author" belongs to "revised").
    nxt = lex.first_role(after, 1)
    if nxt is not None:
        after = after[:nxt]
    # "drafted by Claude", "reviewed by our editors", "written by me"
    by = _BY_PHRASE.match(after)
    if by is not None:
        target = ve + by.end()
        if _ai_at(spans, target):
            return "ai"
        if lex.human_agent.match(clause, target) or rx.match(
                r"(?:the |our |my |[A-Z][a-z]+(?:\s+[A-Z][a-z.]+){0,3}\b)", clause[target:]):
            return "human"
    # "generated this text in part with GPT-3", "refine it with the aid of ChatGPT"
    for ins in lex.instrument.finditer(after):
        target = ve + ins.end()
        if any(target <= s <= target + 60 for s, _ in spans):
            between = after[:ins.start()]
            if not rx.search(r"[,;]", between) and lex.first_role(between) is None:
                return "ai"
    # "ChatGPT helped me brainstorm": the verb is shared; the helper's side is the one that counts.
    helped = rx.search(r"\bhelp(?:s|ed|ing)?\s+(?:me|us|him|her|them|the authors?)\s+(?:to\s+)?$",
                       clause[:vs], re.IGNORECASE)
    if helped is not None:
        vs = helped.start()
    # "Asimov wrote", "Jane revised": a capitalised name right before the verb is a person (an AI
    # name there is an AI mention, found above).
    name = _NAME_BEFORE.search(clause[:vs])
    if name is not None and not any(s <= name.start() < e for s, e in spans) and \
            name.group(1).lower() not in _NOT_NAMES:
        return "human"
    # Otherwise the nearest subject before the verb in the clause.
    before = [x for x in subjects if x[1] <= vs]
    if before:
        return before[-1][2]
    return None
