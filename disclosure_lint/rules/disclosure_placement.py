"""The disclosure is not before the story, where a reader meets it first.

What it checks: every visible disclosure stands after the story has begun (inside a chapter,
in an afterword or acknowledgments) or where readers rarely look (a page header or footer, a
footnote, an EPUB item outside the reading order), and none stands in the front matter: title
page, copyright page, foreword, introduction, preface, author's note or a note on AI.

Why: the policy asks for the disclosure "in a Foreword or Introduction (or some place similar)",
"in a way that no reader could possibly miss". A reader who meets it only after the last chapter
has read the whole book without knowing.

Failing example:

    # Chapter 1
    ...
    # Afterword
    I drafted this novel with ChatGPT and rewrote every page; I take full responsibility.

Passing example: the same words in a Foreword before Chapter 1.

Fix: move the statement (or add one) before the first chapter.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.disclosure import Statement, Statements
from ..config import Config
from ..model import Finding, Manuscript, Role, Severity
from .base import finding, quote

SLUG = "disclosure-placement"
CODE = "DL003"
SEVERITY = Severity.ERROR
POLICY = ("One must detail in a Foreword or Introduction (or some place similar) the relative roles "
          "of drafting, editing, etc.")


def _where(statement: Statement) -> str:
    if statement.easy_to_miss:
        return statement.where or "a place readers rarely look"
    kind = statement.kind.value if statement.kind else "section"
    if statement.role is Role.BACK:
        return f"the back matter ({kind}), after the story"
    return f"the story itself ({kind})"


def check(manuscript: Manuscript, statements: Statements, config: Config) -> Iterator[Finding]:
    if not statements.disclosures or statements.well_placed:
        return
    first = statements.disclosures[0]
    yield finding(
        SLUG, CODE, SEVERITY,
        f"the AI disclosure {quote(first.text)} is only in {_where(first)}; readers must meet it before "
        "the story: move it to the front matter (a Foreword, Introduction or note on AI)",
        first.location,
    )
