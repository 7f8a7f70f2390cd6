"""The manuscript model that every reader produces and every rule consumes.

A reader turns one file, or a book made of many files, into a `Manuscript`: metadata, then
ordered `Section`s, each holding the `Block`s of text a reader *sees*. Text that a reader does
not see (comments, hidden formatting, metadata) is kept apart as `HiddenText`, tagged with why
it is unseen, so that rules can say "your disclosure is hidden" instead of "missing".
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, NamedTuple

if not TYPE_CHECKING:
    from .records import NamedTuple  # typing.NamedTuple, cheaper to define (see records)


class Role(str, enum.Enum):
    """Where a section stands in the book: before the story, the story, after it."""

    FRONT = "front"
    BODY = "body"
    BACK = "back"


class Kind(str, enum.Enum):
    """What a section is, in the vocabulary of book design."""

    TITLE_PAGE = "title page"
    COPYRIGHT = "copyright"
    DEDICATION = "dedication"
    EPIGRAPH = "epigraph"
    CONTENTS = "contents"
    FOREWORD = "foreword"
    INTRODUCTION = "introduction"
    PREFACE = "preface"
    AUTHORS_NOTE = "author's note"
    AI_NOTE = "note on AI"
    PROLOGUE = "prologue"
    CHAPTER = "chapter"
    PART = "part"
    EPILOGUE = "epilogue"
    AFTERWORD = "afterword"
    ACKNOWLEDGMENTS = "acknowledgments"
    ABOUT_AUTHOR = "about the author"
    COLOPHON = "colophon"
    APPENDIX = "appendix"
    OTHER = "other"


class Visibility(str, enum.Enum):
    """How easily a reader meets a block of text."""

    VISIBLE = "visible"
    #: Seen only by a reader who goes looking: running headers and footers, footnotes,
    #: EPUB spine items marked linear="no". Visible, but not "impossible to miss".
    EASY_TO_MISS = "easy-to-miss"


class HiddenReason(str, enum.Enum):
    """Why a reader never sees a piece of text."""

    COMMENT = "comment"
    HIDDEN_FORMATTING = "hidden formatting"
    TINY_TEXT = "text too small to read"
    INVISIBLE_COLOUR = "text coloured like the page"
    DELETED_REVISION = "deleted revision"
    CSS_HIDDEN = "hidden by CSS"
    HIDDEN_ATTRIBUTE = "hidden attribute"
    METADATA = "metadata only"
    #: Shown in another order than it is written (a run under a right-to-left override: "TPGtahC"
    #: on the page, "ChatGPT" in the file); see `readers.bidi`.
    BIDI_REORDERED = "shown reversed by bidirectional control characters"
    #: In a file of the book that no reading order shows (an EPUB document the spine does not
    #: list, or one the manifest does not): read for chatbot residue only (`Manuscript.unlisted`).
    OUTSIDE_READING_ORDER = "outside the reading order"


class Location(NamedTuple):
    """Where a piece of text is, precise enough for a writer to find it.

    `path` is what the user sees (for an EPUB member: ``book.epub!/OEBPS/text/foreword.xhtml``).
    """

    #: Display path of the file (or archive member) holding the text.
    path: str
    #: 1-based line where the format has lines (Markdown, XHTML), else None (DOCX).
    line: int | None = None
    #: 1-based column on that line, or None.
    column: int | None = None
    #: Heading of the section holding the text, or None before any heading / for metadata.
    section: str | None = None
    #: 1-based index of the block (paragraph) — within the file for formats without lines.
    block: int | None = None


class Block(NamedTuple):
    """A paragraph-like run of text that a reader sees, in reading order."""

    #: The text as a reader sees it, whitespace-collapsed but not otherwise normalised.
    text: str
    #: Where it starts.
    location: Location
    #: Visible, or visible but easy to miss (header, footnote, non-linear item).
    visibility: Visibility = Visibility.VISIBLE
    #: For EASY_TO_MISS blocks: where it is, in a writer's words ("a page header", ...).
    where: str | None = None
    #: True for a heading line (the section heading itself).
    is_heading: bool = False


class HiddenText(NamedTuple):
    """Text present in the file that a reader of the book never sees."""

    text: str
    location: Location
    reason: HiddenReason
    #: A writer's words for the place: "a Word comment", "an HTML comment", "dc:description".
    where: str


class Section(NamedTuple):
    """A run of the book under one heading (or before any heading)."""

    #: Front matter, story, or back matter.
    role: Role
    #: Title page, foreword, chapter, ...
    kind: Kind
    #: The heading text as written, or None for text before any heading.
    heading: str | None
    #: Visible blocks in reading order; the heading itself is the first block when there is one.
    blocks: tuple[Block, ...]
    #: Where the section starts.
    location: Location
    #: The section's own language tag ("fr", "de-CH"), when it differs from the book's; None:
    #: the book's (`Metadata.language`). The analysis reads the section in this language.
    language: str | None = None


class Metadata(NamedTuple):
    """What the file says about the book outside its text."""

    title: str | None = None
    #: Author names as given (placeholders written by tools are already left out).
    authors: tuple[str, ...] = ()
    #: The book's language tag as written ("fr-FR"), or detected ("fr"); None: undecided (read as
    #: English). Readers give what the file declares; `readers.language.settle` decides.
    language: str | None = None
    description: str | None = None
    #: Where the metadata lives (front matter, core properties, OPF).
    location: Location | None = None
    #: Where `language` came from: "forced" (--lang, config `lang`), "metadata", "markup"
    #: (xml:lang, w:lang), "detected" (from the words), or None.
    language_source: str | None = None
    #: The machine-readable AI-use statement the file carries, if any (see `AiUseMetadata`).
    ai_use: AiUseMetadata | None = None
    #: The edition's identifiers the metadata gives, normalised (`isbn:9780306406157`; see
    #: `readers.identifiers`): EPUB `dc:identifier`, DOCX `dc:identifier` and custom properties,
    #: front-matter `isbn` and `identifier`.
    identifiers: tuple[str, ...] = ()


class AiUseMetadata(NamedTuple):
    """What a file's metadata says about AI use: the machine-readable mirror of the `[ai-use]`
    declaration (issue 16), which `metadata-mismatch` compares with the declaration.

    Readers fill it from what the file carries: EPUB OPF `<meta property="...">` (schema.org
    `digitalSourceType` under a declared prefix; EPUB has no property of its own yet, W3C
    epub-specs issue 2833), DOCX custom properties (`docProps/custom.xml`), Markdown front-matter
    keys (`provenance` names them all). `insert` writes it when a declaration is configured.
    """

    #: The IPTC digital source type, as written (`trainedAlgorithmicMedia`,
    #: `compositeWithTrainedAlgorithmicMedia`, or its full URI under
    #: http://cv.iptc.org/newscodes/digitalsourcetype/); None when not said.
    digital_source_type: str | None = None
    #: The AI systems named, as written.
    tools: tuple[str, ...] = ()
    #: A Human Authored registration number, when the file carries one.
    human_authored: str | None = None
    #: Where the statement is (the OPF, custom.xml, the front matter).
    location: Location | None = None


class Marker(NamedTuple):
    """A rights or provenance marker the file already carries, which the readers report and the
    writers keep byte for byte (issue 16, item 6; see `readers.markers`)."""

    #: "tdm-reservation", "tdm-policy" (TDMRep, in an EPUB's package) or "c2pa-manifest" (a C2PA
    #: text manifest: the invisible variation-selector block).
    kind: str
    #: As written: "1" or "0" for a reservation, the policy's URL; for C2PA "version N".
    value: str | None
    location: Location
    #: For C2PA: the length in bytes of the manifest store it carries.
    manifest_bytes: int | None = None
    #: For C2PA: the length in bytes (UTF-8) of the whole invisible block in the file.
    encoded_bytes: int | None = None


class Manuscript(NamedTuple):
    """One book as a reader meets it."""

    #: The path the user named (file or directory).
    path: str
    #: "markdown", "docx" or "epub".
    format: str
    metadata: Metadata
    sections: tuple[Section, ...]
    #: Text in the file that no reader sees, with the reason.
    hidden: tuple[HiddenText, ...] = ()
    #: Problems the reader met but could go on from (a missing spine item, bad UTF-8 ...).
    warnings: tuple[Diagnostic, ...] = ()
    #: Inline directives (Markdown disable comments) and similar reader-level switches.
    directives: tuple[Directive, ...] = ()
    #: The files a multi-file book was read from, in reading order (empty: the one file `path`).
    files: tuple[str, ...] = ()
    #: Rights and provenance markers found in the file (TDMRep, C2PA), in reading order.
    markers: tuple[Marker, ...] = ()
    #: Pages that show pictures and no text (an EPUB page that is only an image), in reading order.
    picture_pages: tuple[PicturePage, ...] = ()
    #: Text in documents the file carries outside its reading order (an EPUB's XHTML that the spine,
    #: or the manifest, does not list): no reader is shown it and no rule but `chatbot-residue`
    #: reads it (a draft or a chatbot's reply left in the package still ships with the book).
    unlisted: tuple[HiddenText, ...] = ()
    #: The distinct characters other than printable ASCII of its sections' text as read (or more:
    #: a Markdown file's own, where no markup can set others), found once by the reading
    #: (`markdown.Decoded`, `readers.bidi`) for the analysis' whole-book searches; None where not
    #: known (or the text is ASCII). A step that changes the text may only take characters away.
    chars: frozenset[str] | None = None


class PicturePage(NamedTuple):
    """A page that shows only pictures: a picture book's copyright page set as an image. Its words
    cannot be read; the alt text of its pictures is read in its place, as its section's text."""

    location: Location
    #: What the page is (by its landmark, table of contents label or alt text), and where it stands.
    kind: Kind
    role: Role
    #: The alt text of its pictures ("" when they have none).
    alt: str = ""


class Diagnostic(NamedTuple):
    """A reader's warning about the input that did not stop it."""

    message: str
    location: Location


class Directive(NamedTuple):
    """An inline `disclosure-lint-disable` style comment found by a reader."""

    #: "disable", "enable" or "disable-next-line".
    action: str
    #: Rule slugs named (empty: all rules).
    slugs: tuple[str, ...]
    location: Location


class Severity(str, enum.Enum):
    """How much a finding matters; `error` fails the check (exit 1)."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Finding(NamedTuple):
    """One thing a rule has to say about a manuscript."""

    rule: str
    code: str
    severity: Severity
    message: str
    location: Location


class Skipped(NamedTuple):
    """A file the user named that is not checked, and why (a README, a short note, a chapter that
    no configured book lists)."""

    path: str
    message: str
    #: INFO for a project file or a note; WARNING for a chapter the book's config does not list.
    severity: Severity
