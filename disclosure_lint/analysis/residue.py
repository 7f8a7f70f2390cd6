"""Chatbot residue (issue 20): a chatbot's side of a conversation left in a book.

Published novels have shipped with a reply still in a chapter ("Certainly! Here's an enhanced
version of your passage ...", "I've rewritten the passage to align more with J. Bree's style").
This finds such text where a reader meets it (every section's blocks, headers and footnotes
included), in the text a reader does not see (comments, hidden text, metadata) and in the
documents a file carries outside its reading order (`Manuscript.unlisted`), from data:
`residue/<language>.toml` holds the word lists and patterns, and English is always read (chatbots
answer in English in books of every language).

Precision first. Fiction is full of "Certainly!" and "Here's your tea"; what marks residue is the
reply's shape (it speaks to the writer about the writing, offers versions or changes, names itself
as an AI, or is the chat window's own words) and its standing outside the story's voice:

- a match inside quotation marks is dialogue or a quotation, never residue ("Certainly!" said the
  butler); a quotation left open runs to the paragraph's end (the continued-dialogue convention);
- a reply a book introduces as a quotation ("It replied:" ending the sentence or paragraph before)
  is quoted, not left in;
- a polite closer alone ("I hope this helps.") is residue only in or next to a paragraph holding
  residue of another kind: a letter in a novel may end so;
- a bracket is a prompt slot only when it holds an instruction word ("[Insert ...]", "[Your Name]");
  "[sic]", "[Illegible]" and stage directions hold none.

Speed (a novel holds no residue, and most of it is never looked at closely): the book's texts
are joined and lowered once, and each anchor word of a kind of residue (`[prefilter]`, the first
table of the file and the only one read up front) is looked for with one `str.find` over the whole
of it, which skips ahead by the word's length (about 1.3 million machine instructions for "version"
on the 150,000-word benchmark novel; a `re` pattern, even one starting at a rare letter, looks at
every character and cost 4-6 million a search); a word with punctuation ("[", "{{", "here's") is
looked for by that character first, a `memchr`, where few texts hold it. In a book of 200,000
characters or more, the words left for whole-book searches are found by one Aho-Corasick search
for all of them (`_Book.all_of`, `ahocorasick_rs`: a third of the searches' time). The chat window's words
("Regenerate response", "ChatGPT said:") are never searched for: every `interface` pattern stands
at a paragraph's start or end, so the paragraphs' first and last characters, joined, are searched
for their first and last letters and each paragraph found compared with them (`_at_edges`). Only
a paragraph holding an anchor word is read, all of them together as `prepare` would read them
(`_raw_flats`: their invisible characters dropped and their ellipses folded by one `str.replace`
each), first tried against a fast superset of its kinds' patterns (`ResidueData.quick`, each pattern only where the paragraph holds an anchor word that
pattern needs: "I have" sends a paragraph to three of the reply's eighteen; without the pattern
cache, a pattern is compiled only for a paragraph its lead is found in and holding the strings it
needs, `Quick.leads` and `Quick.words`; a kind's paragraphs tried together, `Quick.passing`) and
only then matched; the rest of the file is parsed, and its patterns compiled, only then. A book beyond ASCII
is lowered through its UTF-8 (`_Book`). Measured with callgrind (instructions of a cold `check -q`, cache
off), the benchmark novel costs 4-5% more than without the rule (Markdown 858 against 818 million,
EPUB 921 against 883, DOCX 962 against 924; it was 9%: 895, 958, 999): the literal
searches are about 19 million, joining and lowering the book 7, comparing the paragraphs' ends 5,
the module and its rule 5. The issue asks for a few percent; what is left to take: the lowered
text built a second time (the prefilter's `references` lowers the story too). On a book that is
not ASCII, the few texts where an invisible character or an odd space sits inside a phrase
("let\u00a0me know") are searched as `prepare` reads them. On a long real book (*War and Peace*,
3.2 million characters) the scan costs some 260 million instructions besides joining and lowering
the book (about 115): the anchor words' searches about 95 (some 5 million a word: `str.find` costs
about 1.7 instructions a character; a word under six characters nearly twice as much, another
algorithm), the quick patterns about 20, the rest Python work for the 830 paragraphs holding an
anchor word (`tests/test_residue_reference.py` holds the scan to a slow reading of every text).
"""

from __future__ import annotations

import bisect
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from itertools import accumulate, pairwise, repeat
from operator import attrgetter, itemgetter, sub
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

from .. import cache, packed
from .. import patterns as rx
from ..chars import characters
from ..model import Block, HiddenReason, HiddenText, Kind, Location, Manuscript, Visibility
from .normalize import _QUOTES, INVISIBLE

if not TYPE_CHECKING:
    from ..records import NamedTuple  # typing.NamedTuple, cheaper to define (see records)

#: The residue files: one `<language>.toml` a language.
DATA = Path(__file__).parent / "residue"
#: Read in every book, whatever its language.
ALWAYS = "en"
#: The kinds of residue, in the order a paragraph is searched: what a finding says it is.
KINDS: dict[str, str] = {
    "reply": "a chatbot's reply to the writer",
    "self": "a chatbot's words about itself",
    "refusal": "a chatbot's refusal",
    "interface": "a chat window's own words",
    "slot": "an unfilled prompt slot",
}
#: Sections that quote others' words by design.
_QUOTING = frozenset({Kind.EPIGRAPH})
#: Hidden text that is not in the book any more (a tracked deletion).
_GONE = frozenset({HiddenReason.DELETED_REVISION})
_SPACE = rx.LazyPattern(r"\s+")
#: Where a sentence ends (closing quotes and brackets go with it): before a capital, not after an
#: initial ("J. Bree").
_SENTENCE_END = rx.LazyPattern(r"(?<!\b[A-Z])[.!?][\"'\u201d\u2019)\]]*\s+(?=[\"'\u201c\u2018(\[]?[A-Z0-9])")
_MAX_QUOTE = 300


class Residue(NamedTuple):
    """One piece of chatbot residue: the sentence (or paragraph) that holds it, and where."""

    #: The sentence as written (curly quotes kept, whitespace collapsed).
    text: str
    #: A key of `KINDS`: reply, self, refusal, interface or slot.
    kind: str
    location: Location
    #: False for text a reader never sees (a comment, hidden text, metadata).
    visible: bool
    #: Visible but easy to miss (page header, footnote, non-linear EPUB item).
    easy_to_miss: bool = False
    #: For hidden or easy-to-miss text: the place, in a writer's words ("a Word comment").
    where: str | None = None
    hidden_reason: HiddenReason | None = None

    @property
    def plain(self) -> str:
        """The sentence as the disclosure analysis reads it (straight quotes), to leave it unread."""
        return self.text.translate(_QUOTES)

    @property
    def described(self) -> str:
        """What it is, in a writer's words."""
        return KINDS[self.kind]


class ResidueData(NamedTuple):
    """One language's residue data, compiled."""

    language: str
    #: Kind → one pattern for all of the kind's patterns (case-insensitive).
    patterns: dict[str, rx.LazyPattern]
    #: Closers that count only next to residue of another kind.
    weak: rx.LazyPattern | None
    #: Kind (and "weak") → its patterns without `\b`, matched with case on lower-case text: what
    #: they match is a superset of what the pattern does, found some four times faster (`re`
    #: skips to the letters an alternative can start with, which `\b` and IGNORECASE prevent), so
    #: a paragraph they miss is not matched against the pattern.
    quick: dict[str, Quick]
    #: Words of a sentence that introduces a quotation ("replied", "wrote").
    introduces: rx.LazyPattern | None


def languages() -> tuple[str, ...]:
    """The languages with a residue file."""
    return tuple(sorted(name[:-5] for name in os.listdir(DATA) if name.endswith(".toml")))


def _raw(language: str, examples: bool = False) -> dict[str, Any]:
    """A residue file, parsed (kept beside the bytecode while the file is unchanged, as the lexicon
    is): without its [examples], the last table, unless they are asked for (tests read them; a
    check does not, and they are a third of the parsing)."""
    source = DATA / f"{language}.toml"
    whole = text = source.read_text("utf-8")
    if not examples:
        text = text.partition("\n[examples]")[0]
    header = ("disclosure-lint residue 1", language, text)
    key = f"residue-{language}{'-examples' if examples else ''}"
    data = cache.load(key, header)
    if isinstance(data, dict):
        return data
    data = packed.load(source, whole)  # the whole file as parsed when it was written (see packed)
    if data is not None:
        if not examples:
            data = {table: values for table, values in data.items() if table != "examples"}
    else:
        from ..config import parse_toml

        data = parse_toml(text)
    cache.store(key, header, data)
    return data


