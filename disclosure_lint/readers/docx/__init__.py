"""DOCX reader: a Word document (.docx, .docm, .dotx, .dotm) as a reader of the book meets it.

The package is opened with the shared guards in `safety` and its parts are parsed with lxml,
not through python-docx: python-docx refuses the .docm/.dotx content types, leaves out tracked
insertions, fields, content controls and text boxes, and builds a proxy object per run, which
is too slow for a novel. Only the parts the analysis needs are inflated: the package and main
part relationships, the main part, styles, settings, comments, footnotes, endnotes, the headers
and footers that sections reference, and the core properties. Images, media, macros
(vbaProject.bin) and embedded objects are never read.

Each design choice is made so that the rules see the book as a reader sees it. **Visibility**
is resolved as Word's Print Layout renders it, through direct run formatting, then the
character style chain, the paragraph style chain, the table style, and ``w:docDefaults``.
``w:vanish``, ``w:specVanish`` and ``w:webHidden`` hide text (HIDDEN_FORMATTING); a colour
whose contrast with the background (run highlight or shading, else paragraph shading, else table
cell shading, else the page colour ``w:background``, white by default) is under 1.25:1 is
INVISIBLE_COLOUR; type under 4 pt, or squeezed by ``w:w`` narrower than that, is TINY_TEXT. ``w:webHidden`` text shows in Print Layout but
not in Web Layout, "Save as Web Page" or an e-book made from Word's web output: a disclosure
there is not one "no reader could possibly miss", so it counts as hidden (Word also marks
table-of-contents page numbers so; losing those loses nothing).

One concern a file, each importing only those above it in this list:

- `package`: the OPC package: parts inflated on demand, relationships, the main part, the core
  properties (metadata, placeholders left out).
- `headings`: where sections open (heading styles, outline levels, the fake headings of
  standard manuscript format) and what each is, through the shared classifier.
- `body`: the text in reading order, paragraph numbers, footnotes and endnotes after their
  reference, comments at their paragraph, headers and footers at the start of their section.
- This module: `read`, the parts in the order they are needed.

Formatting (styles, visibility) and the paragraph walk are in the sibling `wordml`, which the
DOCX writer uses too (it never imports this reader).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ...errors import InputError
from ...model import HiddenText, Location, Manuscript, Marker, Metadata
from ..language import docx_language
from ..markers import take_from_tree
from ..safety import DEFAULT_LIMITS, Limits, open_zip, sniff
from ..text import spaces_among
from ..wordml import THEME_COLOURS, ParagraphReader, Styles, W, hex_colour
from .body import Body
from .headings import finish_sections
from .package import Package, core_properties

if TYPE_CHECKING:
    import zipfile

    from lxml import etree


def read(path: Path, *, limits: Limits = DEFAULT_LIMITS, display: str | None = None,
         full_reading: bool = False, package: zipfile.ZipFile | None = None) -> Manuscript:
    """Read a Word document into the shared manuscript model (`display`: the name locations give
    it, when not its path: standard input's; `package`: the file's zip, open already
    (`readers.read_manuscript`), which is closed when read).

    `full_reading` is the readers' shared switch for their shortcuts (`readers.read_manuscript`):
    it reads every paragraph run by run, where a paragraph of plain runs is otherwise read in one
    go (`wordml.ParagraphReader`); both give the same book."""
    display = display or str(path)
    if package is None and sniff(path) != "zip":
        from .. import detect_format

        detect_format(path, limits)  # raises the precise line for OLE, PDF, text named .docx, ...
        raise InputError(f"{display}: not a Word document (DOCX is a zip package); export it again")
    with open_zip(path, limits) if package is None else package as zf:
        try:
            return _read(Package(zf, display, limits), full_reading)
        except RecursionError as exc:  # libxml2 caps depth at 256, so only a hostile file gets here
            raise InputError(f"{display}: refused: elements nested too deeply to read") from exc


def _read(pkg: Package, full_reading: bool = False) -> Manuscript:
    display = pkg.display
    if not pkg.has("[Content_Types].xml"):
        raise InputError(f"{display}: a zip without [Content_Types].xml, so not a Word "
                         "document; save it again from Word as .docx")
    package_rels = pkg.rels("")
    main, root = pkg.main_part(package_rels)
    markers: list[Marker] = []
    if main.lower() in pkg.c2pa:  # a C2PA text manifest: invisible, reported, never read as text
        markers = take_from_tree(root, lambda _: Location(f"{display}: {main}"))
    rels = pkg.rels(main)
    by_kind: dict[str, list[str]] = {}
    for rel in rels.values():
        if rel.target:
            by_kind.setdefault(rel.kind, []).append(rel.target)

    def first(kind: str) -> etree._Element | None:
        targets = by_kind.get(kind)
        return pkg.xml(targets[0]) if targets else None

    styles = Styles(first("styles"))
    settings = first("settings")
    even_odd = settings is not None and settings.find(W + "evenAndOddHeaders") is not None
    page = "FFFFFF"
    bg = root.find(W + "background")
    if bg is not None:
        # w:background names its colour in w:color, not w:val (§17.2.1).
        theme = (bg.get(W + "themeColor") or "").lower()
        page = THEME_COLOURS.get(theme) or hex_colour(bg.get(W + "color")) or "FFFFFF"
        if page == "auto":
            page = "FFFFFF"
    # The body's paragraphs are collapsed looking only for the whitespace its bytes hold.
    spaces = None if pkg.main_chars is None or full_reading else spaces_among(pkg.main_chars)
    reader = ParagraphReader(styles, page, shortcut=not full_reading, spaces=spaces)

    hidden: list[HiddenText] = []
    metadata, authors = core_properties(pkg, package_rels, hidden)
    text = Body(pkg, reader, hidden, authors)
    comments = text.comments(first("comments"))
    notes = {
        "footnote": text.notes(first("footnotes"), "footnote", "a footnote"),
        "endnote": text.notes(first("endnotes"), "endnote", "an endnote"),
    }
    body = root.find(W + "body")
    anchors = text.walk(body, comments, notes) if body is not None else []
    text.headers_footers(anchors, rels, even_odd)
    text.unanchored_comments(comments)

    sections, title_page = finish_sections(text.sections)
    language, source = docx_language(metadata.language, (b.languages for b in text.sections),
                                     styles.run_base(styles.default_para, None, None).lang)
    meta = Metadata(title=metadata.title if metadata.title is not None else title_page,
                    authors=tuple(authors), language=language,
                    description=metadata.description, location=metadata.location,
                    language_source=source, identifiers=metadata.identifiers, ai_use=metadata.ai_use)
    return Manuscript(path=display, format="docx", metadata=meta, sections=sections,
                      hidden=tuple(hidden), markers=tuple(markers))
