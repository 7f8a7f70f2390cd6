"""The only disclosure is where a reader cannot see it.

What it checks: a statement that would disclose AI co-authorship exists, but only in a Word
comment, a deleted tracked change, hidden or white or 1-pt text, an HTML comment, an element
hidden by CSS (`display:none`, white or transparent text, type under 4 pt, moved off the page
or clipped) or the `hidden` attribute, in metadata (document properties, EPUB
`dc:description`, front-matter `description`), or in a run bidi controls show reversed. It is reported instead of `disclosure-missing`, saying where
and how it is hidden.

Why: the policy requires disclosure "in a way that no reader could possibly miss". Text a reader
never sees discloses nothing to them.

Failing example:

    # Foreword
    <!-- This book was drafted with ChatGPT and edited by the author. -->
    This story came to me on a ferry.

Passing example: the same sentence as ordinary text of the Foreword.

Fix: move the statement into the visible text before the story.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.disclosure import Statements
from ..config import Config
from ..model import Finding, Manuscript, Severity
from .base import finding, quote

SLUG = "disclosure-hidden"
CODE = "DL002"
SEVERITY = Severity.ERROR
POLICY = "The role of AI ... is clearly disclosed in a way that no reader could possibly miss."


def check(manuscript: Manuscript, statements: Statements, config: Config) -> Iterator[Finding]:
    if statements.disclosures or not statements.hidden:
        return
    seen: set[tuple[str | None, str | None]] = set()
    for statement in statements.hidden:
        key = (statement.where, statement.location.path + str(statement.location.line)
               + str(statement.location.block))
        if key in seen:
            continue
        seen.add(key)
        reason = statement.hidden_reason.value if statement.hidden_reason else "hidden"
        yield finding(
            SLUG, CODE, SEVERITY,
            f"the AI disclosure {quote(statement.text)} is only in {statement.where} ({reason}), which "
            "no reader sees; put it in the visible text before the story",
            statement.location,
        )
