"""Chatbot residue (issue 20): a chatbot's side of a conversation left in a book.

Published novels have shipped with a reply still in a chapter ("Certainly! Here's an enhanced
version of your passage ...", "I've rewritten the passage to align more with J. Bree's style").
This finds such text where a reader meets it (every section's blocks, headers and footnotes
included) and in the text a reader does not see (comments, hidden text, metadata), from data:
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

On a novel: one literal search over the whole text for each word of the [prefilter] lists (the
rarest words each kind of residue needs) picks the few paragraphs matched against that kind's
patterns, compiled only then. A word with punctuation ("[", "said:", "here's") is looked for by
that character first, a `memchr` (some 0.01 ms), and only in the texts holding it when they are
few. The words of letters are the cost (about 0.4 ms each on a 150,000-word novel, 17 words: about
7 ms of the scan's 11); a literal search for several words at once would bring it down (`re`'s
alternation is slower than the searches it replaces).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from .. import cache
from .. import patterns as rx
from ..model import HiddenReason, Kind, Location, Manuscript, Visibility
from .normalize import _QUOTES, INVISIBLE
from .prefilter import Joined

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
_SPACE = re.compile(r"\s+")
#: Where a sentence ends (closing quotes and brackets go with it): before a capital, not after an
#: initial ("J. Bree").
_SENTENCE_END = re.compile(r"(?<!\b[A-Z])[.!?][\"'\u201d\u2019)\]]*\s+(?=[\"'\u201c\u2018(\[]?[A-Z0-9])")
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
    #: Kind (and "weak") → lower-case literals: a paragraph holding none of a kind's is not matched
    #: against the kind's patterns.
    prefilter: dict[str, tuple[str, ...]]
    #: Kind → one pattern for all of the kind's patterns (case-insensitive).
    patterns: dict[str, rx.LazyPattern]
    #: Closers that count only next to residue of another kind.
    weak: rx.LazyPattern | None
    #: Words of a sentence that introduces a quotation ("replied", "wrote").
    introduces: rx.LazyPattern | None
    examples: dict[str, tuple[str, ...]]


def languages() -> tuple[str, ...]:
    """The languages with a residue file."""
    return tuple(sorted(p.stem for p in DATA.glob("*.toml")))


def _raw(language: str) -> dict[str, Any]:
    """A residue file, parsed (kept beside the bytecode while the file is unchanged, as the lexicon is)."""
    text = (DATA / f"{language}.toml").read_text("utf-8")
    header = ("disclosure-lint residue 1", language, text)
    key = f"residue-{language}"
    data = cache.load(key, header)
    if isinstance(data, dict):
        return data
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


@lru_cache(maxsize=8)
def load_residue(language: str = ALWAYS) -> ResidueData:
    """A language's residue data, compiled (`residue/<language>.toml`)."""
    data = _raw(language)
    words: dict[str, list[str]] = {k: list(v) for k, v in data.get("words", {}).items()}
    prefilter: dict[str, tuple[str, ...]] = {}
    for kind, listed in data["prefilter"].items():
        found: dict[str, None] = {}
        for word in listed:
            found[word.lower()] = None
            found[word.lower().replace("'", "\u2019")] = None  # "here’s" as well as "here's"
        prefilter[kind] = tuple(found)
    compiled: dict[str, rx.LazyPattern] = {}
    for kind in KINDS:
        one = _one(data["patterns"].get(kind, ()), words)
        if one is not None:
            compiled[kind] = one
    intro = words.get("introduces", [])
    return ResidueData(
        language, prefilter, compiled, _one(data["patterns"].get("weak", ()), words),
        rx.LazyPattern(r"\b(?:" + "|".join(intro) + r")\b", re.IGNORECASE) if intro else None,
        {k: tuple(v) for k, v in data.get("examples", {}).items()},
    )


def _languages_of(manuscript: Manuscript) -> list[str]:
    known = set(languages())
    out = {ALWAYS: None}
    for tag in (manuscript.metadata.language, *(s.language for s in manuscript.sections)):
        if tag:
            base = re.split(r"[-_\s]", tag.strip().lower(), maxsplit=1)[0]
            if base in known:
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


def _pieces(manuscript: Manuscript) -> list[_Piece]:
    out: list[_Piece] = []
    for index, section in enumerate(manuscript.sections):
        if section.kind in _QUOTING:
            continue
        for block in section.blocks:
            easy = block.visibility is Visibility.EASY_TO_MISS
            out.append(_Piece(block.text, block.location, index, True, easy, block.where if easy else None, None))
    for hidden in manuscript.hidden:
        if hidden.reason not in _GONE:
            out.append(_Piece(hidden.text, hidden.location, -1, False, False, hidden.where, hidden.reason))
    return out


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


