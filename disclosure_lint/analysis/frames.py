"""Each clause read as a frame: who did what to which text.

Every making verb ("drafted", "revised") gets an agent, the AI or a human, from the words around
it: a by-phrase of its own ("drafted by Claude"), an instrument ("generated with GPT-3", "with the
help of ChatGPT": the AI assisted), a source adjacent to an AI ("written from the generative AI"),
the purpose of a used tool ("used ChatGPT to draft"), or the nearest subject before it (not for a
passive verb). Where a mention stands is decided by the preposition or verb that governs its noun
phrase, found by walking the phrase word by word, never by counting words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .. import patterns as rx
from .lexicon import Lexicon
from .mentions import Mention


def _object_not_text(clause: str, ve: int, lex: Lexicon) -> bool:
    """Is what a verb made (the words after it, to the next comma or preposition) only what is
    not the text ("generating art elements", "writing code")?"""
    obj = rx.match(r"[^,;:()]*", clause[ve:])
    phrase = obj.group(0) if obj is not None else ""
    cut = lex.object_end.search(phrase)
    phrase = phrase[:cut.start()] if cut is not None else phrase
    return bool(phrase.strip()) and lex.non_text.search(phrase) is not None and lex.text_noun.search(phrase) is None



def governor(clause: str, at: int, lex: Lexicon) -> str | None:
    """What governs the noun phrase a mention at `at` stands in: a preposition ("with", "by",
    "of" ...), "use" for a verb of using ("I used ChatGPT"), "verb" for another making verb ("I
    revised ChatGPT's drafts"), or None when nothing does (the mention can be a subject).

    Walks left over the words of the noun phrase ("the aid of paid AI tools like") until a word
    that ends it; no fixed number of words.
    """
    tokens = list(lex.token.finditer(clause, 0, at))
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
            break  # punctuation: an apposition, a list or the clause's start
        two = f"{tokens[n - 1].group(0)} {word}" if n else word
        if n and low in lex.use_of and lex.use_verb.fullmatch(tokens[n - 1].group(0)):
            return "use"  # Italian "servirmi di ChatGPT per ...": the object of a verb of use
        if n and two.lower() in lex.governing:
            return two.lower()  # "such as"
        if low in lex.governing:
            return low
        if lex.use_verb.fullmatch(word) or lex.use_verb.fullmatch(two):
            return "use"
        if low in lex.phrase_breaks:
            break
        if lex.is_verb_form(word) and lex.making_at(clause, tokens[n].start()):
            return "verb"
    if lex.verb_final and tokens and lex.human_agent.search(clause, 0, at) and _used_at_end(clause, at, lex):
        return "use"  # German "Ich habe ChatGPT (für die Recherche) genutzt": the verb ends the clause
    return None



def _used_at_end(clause: str, at: int, lex: Lexicon) -> bool:
    """Does a verb of use end the stretch of the clause after `at` (up to punctuation)?"""
    last = None
    for token in lex.token.finditer(clause, at):
        if not token.group(0)[0].isalnum():
            break
        last = token
    return last is not None and last.start() > at and lex.use_verb.fullmatch(last.group(0)) is not None



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
    end_of = lex.purpose_end.search(clause, verb + 1)
    return end_of.start() if end_of is not None else len(clause)



def _purpose_at(clause: str, end: int, lex: Lexicon) -> int | None:
    """Where the purpose word after a used tool is, if one follows."""
    depth = 0
    for n, token in enumerate(lex.token.finditer(clause, end)):
        word = token.group(0)
        low = word.lower()
        if n == 0 and lex.making_at(clause, token.start()) and not low.endswith(lex.not_bare):
            return token.start()  # "had Claude draft", "let the AI clean up": a bare verb follows
        if lex.verb_final and lex.making_at(clause, token.start()) and not low.endswith(lex.not_bare):
            following = lex.token.search(clause, token.end())
            if following is None or not following.group(0)[0].isalnum():
                return token.start()  # German "ließ ChatGPT die Dialoge entwerfen": the verb ends the clause
        if word in "([" or (depth and word in ")]"):
            depth += 1 if word in "([" else -1
            continue
        if depth:
            continue
        purpose = lex.purpose.match(clause, token.start())
        if purpose is not None and purpose.end() >= token.end():
            return purpose.end()  # "to", "for", "in order to"
        if low in lex.infinitive:
            following = lex.token.search(clause, token.end())
            if following is not None and lex.making_at(clause, following.start()):
                return following.start()  # German "..., die Dialoge zu entwerfen"
        if n < 3 and lex.making_at(clause, token.start()) and not lex.is_verb_form(word):
            return token.start()  # French "demandé à ChatGPT quelques suggestions": what it was asked for
        if word == ",":
            continue
        if word in lex.possessives:
            continue  # "Sudowrite's Story Engine": the possessive goes on with the noun phrase
        if not word[0].isalnum() or low in lex.phrase_breaks or lex.making_at(clause, token.start()):
            return None
    return None



def noun_phrase(gap: str, lex: Lexicon) -> bool:
    """Can `gap` stand inside one noun phrase before a mention: words that are not prepositions,
    conjunctions or verbs' helpers, and at most an apposition ("Quill-7, a language model")?"""
    tokens = [t.group(0) for t in lex.token.finditer(gap)]
    for n, word in enumerate(tokens):
        if word == ",":
            # an apposition after a bare name: "with Quill-7, a language model"
            following = tokens[n + 1].lower() if n + 1 < len(tokens) else ""
            if n == 1 and (following in lex.articles or any(t.endswith(lex.genitives) for t in tokens[n + 1:])):
                continue  # "Quill-7, Inkwell Labs's large-scale language model"
            return False
        if not word[0].isalnum() or word.lower() in lex.phrase_breaks or word.lower() in lex.of:
            return False
    return True



def np_target(clause: str, pos: int, spans: list[tuple[int, int]], lex: Lexicon) -> str | None:
    """Who stands at `pos` (after "by", "with" ...): "ai" when an AI mention heads the noun phrase
    there ("by the AI", "with OpenAI's GPT-4"), "human" for a person ("by me", "by our editors",
    "by Jane Doe"), else None."""
    mention = next((s for s, _ in spans if s >= pos), None)
    if mention is not None and noun_phrase(clause[pos:mention], lex):
        return "ai"
    if lex.human_agent.match(clause, pos):
        return "human"
    name = lex.name_at.match(clause, pos)
    if name is not None:
        # A maker of AI ("by OpenAI", "from Anthropic") is the AI's side, not a person's.
        return "ai" if name.group(1).rstrip(lex.genitive_strip) in lex.vendors else "human"
    return None



def clause_roles(clause: str, offset: int, mentions: list[Mention], lex: Lexicon, *, ai_default: bool = False,
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
        inner = lex.compound.search(clause, s, e)
        if inner is not None:
            compounds.append((s, e))
            ai.add(_compound_role(inner.group(0)[1:], lex))
            continue
        after_compound = lex.compound.match(clause, e)
        if after_compound is not None:
            compounds.append((s, after_compound.end()))
            ai.add(_compound_role(after_compound.group(0)[1:], lex))
            continue
        governing = governor(clause, s, lex)
        if governing == "use":
            # "I used ChatGPT while writing": the AI is what was used, not who wrote; it is the
            # doer only of what it was used *to* or *for* ("used ChatGPT to draft").
            used = True
            purpose = _purpose_reach(clause, e, lex)
            if purpose is None:
                continue
            reach = purpose
        elif governing is not None:
            used = used or governing in lex.instrumental
            continue
        subjects.append((s, e, "ai", reach))
    for helped in lex.with_help.finditer(clause):
        if any(helped.start() <= s < helped.end() for s, _ in spans):
            ai.add("assist")  # "created with AI assistance", "with ChatGPT's help"
            used = True
    for made in lex.made_by.finditer(clause):
        if np_target(clause, made.end(), spans, lex) == "ai":
            ai.add("generate")
    for m in lex.human_agent.finditer(clause):
        if m.group(0).lower() in lex.not_subjects:
            continue  # "asked Claude to give me ...": an object, never the doer
        if lex.human_made.match(clause, m.end()) or m.group(0).lower().startswith(lex.human_prefixes):
            human.add("write")
        subjects.append((m.start(), m.end(), "human", len(clause)))
    subjects.sort()
    for role, pattern in lex.roles.items():
        if role == "vague":
            continue
        for v in pattern.finditer(clause):
            if lex.negated_verb.search(clause, 0, v.start()):
                continue  # "I didn't really write it": no role for anyone
            if spans and (lex.partner.match(clause, v.end()) or lex.partner_before.search(clause, 0, v.start())):
                ai.add(role)  # "Claude as a drafting partner", "an editing assistant", "un assistant de rédaction"
                continue
            if lex.while_.search(clause, 0, v.start()) and v.group(0).lower().endswith(lex.gerund_endings):
                human.add(role)  # "when writing heavy prose, it helps me ...": the writer writes
                continue
            if _object_not_text(clause, v.end(), lex):
                continue  # "writing code", "generating art elements": not the text
            helper = lex.helped.search(clause, 0, v.start())
            if helper is not None and _subject(clause, helper.start(), spans, subjects, lex) == "ai":
                # "ChatGPT helped me brainstorm", "I use AI to help write": the AI assisted; the
                # verb is the writer's.
                ai.add("assist")
                human.add(role)
                continue
            agent, instrument = _agent(clause, v.start(), v.end(), spans, compounds, subjects, lex)
            if agent != "human" and (lex.first_person_verb.fullmatch(v.group(0).split()[0])
                                     or _first_person_before(clause, v.start(), v.group(0), lex)):
                # Spanish "revisé cada capítulo", Portuguese "conseguimos escrever": the ending names
                # the writer, whatever stands before the verb (a language that drops its subjects)
                agent = "human"
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
                if _by_ai(clause, v.start(), v.end(), spans, lex) or \
                        _subject(clause, v.start(), spans, subjects, lex) == "ai":
                    # "used ChatGPT to review the manuscript for grammar": checking text is editing
                    ai.add("suggest" if role == "direct" else "edit")
                    continue
                agent = "human"
            if agent is None:
                if role in ("review", "shape", "direct"):
                    agent = "human"
                elif (spans or ai_default) and (role in lex.ai_typical or role in lex.ai_when_named):
                    agent = "ai"
                elif not spans and not ai_default and role in lex.human_writing_roles:
                    # A clause with no AI in it ("Jane revised all of it") speaks of a person.
                    agent = "human"
            if agent == "ai":
                ai.add(role)
            elif agent == "human":
                human.add(role)
    return ai, human, used, together



def _first_person_before(clause: str, vs: int, word: str, lex: Lexicon) -> bool:
    """Is a making infinitive governed by a verb in the first person right before it (Portuguese
    "conseguimos escrever", Spanish "decidimos redactar")? Only in a language whose verbs name
    their subject (`first_person_verbs`)."""
    if not word.lower().endswith(lex.gerund_endings):
        return False
    before = list(lex.token.finditer(clause, max(0, vs - 40), vs))
    if not before:
        return False
    prev = before[-1].group(0)
    return lex.first_person_verb.fullmatch(prev) is not None and lex.is_verb_form(prev)


def _scopes(clause: str, vs: int, ve: int, lex: Lexicon) -> list[tuple[int, str, bool]]:
    """A verb's own phrases, (offset, text, whether before the verb), where its language puts a
    verb's complements: after it, from the verb to the next making verb or the clause's end
    ("generated with ChatGPT and revised by the author": "by the author" belongs to "revised");
    and, where a verb may end its clause (German "von ChatGPT generiert"), before it, from the
    making verb before it or the clause's start."""
    out: list[tuple[int, str, bool]] = []
    for side in lex.complements:
        if side == "before":
            starts = [m.end() for name, p in lex.roles.items() if name != "vague"
                      for m in p.finditer(clause, 0, vs) if lex.is_verb_form(m.group(0).split()[0])]
            start = max(starts, default=0)
            out.append((start, clause[start:vs], True))
        else:
            ends = [m.start() for name, p in lex.roles.items() if name != "vague"
                    for m in p.finditer(clause, ve + 1) if lex.is_verb_form(m.group(0).split()[0])]
            out.append((ve, clause[ve:min(ends)] if ends else clause[ve:], False))
    return out



def _own(found: list[re.Match[str]], scope: str, before: bool, lex: Lexicon) -> list[re.Match[str]]:
    """The matches in a verb's phrase that belong to the verb itself, nearest first: none beyond a
    comma or another making verb ("drafted with GPT-4, a model made by OpenAI": that "by" is
    "made"'s)."""
    if before:
        return [m for m in reversed(found) if "," not in scope[m.end():]]
    out = []
    for m in found:
        between = scope[:m.start()]
        if "," in between or any(lex.is_verb_form(t.group(0)) and lex.role_at(scope, t.start())
                                 for t in lex.token.finditer(between)):
            break
        out.append(m)
    return out



def _own_by(scope: str, before: bool, lex: Lexicon) -> re.Match[str] | None:
    """The "by" of a verb's own phrase (not the end of an instrument: German "mit Hilfe von")."""
    tools = [(m.start(), m.end()) for p in (lex.instrument, lex.assistance) for m in p.finditer(scope)]
    found = [m for m in lex.by.finditer(scope) if not any(s < m.start() < e for s, e in tools)]
    own = _own(found, scope, before, lex)
    return own[0] if own else None



def _by_ai(clause: str, vs: int, ve: int, spans: list[tuple[int, int]], lex: Lexicon) -> bool:
    for offset, scope, before in _scopes(clause, vs, ve, lex):
        by = _own_by(scope, before, lex)
        if by is not None:
            return np_target(clause, offset + by.end(), spans, lex) == "ai"
    return False



def _agent(clause: str, vs: int, ve: int, spans: list[tuple[int, int]], compounds: list[tuple[int, int]],
           subjects: list[tuple[int, int, str, int]], lex: Lexicon) -> tuple[str | None, str | None]:
    """Who did the making verb at `vs:ve`, and was an AI its instrument: "tool" ("with ChatGPT",
    "using GPT-4"), "assist" ("with the help of ChatGPT"), or None?"""
    for s, e in compounds:
        if s <= vs < e:
            return "ai", None
    scopes = _scopes(clause, vs, ve, lex)
    instrument: str | None = None
    for offset, scope, before in scopes:
        # "drafted by Claude", "reviewed by our editors", "written by me" (not "drafted with
        # GPT-4, a model made by OpenAI": that "by" belongs to "made")
        by = _own_by(scope, before, lex)
        if by is not None:
            who = np_target(clause, offset + by.end(), spans, lex)
            if who is not None:
                return who, None
        # "generated this text in part with GPT-3", "refine it with the aid of ChatGPT"
        for ins in _own(list(lex.instrument.finditer(scope)), scope, before, lex) if before else \
                _commaless(lex.instrument.finditer(scope), scope):
            if np_target(clause, offset + ins.end(), spans, lex) == "ai":
                instrument = "assist" if lex.assistance.match(scope, ins.start()) or \
                    lex.assistance.search(scope, ins.start(), ins.end()) else "tool"
                break
        if instrument is not None:
            break
    if instrument is None:
        # "written directly from the generative AI", "suggestions from Sudowrite" (not "from my notes")
        for offset, scope, _ in scopes:
            for source in lex.source.finditer(scope):
                target = offset + source.end()
                mention = next((s for s, _ in spans if s >= target), None)
                if mention is not None and noun_phrase(clause[target:mention], lex):
                    return "ai", None
    return _subject(clause, vs, spans, subjects, lex), instrument



def _commaless(found: Iterator[re.Match[str]], scope: str) -> Iterator[re.Match[str]]:
    """Matches after a verb up to the first comma."""
    for m in found:
        if "," in scope[:m.start()]:
            return
        yield m



def _subject(clause: str, vs: int, spans: list[tuple[int, int]], subjects: list[tuple[int, int, str, int]],
             lex: Lexicon) -> str | None:
    """The doer named before a verb: "ChatGPT helped me brainstorm" (the helper), "Asimov wrote"
    (a name), otherwise the nearest subject before it in the clause. A passive verb ("was
    reviewed") has none there: its doer would follow "by"."""
    helped = lex.helped_object.search(clause[:vs])
    if helped is not None:
        vs = helped.start()
    elif lex.passive_before.search(clause[:vs]):
        return None
    # "Asimov wrote", "Jane revised": a capitalised name right before the verb is a person (an AI
    # name there is an AI mention, found above).
    name = lex.name_before.search(clause[:vs])
    if name is not None and not any(s <= name.start() < e for s, e in spans) and \
            name.group(1).lower() not in lex.not_names:
        return "human"
    before = [x for x in subjects if x[1] <= vs < x[3]]
    return before[-1][2] if before else None


def _compound_role(word: str, lex: Lexicon) -> str:
    """The role a making word joined to an AI mention gives it ("-generated": generate)."""
    return next((role for role, p in lex.compound_roles.items() if p.fullmatch(word)), "generate")
