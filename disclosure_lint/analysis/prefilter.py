"""A fast first pass for long books: which blocks could mention AI at all?

A novel has thousands of paragraphs and none, or a handful, that mention AI. Running the full
lexicon over each costs seconds; searching the whole text once for a few literal trigger words
(lower case, plus the language's case-sensitive "AI", "IA" or "KI") costs milliseconds. Only the blocks it selects are read
closely, so verdicts are the same as reading everything: every lexicon pattern that can match
contains one of the triggers (a test checks this on the lexicon's own examples).

Chapters get a second, cheaper gate first (`references`): a sentence of the story discloses
only with an explicit reference to the work ("this book", "the author"), and the lexicon's
`explicit_gate` (a pattern or a few, each starting with a literal letter) matches every paragraph
that holds one; the rare paragraphs that pass it are then searched for triggers.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from itertools import accumulate

from .. import patterns as rx
from .normalize import UNSEEN_OR_LOOKALIKE, normalise, unseen_or_lookalike

#: Characters other than the invisible ones and look-alikes (`UNSEEN_OR_LOOKALIKE`) that make
#: `normalise` read a text otherwise than a literal search of it as written: hyphens it straightens
#: ("cutting\u2010edge" is "cutting-edge"; U+2011 is folded by NFKC) and whitespace other than a
#: single space (newlines and runs apart: see `_Joined`).
_STRAIGHTENED = "\u2010\u2012\u2212\t\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\u1680\u2028\u2029"
#: A character after which a text is searched as `normalise` reads it.
_NEEDS_READING = rx.LazyPattern(UNSEEN_OR_LOOKALIKE.pattern[:-1] + _STRAIGHTENED + "]")


class _Joined:
    """Texts joined into one lower-case string for literal searches, with each text's offset.

    Texts that hide words from a literal search (zero-width characters, compatibility forms such
    as full-width "ＡＩ", look-alike letters as in "GРT-4", a hyphen the close reading straightens)
    are searched as the close reading will read them (`normalise`), and only those: they are found
    by one search of the joined text (and one NFKC check of it), and a novel's other paragraphs,
    curly quotes and all, are searched as written (the gates and triggers allow for curly quotes).
    A Standard Ebooks novel sets a word joiner beside most dashes: normalising every paragraph of
    *War and Peace* cost more than the rest of the analysis. Lower-casing a few characters (such as
    "İ") changes their length; then each text is lowered apart, so that offsets still point into
    the right text.
    """

    __slots__ = ("joined", "lower", "same_length", "starts", "texts")

    def __init__(self, texts: Sequence[str]) -> None:
        joined = "\n".join(texts)
        if not joined.isascii():
            needy = _needing_reading(texts, joined)
            if needy:
                texts = list(texts)
                for n in needy:
                    texts[n] = normalise(texts[n])
                joined = "\n".join(texts)
        lower = joined.lower()
        self.same_length = len(lower) == len(joined)
        lowered = texts if self.same_length else [t.lower() for t in texts]
        if not self.same_length:
            lower = "\n".join(lowered)
        starts: list[int] = []
        pos = 0
        for t in lowered:
            starts.append(pos)
            pos += len(t) + 1
        #: The texts searched (normalised when needed), in their own case.
        self.texts = texts
        self.joined = joined
        self.starts = starts
        self.lower = lower

    def index(self, offset: int) -> int:
        """The index of the text holding an offset of `lower`."""
        return bisect.bisect_right(self.starts, offset) - 1

    def containing(self, words: Iterable[str]) -> set[int]:
        """Indexes of the texts whose lower-case form contains one of `words`."""
        low, starts = self.lower, self.starts
        hits: set[int] = set()
        for word in dict.fromkeys(words):  # each word once, though a list may repeat one
            at = low.find(word)
            while at >= 0:
                index = self.index(at)
                hits.add(index)
                # Skip to the next text: one hit per text is enough.
                nxt = starts[index + 1] if index + 1 < len(starts) else len(low)
                at = low.find(word, nxt)
        return hits

    def with_ai(self, cased: str) -> set[int]:
        """Indexes of the texts holding a case-sensitive AI word ("AI"; `cased`, a pattern: see
        `lexicon.cased_token`, written to start with the word's letter so that `re` scans for that
        letter instead of trying every position, 50x faster on a novel)."""
        pattern = rx.compile(cased)
        if self.same_length:
            return {self.index(m.start()) for m in pattern.finditer(self.joined)}
        return {i for i, t in enumerate(self.texts) if pattern.search(t)}


def _needing_reading(texts: Sequence[str], joined: str) -> list[int]:
    """Indexes of the texts (joined by newlines into `joined`) that `normalise` reads otherwise than
    a literal search of them as written would: with an invisible character, a look-alike letter,
    a hyphen it straightens, whitespace other than single spaces, or a form NFKC folds."""
    starts = list(accumulate((len(t) + 1 for t in texts), initial=0))
    needy: set[int] = set()
    # The class is searched only in a book that holds one of its characters: most hold none, and
    # `re` tests a class this size at every character (`normalize.unseen_or_lookalike` looks
    # among the characters beyond Latin-1 only; each straightened character is one literal search).
    if unseen_or_lookalike(joined) or any(c in joined for c in _STRAIGHTENED):
        search = _NEEDS_READING.compiled.search
        m = search(joined)
        while m is not None:
            n = bisect.bisect_right(starts, m.start()) - 1
            needy.add(n)
            m = search(joined, starts[n + 1])
    if "  " in joined or joined.count("\n") != len(texts) - 1:
        needy.update(n for n, t in enumerate(texts) if "  " in t or "\n" in t or t != t.strip())
    if not unicodedata.is_normalized("NFKC", joined):
        needy.update(n for n, t in enumerate(texts) if not unicodedata.is_normalized("NFKC", t))
    return sorted(needy)


def candidates(texts: Sequence[str], triggers: Sequence[str], cased: str) -> set[int]:
    """Indexes of the texts that contain a trigger word (lower case) or a `cased` AI word."""
    if not texts:
        return set()
    joined = _Joined(texts)
    return joined.containing(triggers) | joined.with_ai(cased)


def references_in(low: str, index: Callable[[int], int], wanted: Sequence[int], texts: Sequence[str],
                  gates: Sequence[re.Pattern[str]]) -> set[int]:
    """`references(texts, gates)`, searched in a whole book's text already joined and lowered once
    (`low`, one space or newline between texts; `index`: the text at an offset of it), of which
    `texts` are those at the indexes `wanted`: indexes into `wanted`.

    The book's text is as written; the texts the close reading reads otherwise (`_needing_reading`:
    a word joiner, a look-alike, a form NFKC folds) are searched again as it reads them. A match
    across two texts counts for the first: a paragraph read closely for nothing, never one missed.
    """
    position = {n: k for k, n in enumerate(wanted)}
    hits: set[int] = set()
    for gate in gates:
        for m in gate.finditer(low):
            k = position.get(index(m.start()))
            if k is not None:
                hits.add(k)
    joined = "\n".join(texts)
    if not joined.isascii():
        for k in _needing_reading(texts, joined):
            if k not in hits:
                read = normalise(texts[k]).lower()
                if any(gate.search(read) for gate in gates):
                    hits.add(k)
    return hits


def references(texts: Sequence[str], gates: Sequence[re.Pattern[str]]) -> set[int]:
    """Indexes of the texts whose lower-case form one of `gates` matches (one search of them all
    for each gate).

    Each gate starts with a literal letter, which `re` scans for before it tries the rest of the
    pattern; a gate that starts with an alternation ("(?:ce|le)") or a class is tried at every
    position of the book, ten times slower on a novel.
    """
    if not texts:
        return set()
    joined = _Joined(texts)
    index, lower = joined.index, joined.lower
    return {index(m.start()) for gate in gates for m in gate.finditer(lower)}
