"""One classifier of sections for every reader: what each section of a book is and where it stands.

A reader knows a section by its heading and, in an EPUB, by what the markup states about it
(``epub:type``, the nav landmarks or the EPUB 2 guide) and its label in the table of contents.
It hands that `Evidence` over, in reading order, and `classify_sections` weighs it, so that the
same book gets the same sections whether it arrives as Markdown, DOCX or EPUB:

- **Specific statements are trusted.** ``epub:type="foreword"``, a ``copyright-page`` landmark or
  ``frontmatter``/``backmatter`` say what a section is, and win over its heading.
- **Blanket statements are evidence, not the last word.** Converters write ``bodymatter`` or
  ``chapter`` on every file they make (pandoc's EPUB 3 puts ``<body epub:type="bodymatter">`` on
  every section after the title page, the Foreword too); a ``bodymatter`` landmark marks where the
  body starts, and everything after it until something says otherwise. Such a statement makes a
  section story only when its heading does not name front or back matter: a "Foreword" before the
  first chapter is front matter, "A Note on the Use of AI" after the last one is back matter,
  whatever the blanket says; "Chapter One", or a heading the vocabulary does not know ("The
  Storm"), is story.
- **The words**: the heading, else the table-of-contents label, named through `vocabulary`; a
  page with neither and no statement (a picture book's pages) by its own words (`page_words`:
  a copyright notice, the title with "by NAME", words naming AI use before the story's first
  page; data in each language's `[pages]`).
- **Order**: front matter is what stands before the story opens (the first prologue, part or
  chapter, or the first section marked as body matter that names nothing else); back matter
  follows the last story section and is of a back kind (afterword, acknowledgments ...) or of a
  kind that may stand on either side (author's note, note on AI, "other"). A heading that names
  front matter after the story has begun (a mid-book "Interlude" or "Introduction") is story.

`heading_line` is the other half of the shared judgment: when a paragraph that is not marked as a
heading is one, from its words and its look (bold, centred, capitals, larger type). The DOCX
reader asks it about direct formatting (standard manuscript format), the EPUB reader about CSS
(calibre's ``<p class="block_3">``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from .. import patterns as rx
from ..model import Kind, Role
from .byline import BY_LINE, MAX_NAME_WORDS, by_line_names
from .vocabulary import (
    DEFAULT_ROLE,
    FLEXIBLE_KINDS,
    STORY_KINDS,
    classify_heading,
    opens_with_other_chapter_word,
)

if not TYPE_CHECKING:
    from ..records import NamedTuple  # typing.NamedTuple, cheaper to define (see records)


class Evidence(NamedTuple):
    """What a reader knows about one section, for `classify_sections` to weigh."""

    #: The kind its heading names ("Foreword" → FOREWORD); OTHER without a heading, or for words
    #: the vocabulary does not know ("The Storm"). (Where a trusted `stated` kind says what the
    #: section is, the words do not count, and a reader need not read them.)
    heading: Kind = Kind.OTHER
    #: The kind its label in the table of contents names (EPUB nav or NCX); OTHER without one.
    label: Kind = Kind.OTHER
    #: The kind the markup states (``epub:type``, a landmark, a guide reference), or None.
    #: CHAPTER is a blanket statement (converters write it on every section); the others are trusted.
    stated: Kind | None = None
    #: The role the markup states (``frontmatter``/``backmatter``/``bodymatter``), or None.
    #: BODY is a blanket statement; FRONT and BACK are trusted.
    stated_role: Role | None = None
    #: A landmark says the body matter starts here (EPUB 3 ``bodymatter``): the sections after it
    #: are body matter too, until one states otherwise or names back matter.
    body_starts: bool = False
    #: The kind a page's own words name (`page_words`), for a page with no heading, no statement
    #: and no label: COPYRIGHT, TITLE_PAGE (only the first such page counts) or AI_NOTE (only
    #: before the story's first page); OTHER otherwise.
    words: Kind = Kind.OTHER


#: Kinds after which, once every strongly marked chapter is over, a section that only a blanket
#: statement calls story is not story any more (what follows an afterword is back matter).
_END_STORY = frozenset(k for k, role in DEFAULT_ROLE.items() if role is Role.BACK) | {Kind.AI_NOTE}


def classify_sections(evidence: Sequence[Evidence]) -> list[tuple[Kind, Role]]:
    """Each section's kind and role (front, body, back), weighing all the evidence in reading order."""
    n = len(evidence)
    kinds: list[Kind] = []
    titled = False
    for ev in evidence:
        named = ev.heading if ev.heading is not Kind.OTHER else ev.label
        if ev.stated is not None and ev.stated is not Kind.CHAPTER:
            kinds.append(ev.stated)
        elif named is not Kind.OTHER:
            kinds.append(named)
        elif ev.stated is None and ev.words is Kind.COPYRIGHT:
            kinds.append(Kind.COPYRIGHT)
        elif ev.stated is None and ev.words is Kind.TITLE_PAGE and not titled:
            titled = True
            kinds.append(Kind.TITLE_PAGE)
        else:
            kinds.append(Kind.OTHER if ev.stated is None else ev.stated)
    if any(ev.words is Kind.AI_NOTE for ev in evidence):
        _ai_pages(evidence, kinds)
    # Body matter said in blanket terms: the section's own statement, or a landmark's before it.
    blanket = [False] * n
    in_body = False
    for i, ev in enumerate(evidence):
        if ev.stated_role is Role.BODY or ev.body_starts:
            in_body = ev.body_starts or in_body
            blanket[i] = True
        elif ev.stated_role is None and in_body and DEFAULT_ROLE[kinds[i]] is not Role.BACK:
            blanket[i] = True
        else:
            in_body = False
        if ev.stated is Kind.CHAPTER:
            blanket[i] = True
    # Story: a story kind by its words or a trusted statement, or blanket body matter whose words
    # name nothing else (weakly: it does not carry the story past an afterword).
    strong = [k in STORY_KINDS for k in kinds]
    weak = [blanket[i] and not strong[i] and DEFAULT_ROLE[kinds[i]] is Role.BODY for i in range(n)]
    last_strong = max((i for i in range(n) if strong[i]), default=None)
    if last_strong is not None:
        ended = False
        for i in range(last_strong + 1, n):
            if weak[i]:
                weak[i] = not ended
            elif kinds[i] in _END_STORY:
                ended = True
    story = [i for i in range(n) if strong[i] or weak[i]]
    first_story = story[0] if story else None
    last_story = story[-1] if story else None
    out: list[tuple[Kind, Role]] = []
    for i, (ev, kind) in enumerate(zip(evidence, kinds, strict=True)):
        role: Role
        if ev.stated_role is not None and ev.stated_role is not Role.BODY:
            role = ev.stated_role
        elif first_story is None:
            # No story structure at all: a section of a front kind is front matter, a back kind
            # is back matter; anything else ("other") is the text itself.
            role = DEFAULT_ROLE[kind]
        elif i < first_story:
            role = Role.FRONT
        elif strong[i] or weak[i]:
            role = Role.BODY
        elif _is_back(kind, after_story=last_story is not None and i > last_story):
            role = Role.BACK
        else:
            role = Role.BODY
        if role is Role.BODY and ev.stated is Kind.CHAPTER:
            kind = Kind.CHAPTER  # where its place agrees, the markup's word stands
        out.append((kind, role))
    return out


