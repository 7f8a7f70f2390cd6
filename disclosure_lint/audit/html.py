"""`audit --html FILE`: the catalogue as one self-contained HTML page, the same page as
`check --format html` (`reporters.html`): its style, its Content-Security-Policy (its own style
and sorting script by hash; nothing loads), its verdicts in words and symbols as well as colours,
its sortable summary table and its chart of rules, for the rows of an audit rather than reports.

Every piece of book text (titles, authors, disclosures, error messages, paths) is untrusted: it
is escaped with `reporters.html.esc` (quotes too, its control and bidirectional characters shown)
and written only in text or quoted attribute positions, never in a URL, a style or a script.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence

from ..reporters.html import (
    FAILS,
    PASSES,
    UNREAD,
    WARNS,
    Cell,
    Help,
    Verdict,
    chart,
    esc,
    page_foot,
    page_head,
    sortable_table,
    verdict_cell,
    verdict_html,
)
from .run import Summary
from .schema import AuditRow

_HEADINGS = ("Book", "Verdict", "Errors", "Warnings", "Rules fired", "Title", "Authors", "Language",
             "Identifiers", "Model named", "Disclosure", "Why it could not be read")


def row_verdict(row: AuditRow) -> Verdict:
    """The verdict `check --format html` gives the same book: an error fails it, a warning
    qualifies it, notes alone pass it."""
    if row.verdict == "unreadable":
        return UNREAD
    if row.errors:
        return FAILS
    return WARNS if row.warnings else PASSES


def page(rows: Sequence[AuditRow], summary: Summary, title: str = "AI disclosure audit") -> str:
    """The HTML page of a catalogue's rows, by path (the table holds them as the books finished;
    the page's buttons sort them otherwise)."""
    return "".join(_render(sorted(rows, key=lambda row: row.path), summary, title))


def _render(rows: Sequence[AuditRow], summary: Summary, title: str) -> Iterator[str]:
    yield page_head(title)
    verdicts = Counter(row_verdict(row) for row in rows)
    overall = FAILS if verdicts[FAILS] or verdicts[UNREAD] else (WARNS if verdicts[WARNS] else PASSES)
    noun = "book" if summary.books == 1 else "books"
    counts = ", ".join(f"{n} {v.words.lower()}" for v in (FAILS, WARNS, PASSES, UNREAD) if (n := verdicts[v]))
    yield (f"<header>\n<h1>{esc(title)}</h1>\n"
           f"{verdict_html(overall, f': {summary.books} {noun} audited' + (f' ({counts})' if counts else ''))}\n"
           "</header>\n<main>\n")
    yield '<section aria-labelledby="summary-title">\n<h2 id="summary-title">Catalogue</h2>\n'
    yield from sortable_table("One row per book; choose a column heading to sort by it.", _HEADINGS,
                              ((esc(row.path), _cells(row)) for row in rows))
    yield from chart(Counter(dict(summary.rules)), Help(), "Books in which each rule fired")
    yield "</section>\n"
    yield page_foot()


def _cells(row: AuditRow) -> list[Cell]:
    disclosure = ""
    if row.disclosure:
        disclosure = esc(row.disclosure)
        if row.disclosure_location:
            hidden = "" if row.disclosure_visible else " (hidden)"
            disclosure += f'<br><span class="where">{esc(row.disclosure_location)}{hidden}</span>'
    return [verdict_cell(row_verdict(row)),
            Cell(str(row.errors), number=True), Cell(str(row.warnings), number=True),
            Cell(esc(", ".join(row.rules))), Cell(esc(row.title or "")), Cell(esc(", ".join(row.authors))),
            Cell(esc(row.language or "")), Cell(esc(", ".join(row.identifiers))),
            Cell(esc(", ".join(row.systems))), Cell(disclosure), Cell(esc(row.error or ""))]
