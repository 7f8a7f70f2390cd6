"""The title page's "by NAME" line, one definition for every reader and for `attribution-missing`.

"by Jordan Vale", "A Novel by Jordan Vale", "written by Mira Okafor & Sam Reed" name authors;
"by moonlight and lamplight" names none. A name is one to six words, each capitalised
("Jordan", "O'Neill", "J.") except short particles inside it ("Ludwig van Beethoven",
"Maria de la Cruz"); several names are joined by commas, "&" or "and". Anything else after "by"
is prose, and the line names nobody: a wrongly found author would hide a missing attribution.
A placeholder a template leaves ("by Your Name", "by Author Name"; see `placeholders`) makes a
by-line all the same, but names no author.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .. import patterns as rx
from ..model import Kind, Role, Section
from .placeholders import real_names

#: What may stand before "by" on a title page (case does not matter).
LEADS = ("written", "a novel", "a story", "a book", "story", "a memoir", "stories", "poems")
#: A line that starts like a by-line, whatever follows (used to keep it from being a heading).
BY_LINE = rx.LazyPattern(r"\s*(?:(?:" + "|".join(LEADS).replace(" ", r"\s+") + r")\s+)?by\s+(?P<names>.+?)\s*",
                         re.IGNORECASE)
_SEPARATOR = r"\s*(?:,|&|\band\b)\s*"
_PARTICLE = rx.LazyPattern(r"[a-z]{1,3}")
_NAME_CHARS = rx.LazyPattern(r"[^\W\d_][\w.'\u2019-]*")
#: Words at most this many in one name.
MAX_NAME_WORDS = 6
#: Blocks of a book's first section, not known to be front matter, searched for a by-line.
FIRST_BLOCKS = 5


def by_line_names(text: str) -> list[str]:
    """The names a "by NAME" line gives as written, placeholders too, or [] when `text` is not one
    (for telling a title page; `by_line_authors` for its authors)."""
    m = BY_LINE.fullmatch(text)
    if m is None:
        return []
    names = rx.split(_SEPARATOR, m.group("names").strip(" *_").rstrip(".").strip(" *_"))
    out = []
    for name in names:
        words = name.split()
        if not words or len(words) > MAX_NAME_WORDS:
            return []
        for i, word in enumerate(words):
            if not _NAME_CHARS.fullmatch(word):
                return []
            if not word[0].isupper() and (i in (0, len(words) - 1) or not _PARTICLE.fullmatch(word)):
                return []
        out.append(" ".join(words))
    return out


def by_line_authors(text: str) -> list[str]:
    """The authors a "by NAME" line names (not placeholders), or [] when `text` is not one."""
    names = by_line_names(text)
    return list(real_names(names)) if names else []


def title_page_authors(sections: Iterable[Section]) -> tuple[str, ...]:
    """Authors a by-line names on the title page: a section of that kind, or the first section
    when it has no kind, before the story starts. A book whose structure was not recognised (one
    untyped section, read as story) still opens with its title page: a by-line among the first
    `FIRST_BLOCKS` blocks of its first section counts, as in DOCX."""
    for index, section in enumerate(sections):
        untyped_first = index == 0 and section.kind is Kind.OTHER
        if section.role is not Role.FRONT and not untyped_first:
            break
        if section.kind is Kind.TITLE_PAGE or untyped_first:
            blocks = section.blocks if section.role is Role.FRONT else section.blocks[:FIRST_BLOCKS]
            for block in blocks:
                names = [] if block.is_heading else by_line_authors(block.text)
                if names:
                    return tuple(names)
    return ()
