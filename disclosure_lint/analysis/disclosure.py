"""Book-level analysis: the disclosure statements of a manuscript and what they say together.

Sentences are read in their section's context: front and back matter are a writer speaking
about the book; chapters are the story, where only an explicit "this book/chapter" sentence
counts and dialogue never does. Long books are cheap: a chapter block is split into sentences
only when a fast prefilter finds an AI word in it.

Each section is read in its language (the section's own, or the book's), with that language's
lexicon; a language without one is read with the English lexicon, and `Statements.unsupported`
names it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from operator import attrgetter
from typing import TYPE_CHECKING, NamedTuple

from ..model import Block, HiddenReason, HiddenText, Kind, Location, Manuscript, Role, Section, Visibility
from .lexicon import Lexicon
from .mentions import Mention, find_mentions
from .normalize import normalise, sentences
from .prefilter import gate_words, references_in
from .residue import Residue, Sources, find_residue, sources
from .scope import non_text_only
from .statements import (
    Reading,
    claims_something,
    may_disclose_in_story,
    may_share_nothing,
    only_limit,
    read_sentence,
)

if not TYPE_CHECKING:
    from ..records import NamedTuple  # typing.NamedTuple, cheaper to define (see records)

#: Roles in which the AI made text itself (not checked, suggested for or assisted a writer's text).
_MAKING_TEXT = frozenset({"generate", "draft", "write", "translate"})
#: Sections whose text is not the writer speaking about the book (quotations, lists of titles).
_NOT_A_NOTE = frozenset({Kind.CONTENTS, Kind.EPIGRAPH})


class Statement(NamedTuple):
    """One sentence of the manuscript the analysis has read, with where it stands."""

    text: str
    location: Location
    reading: Reading
    #: Index of the section in `Manuscript.sections`; None for hidden text.
    section: int | None
    role: Role | None
    kind: Kind | None
    #: False for text a reader never sees (comments, hidden runs, metadata).
    visible: bool
    #: Visible but easy to miss (page header/footer, footnote, non-linear EPUB item).
    easy_to_miss: bool = False
    #: For hidden or easy-to-miss text: the place, in a writer's words.
    where: str | None = None
    hidden_reason: HiddenReason | None = None
    #: The language of the lexicon it was read with ("en", "fr", "de").
    language: str = "en"

    @property
    def before_story(self) -> bool:
        """Is it where the policy wants it: visible front matter (foreword, copyright page ...)?"""
        return self.visible and not self.easy_to_miss and self.role is Role.FRONT


class Statements(NamedTuple):
    """What the analysis found, for the rules to judge."""

    #: Visible sentences that disclose AI took part in making the book, in reading order.
    disclosures: tuple[Statement, ...]
    #: Disclosing sentences a reader cannot see (comments, hidden text, metadata only).
    hidden: tuple[Statement, ...]
    #: Every sentence read in the sections that hold a visible disclosure (roles, responsibility).
    context: tuple[Statement, ...]
    #: Responsibility statements in front matter, back matter or disclosure sections.
    responsibility: tuple[Statement, ...]
    #: Visible claims that a human wrote everything / no AI was used.
    wholly_human: tuple[Statement, ...]
    #: Visible sentences that deny AI use (for `insert` to refuse a contradiction).
    denials: tuple[Statement, ...]
    #: Sentences in which an AI system, not a person, is said to take responsibility.
    ai_responsibility: tuple[Statement, ...] = ()
    #: Visible sentences about AI that made only what is not the text (cover, audiobook voice ...).
    non_text: tuple[Statement, ...] = ()
    #: Language tags of the book or its sections that no lexicon reads: those were read with the
    #: English one (for a finding that says so).
    unsupported: tuple[str, ...] = ()
    #: Chatbot residue (issue 20): a chatbot's replies, prompts and interface text left in the book,
    #: visible or not. Never read as a disclosure.
    residue: tuple[Residue, ...] = ()

    @property
    def well_placed(self) -> tuple[Statement, ...]:
        return tuple(s for s in self.disclosures if s.before_story)

    @property
    def primary(self) -> tuple[Statement, ...]:
        """The disclosures the rules judge: the well-placed ones, or all when none is."""
        return self.well_placed or self.disclosures

    def sentences_of(self, group: Iterable[Statement]) -> tuple[Statement, ...]:
        """Every context sentence in the sections holding the given disclosures."""
        sections = {s.section for s in group}
        return tuple(s for s in self.context if s.section in sections)

    def ai_roles(self) -> frozenset[str]:
        out: set[str] = set()
        for s in self.sentences_of(self.primary):
            out |= s.reading.ai_roles
        return frozenset(out)

    def human_roles(self) -> frozenset[str]:
        out: set[str] = set()
        for s in self.sentences_of(self.primary):
            out |= s.reading.human_roles
        return frozenset(out)

    def wholly_ai(self) -> bool:
        """Does the disclosure present the text as entirely the AI's, with no human role?

        Either it says so ("written entirely by AI", "machine-generated") or it gives the AI the
        writing (generated, wrote) with no share ("in part", "5%") and no human role at all.
        """
        if any(s.reading.wholly_ai for s in self.primary):
            return True
        group = self.sentences_of(self.primary)
        if not self.disclosures or self.human_roles():
            return False
        if any(s.reading.partial or s.reading.proportion for s in group):
            return False
        return bool(self.ai_roles() & {"generate", "write"})

    def systems(self) -> tuple[str, ...]:
        out: dict[str, None] = {}
        for s in self.sentences_of(self.primary):
            for name in s.reading.systems:
                out[name] = None
        return tuple(out)


def analyse(manuscript: Manuscript, lex: Lexicon) -> Statements:
    """Read every section of a manuscript and collect its disclosure statements.

    `lex` is the lexicon (with config's extra phrases) of the default language: each section is
    read with the lexicon of its own language, or the book's (`Lexicon.for_language`).
    """
    book = manuscript.metadata.language
    # (each language asked once: a tag is parsed with a regular expression, and a novel has hundreds
    # of sections)
    by_tag = {tag: lex.for_language(tag) for tag in {section.language or book for section in manuscript.sections}}
    lexicons = [by_tag[section.language or book] for section in manuscript.sections]
    # The book's texts joined and lowered once, for residue and the gates; the gates' words found
    # by the residue scan's one search of the book for its anchor words, when it makes one.
    searched = sources(manuscript, lambda: _gates_words(manuscript, lexicons))
    residue = find_residue(manuscript, searched)
    # Residue is never a disclosure ("As an AI language model, I ..."): its sentences are not read.
    left_out: dict[tuple[str, int | None, int | None, int | None], list[str]] = {}
    for r in residue:
        left_out.setdefault(_place(r.location), []).append(r.plain)
    leads, easy_sections = _story_leads(manuscript, lexicons, searched)
    by_section: dict[int, list[Statement]] = {}
    for index, section in enumerate(manuscript.sections):
        if section.kind in _NOT_A_NOTE:
            continue
        lex = lexicons[index]
        in_story = section.role is Role.BODY
        if in_story and not _may_disclose(index in easy_sections, leads.get(index, ()), lex):
            # A chapter adds to the result only through a disclosure of its own (its other
            # statements count as context of that disclosure and nowhere else): skip the reading.
            continue
        hits = lex.candidates([b.text for b in section.blocks])
        flagged_blocks = {id(section.blocks[n]) for n in hits}
        # Front or back matter whose AI words name no AI ("digital scans", "both", "generation":
        # the prefilter's triggers are pieces of words) cannot disclose, and is no disclosure's
        # context: it is read as a section without them is, for its claims.
        names_ai = bool(hits) and (in_story or _names_ai(section, hits, lex))
        found: list[Statement] = []
        # A passage runs through a front- or back-matter section: "it" and "the model" in one
        # paragraph refer to the AI named in an earlier one. In a chapter, a passage is a paragraph.
        referent: Mention | None = None
        for block in section.blocks:
            easy = block.visibility is Visibility.EASY_TO_MISS
            if in_story and not easy and id(block) not in flagged_blocks:
                continue
            read, last = _read_block(block, index, section, lex, in_story=in_story and not easy,
                                     ai_context=bool(hits), claims_only=not in_story and not names_ai,
                                     shares=bool(hits) and not names_ai,
                                     referent=None if in_story else referent,
                                     left_out=left_out.get(_place(block.location), ()) if residue else ())
            found.extend(read)
            referent = last or referent
        if found:
            by_section[index] = _settle_denials(found, lex)
    statements = [s for group in by_section.values() for s in group]
    disclosures = tuple(s for s in statements if s.reading.discloses)
    sections_with = {s.section for s in disclosures}
    context = tuple(s for s in statements if s.section in sections_with)
    responsibility = tuple(
        s for s in statements
        if s.reading.responsibility and (s.role is not Role.BODY or s.section in sections_with)
    )
    wholly_human = tuple(s for s in statements if s.reading.wholly_human and s.role is not Role.BODY)
    denials = tuple(s for s in statements if s.reading.denial and s.role is not Role.BODY)
    ai_responsibility = tuple(s for s in statements if s.reading.ai_responsibility
                              and (s.role is not Role.BODY or s.section in sections_with))
    non_text = tuple(s for s in statements if s.reading.non_text and s.role is not Role.BODY)
    hidden = tuple(s for s in _read_hidden(manuscript.hidden, lex.for_language(book))
                   if not _residue(s.text, left_out.get(_place(s.location), ())))
    tags = [book, *(section.language for section in manuscript.sections)]
    unsupported = tuple(dict.fromkeys(t for t in tags if t and lex.language_of(t) is None))
    return Statements(disclosures, hidden, context, responsibility, wholly_human, denials, ai_responsibility,
                      non_text, unsupported, residue)


def _place(location: Location) -> tuple[str, int | None, int | None, int | None]:
    return (location.path, location.line, location.column, location.block)


def _residue(sentence: str, left_out: Iterable[str]) -> bool:
    """Is the sentence (part of) a piece of chatbot residue?"""
    return any(r in sentence or sentence in r for r in left_out)


def _gates_words(manuscript: Manuscript, lexicons: list[Lexicon]) -> list[str]:
    """The words of the chapter gates of the story's languages (`prefilter.gate_words`)."""
    out: dict[str, None] = {}
    for lex in {id(lex): lex for section, lex in zip(manuscript.sections, lexicons, strict=True)
                if section.role is Role.BODY and section.kind not in _NOT_A_NOTE}.values():
        out.update(dict.fromkeys(gate_words(lex.explicit_gate) or ()))
    return list(out)


def _story_leads(manuscript: Manuscript, lexicons: list[Lexicon],
                 searched: Sources) -> tuple[dict[int, list[Block]], set[int]]:
    """Story blocks that could hold a disclosure (an explicit reference and an AI word), by the
    index of their section, in order; and the story sections holding an easy-to-miss block.

    Two literal searches over the whole story (of each language), the rarer gate first, so that a
    novel's paragraphs are each looked at in Python only when they pass both. The references are
    searched in the book's text as the residue scan joined and lowered it (`searched`).
    """
    by_language: dict[str, tuple[Lexicon, list[Block], list[int], list[int], list[str]]] = {}
    easy: set[int] = set()
    # (an enum's member looked up once: `Visibility.EASY_TO_MISS` is a descriptor call in Python
    # 3.11, some 0.2 µs, and *War and Peace*'s story has 11,800 blocks)
    easy_to_miss, body = Visibility.EASY_TO_MISS, Role.BODY
    apart: set[str] = set()  # languages with a block not among the texts searched for residue
    for index, (section, lex) in enumerate(zip(manuscript.sections, lexicons, strict=True)):
        if section.role is body and section.kind not in _NOT_A_NOTE:
            _, blocks, sections, wanted, texts = by_language.setdefault(lex.language, (lex, [], [], [], []))
            kept: Sequence[Block] = section.blocks
            if easy_to_miss in map(_visibility, kept):
                kept = [b for b in section.blocks if b.visibility is not easy_to_miss]
            # Where each block's text is among those searched (`Sources.firsts`: a section's
            # blocks follow its first one there), or -1.
            first = searched.firsts.get(index)
            if first is None:
                wanted += [-1] * len(kept)
                apart.add(lex.language)
            elif len(kept) == len(section.blocks):
                wanted += range(first, first + len(kept))
                # (the blocks' texts as the residue scan took them, in their order: a slice, not
                # an attribute read for each of a novel's 11,800 blocks)
                texts += searched.texts[first:first + len(kept)]
                blocks += kept
                sections += [index] * len(kept)
                continue
            else:
                wanted += [first + k for k, b in enumerate(section.blocks) if b.visibility is not easy_to_miss]
            if len(kept) != len(section.blocks):
                easy.add(index)
            blocks += kept
            sections += [index] * len(kept)
            texts += map(_text, kept)
    out: dict[int, list[Block]] = {}
    for lex, blocks, sections, wanted, texts in by_language.values():
        if lex.language in apart:  # not among the texts searched for residue (none is): searched apart
            referring = sorted(lex.references(texts))
        else:
            words = gate_words(lex.explicit_gate)
            referring = sorted(references_in(searched.book.low, searched.book.index, wanted, texts,
                                             lex.explicit_gate, searched.book.chars,
                                             starts=searched.book.starts,
                                             places=None if words is None else searched.book.places_of(words)))
        hits = lex.candidates([texts[n] for n in referring])
        for n in sorted(hits):
            out.setdefault(sections[referring[n]], []).append(blocks[referring[n]])
    return out, easy


_visibility = attrgetter("visibility")
_text = attrgetter("text")


def _may_disclose(easy: bool, leads: Iterable[Block], lex: Lexicon) -> bool:
    """Could a story section hold a disclosure? Exactly when `_read_block` could find one there.

    Easy-to-miss blocks (running headers, footnotes: `easy`, the section holds one) are read as
    writer's notes, so they always could; a story block only through a sentence with an AI trigger
    and an explicit reference to the work (`may_disclose_in_story`), so only the section's blocks
    among the `leads` (`_story_leads`) are looked at, not each of its blocks again.
    """
    if easy:
        return True
    for block in leads:
        # The cheap test first; the prefilter only for the (rare) sentences that pass it.
        found = [s for _, s in sentences(normalise(block.text), lex) if may_disclose_in_story(s, lex)]
        if found and lex.candidates(found):
            return True
    return False


def _names_ai(section: Section, hits: Iterable[int], lex: Lexicon) -> bool:
    """Does a sentence of a front- or back-matter section name an AI, as `_read_block` reads it
    (with AI context, no AI named before it)? Only the blocks the prefilter let through (`hits`)
    and their sentences that pass it again can: the others hold no AI word.

    A section none of whose sentences does holds no mention at all (a reference back, "it", "the
    model", needs one named first), so it can neither disclose nor be a disclosure's context:
    only its claims (responsibility, wholly human, a denial) can count, which `claims_only` reads.
    """
    for n in sorted(hits):
        found = [s for _, s in sentences(normalise(section.blocks[n].text), lex)]
        if any(find_mentions(found[k], lex, ai_context=True) for k in sorted(lex.candidates(found))):
            return True
    return False


def _read_block(block: Block, index: int, section: Section, lex: Lexicon, *, in_story: bool,
                ai_context: bool, claims_only: bool = False, shares: bool = False,
                referent: Mention | None = None, left_out: Iterable[str] = (),
                ) -> tuple[list[Statement], Mention | None]:
    """Read a block's sentences closely; return them and the AI the block named last.

    `referent` is the AI the passage named before this block ("it", "the model" refer to it).

    `claims_only`: the block stands in front or back matter with no AI word in its whole section,
    so it cannot disclose and is no disclosure's context; only its responsibility and
    wholly-human sentences can matter, and only sentences holding a claims trigger are read.
    `shares`: the section holds AI words that name no AI (`_names_ai`); a share of nothing ("Text:
    none", a denial without an AI word) is read too, as the full reading of such a section reads it.

    `left_out`: the block's chatbot residue (`residue.Residue.plain`), whose sentences are not read.
    """
    text = normalise(block.text)
    claims = lex.claims_triggers if claims_only else None
    # Only a sentence holding a claims trigger is read, and a sentence is a piece of the text: a
    # block holding none (most of a novel's endnotes) is not cut into sentences. (Lowering a piece
    # is lowering the whole but for a final sigma, which no trigger holds: a test checks it.)
    if claims is not None and not shares and not _holds_any(text, claims):
        return [], referent
    out: list[Statement] = []
    easy = block.visibility is Visibility.EASY_TO_MISS
    found = sentences(text, lex)
    # One prefilter pass over the block's sentences gives the same answer as one per sentence.
    triggered = lex.candidates([s for _, s in found]) if in_story else set()
    after_use = False
    previous: str | None = None  # the sentence read before this one
    for n, (_, sentence) in enumerate(found):
        if in_story and n not in triggered:
            continue
        if left_out and _residue(sentence, left_out):
            continue
        if claims is not None:
            low = sentence.lower()
            # (a share of nothing searched only where its strings are: `zero_share` is tried at
            # every character)
            if not any(word in low for word in claims) and not (
                    shares and may_share_nothing(sentence, lex) and lex.zero_share.search(sentence)):
                continue
            if not claims_something(sentence, lex):
                continue  # (it names no AI: only a claim of its own can count)
        # Whether the sentence before spoke only of what is not the text matters only to one that
        # opens with "it" ("It was made with AI.": `read_sentence`), so only there is it asked.
        after_non_text = previous is not None and not in_story and lex.it.match(sentence) is not None \
            and non_text_only(previous, lex)
        reading = read_sentence(sentence, lex, in_story=in_story, writers_note=not in_story,
                                ai_context=ai_context, referent=referent, after_use=after_use,
                                after_non_text=after_non_text)
        if reading.mentions and not reading.excluded:
            referent = reading.mentions[-1]
        after_use = reading.ai_used or (after_use and not reading.mentions and reading.ai_roles != frozenset())
        previous = sentence
        if not _interesting(reading):
            continue
        out.append(Statement(sentence, block.location, reading, index, section.role, section.kind,
                             True, easy, block.where if easy else None, language=lex.language))
    return out, referent


def _holds_any(text: str, words: Iterable[str]) -> bool:
    """Does the lower-case form of `text` hold one of `words`?"""
    low = text.lower()
    return any(word in low for word in words)


def _interesting(reading: Reading) -> bool:
    return bool(reading.mentions or reading.responsibility or reading.human_roles
                or reading.wholly_human or reading.denial or reading.ai_responsibility)


def _settle_denials(found: list[Statement], lex: Lexicon) -> list[Statement]:
    """In a passage that denies AI wrote the book, limited uses are not a disclosure.

    "I do not use AI to draft my story. AI tools are used only for research." says no AI wrote
    the text: the research use does not make it a disclosure, nor does a use the passage limits
    to checking what the writer wrote ("What I use AI for (assistive only): proofing ..."). A passage that denies one use and
    admits generation ("No AI wrote the story, but ChatGPT drafted the chapter titles") still
    discloses.
    """
    if not any(s.reading.denial or s.reading.wholly_human for s in found):
        return found
    out: list[Statement] = []
    for s in found:
        r = s.reading
        limited = only_limit(s.text, lex) and not (r.ai_roles & _MAKING_TEXT)
        if r.discloses and not r.co_written and (limited or not (r.ai_roles & lex.ai_writing_roles)):
            r = _replace_reading(r, discloses=False)
            s = s._replace(reading=r)
        out.append(s)
    return out


def _replace_reading(r: Reading, *, discloses: bool) -> Reading:
    return r._replace(discloses=discloses)


def _read_hidden(hidden: Iterable[HiddenText], lex: Lexicon) -> Iterable[Statement]:
    pieces = list(hidden)
    for n in sorted(lex.candidates([p.text for p in pieces])):
        piece = pieces[n]
        text = normalise(piece.text)
        for _, sentence in sentences(text, lex):
            reading = read_sentence(sentence, lex, writers_note=True, ai_context=True)
            if reading.discloses:
                yield Statement(sentence, piece.location, reading, None, None, None, False, False,
                                piece.where, piece.reason, lex.language)