def expand(pattern: str, words: dict[str, list[str]]) -> str:
    """A pattern with each `{name}` of the [words] lists replaced by its alternation."""
    def alternation(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in words:
            return m.group(0)
        return "(?:" + "|".join(words[name]) + ")"

    return re.sub(r"\{([a-z_]+)\}", alternation, pattern)


def _one(patterns: Iterable[str], words: dict[str, list[str]]) -> rx.LazyPattern | None:
    """The patterns as one, compiled when first used (a novel without residue needs few or none)."""
    parts = [f"(?:{expand(p, words)})" for p in patterns]
    return rx.LazyPattern("|".join(parts), re.IGNORECASE) if parts else None


class Quick(NamedTuple):
    """A kind's fast superset test (`ResidueData.quick`): each of its patterns without its word
    boundaries, searched alone; and, in a run that must compile it (the cache off), compiled only
    for a text holding one string of each set of strings its every match holds (`words`: "version
    of your"; one of the openers "certainly", "sure" ...; one of the {writing} words).

    Alone, because `re` tries one pattern of alternatives at each position of a text where any of
    them can start, and there each alternative in turn: with alternatives that start with common
    words ("a", "the", "certainly", "sure" ...) that is nearly every position, for all of them. Alone,
    each skips to where it can start (to its literal prefix, as "here", with a fast search). The
    paragraphs holding a reply's anchor words ("i have", "here is": dialogue is full of them) took
    half the time (*Pride and Prejudice*: 225 of them, 29 ms against 15). Most are not tried at
    all: a reply's patterns each need words that a novel's "I have" or "here is" paragraph
    rarely holds all of, and a part no text is tried with is never compiled (a cold run compiled
    16 of the 38 parts for *Pride and Prejudice*, 5,847 characters of pattern, 7 ms, when the best
    set of each part's top level was looked for; with every set, at every depth, 4 parts, 2,787
    characters).

    Each part is tried only where the text holds one of its kind's anchor words (`anchors`) that
    its every match holds (`Quick.anchors`): a text holding "i have" and no "here is" is not tried
    with the "Here is ..." patterns, nor are their words looked for in it. Which anchor words a
    text holds is asked of the text itself, so the result is the same as trying every part.
    """

    parts: tuple[rx.LazyPattern, ...]
    #: For each part, sets of strings one of each of which its every match holds (none: nothing
    #: is known): `literal_index.load_residue`, or `required.required_words` for a part the index
    #: does not hold. Looked for only before the part is compiled, in a run that keeps no
    #: compiled pattern (the cache off): where compiling it is what they can spare. Once it is
    #: compiled (or read from the cache), searching a text with it costs less than looking for
    #: the sets' strings (1,145 texts of *Pride and Prejudice* and *War and Peace*: 15 ms against
    #: 25 ms with every set, 18 ms with the top level's best set).
    words: tuple[tuple[tuple[str, ...], ...], ...]
    #: For each part, its kind's anchor words (straight apostrophes) one of which its every match
    #: holds (inside the strings of one of its sets, or of `required.required_pieces`); None: no
    #: such words are known, it is always tried.
    anchors: tuple[frozenset[str] | None, ...]
    #: Every anchor word of `anchors`.
    listed: tuple[str, ...]
    #: For each part, the pieces its every match starts with, a quarter of it or less
    #: (`required.leading`, from `literal_index.load_residue`; None: none known): like `words`,
    #: tried only before the part is compiled without the cache, and first: a lead costs a
    #: tenth of a millisecond to compile, and one search of a text, where the sets' strings
    #: cost a search each (the reply's {writing} words are 33). *Pride and Prejudice*'s 225
    #: paragraphs holding "sure", "i have" or "here is" hold no opener followed by "here is" or
    #: "i have" (the lead of the two opener parts, 1,694 characters of pattern), and 14 a "here
    #: is a", "here is the" ...; cold, the quick test took 11.9 ms of its check (7 ms compiling
    #: 16 parts), with the sets 10.9 ms, with the leads first 7.7 ms (19 leads and one part).
    leads: tuple[rx.LazyPattern | None, ...] = ()
    #: For each part that opens with alternatives (`re` tries it at every place where one of them
    #: may start: the reply's openers, "Certainly", "Sure" ..., tried on each paragraph holding "I
    #: have" or "here is"), the fewest strings one of which its every match holds, of its `words`,
    #: when they are few (`_FEW_FIRST`) and not only its anchor words (the text holds one of those
    #: already); None: none. Looked for before the part is searched, compiled or not: 55 of *War
    #: and Peace*'s 704 paragraphs that send it to the opener part hold an opener.
    first: tuple[tuple[str, ...] | None, ...] = ()
    #: For each part anchored at the text's start ("^(?:certainly|sure|...)\s*..."), strings one of
    #: which the text starts with where it matches (`required.starting`; None: none known): like
    #: `leads`, tried only before the part is compiled without the cache, and before the lead, which
    #: costs a compile (*Pride and Prejudice*'s 90 paragraphs holding "here is" or "i have" sent
    #: three such parts' leads to be compiled, 0.4 ms, and none starts so).
    starts: tuple[tuple[str, ...] | None, ...] = ()

    def found(self, text: str) -> bool:
        """Does one of the patterns match in `text`?"""
        held: set[str] | None = None  # the anchor words `text` holds, asked once, when needed
        cold = not rx.caching()
        for n, (part, sets, need) in enumerate(zip(self.parts, self.words, self.anchors, strict=True)):
            if need is not None:
                if held is None:
                    held = {word for word in self.listed if word in text}
                if need.isdisjoint(held):
                    continue
            first = self.first[n] if self.first else None
            if first is not None and not any(word in text for word in first):
                continue  # none of the strings every match holds one of: no match
            if cold and not part.ready:  # see `words`, `leads` and `starts`
                starts = self.starts[n] if self.starts else None
                if starts is not None and not text.startswith(starts):
                    continue
                lead = self.leads[n] if self.leads else None
                if lead is not None and lead.search(text) is None:
                    continue
                if not all(any(word in text for word in words) for words in sets):
                    continue  # none of a set's strings: no match
            if part.search(text) is not None:
                return True
        return False

    def passing(self, texts: Sequence[str]) -> set[int]:
        """The indexes of the `texts` (lower case, without a newline: as `found` reads them) in which
        `found` finds a match, found together, part by part: each string it looks for first (the
        anchor words, `first`) searched once in the texts joined by newlines, and each part (its
        lead and sets first, without the cache) tried only on the texts holding them.

        A text found long and full of "I have" and "here is" (*War and Peace*: 724 of them for the
        reply's parts) took a Python step for each part and text, each asking the text for a dozen
        anchor words and, without the cache, a lead and the sets' strings (78 million instructions);
        the parts' candidates are now sets of the texts holding what they need. Each text is judged
        by the same tests as `found`'s, and a part is compiled for the same texts (those that pass
        its lead and its sets), so the answer and what is compiled are `found`'s."""
        if not texts:
            return set()
        joined = "\n".join(texts)
        if joined.count("\n") != len(texts) - 1:  # a text holding a newline: each alone
            return {k for k, text in enumerate(texts) if self.found(text)}
        ends = list(accumulate(map((1).__add__, map(len, texts))))  # each text's end, its newline included
        holders: dict[str, set[int]] = {}
        if len(joined) >= _MANY_QUICK:  # every string it may look for, by one search (`_holders_all`)
            holders = _holders_all(self._strings(), texts, joined, ends)

        def holding(words: Iterable[str]) -> set[int]:
            """The texts holding one of `words` (one search of them all for each word)."""
            out: set[int] = set()
            for word in words:
                held = holders.get(word)
                if held is None:
                    held = holders[word] = _holders(word, texts, joined, ends)
                out |= held
            return out

        cold = not rx.caching()
        left = set(range(len(texts)))  # not found yet
        found: set[int] = set()
        for n, (part, sets, need) in enumerate(zip(self.parts, self.words, self.anchors, strict=True)):
            tried = left if need is None else left & holding(need)
            first = self.first[n] if self.first else None
            if first is not None and tried:
                tried = tried & holding(first)
            if not tried:
                continue
            if cold and not part.ready:  # see `words`, `leads` and `starts`: only where they are, as `found`
                starts = self.starts[n] if self.starts else None
                if starts is not None:
                    tried = {k for k in tried if texts[k].startswith(starts)}
                lead = self.leads[n] if self.leads else None
                if lead is not None:
                    tried = {k for k in tried if lead.search(texts[k]) is not None}
                tried = {k for k in tried if all(any(word in texts[k] for word in words) for words in sets)}
            hits = {k for k in tried if part.search(texts[k]) is not None}
            found |= hits
            left -= hits
        return found

    def _strings(self) -> list[str]:
        """Every string `passing` may look for first: the parts' anchor words and `first` strings."""
        out: dict[str, None] = {}
        for need in self.anchors:
            out.update(dict.fromkeys(sorted(need or ())))
        for first in self.first:
            out.update(dict.fromkeys(first or ()))
        return list(out)


#: `Quick.passing` looks for every string it may need in texts this long or longer (joined) by one
#: search of them all (`_holders_all`), not a `str.find` of each (*War and Peace*: 724 paragraphs,
#: 300,000 characters, searched for 21 strings, 3.5 ms).
_MANY_QUICK = 100_000


def _holders_all(words: Sequence[str], texts: Sequence[str], joined: str, ends: Sequence[int]) -> dict[str, set[int]]:
    """`_holders` of each of `words`, by one Aho-Corasick search of `joined` for all of them, as
    `_Book.all_of` searches the book: as bytes, one a character ("?" for each beyond ASCII), each
    match compared with `joined`, every match reported (overlapping ones too). A word holding a
    newline, or empty, is looked for text by text (`_holders`)."""
    out: dict[str, set[int]] = {}
    plain = [word for word in words if word and "\n" not in word]
    for word in words:
        out[word] = set() if word in plain else _holders(word, texts, joined, ends)
    if not plain:
        return out
    keys, needles, search = _automaton(plain, ())
    startswith = joined.startswith
    for n, start, _ in search.find_matches_as_indexes(joined.encode("ascii", "replace"), overlapping=True):
        for word, _, _ in keys[needles[n]]:
            if startswith(word, start):
                out[word].add(bisect.bisect_right(ends, start))
    return out


def _holders(word: str, texts: Sequence[str], joined: str, ends: Sequence[int]) -> set[int]:
    """The indexes of the `texts` holding `word` (`joined`: them joined by newlines; `ends`: each
    one's end in it, its newline included): one literal search of them all, skipping to the next
    text after each hit."""
    if not word or "\n" in word:
        return {k for k, text in enumerate(texts) if word in text}
    out: set[int] = set()
    at = joined.find(word)
    while at >= 0:
        k = bisect.bisect_right(ends, at)
        out.add(k)
        at = joined.find(word, ends[k])
    return out


def _anchors_needed(pattern: str, listed: Sequence[str]) -> frozenset[str] | None:
    """Of a kind's anchor words (`listed`, straight apostrophes), those one of which every match of
    `pattern` (expanded, without boundaries) holds: the words inside the alternatives of a piece
    every match holds (`required_pieces`), where each alternative holds one (None: no such piece)."""
    from .required import required_pieces

    return _anchors_in(required_pieces(pattern), listed)


def _anchors_in(pieces: Iterable[Sequence[str]], listed: Sequence[str]) -> frozenset[str] | None:
    """Of the anchor words `listed`, those inside the strings of one of `pieces` (each a set of
    strings one of which every match holds) where each string holds one: the fewest such."""
    best: frozenset[str] | None = None
    for piece in pieces:
        inside = [[w for w in listed if w in alternative] for alternative in piece]
        if all(inside):
            found = frozenset(w for words in inside for w in words)
            if best is None or len(found) < len(best):
                best = found
    return best


def _quick(patterns: Iterable[str], words: dict[str, list[str]], listed: Sequence[str] = (),
           known: Mapping[str, tuple[str | None, tuple[tuple[str, ...], ...]]] = MappingProxyType({}),
           ) -> Quick | None:
    """The patterns (as `_one` joins them) without their word boundaries, for lower-case text (see
    `ResidueData.quick`); None where that would not find a superset (a boundary inside a negative
    lookaround, or a capital). `listed`: the kind's anchor words; `known`: the lead and the sets of
    strings of the parts the literal index holds (`literal_index.load_residue`)."""
    parts: list[rx.LazyPattern] = []
    needs: list[tuple[tuple[str, ...], ...]] = []
    gates: list[frozenset[str] | None] = []
    leads: list[rx.LazyPattern | None] = []
    listed = tuple(dict.fromkeys(w.replace("\u2019", "'") for w in listed))
    for pattern in patterns:
        source = f"(?:{expand(pattern, words)})"
        part = source.replace("\\b", "")
        indexed = known.get(part)  # a part the index holds passed the tests below when written
        if indexed is None and ("(?!" in part or "(?<!" in part or re.search(r"(?<!\\)[A-Z]", part)):
            return None
        parts.append(rx.LazyPattern(part))
        if indexed is not None:
            lead, sets = indexed
            needs.append(sets)
            gates.append(_anchors_in(sets, listed))
            leads.append(rx.LazyPattern(lead) if lead is not None else None)
            continue
        from .required import required_words  # only for a part the index does not hold

        bare = expand(pattern, words).replace("\\b", "")
        best = required_words(bare)
        needs.append((best,) if best else ())
        gates.append(_anchors_needed(bare, listed))
        leads.append(None)
    used = frozenset().union(*(gate for gate in gates if gate is not None))
    firsts = tuple(_first_strings(part.pattern, sets, listed) for part, sets in zip(parts, needs, strict=True))
    from .required import starting

    return Quick(tuple(parts), tuple(needs), tuple(gates), tuple(w for w in listed if w in used),
                 tuple(leads), firsts, tuple(starting(part.pattern) for part in parts)) if parts else None


#: The most strings `Quick.first` looks for before a part.
_FEW_FIRST = 8


def _first_strings(part: str, sets: Sequence[Sequence[str]], listed: Sequence[str]) -> tuple[str, ...] | None:
    """`Quick.first` of a quick part (its pattern: "(?:" and the pattern expanded): its smallest set
    of strings, of `_FEW_FIRST` or fewer and not all anchor words, where the part opens with a group
    of alternatives."""
    if not part.startswith("(?:(?:"):
        return None
    chosen = [tuple(words) for words in sets if len(words) <= _FEW_FIRST and not set(words) <= set(listed)]
    return min(chosen, key=len) if chosen else None


@lru_cache(maxsize=8)
def load_residue(language: str = ALWAYS) -> ResidueData:
    """A language's residue data, compiled (`residue/<language>.toml`): shipped beside the file
    (`_shipped`) while it and its literal index are those it was made from, else built (`_build`)."""
    shipped = _shipped(language)
    return _build(language) if shipped is None else _data_from(language, shipped)


def _build(language: str) -> ResidueData:
    """A language's residue data, compiled from its files as they are."""
    data = _raw(language)
    words: dict[str, list[str]] = {k: list(v) for k, v in data.get("words", {}).items()}
    compiled: dict[str, rx.LazyPattern] = {}
    for kind in KINDS:
        one = _one(data["patterns"].get(kind, ()), words)
        if one is not None:
            compiled[kind] = one
    intro = words.get("introduces", [])
    weak = _one(data["patterns"].get("weak", ()), words)
    listed = anchors(language).kinds
    from . import literal_index

    known = literal_index.load_residue(language)
    quick = {kind: q for kind in [*compiled, "weak"]
             if (q := _quick(data["patterns"].get(kind, ()), words, listed.get(kind, ()), known)) is not None}
    return ResidueData(
        language, compiled, weak, quick,
        rx.LazyPattern(r"\b(?:" + "|".join(intro) + r")\b", re.IGNORECASE) if intro else None,
    )


# -- What the files compile to, shipped beside them (issue 21) ------------------------------------
#
# Every check reads a language's anchor words (`anchors`), and a book holding one ("i have", "here
# is": nearly every novel) its compiled data (`load_residue`). Building them from the files (the
# [prefilter] lowered with its curly-apostrophe forms; each pattern expanded with the [words]
# lists, twice, and each quick part's sets, anchor words and lead found) cost some 10 M machine
# instructions of a cold check, a book with no residue included. What they are built into is
# shipped beside the files (`packed.load_value`), in two values, so that a book holding no anchor
# word reads only the first: `residue/<language>-anchors.packed` (made from the residue file) and
# `residue/<language>-compiled.packed` (the patterns as their source and flags, compiled when
# first used as before; made from the residue file and its literal index). Each is read for
# exactly the text it was made from; any other text (an edited file, a damaged or missing copy)
# builds them from the files as before. `python -m disclosure_lint.analysis.residue_packed` (and
# `python -m disclosure_lint.analysis.literal_index`, which writes the literal index the data
# depends on) writes them again (`residue_packed`, which a check never imports);
# `tests/test_residue.py` fails when one is not what building the files gives.

#: What a shipped value was made by: changed when `_build`, `_read_anchors` or
#: `residue_packed.value` change what they make of the same files.
_SHIPPED = "disclosure-lint residue compiled 2"
_SHIPPED_ANCHORS = "disclosure-lint residue anchors 1"
#: A pattern as shipped: its source and flags.
_Source = tuple[str, int]


def compiled_path(language: str) -> Path:
    """Where what a language's residue files compile to is shipped."""
    return DATA / f"{language}-compiled.packed"


def anchors_path(language: str) -> Path:
    """Where a language's anchor words are shipped."""
    return DATA / f"{language}-anchors.packed"


def _text(name: str) -> str | None:
    """The text of a file of `DATA` (None: none)."""
    try:
        return (DATA / name).read_text("utf-8")
    except OSError:
        return None


def _anchors_header(language: str) -> tuple[str, str, str] | None:
    """What shipped anchor words are made from: the residue file's text."""
    text = _text(f"{language}.toml")
    return None if text is None else (_SHIPPED_ANCHORS, language, text)


def _header(language: str) -> tuple[str, str, str, str] | None:
    """What a shipped compiled data is made from: the residue file's text and its literal index's
    ("": none; `literal_index.residue_path`, beside it: not imported, a check that reads the
    shipped value needs nothing else of it)."""
    text = _text(f"{language}.toml")
    return None if text is None else (_SHIPPED, language, text, _text(f"{language}.literals") or "")


def _shipped_anchors(language: str) -> Anchors | None:
    """A language's anchor words as shipped, when made from its file as it is; else None."""
    header = _anchors_header(language)
    value = None if header is None else packed.load_value(anchors_path(language), header)
    return Anchors(language, *value) if isinstance(value, tuple) and len(value) == 3 else None


def _shipped(language: str) -> Any | None:
    """A language's compiled data as shipped (`residue_packed.value`), when made from its files as
    they are; else None."""
    header = _header(language)
    value = None if header is None else packed.load_value(compiled_path(language), header)
    return value if isinstance(value, tuple) and len(value) == 4 else None


def _pattern(source: _Source | None) -> rx.LazyPattern | None:
    return None if source is None else rx.LazyPattern(*source)


def _data_from(language: str, value: Any) -> ResidueData:
    """The compiled data of a shipped value (`residue_packed.value`): its patterns not compiled yet."""
    patterns, weak, quick, introduces = value
    return ResidueData(
        language, {kind: rx.LazyPattern(*source) for kind, source in patterns.items()}, _pattern(weak),
        {kind: Quick(tuple(rx.LazyPattern(*part) for part in parts), words, needs, listed,
                     tuple(map(_pattern, leads)), first, starts)
         for kind, (parts, words, needs, listed, leads, first, starts) in quick.items()},
        _pattern(introduces))


def examples(language: str = ALWAYS) -> dict[str, tuple[str, ...]]:
    """A language's examples (`[examples]`: residue, weak closers, not residue), for the tests."""
    return {k: tuple(v) for k, v in _raw(language, examples=True).get("examples", {}).items()}


@lru_cache(maxsize=64)
def _has_file(language: str) -> bool:
    return language.isalpha() and (DATA / f"{language}.toml").is_file()


def _languages_of(manuscript: Manuscript) -> list[str]:
    """English, and the book's and its sections' languages that have a residue file."""
    out = {ALWAYS: None}
    for tag in (manuscript.metadata.language, *(s.language for s in manuscript.sections)):
        if tag:
            base = re.split(r"[-_\s]", tag.strip().lower(), maxsplit=1)[0]
            if base not in out and _has_file(base):
                out[base] = None
    return list(out)


def prepare(text: str) -> str:
    """The text as it is searched: one line, NFKC, without invisible characters (quotes kept, so
    that opening and closing marks can be told apart; `_QUOTES` straightens them for matching,
    one character for one, so offsets agree)."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", INVISIBLE.sub("", text))
    return _SPACE.sub(" ", text).strip()


# Quotation marks: an opener and the marks that close it. German opens with „ and closes with “,
# and also quotes »so«; French «ainsi». ASCII quotes open at a word's start and close at its end.
_CLOSERS: dict[str, str] = {
    "\u201c": "\u201d\u201c\"", "\u201e": "\u201c\u201d", "\u00ab": "\u00bb", "\u00bb": "\u00ab",
    "\u2018": "\u2019", "\u201a": "\u2018\u2019", '"': '"\u201d', "'": "'\u2019",
}


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """The spans of `text` inside quotation marks (outermost only); an unclosed quotation runs to
    the end. An apostrophe (a mark between letters, or after one: "Ash’s", "writers’") is no quote."""
    spans: list[tuple[int, int]] = []
    start = -1
    closers = ""
    n = len(text)
    for i, ch in enumerate(text):
        if start < 0:
            if ch not in _CLOSERS:
                continue
            before = text[i - 1] if i else " "
            after = text[i + 1] if i + 1 < n else " "
            if ch in "'\u2018" and (before.isalnum() or not after.isalnum()):
                continue  # an apostrophe ("’tis" aside) or a stray mark
            if ch == '"' and after.isspace():
                continue
            start, closers = i, _CLOSERS[ch]
        elif ch in closers:
            if ch in "'\u2019":
                after = text[i + 1] if i + 1 < n else " "
                if after.isalnum():
                    continue  # "don’t" inside a quotation
            spans.append((start, i + 1))
            start = -1
    if start >= 0:
        spans.append((start, n))
    return spans


def _inside(spans: Sequence[tuple[int, int]], at: int) -> bool:
    return any(a <= at < b for a, b in spans)


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The start and end of the sentences of `text` that hold [start, end)."""
    begin = 0
    for m in _SENTENCE_END.finditer(text):
        if m.end() > start:
            break
        begin = m.end()
    stop = _SENTENCE_END.search(text, end)
    return begin, stop.start() + 1 if stop else len(text)


class _Piece(NamedTuple):
    """A text searched: a block of a section, or a hidden text."""

    text: str
    location: Location
    #: Index of the section, or -1 for hidden text.
    section: int
    visible: bool
    easy_to_miss: bool
    where: str | None
    hidden_reason: HiddenReason | None


_TEXT = attrgetter("text")


def _sources(manuscript: Manuscript) -> tuple[list[str], list[int], list[Block | HiddenText]]:
    """The texts searched (every block of every section that does not quote by design, then the
    hidden texts still in the book, then the documents outside its reading order), each one's
    section (-1 for hidden text), and where it is from."""
    texts: list[str] = []
    sections: list[int] = []
    owners: list[Block | HiddenText] = []
    for index, section in enumerate(manuscript.sections):
        if section.kind in _QUOTING:
            continue
        texts.extend(map(_TEXT, section.blocks))
        sections.extend([index] * len(section.blocks))
        owners.extend(section.blocks)
    for hidden in (*manuscript.hidden, *manuscript.unlisted):
        if hidden.reason not in _GONE:
            texts.append(hidden.text)
            sections.append(-1)
            owners.append(hidden)
    return texts, sections, owners


class Sources(NamedTuple):
    """The texts a book's residue is searched in (`_sources`), and all of them joined and lowered
    once (`_Book`), which the chapter gates search too (`analysis.disclosure`): a book is joined
    and lowered once."""

    texts: list[str]
    #: Each text's section (-1 for hidden text).
    sections: list[int]
    owners: list[Block | HiddenText]
    book: _Book
    #: Section index → the index of its first block among `texts` (its blocks follow in their
    #: order), for each section searched: where the chapter gates find a block's text in `book`
    #: without a look-up of each block.
    firsts: Mapping[int, int] = MappingProxyType({})


def sources(manuscript: Manuscript, also: Callable[[], Sequence[str]] | Sequence[str] = ()) -> Sources:
    """The texts of a manuscript searched for residue, joined once (see `Sources`). `also`: strings
    whose places the book's one search for the anchor words finds as well, if it is made
    (`_Book.all_of`, `_Book.places_of`: the chapter gates' words), or what gives them (asked only
    then)."""
    texts, sections, owners = _sources(manuscript)
    known = manuscript.chars
    if known is not None:  # the sections' characters: those of the hidden texts added
        # (the hidden texts, section -1, follow the sections' blocks in `owners`: the blocks are
        # not each asked whether they are one, a novel has 12,000)
        first = len(sections)
        while first and sections[first - 1] == -1:
            first -= 1
        known |= characters(" ".join([o.text for o in owners[first:]]))
    firsts: dict[int, int] = {}
    at = 0
    for index, section in enumerate(manuscript.sections):  # as `_sources` takes them
        if section.kind not in _QUOTING:
            firsts[index] = at
            at += len(section.blocks)
    return Sources(texts, sections, owners, _Book(texts, known, also), firsts)


def _piece(owner: Block | HiddenText, section: int) -> _Piece:
    if isinstance(owner, HiddenText):
        return _Piece(owner.text, owner.location, -1, False, False, owner.where, owner.reason)
    easy = owner.visibility is Visibility.EASY_TO_MISS
    return _Piece(owner.text, owner.location, section, True, easy, owner.where if easy else None, None)


def _introduced(text: str, start: int, before: str | None, data: ResidueData) -> bool:
    """Is the text at `start` a quotation the book introduces ("ChatGPT replied:"), in the same
    paragraph or at the end of the one before?"""
    if data.introduces is None:
        return False
    head = text[:start].rstrip()
    if head.endswith(":"):
        return bool(data.introduces.search(head[max(0, head.rfind(". ") + 1):]))
    if not head and before is not None and before.rstrip().endswith(":"):
        tail = before.rstrip()
        return bool(data.introduces.search(tail[max(0, tail.rfind(". ") + 1):]))
    return False


#: A match: (kind, start, end) in a prepared text.
_Hit = tuple[str, int, int]


#: `_QUOTES` as (character, replacement) pairs: a few `str.replace` calls, for the characters a
#: text holds, cost less than `str.translate` on a text that is not ASCII.
_STRAIGHT = [(chr(k), str(v)) for k, v in _QUOTES.items()]


def flatten(text: str) -> str:
    """A prepared text with straight quotes and hyphens (`_QUOTES`, one character for one)."""
    if text.isascii():
        return text
    for ch, straight in _STRAIGHT:
        if ch in text:
            text = text.replace(ch, straight)
    return text


def _search(text: str, flat: str, before: str | None, kind: str, pattern: rx.LazyPattern,
            quick: Quick | None, data: ResidueData) -> list[_Hit]:
    """What `pattern` finds in one prepared text (`flat`: `flatten(text)`), outside quotations."""
    if quick is not None:
        low = flat.lower()
        # ("İ" lowers to "i" and a combining dot, which `\w` does not read as part of the word:
        # there the superset is no superset, and the pattern is matched without it.)
        if len(low) == len(flat) and not quick.found(low):
            return []
    spans: list[tuple[int, int]] | None = None
    out: list[_Hit] = []
    for m in pattern.finditer(flat):
        if spans is None:
            spans = quoted_spans(text)
        if not _inside(spans, m.start()) and not _introduced(text, m.start(), before, data):
            out.append((kind, m.start(), m.end()))
    return out


def _quotation(text: str, hits: Sequence[_Hit]) -> str:
    """The sentences that hold the hits, from the first to the last."""
    start, _ = _sentence_bounds(text, min(h[1] for h in hits), min(h[2] for h in hits))
    _, end = _sentence_bounds(text, max(h[1] for h in hits), max(h[2] for h in hits))
    out = text[start:end].strip()
    return out if len(out) <= _MAX_QUOTE else out[:_MAX_QUOTE]


#: A character rarer than this many texts (of the book's) is looked for first, a `memchr`, and the
#: words holding it only in those texts.
_FEW = 64
#: A character the book holds fewer times than once in this many characters is found by its places
#: (`_Book.places`), each compared with the words holding it, where each of those words would cost a
#: search of the whole book: a `str.find` of one character (a `memchr`) and a Python step a place,
#: some 2,300 machine instructions, where a word's search costs 1.7 a character (*War and Peace*:
#: 961 ":" for "you said:", against 3.8 million instructions; its 7,281 "’" would cost more than
#: searching "here’s" and "i’ve").
_SPARSE = 2048
#: From how many characters a book's words left for a search of the whole book are found by one
#: search for all of them (`_Book.all_of`) rather than a `str.find` each: below it, the module's
#: import (about 0.5 ms) costs more than the searches it spares (*Jekyll and Hyde*'s 143,000
#: characters: 22 searches, 1.5 ms).
_MANY = 200_000
#: How many characters of the book `_Book.all_of` searches at a time.
_PIECE = 1 << 18
#: `_Book.all_of` keeps the places of the gates' words only while they are rarer than one in this
#: many characters (*War and Peace*: one in 5,700, *Pride and Prejudice* one in 5,400; the
#: synthetic novel of `python -m benchmarks`, "book" and "story" in a paragraph of three, one in
#: 600): denser, the gates' search of the whole book costs less (`prefilter._starts_near`).
_DENSE_PLACES = 2048
#: The shortest prefix that words are found by together (`_shared`).
_PREFIX = 5


def _automaton(words: Sequence[str], also: Sequence[str]) -> tuple[dict[bytes, list[tuple[str, bool, bool]]], list[bytes], Any]:
    """`_Book.all_of`'s search for `words` and `also`: each needle (a word as bytes, one a
    character, "?" for each beyond ASCII), its words with whether each is one of `words` and one of
    `also`, and the Aho-Corasick automaton of the needles."""
    import ahocorasick_rs

    keys: dict[bytes, list[tuple[str, bool, bool]]] = {}
    wanted, kept = set(words), set(also)
    for word in dict.fromkeys((*words, *also)):
        keys.setdefault(word.encode("ascii", "replace"), []).append((word, word in wanted, word in kept))
    needles = list(keys)
    return keys, needles, ahocorasick_rs.BytesAhoCorasick(needles)


class Anchors(NamedTuple):
    """One language's anchor words (`[prefilter]`), lower case, with curly-apostrophe forms."""

    language: str
    #: Kind (and "weak") → its words.
    kinds: dict[str, tuple[str, ...]]
    #: Kind → what a paragraph of it starts with (`<kind>_starts`: the chat window's words), and
    #: what it ends with (`<kind>_ends`): compared with each paragraph's ends, not searched for.
    starts: Mapping[str, tuple[str, ...]] = MappingProxyType({})
    ends: Mapping[str, tuple[str, ...]] = MappingProxyType({})


@lru_cache(maxsize=8)
def anchors(language: str = ALWAYS) -> Anchors:
    """A language's anchor words (shipped beside its file, `_shipped_anchors`, or read from it:
    `_read_anchors`)."""
    shipped = _shipped_anchors(language)
    return _read_anchors(language) if shipped is None else shipped


def _read_anchors(language: str) -> Anchors:
    """A language's anchor words, read from the head of its file (the `[prefilter]` table, before
    `[words]`) without the rest: a book holding none of them never needs the patterns."""
    source = DATA / f"{language}.toml"
    text = source.read_text("utf-8")
    whole = packed.load(source, text)
    if whole is not None:
        table = dict(whole["prefilter"])
    else:
        head, sep, _ = text.partition("\n[words]")
        from ..config import parse_toml

        table = dict(parse_toml(head if sep else text)["prefilter"])
    kinds: dict[str, tuple[str, ...]] = {}
    edges: dict[str, dict[str, tuple[str, ...]]] = {"_starts": {}, "_ends": {}}
    for key, listed in table.items():
        found: dict[str, None] = {}
        for word in listed:
            found[word.lower()] = None
            found[word.lower().replace("'", "\u2019")] = None  # "here’s" as well as "here's"
        edge = next((e for e in edges if key.endswith(e)), None)
        if edge is None:
            kinds[key] = tuple(found)
        else:
            edges[edge][key[:-len(edge)]] = tuple(found)
    return Anchors(language, kinds, edges["_starts"], edges["_ends"])


#: Capitals whose lower case `str.lower` chooses by context (a final sigma is "ς").
_IN_CONTEXT = frozenset("\u03a3")


def _capitals(chars: frozenset[str]) -> list[str] | None:
    """The capitals among `chars`, or None when one of them lowers to more than one character or
    by context (then only `str.lower` lowers a text holding them)."""
    capitals = [ch for ch in chars if ch.lower() != ch]
    if any(len(ch.lower()) != 1 or ch in _IN_CONTEXT for ch in capitals):
        return None
    return capitals


def _capitals_lowered(texts: Sequence[str], joined: str, capitals: Iterable[str]) -> str:
    """`joined` (the `texts` joined by one space each) with each of the `capitals` (`_capitals`)
    lowered: in the texts that hold one, which are joined again; `joined` itself when none does.

    Each capital is found by a search of `joined` for one character (a `memchr`, 0.2 ms on *War and
    Peace*) and the texts holding one are joined again: one copy of the book for any number of
    capitals, where a `bytes.replace` of each in the lowered UTF-8 (a two-byte string: a loop a
    byte) cost 3 ms a capital. Lowering a capital keeps the text's length, so the offsets hold."""
    holders: set[int] = set()
    starts: list[int] | None = None
    for ch in capitals:
        at = joined.find(ch)
        while at >= 0:
            if starts is None:
                starts = list(accumulate(map((1).__add__, map(len, texts)), initial=0))
            n = bisect.bisect_right(starts, at) - 1
            holders.add(n)
            at = joined.find(ch, starts[n + 1])
    if not holders:
        return joined
    patched = list(texts)
    for n in holders:
        text = patched[n]
        for ch in capitals:
            if ch in text:
                text = text.replace(ch, ch.lower())
        patched[n] = text
    return " ".join(patched)


#: How many texts `_lowered` joins at a time: small groups, whose memory the next group reuses
#: (256 and more raised *Pride and Prejudice*'s peak by 0.4 MiB).
_GROUP = 64


def _lowered(texts: Sequence[str], capitals: Sequence[str]) -> str:
    """`" ".join(texts)` in lower case, for texts whose capitals beyond ASCII are `capitals`
    (`_capitals`: each lowered alone, to one character): a group of `_GROUP` texts at a time
    joined, its capitals lowered (`str.replace`, where one is held: the same length), encoded to
    UTF-8 and its ASCII letters lowered (`bytes.lower`: the bytes of other characters are 0x80 or
    more, which it leaves); the groups' bytes joined and decoded once.

    The book is never held joined in its own case: *War and Peace* (3.2 million characters, two
    bytes each as text) was joined, joined again with its three capitals lowered, encoded and
    lowered, some 26 MB of fresh memory (5,500 page faults of its check's 13,700); now its UTF-8
    twice (the groups', then joined) and the text decoded, about 13 MB."""
    pieces: list[bytes] = []
    for first in range(0, len(texts), _GROUP):
        part = " ".join(texts[first:first + _GROUP])
        for ch in capitals:
            if ch in part:
                part = part.replace(ch, ch.lower())
        pieces.append(part.encode("utf-8", "surrogatepass").lower())
    return b" ".join(pieces).decode("utf-8", "surrogatepass")


class _Book:
    """Every text searched, joined into one lower-case string (a space between texts, newlines and
    tabs read as spaces, as `prepare` reads them), with each text's offset, and the distinct
    characters other than printable ASCII the texts hold (None: none, the texts are ASCII).

    The searches for invisible characters and odd spaces (`_odd`), and the chapter gates'
    (`prefilter.references_in`), look only for the characters a book beyond ASCII holds, found
    once through its UTF-8 (`chars.characters`; the reading found them for its sections' text:
    `Manuscript.chars`): each search of a text two bytes a character (most French or German
    books: "’", "œ") for a character that `memchr` cannot find tests every character.
    """

    __slots__ = ("_also", "_places", "_reach", "_reading", "chars", "low", "starts")

    def __init__(self, texts: Sequence[str], chars: frozenset[str] | None = None,
                 also: Callable[[], Sequence[str]] | Sequence[str] = ()) -> None:
        """`chars`: the characters of `texts` other than printable ASCII (or more), when known.
        `also`: strings `all_of` finds the places of too, for `places_of` (or what gives them,
        asked by `all_of`)."""
        self._also = also
        #: Where each of `_also` stands (its place and length), once `all_of` has searched.
        self._places: list[tuple[int, int]] | None = None
        self.chars: frozenset[str] | None = None
        known = None if chars is None or all(c < "\x80" for c in chars) else _capitals(chars)
        if known is not None:
            # The characters known, some beyond ASCII, and each capital among them lowered alone:
            # the book is lowered a group of texts at a time (`_lowered`), never joined as it is.
            self.chars = chars
            low = joined = _lowered(texts, known)
        elif (joined := " ".join(texts)).isascii():
            low = joined.lower()
        else:
            self.chars = characters(joined) if chars is None else chars
            capitals = _capitals(self.chars)
            if capitals is None:
                low = joined.lower()
            else:
                # Its capitals beyond ASCII lowered in the texts holding one (`_capitals_lowered`),
                # its ASCII letters in its UTF-8 (`bytes.lower`, a table lookup a byte: the bytes
                # of other characters are 0x80 or more, which it leaves): `str.lower` looks up
                # every character's case (2.1 ms of *Pride and Prejudice*'s 0.7 million
                # characters, against 0.9).
                joined = _capitals_lowered(texts, joined, capitals)
                low = joined.encode("utf-8", "surrogatepass").lower().decode("utf-8", "surrogatepass")
        if len(low) != len(joined):  # "İ" lowers to two characters: lower each text apart
            low = " ".join(t.lower() for t in texts)
            texts = [t.lower() for t in texts]
        for space in "\n\r\t":
            if (self.chars is None or space in self.chars) and space in low:
                low = low.replace(space, " ")
        self.low = low
        self.starts = list(accumulate(map((1).__add__, map(len, texts)), initial=0))[:-1]
        self._reading: _Reading | None = None
        #: Character → where `holding` gave up looking for it (`_FEW` texts found before).
        self._reach: dict[str, int] = {}

    def reading(self) -> _Reading:
        """What `prepare` and `flatten` change in the book's lower-case texts (`_Reading`)."""
        if self._reading is None:
            self._reading = _reading_of(self.chars)
        return self._reading

    def index(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset) - 1

    def end(self, n: int) -> int:
        return self.starts[n + 1] - 1 if n + 1 < len(self.starts) else len(self.low)

    def containing(self, word: str, only: Iterable[int] | None = None) -> set[int]:
        """The texts (of `only`, or all) whose lower-case form holds `word`: one literal search."""
        low = self.low
        if only is not None:
            return {n for n in only if low.find(word, self.starts[n], self.end(n)) >= 0}
        out: set[int] = set()
        at = low.find(word)
        while at >= 0:
            n = self.index(at)
            out.add(n)
            at = low.find(word, self.end(n))
        return out

    def holding(self, ch: str) -> list[int] | None:
        """The texts holding the character `ch`, if they are few (None: more than `_FEW`). A search
        for one character is a `memchr`, some 40 times faster than a search for a word."""
        low = self.low
        out: list[int] = []
        at = low.find(ch)
        while at >= 0:
            if len(out) == _FEW:
                self._reach[ch] = at
                return None
            n = self.index(at)
            out.append(n)
            at = low.find(ch, self.end(n))
        return out

    def places(self, ch: str) -> list[int] | None:
        """Where the character `ch` stands in the book, if it stands there seldom (None: more than
        once in `_SPARSE` characters; not looked for where the texts `holding` found before it gave
        up say so, `_reach`)."""
        low = self.low
        most = len(low) // _SPARSE
        reach = self._reach.get(ch)
        if reach is not None and _FEW * len(low) > most * reach:
            return None  # _FEW texts holding it in its first `reach` characters: too many
        out: list[int] = []
        append = out.append
        at = low.find(ch)
        while at >= 0:
            if len(out) == most:
                return None
            append(at)
            at = low.find(ch, at + 1)
        return out

    def at(self, word: str, k: int, places: Iterable[int]) -> set[int]:
        """The texts in which `word` starts `k` characters before one of `places` (of its
        character `word[k]`): where `containing(word)` finds it, compared in place."""
        low = self.low
        index = self.index
        return {index(p - k) for p in places if p >= k and low.startswith(word, p - k)}

    def all_of(self, words: Sequence[str]) -> dict[str, set[int]]:
        """`containing` of each of `words` (distinct), by one search of the book for all of them
        (Aho-Corasick, `ahocorasick_rs`, in compiled code: some 4 ms for *War and Peace*'s 3.2
        million characters and 16 words, where a `str.find` of each costs 30).

        The book is searched as bytes, one a character (`str.encode` with each character beyond
        ASCII written "?"), so that a place in them is a place in the book; each word likewise. A
        match there is a match in the book only if the book holds the word there (a "?" in the
        bytes may stand for any character beyond ASCII, or for "?"): each one found is compared
        with the book. The search reports every match of every word, overlapping ones included,
        so each text holding a word is found, as `containing` finds it (by where the word starts).

        The strings of `_also` (the chapter gates' words) are searched along, and every place of
        each (overlapping ones too) kept for `places_of`, unless they are dense (`_DENSE_PLACES`).
        """
        low = self.low
        out: dict[str, set[int]] = {word: set() for word in words}
        if not words:
            return out
        also = self._also_words() if self._places is None else ()
        keys, needles, search = _automaton(words, also)
        index = self.index
        places: list[tuple[int, int]] = []
        # A piece of the book at a time (no copy of the whole held), each running on by the longest
        # word less one, so that a word starting in it ends in it; one starting past its own
        # characters is found in the next piece.
        over = max(map(len, (*words, *also))) - 1
        for at in range(0, len(low), _PIECE):
            piece = low[at:at + _PIECE + over].encode("ascii", "replace")
            for n, start, _ in search.find_matches_as_indexes(piece, overlapping=True):
                if start < _PIECE:
                    for word, anchor, gate in keys[needles[n]]:
                        if low.startswith(word, at + start):
                            if anchor:
                                out[word].add(index(at + start))
                            if gate:
                                places.append((at + start, len(word)))
            if also and len(places) * _DENSE_PLACES > at + _PIECE:
                # (places this dense cost more, each a Python step and a search of the gates
                # around it, than the gates' search of the whole book: not kept, nor looked for)
                also, places = (), []
                keys, needles, search = _automaton(words, also)
        if also:
            self._places = places
        return out

    def _also_words(self) -> tuple[str, ...]:
        if not isinstance(self._also, tuple):
            self._also = tuple(dict.fromkeys(self._also() if callable(self._also) else self._also))
        return self._also

    def places_of(self, words: Sequence[str]) -> list[tuple[int, int]] | None:
        """Where each of `words` stands in the book (its place and length), every one, if `all_of`
        found them (they are among `also`); None: not searched."""
        if self._places is None or not set(words) <= set(self._also_words()):
            return None
        if len(words) == len(self._also_words()):
            return self._places
        wanted = set(map(len, words))  # (a word's places told by its length and its text)
        low = self.low
        return [(at, size) for at, size in self._places if size in wanted and low[at:at + size] in words]

    def starting(self, prefix: str, words: Sequence[str]) -> dict[str, set[int]]:
        """`containing` of each of `words`, all starting with `prefix`: one search for `prefix`,
        each of its places compared with the words."""
        low = self.low
        out: dict[str, set[int]] = {word: set() for word in words}
        at = low.find(prefix)
        while at >= 0:
            for word in words:
                if low.startswith(word, at):
                    out[word].add(self.index(at))
            at = low.find(prefix, at + 1)
        return out


#: Characters an anchor word may hold besides letters, digits and spaces: an invisible character or
#: an odd space between two of them, spaces aside ("let\u00a0me know", "here\u00ad\u2019s"), could
#: hide the word from a literal search; one next to a dash, an ellipsis or a quotation mark (a word
#: joiner beside "—" or before " …", as Standard Ebooks set them) hides none.
_WORDLY = frozenset("'\u2019:[{")
#: The invisible characters and spaces books hold (soft hyphen, zero-width space, joiners and
#: non-joiners, direction marks, word joiner, byte-order mark; no-break, narrow, thin, hair, en,
#: em and ideographic spaces), each looked for by itself (a `memchr`-like search). Rarer forms that
#: `prepare` reads as letters (full-width or mathematical letters, ligatures) are not looked for:
#: no book sets an anchor word in them but to hide it.
_HIDERS = "\u00ad\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00a0\u202f\u2009\u200a\u2002\u2003\u3000"


#: A character that may stand in a run `_odd` reads, or at its ends besides letters and digits.
_JOINING = frozenset(_WORDLY | set(_HIDERS) | {" "})


def _wordly(ch: str) -> bool:
    return ch.isalnum() or ch in _WORDLY


def _odd(book: _Book) -> set[int]:
    """The texts holding an invisible character or an odd space inside a word or phrase, to be
    searched as `prepare` reads them. An ASCII book has none, and is not looked at again."""
    low = book.low
    if book.chars is None or low.isascii():
        return set()
    odd: set[int] = set()
    last = len(low) - 1
    for ch in book.chars.intersection(_HIDERS):
        at = low.find(ch)
        while at >= 0:
            if at == 0 or at == last or not (low[at - 1] in _JOINING or low[at - 1].isalnum()) or \
                    not (low[at + 1] in _JOINING or low[at + 1].isalnum()):
                # Beside a character that is neither wordly, a space nor such a character (a dash, an
                # ellipsis: most of a Standard Ebooks novel's word joiners), or at an end: no run of
                # them holding it stands between two wordly characters.
                at = low.find(ch, at + 1)
                continue
            start = end = at  # the run of such characters and spaces around it
            while start > 0 and (low[start - 1] in _HIDERS or low[start - 1] == " "):
                start -= 1
            while end < last and (low[end + 1] in _HIDERS or low[end + 1] == " "):
                end += 1
            if start > 0 and end < last and _wordly(low[start - 1]) and _wordly(low[end + 1]):
                odd.add(book.index(at))
            at = low.find(ch, end + 1)
    return odd


def _holding(book: _Book, words: Iterable[str]) -> dict[str, set[int]]:
    """Word → the texts holding it. A word with a character other than a letter, digit or space
    ("[", "{{", "here’s", "you said:"): where few texts hold that character, looked for in those
    alone (the character is found by a `memchr`); where the book holds it seldom (`_Book.places`),
    each of its places compared with the word (`_Book.at`). The others: one literal search (`str.find`) over the whole book each, which skips
    ahead by the word's length and costs about 10 machine instructions a character divided by its
    length (some 1.3 million for "version" on a 150,000-word novel): less than any `re` pattern
    does, which looks at every character it passes; words sharing a long prefix ("below is", "below
    are": `_shared`) one search of it, each place compared with them."""
    where: dict[str, list[int] | None] = {}
    spots: dict[str, list[int] | None] = {}
    out: dict[str, set[int]] = {}
    left: list[str] = []
    for word in dict.fromkeys(words):
        if any(not ch.isascii() and (book.chars is None or ch not in book.chars) for ch in word):
            out[word] = set()  # a character the book does not hold ("here’s" in an ASCII book)
            continue
        few: list[int] | None = None
        sparse = [ch for ch in dict.fromkeys(word) if not (ch.isalnum() or ch.isspace())]
        for ch in sparse:
            if ch not in where:
                where[ch] = book.holding(ch)
            held = where[ch]
            if held is not None and (few is None or len(held) < len(few)):
                few = held
        if few is not None:
            out[word] = book.containing(word, few)
            continue
        best: str | None = None
        for ch in sparse:
            if ch not in spots:
                spots[ch] = book.places(ch)
            found = spots[ch]
            if found is not None and (best is None or len(found) < len(spots[best] or ())):
                best = ch
        if best is not None:
            out[word] = book.at(word, word.index(best), spots[best] or ())
            continue
        left.append(word)
    if len(book.low) >= _MANY and len(left) > 1:
        out.update(book.all_of(left))
        return out
    for prefix, sharing in _shared(left).items():
        if len(sharing) == 1:
            out[sharing[0]] = book.containing(sharing[0])
        else:
            out.update(book.starting(prefix, sharing))
    return out


def _shared(words: Sequence[str]) -> dict[str, list[str]]:
    """`words` by the prefix one search finds them by: the longest prefix of `_PREFIX` or more
    characters, ending in a letter or digit, that a word shares with another ("below" for "below
    is" and "below are"); a word sharing none, by itself. (A literal search of a short word keys on
    its last character: a space, the commonest, makes it slow; "here " for "here is" and "here
    are" costs as much as both.) The longest prefix a word shares is the one it shares with a word
    next to it in their order."""
    stems: dict[str, str] = {}
    ordered = sorted(dict.fromkeys(words))
    for a, b in pairwise(ordered):
        n = 0
        while n < len(a) and n < len(b) and a[n] == b[n]:
            n += 1
        while n and not a[n - 1].isalnum():
            n -= 1
        if n >= _PREFIX:
            for word in (a, b):
                if n > len(stems.get(word, "")):
                    stems[word] = a[:n]
    out: dict[str, list[str]] = {}
    for word in dict.fromkeys(words):
        out.setdefault(stems.get(word, word), []).append(word)
    return out


class _Reading(NamedTuple):
    """What `prepare` and `flatten` change in a book's lower-case texts, of the characters it holds
    (`_Book.chars`): each looked for alone (`str.replace` of the few the texts hold), not
    `prepare`'s pattern of every invisible character and NFKC of each text."""

    #: The invisible characters `prepare` drops.
    dropped: tuple[str, ...]
    #: Characters without case that NFKC folds to characters without case ("…" to "...", a no-break
    #: space to a space, a non-breaking hyphen to a hyphen), with what it folds them to.
    folded: tuple[tuple[str, str], ...]
    #: The curly quotes and odd hyphens `flatten` straightens (of those the texts may hold once
    #: folded), with their straight forms.
    straight: tuple[tuple[str, str], ...]
    #: Whether every text is NFKC once dropped and folded: each other character the book may hold
    #: (in lower case) is NFKC and no mark that NFKC may compose or reorder (`prefilter._is_mark`).
    normal: bool
    #: Whether the texts may hold whitespace other than spaces once folded.
    spaced: bool


def _caseless(text: str) -> bool:
    return text.lower() == text == text.upper()


def _reading_of(chars: frozenset[str] | None) -> _Reading:
    if not chars:
        return _Reading((), (), (), True, False)
    from .prefilter import _is_mark

    dropped = tuple(sorted(ch for ch in chars if INVISIBLE.search(ch) is not None))
    folded = tuple(sorted((ch, nfkc) for ch in chars if ch not in dropped and _caseless(ch)
                          and (nfkc := unicodedata.normalize("NFKC", ch)) != ch and _caseless(nfkc)))
    held = {low for ch in chars for low in ch.lower()} - set(dropped) - {ch for ch, _ in folded} - set("\n\r\t")
    held.update(c for _, nfkc in folded for c in nfkc)
    normal = all(unicodedata.normalize("NFKC", ch) == ch and not _is_mark(ch) for ch in held)
    straight = tuple((ch, to) for ch, to in _STRAIGHT if ch in held)
    return _Reading(dropped, folded, straight, normal, any(ch.isspace() and ch != " " for ch in held))


#: The whitespace an ASCII text may hold besides spaces, once newlines, returns and tabs are read as
#: spaces (`_Book`).
_ASCII_SPACES = "\x0b\x0c\x1c\x1d\x1e\x1f"


def _raw_flats(book: _Book, wanted: Iterable[int]) -> dict[int, str | None]:
    """Texts of a book, lower case, as `flatten(prepare(text))` reads them, or None where reading
    one so needs `prepare` (the odd texts, with invisible characters or odd spaces in a phrase, are
    read apart).

    The texts are read together, joined by newlines (which the book's lower-case text holds none
    of): the invisible characters they hold dropped and the forms without case that NFKC folds
    ("…", as Standard Ebooks set an ellipsis) folded, one `str.replace` each for all of them. What
    is left must be NFKC, and then it is what NFKC makes of the text (the one normal form of what
    the text is equivalent to, and each fold is an equivalent); a text that is not needs `prepare`
    (a ligature, a full-width letter, a letter and a mark NFKC composes). A newline is NFKC and
    never composes, so the texts joined are NFKC exactly when each one is; where the book holds no
    character that can make one not NFKC (`_Reading.normal`), none is checked.
    """
    keys = list(wanted)
    if not keys:
        return {}
    low, starts = book.low, book.starts
    joined = "\n".join([low[starts[n]:book.end(n)] for n in keys])
    ascii = joined.isascii()
    reading = _reading_of(None) if ascii else book.reading()
    for ch in reading.dropped:
        if ch in joined:
            joined = joined.replace(ch, "")
    for ch, nfkc in reading.folded:
        if ch in joined:
            joined = joined.replace(ch, nfkc)
    unread: set[int] = set()
    if not ascii and not reading.normal and not unicodedata.is_normalized("NFKC", joined):
        unread = {k for k, text in enumerate(joined.split("\n")) if not unicodedata.is_normalized("NFKC", text)}
    if not ascii and "\u0130" in (book.chars or ()) and "\u0307" in joined:  # "İ" lowered (see `_search`)
        unread |= {k for k, text in enumerate(joined.split("\n")) if "\u0307" in text}
    for ch, straight in reading.straight:
        if ch in joined:
            joined = joined.replace(ch, straight)
    runs = reading.spaced or "  " in joined or (ascii and any(ch in joined for ch in _ASCII_SPACES))
    return {n: None if k in unread else " ".join(text.split()) if runs else text.strip()
            for k, (n, text) in enumerate(zip(keys, joined.split("\n"), strict=True))}


def _prepared_holding(text: str, words: Iterable[str]) -> set[str]:
    low = prepare(text).lower()
    return {w for w in words if w in low}


def _at_edges(book: _Book, texts: Sequence[str], odd: set[int], starts: tuple[str, ...],
              ends: tuple[str, ...]) -> set[int]:
    """The texts that start with one of `starts` or end with one of `ends`, as `prepare` reads
    them: a comparison at each text's ends, no search of the book. A text that is odd (`_odd`) or
    whose first or last character `prepare` would drop (a space, an invisible character) is
    prepared first; other forms NFKC folds are not read (see `_HIDERS`).

    Each text's first and last characters are joined into two strings (in C), in which the first
    letters of `starts`, the last of `ends`, and the spaces and invisible characters the book holds
    are looked for (`str.find`): Python work only for the texts whose ends hold one (a loop over
    every text of *War and Peace*, 11,800 of them, cost four times as much).
    """
    low = book.low
    heads = book.starts
    if not heads:
        return set()
    stops = list(map(sub, heads[1:], repeat(1)))
    stops.append(len(low))
    if 0 in map(sub, stops, heads):  # an empty text (rare): each text in turn
        return _at_edges_each(book, texts, odd, starts, ends)
    out: set[int] = set()
    firsts = "".join(itemgetter(*heads)(low))
    lasts = "".join(itemgetter(*map(sub, stops, repeat(1)))(low))
    for ch, words in _by_letter(starts, 0).items():
        out.update(n for n in _places(firsts, ch) if low.startswith(words, heads[n], stops[n]))
    for ch, words in _by_letter(ends, -1).items():
        out.update(n for n in _places(lasts, ch) if low.endswith(words, heads[n], stops[n]))
    # The characters `prepare` drops at a text's ends: spaces (a book holds newlines, returns and
    # tabs as spaces) and the invisible characters and odd spaces.
    dropped = [" ", *(_ASCII_SPACES if book.chars is None else
                      (ch for ch in book.chars if ch.isspace() or ch in _HIDERS))]
    unread = set(odd)
    for ch in dropped:
        unread.update(_places(firsts, ch))
        unread.update(_places(lasts, ch))
    for n in unread - out:
        text = prepare(texts[n]).lower()
        if text.startswith(starts) or text.endswith(ends):
            out.add(n)
    return out


def _by_letter(words: tuple[str, ...], at: int) -> dict[str, tuple[str, ...]]:
    """`words` by their first (`at` 0) or last (-1) character."""
    out: dict[str, tuple[str, ...]] = {}
    for word in words:
        out[word[at]] = (*out.get(word[at], ()), word)
    return out


def _places(text: str, ch: str) -> list[int]:
    """Where `ch` stands in `text` (a search for each)."""
    out: list[int] = []
    at = text.find(ch)
    while at >= 0:
        out.append(at)
        at = text.find(ch, at + 1)
    return out


def _at_edges_each(book: _Book, texts: Sequence[str], odd: set[int], starts: tuple[str, ...],
                   ends: tuple[str, ...]) -> set[int]:
    """`_at_edges`, text by text."""
    low = book.low
    firsts = frozenset(w[0] for w in starts)
    lasts = frozenset(w[-1] for w in ends)
    out: set[int] = set()
    stops = [*(at - 1 for at in book.starts[1:]), len(low)]
    for n, (s, e) in enumerate(zip(book.starts, stops, strict=True)):
        if s == e:
            continue
        first, last = low[s], low[e - 1]
        if (first in firsts and low.startswith(starts, s, e)) or (last in lasts and low.endswith(ends, s, e)):
            out.add(n)
            continue
        if n in odd or first.isspace() or last.isspace() or first in _HIDERS or last in _HIDERS:
            text = prepare(texts[n]).lower()
            if text.startswith(starts) or text.endswith(ends):
                out.add(n)
    return out


def find_residue(manuscript: Manuscript, searched: Sources | None = None) -> tuple[Residue, ...]:
    """Every piece of chatbot residue in a manuscript, visible text first, in reading order
    (`searched`: its `sources`, when the caller has them)."""
    texts, sections, owners, book, _ = searched if searched is not None else sources(manuscript)
    if not texts:
        return ()
    languages = _languages_of(manuscript)
    marks = [anchors(language) for language in languages]
    words = [word for mark in marks for listed in mark.kinds.values() for word in listed]
    holding = _holding(book, words)
    odd = _odd(book)
    for n in sorted(odd):
        for word in _prepared_holding(texts[n], words):
            holding[word].add(n)
    # Text → the (language, kind) pairs whose words it holds: only those patterns are tried on it.
    looked: dict[int, list[tuple[str, str]]] = {}
    for mark in marks:
        for kind, listed in mark.kinds.items():
            for n in set().union(*(holding[word] for word in listed)):
                looked.setdefault(n, []).append((mark.language, kind))
        for kind in dict.fromkeys([*mark.starts, *mark.ends]):
            for n in _at_edges(book, texts, odd, mark.starts.get(kind, ()), mark.ends.get(kind, ())):
                if (mark.language, kind) not in looked.setdefault(n, []):
                    looked[n].append((mark.language, kind))
    if not looked:
        return ()
    datas = {language: load_residue(language) for language in languages}
    # Most texts holding an anchor word are no residue ("I have", "here is"): the fast superset of
    # their kinds' patterns, tried on the text as it is, spares preparing them.
    # (each kind's quick test tried on all its texts at once: `Quick.passing`)
    raws = {n: raw for n, raw in _raw_flats(book, [n for n in looked if n not in odd]).items() if raw is not None}
    tried: dict[tuple[str, str], list[int]] = {}
    for n in raws:
        for pair in looked[n]:
            if pair[1] in datas[pair[0]].quick:
                tried.setdefault(pair, []).append(n)
    passing = {pair: {ns[k] for k in datas[pair[0]].quick[pair[1]].passing([raws[n] for n in ns])}
               for pair, ns in tried.items()}
    for n in raws:
        looked[n] = [pair for pair in looked[n] if pair not in passing or n in passing[pair]]
    found: dict[int, list[_Hit]] = {}
    prepared: dict[int, str] = {}
    flat: dict[int, str] = {}

    def text_of(n: int) -> str:
        if n not in prepared:
            prepared[n] = prepare(texts[n])
        return prepared[n]

    def flat_of(n: int) -> str:
        if n not in flat:
            flat[n] = flatten(text_of(n))
        return flat[n]

    def search(n: int, kind: str, pattern: rx.LazyPattern, data: ResidueData, quick: str) -> list[_Hit]:
        return _search(text_of(n), flat_of(n), before_of(n), kind, pattern, data.quick.get(quick), data)

    def before_of(n: int) -> str | None:
        if n == 0 or sections[n - 1] != sections[n] or sections[n] < 0:
            return None
        if n - 1 in found:
            return None  # residue introducing residue ("ChatGPT said:") is no quotation
        return text_of(n - 1)

    for n in sorted(looked):
        hits = [h for language, kind in looked[n] if kind in datas[language].patterns
                for h in search(n, kind, datas[language].patterns[kind], datas[language], kind)]
        if hits:
            found[n] = hits
    # A closer alone is no residue; in or next to residue of another kind, it is.
    for n in sorted(looked):
        if any(m in found and sections[m] == sections[n] for m in (n - 1, n, n + 1)):
            for language, kind in looked[n]:
                data = datas[language]
                if kind == "weak" and data.weak is not None:
                    weak = search(n, "reply", data.weak, data, "weak")
                    if weak:  # (a paragraph holding none is not next to residue for the next one)
                        found.setdefault(n, []).extend(weak)
    out: list[Residue] = []
    for n in sorted(found):
        if not found[n]:
            continue
        p = _piece(owners[n], sections[n])
        hits = sorted(found[n], key=lambda h: h[1])
        out.append(Residue(_quotation(text_of(n), hits), hits[0][0], p.location, p.visible, p.easy_to_miss,
                           p.where, p.hidden_reason))
    return tuple(out)

