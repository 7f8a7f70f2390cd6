"""What a sentence about AI is about: this book's making, or something else.

Not the making of this book: AI in general or in a class ("AI tools cannot take responsibility"),
statements about people in general, advice to "you", definitions, reports of what others say,
plans, the writer's other works, quoted sample disclaimers, the book's topic ("a novel about AI"),
a character described as an AI, a title, and AI that made only what is not the text.
"""

from __future__ import annotations

import re

from .. import patterns as rx
from ..patterns import LazyPattern
from .frames import governor
from .lexicon import Alternatives, Lexicon
from .mentions import Mention
from .words import clauses


def generic_statement(text: str, mentions: list[Mention], lex: Lexicon) -> bool:
    """Does every mention stand in a clause about people in general, advice to "you", a
    definition, a report of what others say, a plan, or the writer's other works, with no "I" or
    "we" between that phrase and the mention?"""
    found = list(lex.generic.finditer(text))
    other = list(lex.other_works.finditer(text))
    if not found and not other:
        return False
    parts = clauses(text, lex)
    for mention in mentions:
        start, clause, _ = next(c for c in reversed(parts) if c[0] <= mention.start)
        end = start + len(clause)
        if any(start <= o.start() < end for o in other):
            continue
        if not any(start <= g.start() < end and not lex.speaker.search(
                text, min(g.end(), mention.end), max(g.start(), mention.start)) for g in found):
            return False
    return True



#: A quotation of a few words or more; at a sentence's end its closing mark may have gone with
#: the sentence break. (French guillemets hold a space inside: « comme ceci ».)
_QUOTE_TO_END = LazyPattern(r"\"\s?(?:[^\"\s]+\s+){3,}[^\"]*(?:\"|$)")



def quoted_example(text: str, mentions: list[Mention], lex: Lexicon) -> bool:
    """Is every mention inside a quotation given as an example or someone's words ("Use simple
    disclaimers like: \"This article was created with AI assistance.\"")?"""
    quotes = [q for q in _QUOTE_TO_END.finditer(text) if lex.example_lead.search(text, 0, q.start())]
    return bool(quotes) and all(any(q.start() < m.start < q.end() for q in quotes) for m in mentions)



def _looks_like_title(text: str, lex: Lexicon) -> bool:
    """A book title or heading ("The AI Who Wrote Poems"), not a sentence about the book."""
    if text.rstrip().endswith((".", "!", "?", ";")):
        return False
    words = rx.findall(r"[^\W\d_][\w'-]*", text)
    long_words = [w for w in words if len(w) > 3]
    return len(long_words) >= 2 and sum(w[0].isupper() for w in long_words) >= lex.title_capitals * len(long_words)



def not_about_making(text: str, mentions: list[Mention], ai_roles: set[str], lex: Lexicon) -> bool:
    """Is a sentence about AI but not about making this book? The book's topic ("a novel about
    AI"), a title ("The AI Who Wrote Poems"), or AI in general ("Today's chatbots, which generate
    text ...")."""
    if _topic_only(text, mentions, lex) or _looks_like_title(text, lex) or _character(text, mentions, lex):
        return True
    # "AI tools cannot take such responsibility", "Assistive AI, including programs such as
    # Grammarly, suggest changes": AI in general, said in the present, with named systems only as
    # examples; "Marche wrote it using three AI programs" tells of one making.
    if lex.own_work.search(text) or lex.first_person.search(text) or _told_making(text, lex):
        return False
    examples: list[Mention] = []
    for n, m in enumerate(mentions):
        governing = governor(text, m.start, lex)
        # "such as ProWritingAid and Grammarly": each member of the list is an example; so is one
        # after "e.g." (German "z. B.")
        if governing in lex.examples or (governing in lex.conjunctions and n and mentions[n - 1] in examples) \
                or lex.for_example.search(text, 0, m.start):
            examples.append(m)
    general = [m for m in mentions if m not in examples and (
        lex.generic_plural.match(m.text) or (m.system is None and (
            lex.plural_after.match(text, m.end) or lex.plural_before.search(text, 0, m.start))))]
    return bool(examples or general) and all(m in examples or m in general or m.system is None for m in mentions)



def _character(text: str, mentions: list[Mention], lex: Lexicon) -> bool:
    """Is every AI in the sentence a character: a name given the AI as its apposition ("ARIA, a
    rogue AI, writes poetry"), where the name is no AI system of ours?"""
    for m in mentions:
        # a being ("a rogue AI", "an android"), not a product ("Quill-7, a language model")
        if m.system is not None or not lex.being.match(m.text):
            return False
        named = lex.apposed_name.search(text, 0, m.start)
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
            if word.endswith(lex.past_endings) or word in lex.past_forms:
                return True
    return False



def mention_clauses(text: str, mentions: list[Mention], lex: Lexicon) -> str:
    """The clauses of a sentence that hold its mentions, joined, with the mentions themselves
    blanked (a name such as "text-davinci-003" is not a word for what the AI made)."""
    for m in mentions:
        text = text[:m.start] + " " * (m.end - m.start) + text[m.end:]
    parts = clauses(text, lex)
    held = {next((n for n in range(len(parts) - 1, -1, -1) if parts[n][0] <= m.start), 0) for m in mentions}
    return " ".join(parts[n][1] for n in sorted(held))



def non_text_only(text: str, lex: Lexicon) -> bool:
    """Does the sentence speak only of things made that are not the text ("The cover art and the
    chapter illustrations were generated by Midjourney", "narrated by an AI voice", "the
    marketing copy")? Then it needs no text disclosure."""
    if lex.non_text.search(text) is None:
        return False
    rest = _owned_non_text(lex).sub(" ", text)
    return lex.text_noun.search(rest) is None


#: For a lexicon's list of what is not the text: (it, the list with its possessor and "of the
#: book" around it), built once (`_owned_non_text`).
_OWNED: dict[int, tuple[LazyPattern, LazyPattern]] = {}


def _owned_non_text(lex: Lexicon) -> LazyPattern:
    """What is not the text, with whose it is ("the book's cover", "the cover of this novel"), as
    one list (`Alternatives`, when the list is one): without the cache each sentence compiles
    the part of it its words need, as the list itself does, and once the parts compiled are as
    long as the whole list, the whole list, once for the book (a pattern made anew for each
    sentence's part would be compiled for each)."""
    listed = lex.non_text
    entry = _OWNED.get(id(listed))
    if entry is None or entry[0] is not listed:
        before, after = lex.possessor + "(?:", ")" + lex.of_the_book
        owned: LazyPattern
        if isinstance(listed, Alternatives):
            owned = Alternatives(before + listed.before, listed.alternatives, listed.after + after, re.IGNORECASE,
                                 listed.language)
        else:
            owned = LazyPattern(before + listed.pattern + after, re.IGNORECASE)
        if len(_OWNED) >= 16:  # lexicons built anew (config's phrases, book after book): the latest kept
            _OWNED.clear()
        entry = _OWNED[id(listed)] = (listed, owned)
    return entry[1]



def _topic_only(text: str, mentions: list[Mention], lex: Lexicon) -> bool:
    """"A novel about AI", "a world where AI writes the news": the topic, not the making."""
    topic = lex.topic.search(text)
    if topic is None:
        return False
    # "AI has long been the subject of science fiction": that topic may follow its subject.
    after = topic.start() > mentions[0].start or rx.search(r"[;:]", text[topic.end():mentions[0].start])
    if after and not lex.subject_of.match(topic.group(0)):
        return False
    # "This book, about love, was drafted with GPT-4" still discloses: passive making by/with AI.
    return not lex.passive_making.search(text)
