"""Who takes responsibility for the content in a sentence: a person or company, an AI, or nobody.

Only a person or a company can: "the author takes ultimate responsibility", "the errors are mine",
"responsibility rests with Bluefin Press". "ChatGPT is responsible" names an AI; "Nobody is
responsible" names no one.
"""

from __future__ import annotations

from .frames import governor, np_target
from .lexicon import Lexicon
from .mentions import Mention


def responsibility_holder(text: str, mentions: list[Mention], lex: Lexicon) -> str | None:
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
        who = np_target(text, pos, spans, lex)
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
                governor(text[start:], mention.start - start, lex) is None:
            candidates.append((mention.end, "ai"))
    for found in lex.human_agent.finditer(text, start, at):
        candidates.append((found.end(), "human"))
    for found in lex.nobody.finditer(text, start, at):
        candidates.append((found.end(), "nobody"))
    for name in lex.name.finditer(text, start, at):
        first = name.group(0).split()[0].lower()
        if first in lex.not_names or lex.nobody.match(name.group(0)) or \
                any(x.start <= name.start() < x.end for x in mentions):
            continue
        candidates.append((name.end(), "human"))
    if not candidates:
        return "human"
    who = max(candidates)[1]
    return None if who == "nobody" else who
