"""What a rule is: a module with a slug, a code, a default severity, a policy clause, a docstring
that is its documentation, and `check(manuscript, statements, config) -> findings`."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from types import ModuleType
from typing import TYPE_CHECKING, NamedTuple

from ..analysis.disclosure import Statements
from ..config import Config
from ..model import Finding, Location, Manuscript, Severity

if not TYPE_CHECKING:
    from ..records import NamedTuple  # typing.NamedTuple, cheaper to define (see records)

Check = Callable[[Manuscript, Statements, Config], Iterable[Finding]]

#: Where a rule's `POLICY` clause comes from, unless its module says otherwise (`SOURCE`).
OPENAI_2021 = "OpenAI Sharing & Publication Policy (2021), “Fictional content co-authored with the OpenAI API”"


class Rule(NamedTuple):
    """A registered rule, read from its module."""

    slug: str
    code: str
    severity: Severity
    #: The clause of the policy the rule enforces, quoted.
    policy: str
    #: The module docstring: what it checks, why, a failing and a passing example.
    doc: str
    check: Check
    #: The text the `policy` clause is quoted from.
    source: str = OPENAI_2021

    @property
    def summary(self) -> str:
        """The docstring's first line."""
        return self.doc.strip().splitlines()[0].strip()

    @classmethod
    def from_module(cls, module: ModuleType) -> Rule:
        return cls(module.SLUG, module.CODE, module.SEVERITY, module.POLICY, module.__doc__ or "",
                   module.check, getattr(module, "SOURCE", OPENAI_2021))


def finding(module_slug: str, code: str, severity: Severity, message: str, location: Location) -> Finding:
    """Build a finding (a helper so rules read as sentences)."""
    return Finding(module_slug, code, severity, message, location)


def book_location(manuscript: Manuscript) -> Location:
    """Where a book-level finding points: the start of the story, where a disclosure belongs before."""
    for section in manuscript.sections:
        if section.role.value == "body":
            return section.location
    if manuscript.sections:
        return manuscript.sections[0].location
    return Location(manuscript.path, 1 if manuscript.format == "markdown" else None,
                    1 if manuscript.format == "markdown" else None)


def quote(text: str, limit: int = 70) -> str:
    """A short quotation of a statement for a message."""
    text = " ".join(text.split())
    return f"“{text if len(text) <= limit else text[:limit - 1].rstrip() + '…'}”"
