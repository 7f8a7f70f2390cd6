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
from ..model import Finding, Kind, Manuscript, Role, Severity
from .base import finding, quote

SLUG = "disclosure-placement"
CODE = "DL003"
SEVERITY = Severity.ERROR
POLICY = ("One must detail in a Foreword or Introduction (or some place similar) the relative roles "
          "of drafting, editing, etc.")


#: Sections that are the story itself; a section of another kind (a foreword, a note) in the story's
#: place is one that stands after the story has begun.
_STORY = frozenset({Kind.CHAPTER, Kind.PART, Kind.PROLOGUE, Kind.EPILOGUE, Kind.OTHER})
_ADVICE = "readers must meet it before the story: move it to the front matter (a Foreword, Introduction or note on AI)"


def _message(manuscript: Manuscript, statement: Statement) -> str:
    text = f"the AI disclosure {quote(statement.text)} is only in"
    if statement.easy_to_miss:
        return f"{text} {statement.where or 'a place readers rarely look'}; {_ADVICE}"
    kind = statement.kind.value if statement.kind else "section"
    if statement.role is Role.BACK:
        return f"{text} the back matter ({kind}), after the story; {_ADVICE}"
    index = statement.section
    if statement.kind is None or statement.kind in _STORY or index is None:
        return f"{text} the story itself ({kind}); {_ADVICE}"
    # A Foreword after Chapter 1 is not "the story itself", and "move it to a Foreword" would
    # not help: say where it stands and where it must go.
    section = manuscript.sections[index]
    name = quote(section.heading, 40) if section.heading else f"a {kind}"
    opening = next((s.heading for s in manuscript.sections[:index] if s.role is Role.BODY and s.heading), None)
    after = f" (after {quote(opening, 40)})" if opening else ""
    return (f"{text} {name}, which comes after the story has begun{after}; readers must meet it before "
            "the story: move it before the first chapter")


def check(manuscript: Manuscript, statements: Statements, config: Config) -> Iterator[Finding]:
    if not statements.disclosures or statements.well_placed:
        return
    first = statements.disclosures[0]
    yield finding(SLUG, CODE, SEVERITY, _message(manuscript, first), first.location)