def _ai_pages(evidence: Sequence[Evidence], kinds: list[Kind]) -> None:
    """Pages whose words name AI use before the story's first page are notes on AI: the first page
    of a story kind, or, in a book of pages that name nothing (a picture book), the first such page."""
    opens = next((i for i, (ev, kind) in enumerate(zip(evidence, kinds, strict=True))
                  if kind in STORY_KINDS or ev.stated_role is Role.BODY or ev.body_starts
                  or (kind is Kind.OTHER and ev.words is not Kind.AI_NOTE)), len(kinds))
    for i in range(opens):
        if evidence[i].words is Kind.AI_NOTE and kinds[i] is Kind.OTHER:
            kinds[i] = Kind.AI_NOTE


def _is_back(kind: Kind, *, after_story: bool) -> bool:
    """After the last chapter, back kinds and flexible kinds are back matter; an afterword or
    acknowledgments stays back matter even between chapters (an appendix does not)."""
    if after_story:
        return DEFAULT_ROLE[kind] is Role.BACK or kind in FLEXIBLE_KINDS
    return DEFAULT_ROLE[kind] is Role.BACK and kind is not Kind.APPENDIX


# --- pages known by their words ---------------------------------------------------------------


class _PageWords:
    """The `[pages]` phrases of every language as two patterns each: phrases in capitals (acronyms)
    as written, the others in any case, all as whole words."""

    __slots__ = ("ai", "copyright")

    def __init__(self) -> None:
        import re

        from .language import tables

        words = tables().page_words

        def pattern(key: str) -> re.Pattern[str] | None:
            phrases = words.get(key, [])
            acronyms = [re.escape(p) for p in phrases if p.isupper()]
            others = [re.escape(p) for p in phrases if not p.isupper()]
            parts = ([f"(?:{'|'.join(acronyms)})"] if acronyms else []) + (
                [f"(?i:{'|'.join(others)})"] if others else [])
            return re.compile(rf"(?<!\w)(?:{'|'.join(parts)})(?!\w)") if parts else None

        self.copyright = pattern("copyright")
        self.ai = pattern("ai")


