"""Inline disable comments in Markdown, in the style of markdownlint.

    <!-- disclosure-lint-disable SLUG[ SLUG...] -->    silence rules for the rest of the file
    <!-- disclosure-lint-enable [SLUG...] -->           turn them back on
    <!-- disclosure-lint-disable-next-line SLUG -->    silence rules on the next line only

A rule is named by its slug or its code (`DL005`, in any case), as everywhere.

A rule about the whole book (a disclosure missing, no responsibility statement ...) has no line of
its own: a `disable` comment for it anywhere in the book silences it for the whole book. A
comment without slugs means every rule. An unknown slug is itself reported (a warning).
"""

from __future__ import annotations

from .model import Directive, Finding, Location, Manuscript, Severity
from .names import rule_slug, unknown_rule

#: Rules that judge the book as a whole: what its disclosure says, or fails to say, anywhere.
#: Their findings point at one place (the disclosure, the start of the story) only so there is a
#: place to show, so a `disable` comment for one silences it wherever in the book it stands.
#: `disclosure-hidden` is not among them: it reports each hidden statement where it is.
BOOK_LEVEL = frozenset({
    "disclosure-missing", "attribution-missing", "responsibility-missing", "roles-undescribed",
    "authorship-misrepresented", "model-mismatch", "disclosure-placement", "disclosure-unclear",
    "language-unsupported",  # the book's language, pointed at where its metadata says it
})

DIRECTIVE_RULE = "unknown-rule-in-comment"
DIRECTIVE_CODE = "DL100"
DIRECTIVE_DOC = """A disclosure-lint comment names a rule that does not exist.

What it checks: every slug in `<!-- disclosure-lint-disable ... -->`,
`<!-- disclosure-lint-enable ... -->` and `<!-- disclosure-lint-disable-next-line ... -->`
comments is a rule of `disclosure-lint rules`.

Why: a misspelt slug silences nothing, so the finding it was meant to silence stays, or worse,
a later rename leaves the comment doing nothing without anyone noticing.

Failing example:

    <!-- disclosure-lint-disable disclosure-mising -->

Passing example:

    <!-- disclosure-lint-disable disclosure-missing -->
"""


def _silenced(finding: Finding, directives: list[Directive]) -> bool:
    loc = finding.location
    if finding.rule in BOOK_LEVEL and any(
        d.action == "disable" and (not d.slugs or finding.rule in d.slugs) for d in directives
    ):
        return True
    state = False
    for d in sorted((d for d in directives if d.location.path == loc.path),
                    key=lambda d: (d.location.line or 0)):
        if loc.line is None or d.location.line is None:
            continue
        if d.action == "disable-next-line":
            if loc.line == d.location.line + 1 and (not d.slugs or finding.rule in d.slugs):
                return True
            continue
        if d.location.line > loc.line:
            break
        if not d.slugs or finding.rule in d.slugs:
            state = d.action == "disable"
    return state


def filter_findings(manuscript: Manuscript, findings: list[Finding]) -> list[Finding]:
    """Drop silenced findings and report unknown rules named in comments."""
    directives = [d._replace(slugs=tuple(rule_slug(name) or name for name in d.slugs))
                  for d in manuscript.directives]
    kept = [f for f in findings if not _silenced(f, directives)]
    for d in manuscript.directives:
        for name in d.slugs:
            if rule_slug(name) is None:
                kept.append(Finding(
                    DIRECTIVE_RULE, DIRECTIVE_CODE, Severity.WARNING,
                    unknown_rule(name, f" in a disclosure-lint-{d.action} comment"),
                    Location(d.location.path, d.location.line, d.location.column, d.location.section,
                             d.location.block),
                ))
    return kept