def _search(text: str, before: str | None, patterns: Iterable[tuple[str, rx.LazyPattern]],
            data: ResidueData) -> list[_Hit]:
    """The residue `patterns` find in one prepared text, outside quotations."""
    flat = text.translate(_QUOTES)
    spans: list[tuple[int, int]] | None = None
    out: list[_Hit] = []
    for kind, pattern in patterns:
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


#: A text with at most this many texts holding a word's punctuation is searched for the word only in them.
_FEW = 64


def _texts_with(joined: Joined, ch: str) -> list[int] | None:
    """The texts holding the character `ch`, if they are few (None: more than `_FEW`). A search for
    one character is a `memchr`, some 40 times faster than a search for a word."""
    low, starts = joined.lower, joined.starts
    out: list[int] = []
    at = low.find(ch)
    while at >= 0:
        if len(out) == _FEW:
            return None
        n = joined.index(at)
        out.append(n)
        at = low.find(ch, starts[n + 1]) if n + 1 < len(starts) else -1
    return out


def _holding(joined: Joined, words: Iterable[str]) -> dict[str, set[int]]:
    """Word → the texts whose lower-case form contains it: one literal search a word over the whole
    book (about 0.4 ms on a novel), except for a word with a character other than a letter, digit or
    space ("said:", "[", "here’s"): that character is looked for first, and a word whose character
    no text holds (or only a few) is looked for in those texts alone."""
    low, starts = joined.lower, joined.starts
    where: dict[str, list[int] | None] = {}
    out: dict[str, set[int]] = {}
    for word in dict.fromkeys(words):
        few: list[int] | None = None
        for ch in dict.fromkeys(c for c in word if not c.isalnum() and not c.isspace()):
            if ch not in where:
                where[ch] = _texts_with(joined, ch)
            if where[ch] is not None and (few is None or len(where[ch]) < len(few)):  # type: ignore[arg-type]
                few = where[ch]
        if few is None:
            out[word] = joined.containing([word])
        else:
            out[word] = {n for n in few if word in low[starts[n]:starts[n + 1] if n + 1 < len(starts) else len(low)]}
    return out


def find_residue(manuscript: Manuscript) -> tuple[Residue, ...]:
    """Every piece of chatbot residue in a manuscript, visible text first, in reading order."""
    pieces = _pieces(manuscript)
    if not pieces:
        return ()
    datas = [load_residue(language) for language in _languages_of(manuscript)]
    texts = [p.text for p in pieces]
    joined = Joined(texts)
    # Piece → (data, kind) pairs whose words it holds.
    looked: dict[int, list[tuple[ResidueData, str]]] = {}
    # One literal search a word, though several kinds need it.
    holding = _holding(joined, [word for data in datas for words in data.prefilter.values() for word in words])
    for data in datas:
        for kind, words in data.prefilter.items():
            for n in set().union(*(holding[word] for word in words)):
                looked.setdefault(n, []).append((data, kind))
    if not looked:
        return ()
    found: dict[int, list[_Hit]] = {}
    prepared: dict[int, str] = {}

    def text_of(n: int) -> str:
        if n not in prepared:
            prepared[n] = prepare(texts[n])
        return prepared[n]

    def before_of(n: int) -> str | None:
        if n == 0 or pieces[n - 1].section != pieces[n].section or pieces[n].section < 0:
            return None
        if n - 1 in found:
            return None  # residue introducing residue ("ChatGPT said:") is no quotation
        return text_of(n - 1)

    for n in sorted(looked):
        hits = [h for data, kind in looked[n] if kind in data.patterns
                for h in _search(text_of(n), before_of(n), [(kind, data.patterns[kind])], data)]
        if hits:
            found[n] = hits
    # A closer alone is no residue; in or next to residue of another kind, it is.
    for n in sorted(looked):
        if any(m in found and pieces[m].section == pieces[n].section for m in (n - 1, n, n + 1)):
            for data, kind in looked[n]:
                if kind == "weak" and data.weak is not None:
                    found.setdefault(n, []).extend(_search(text_of(n), before_of(n), [("reply", data.weak)], data))
    out: list[Residue] = []
    for n in sorted(found):
        if not found[n]:
            continue
        p = pieces[n]
        hits = sorted(found[n], key=lambda h: h[1])
        out.append(Residue(_quotation(text_of(n), hits), hits[0][0], p.location, p.visible, p.easy_to_miss,
                           p.where, p.hidden_reason))
    return tuple(out)
