"""Where a Word document's sections open, and what each one is.

Sections open at headings: a paragraph style whose ``basedOn`` chain reaches a built-in heading or
Title (by id or name), or an outline level 0–8; and, conservatively, at the "fake headings" of
standard manuscript format (see `is_fake_heading`; the rule is `sections.heading_line`, which the
EPUB reader applies to CSS). The Title-style paragraph and a "by NAME" line make the first
section a title page; "by NAME" also gives an author. Kinds and roles come from the shared
classifier (`sections.classify_sections`), as for Markdown and EPUB.
"""

from __future__ import annotations

from ...model import Block, Kind, Location, Section
from ..language import majority
from ..sections import HEADING_LINE_CHARS, Evidence, classify_sections, heading_line
from ..wordml import Para


def is_fake_heading(para: Para, after_break: bool, after_heading: bool) -> Kind | None:
    """A heading typed as a formatted Normal paragraph, as standard manuscript format does: the
    shared rule (`sections.heading_line`) on its words and direct formatting. A numbered
    paragraph (a list item), or one in a table or a text box, is never one.
    """
    text = para.visible
    if len(text) > HEADING_LINE_CHARS or para.numbered or not para.ctx.top_level:
        return None  # most paragraphs: too long to be a heading
    return heading_line(text, bold=para.bold, centred=bool(para.centred), caps=para.caps,
                        after_break=after_break, after_heading=after_heading)


class SectionBuilder:
    __slots__ = ("blocks", "heading", "kind", "languages", "location", "title_page")

    def __init__(self, heading: str | None, kind: Kind, location: Location,
                 title_page: bool = False) -> None:
        self.heading = heading
        self.kind = kind
        self.location = location
        self.blocks: list[Block] = []
        self.title_page = title_page
        #: Characters of its text by w:lang (the run's, through the styles), for its language.
        self.languages: dict[str | None, int] = {}


def finish_sections(sections: list[SectionBuilder]) -> tuple[tuple[Section, ...], str | None]:
    """The sections the body walk opened, each with its kind and role (an empty first one left
    out), and the title page's heading, the book's title when the core properties give none."""
    builders = [b for i, b in enumerate(sections) if b.blocks or i > 0]
    if builders and builders[0].heading is None and builders[0].title_page:
        builders[0].kind = Kind.TITLE_PAGE
    for b in builders[:2]:
        if b.title_page and b.kind is Kind.OTHER:
            b.kind = Kind.TITLE_PAGE
    classified = classify_sections([Evidence(heading=b.kind) for b in builders])
    finished = tuple(
        Section(role=role, kind=kind, heading=b.heading, blocks=tuple(b.blocks), location=b.location,
                language=majority(b.languages))
        for b, (kind, role) in zip(builders, classified, strict=True)
    )
    title = next((b.heading for b in builders if b.title_page and b.heading), None)
    return finished, title