_PAGE_WORDS: list[_PageWords] = []


def page_words(text: str, title: str | None) -> Kind:
    """The kind of page its own words name, for a page with no heading, no statement and no
    label (`Evidence.words`): a copyright notice ("Copyright", "©", "All rights reserved" and
    their like in each language's `[pages]`) makes the copyright page; the book's title with a
    "by NAME" line the title page; words naming AI use (`[pages] ai`) a note on AI. OTHER else."""
    if not _PAGE_WORDS:
        _PAGE_WORDS.append(_PageWords())
    words = _PAGE_WORDS[0]
    if words.copyright is not None and words.copyright.search(text):
        return Kind.COPYRIGHT
    if title and _title_and_byline(text, title):
        return Kind.TITLE_PAGE
    if words.ai is not None and words.ai.search(text):
        return Kind.AI_NOTE
    return Kind.OTHER


def _title_and_byline(text: str, title: str) -> bool:
    """The title, and after it "by NAME" (`byline.by_line_names`)."""
    line, wanted = " ".join(text.split()), " ".join(title.split()).lower()
    at = line.lower().find(wanted)
    if not wanted or at < 0:
        return False
    words = line[at + len(wanted):].split()
    for i, word in enumerate(words):
        # "by" and a name of one to six words; what follows (an illustrator, a publisher) aside.
        if word.lower() == "by" and any(by_line_names(" ".join(words[i:i + 1 + n]))
                                        for n in range(MAX_NAME_WORDS, 0, -1)):
            return True
    return False


# --- headings made by formatting --------------------------------------------------------------

#: A line made a heading by its look has at most this many words and characters.
HEADING_LINE_WORDS = 8
HEADING_LINE_CHARS = 80

# Patterns that few documents need are compiled on first use (through `re`'s cache), not at import.
_CHAPTER_WORD = r"(?i:chapter|ch\.|chap\.|part|book|volume)\b"
_SENTENCE_END = ".!?,;:\u2026\"\u201d\u2019')"
_OPENING_QUOTES = "\"'\u201c\u2018\u00ab\u2014-"


def heading_candidate(text: str) -> bool:
    """Whether a paragraph's words alone leave it free to be a heading made by formatting: short,
    not dialogue, not a "by NAME" line (the cheap half of `heading_line`, asked before its look)."""
    if len(text) > HEADING_LINE_CHARS:
        return False  # most paragraphs: no need to split them into words
    words = text.split()
    return not (not words or len(words) > HEADING_LINE_WORDS or text[0] in _OPENING_QUOTES
                or not any(ch.isalnum() for ch in text) or BY_LINE.fullmatch(text))


def heading_line(text: str, *, bold: bool, centred: bool, caps: bool, larger: bool = False,
                 after_break: bool, after_heading: bool) -> Kind | None:
    """The kind of section a paragraph opens when its words and look make it a heading, else None.

    For a heading made by formatting, not marked as one: standard manuscript format in Word
    (everything in Normal, headings bold and centred by hand), Google Docs' hand-made headings, a
    converter's CSS classes. Conservative: a short line ("FOREWORD", "Chapter One", "ONE") that
    the vocabulary names, with some heading look (bold, centred, capitals, larger type) or on a
    new page, or a two-word line it names; or a short unnamed line that is emphasised (bold,
    capitals or larger) and centred or on a new page ("THE STORM"). A line of dialogue, a
    sentence, a "by NAME" line or a subtitle under a heading is not.
    """
    if not heading_candidate(text):
        return None
    words = text.split()
    kind = classify_heading(text)
    looks = bold or centred or caps or larger
    ends = text[-1] in _SENTENCE_END
    if kind is not Kind.OTHER:
        # "IV." and "Prologue:" are headings; "Second page." and "One more." are sentences.
        if ends and not (len(words) == 1 and text[-1] in ".:" and (looks or after_break)):
            return None
        if (kind is Kind.CHAPTER and len(words) > 1 and not looks
                and not rx.match(_CHAPTER_WORD, text) and not opens_with_other_chapter_word(text)):
            return None  # a bare number and more words ("Second Page") needs a heading look
        if looks or after_break or len(words) <= 2 or kind is Kind.AI_NOTE:
            return kind
        return None
    letters = sum(ch.isalpha() for ch in text)
    if ends or after_heading or letters < 3 or letters < len(text.replace(" ", "")) / 2:
        return None
    if (bold or caps or larger) and (centred or after_break):
        return kind
    return None
