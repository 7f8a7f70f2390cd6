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

Every word list is data (`lexicon/<language>.toml`); this module is the matching code, the same for
every language.
"""


from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

from .. import literals
from ..patterns import LazyPattern
from .frames import clause_roles, governor, noun_phrase
from .lexicon import Alternatives, Lexicon
from .mentions import Mention, find_mentions
from .responsibility import responsibility_holder
from .scope import generic_statement, mention_clauses, non_text_only, not_about_making, quoted_example
from .words import clauses

if not TYPE_CHECKING:
    from ..records import NamedTuple  # typing.NamedTuple, cheaper to define (see records)

_QUOTED = LazyPattern(r"\"[^\"]{0,600}\"|(?<!\w)'[^']{2,600}'(?!\w)")

#: Quoted speech of a few words or more (a claim inside it is someone's speech, not the writer's);
#: a short quoted label such as "Human Authored" stays. (French guillemets: « comme ceci ».)
_SPEECH = LazyPattern(r"\"\s?(?:[^\"\s]+\s+){3,}[^\"]*\"")

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



def only_limit(text: str, lex: Lexicon) -> bool:
    """Does a sentence limit a use ("only for research", "assistive only", "limited")?"""
    return lex.only_limit.search(text) is not None



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
                  after_non_text: bool = False) -> Reading:
    """Classify one normalised sentence.

    `in_story` is True inside chapters: quoted speech is dropped (dialogue is the characters'),
    only an explicit reference to this book or chapter makes a sentence a disclosure, and the
    story never claims anything about how the book was written.
    `writers_note` is True in front and back matter (foreword, copyright page, afterword ...):
    there a sentence about AI use is about the book even without saying "this book".
    `referent` is the AI the passage named last, for "it", "the model" and the like.
    `after_use`: the sentence before said an AI was used; a fragment such as "For edits and
    feedback." then says what the AI did.
    `after_non_text`: the sentence before spoke only of what is not the text ("The picture shows
    a harbour."); "It was made with AI." then speaks of that.
    """
    if in_story:
        text = without_quotations(text)
    mentions = find_mentions(text, lex, ai_context=ai_context, referent=referent)
    own_words = _own_words(text, in_story)
    holder = responsibility_holder(own_words, mentions, lex)
    responsibility = holder == "human"
    wholly_human = not in_story and _wholly_human(own_words, lex)
    if in_story and not lex.explicit_reference.search(text):
        return Reading(tuple(mentions), frozenset(), frozenset(), False, False, False, False, False,
                       responsibility, False, False, bool(mentions), holder == "ai")
    ai_roles: set[str] = set()
    human_roles: set[str] = set()
    denial = False
    used = False
    together = False
    byline_match = lex.byline.search(text)
    first_person = lex.first_person.search(text) is not None
    about_work = bool(lex.self_reference.search(text) or first_person or byline_match)
    excluded = bool(mentions) and bool(
        lex.not_disclosure.search(text) or lex.normative.search(text) or text.rstrip(" \"')").endswith("?")
        or generic_statement(text, mentions, lex) or quoted_example(text, mentions, lex)
        or _someone_elses(text, first_person, lex))
    if mentions and not excluded:
        # "What AI does here: drafting; editing": the items of a list after a colon are what the
        # AI named before the colon did.
        ai_lists = False
        for clause_start, clause, listed in clauses(text, lex):
            clause_mentions = [m for m in mentions if clause_start <= m.start < clause_start + len(clause)]
            if not listed and clause_mentions:
                ai_lists = True
            a, h, u, t = clause_roles(clause, clause_start, clause_mentions, lex, ai_default=listed and ai_lists)
            if clause_mentions and _denies(clause, clause_start, clause_mentions, lex):
                denial = True
                continue
            if not clause_mentions and lex.negated_clause.match(clause) and lex.first_role(clause) is not None:
                denial = True
                continue
            ai_roles |= a
            human_roles |= h
            used = used or u
            together = together or t
    elif not mentions:
        purpose = after_use and lex.fragment.match(text) is not None
        for clause_start, clause, _ in clauses(text, lex):
            if after_use and lex.negated_clause.match(clause) and lex.first_role(clause) is not None:
                denial = True  # "I use ChatGPT in my work. But not to write books!": the use denied
                continue
            a, h, _, _ = clause_roles(clause, clause_start, [], lex, ai_default=purpose)
            human_roles |= h
            if purpose:
                ai_roles |= a
    if in_story or (denial and not about_work and lex.third_person.search(text)):
        # A denial is the writer's about this work ("I did not use AI", "No AI was used in this
        # book"); "no artificial intelligence had touched his letters" narrates someone's story.
        denial = False
    if lex.zero_share.search(text):
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
    if mentions and not excluded and not_about_making(text, mentions, ai_roles, lex):
        excluded = True
        ai_roles.clear()
    if mentions and not excluded and ai_roles and ai_roles <= {"research", "illustrate"} and \
            not lex.text_noun.search(text):
        excluded = non_text = True  # "AI has been useful during research": not the text
        ai_roles.clear()
    if mentions and not excluded and after_non_text and lex.it.match(text) and not lex.text_noun.search(text):
        excluded = non_text = True  # "The picture shows a brain. It was made with AI."
        ai_roles.clear()
    if mentions and not excluded and non_text_only(mention_clauses(text, mentions, lex), lex):
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
    if denial and only_limit(text, lex):
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



def _own_words(text: str, in_story: bool) -> str:
    """The sentence without the quoted speech of a writer's note (a claim inside it is someone's)."""
    return text if in_story or '"' not in text else _SPEECH.sub(" ", text)


def _wholly_human(own_words: str, lex: Lexicon) -> bool:
    """Does a writer's note claim the work wholly human? A claim is the writer's, about this work:
    in the first person, naming the work, or a label of a few words ("100% human-written.");
    narration about someone's letters claims nothing."""
    return bool(lex.wholly_human.search(own_words)) and not _qualified(own_words, lex) and (
        bool(lex.self_reference.search(own_words) or lex.first_person.search(own_words))
        or len(own_words.split()) <= 4)


def claims_something(text: str, lex: Lexicon) -> bool:
    """Can a sentence of a writer's note count for the rules when neither it nor its section names
    an AI (no mention, and no AI used before it)? Exactly when `read_sentence` finds in it
    responsibility taken by anyone, a wholly human claim or a denial: a share of nothing ("Text:
    none") or that claim. Its other readings (a person's roles) count only as the context of a
    disclosure, which such a section has none of.

    A sentence holding none of the strings one of which a match of each of those patterns holds
    (`_claim_words`) is answered at once: a claim trigger ("own" in "known", "every") let *Leaves
    of Grass*' afterword send 75 sentences here, each searched with seven lists. A sentence holding
    a claim's string but none of a share's is not searched for a share of nothing (`zero_share`,
    tried at every character: a third of the time *Leaves of Grass*' 43 such sentences took)."""
    own_words = _own_words(text, False)
    words = _claim_words(lex)
    sharing = True  # (may the sentence hold a share of nothing?)
    if words is not None:
        owned, shared = words
        folded = literals.fold(own_words)
        if shared is not None:
            sharing = _holds(folded if own_words is text else literals.fold(text), shared)
        if not sharing and not any(word in folded for word in owned):
            return False
    return responsibility_holder(own_words, [], lex) is not None or _wholly_human(own_words, lex) \
        or (sharing and lex.zero_share.search(text) is not None)


def may_share_nothing(text: str, lex: Lexicon) -> bool:
    """Could `lex.zero_share` ("Text: none", "0%") match in `text`? False only where its folded
    form (`literals.fold`, as `re.IGNORECASE` reads it) holds none of the strings one of which
    every match holds (`_claim_words`): the regular expression opens with a look-behind and is
    tried at every character, these are a few `in` tests."""
    words = _claim_words(lex)
    shared = words[1] if words is not None else None
    return shared is None or _holds(literals.fold(text), shared)


def _holds(folded: str, strings: frozenset[str]) -> bool:
    """Does `folded` hold one of `strings`? (`map` of its `in` test, in C: no Python step a string.)"""
    return any(map(folded.__contains__, strings))


#: Lexicon (by id, beside it to tell it is the same) → its `_claim_words`.
_CLAIM_WORDS: dict[int, tuple[Lexicon, tuple[frozenset[str], frozenset[str] | None] | None]] = {}


def _claim_words(lex: Lexicon) -> tuple[frozenset[str], frozenset[str] | None] | None:
    """The folded strings (`literals.fold`) one of which a sentence's own words (`_own_words`)
    hold wherever a responsibility holder's patterns (`responsibility`,
    `responsibility_holder_after`, `responsibility_by_subject`: `responsibility_holder` names no
    one without one of them) or the wholly-human claims match, and those one of which the
    sentence holds wherever `zero_share` does (None: not known); None when the first are not
    known (a list whose alternative needs no literal word: `Alternatives.literal_words`)."""
    known = _CLAIM_WORDS.get(id(lex))
    if known is not None and known[0] is lex:
        return known[1]
    owned: set[str] | None = set()
    for pattern in (lex.responsibility, lex.responsibility_holder_after, lex.responsibility_by_subject,
                    lex.wholly_human):
        listed = pattern.literal_words() if isinstance(pattern, Alternatives) else None
        if listed is None or owned is None:
            owned = None
            break
        owned |= listed
    shared = _required(lex.zero_share.pattern, lex.language) if lex.zero_share.flags & re.IGNORECASE else None
    words = (frozenset(owned), shared) if owned is not None else None
    _CLAIM_WORDS[id(lex)] = (lex, words)
    return words


def _required(pattern: str, language: str) -> frozenset[str] | None:
    """`literals.required(pattern)`, from the language's literal index where it is there (reading
    it from the pattern compiles the reader's pattern, 3.8 M instructions of a cold check)."""
    from . import literal_index

    known = literal_index.load(language).get(pattern) if language else None
    return known[0] if known is not None else literals.required(pattern)


def _someone_elses(text: str, first_person: bool, lex: Lexicon) -> bool:
    """Does the sentence tell another person's use: a third person acts ("she asked ChatGPT to
    improve it") and the writer is someone else in it ("before sending me the result"), not
    the one who speaks as "I" or "we", and the work is not named?"""
    return first_person and lex.others.search(text) is not None and lex.speaker.search(text) is None \
        and lex.self_reference.search(text) is None


def _qualified(text: str, lex: Lexicon) -> bool:
    """A wholly-human claim softened by "primarily", "except", "other than" is not wholly human."""
    return lex.qualifier.search(text) is not None



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
        if lex.only.match(between) or "," in between:
            continue
        # "no AI", "without any generative AI": the mention is what is negated; "did not use
        # ChatGPT", "never asked Claude": a verb of use or making is. "my 'zero draft' that I give
        # to Claude" negates neither.
        if noun_phrase(between, lex) or lex.use_verb.search(between) or lex.first_role(between) is not None:
            return True
    tail = clause[first:]
    negated = lex.denial_tail.search(tail)
    if negated is None:
        return False
    rest = tail[negated.end():]
    purpose = lex.used_for.search(rest)
    if purpose is not None and not lex.making_at(rest, purpose.end()):
        return False  # "AI was not used to replace the author's analysis": one use denied, not all
    return lex.first_role(rest) is not None or lex.denied_use.search(rest) is not None or not rest.strip(" .")



def _ai_subject(text: str, mentions: list[Mention], lex: Lexicon) -> bool:
    """Is an AI mention the subject of a making word ("Claude helped a lot", "AI was involved")?"""
    for m in mentions:
        for token in lex.token.finditer(text, m.end):
            word = token.group(0).lower()
            if word in lex.it_before or word in lex.auxiliaries:
                continue
            if lex.role_at(text, token.start()) or word in lex.do:
                return True
            break
    return False



def _ai_instrument(text: str, mentions: list[Mention], lex: Lexicon) -> bool:
    """Is an AI mention the means of making something ("Made with AI", "created using ChatGPT")?"""
    return any(governor(text, m.start, lex) in lex.means for m in mentions)
