"""A front-matter page is only an image: a disclosure on it cannot be read or checked.

What it checks: a page before the story that shows a picture and no text, when it is the
copyright page (its ``epub:type``, its landmark, its table of contents label or its alt text
says so), or, in a book with no copyright page in text, when nothing names such a page before
the story's text (it may be the copyright page). A title page set as a picture, and a book with
no text at all, are not asked about.
Picture books often set their copyright page, where the disclosure usually stands, as one image.
The cover is not asked about. Where the picture has alt text, the check reads that text in the
page's place; a reader who sees the page reads the picture, which may say something else. An
`info` note, once per book.

Why: the policy asks that the role of AI be disclosed "in a way that no reader could possibly
miss". Words in a picture are not text: search, screen readers, text-to-speech and larger type
do not reach them, and no tool can tell whether the page discloses anything.

Failing example (the note): a fixed-layout picture book whose ``copyright.xhtml`` holds only

    <body><img src="../images/copyright.png" alt=""/></body>

Passing example: the copyright page's words as text in the page, placed over the picture if the
design needs it (or `disclosure-lint insert`, which adds a page of text):

    <body><img src="../images/copyright.png" alt=""/>
      <p style="position: absolute; left: 40px; top: 600px">Copyright © 2024 Jane Doe. All rights
      reserved. The author generated this text in part with GPT-4 ...</p></body>
"""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.disclosure import Statements
from ..config import Config
from ..model import Finding, Kind, Manuscript, PicturePage, Role, Severity
from .base import finding

SLUG = "text-in-image"
CODE = "DL102"
SEVERITY = Severity.INFO
POLICY = "The role of AI in formulating the content is clearly disclosed in a way that no reader could possibly miss."


def check(manuscript: Manuscript, statements: Statements, config: Config) -> Iterator[Finding]:
    front = [p for p in manuscript.picture_pages if p.role is Role.FRONT]
    if not front:
        return
    page = next((p for p in front if p.kind is Kind.COPYRIGHT), None)
    if page is not None:
        yield finding(SLUG, CODE, SEVERITY, _message("the copyright page is an image", page), page.location)
        return
    pictured = {p.location.path for p in front}
    if any(s.kind is Kind.COPYRIGHT and s.location.path not in pictured for s in manuscript.sections):
        return
    if not any(s.role is Role.BODY for s in manuscript.sections):
        return  # no story in text: a book of pictures, not a front matter of them
    page = next((p for p in front if p.kind is Kind.OTHER), None)
    if page is not None:
        yield finding(SLUG, CODE, SEVERITY,
                      _message("the book has no copyright page in text, and a page before the story is an image",
                               page),
                      page.location)


def _message(what: str, page: PicturePage) -> str:
    alt = " (its alt text is read in its place)" if page.alt else ""
    return f"{what}{alt}; a disclosure in it cannot be checked: put the text in the page"
