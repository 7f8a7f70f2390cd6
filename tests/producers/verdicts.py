"""Report: every producer fixture checked with the current disclosure-lint, against its source.

    python tests/producers/verdicts.py [--markdown]

Prints a table of book × producer with the rules each fixture fires (errors and warnings, as
rule codes), marking with `≠` each fixture whose verdict differs from its Markdown source's,
then one line per difference with the rules gained (+) and lost (-). The differences are the
reader fixes still needed: the same book must get the same verdict however it was exported.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests/, for producer_books

from producer_books import SOURCES, Fixture, books, fixtures, verdict

from disclosure_lint.rules import RULES_BY_SLUG


def codes(rules: frozenset[str]) -> str:
    return " ".join(sorted(RULES_BY_SLUG[slug].code for slug in rules)) or "—"


def column(fixture: Fixture) -> str:
    return f"{fixture.producer} {fixture.path.suffix[1:]}"


def report(markdown: bool = False) -> tuple[str, int]:
    """The report's text and the number of fixtures whose verdict differs from the source's."""
    sources = {book: verdict(SOURCES / f"{book}.md") for book in books()}
    found = fixtures()
    verdicts = {f: verdict(f.path) for f in found}
    columns = sorted({column(f) for f in found}, key=lambda c: (c.split()[0], c.split()[1]))
    header = ["book", "source md", *columns]
    rows = []
    for book in books():
        cells = [book, codes(sources[book])]
        for name in columns:
            match = [f for f in found if f.book == book and column(f) == name]
            if not match:
                cells.append("")
                continue
            rules = verdicts[match[0]]
            cells.append(codes(rules) + (" ≠" if rules != sources[book] else ""))
        rows.append(cells)
    lines = _table(header, rows, markdown)
    differences = [f for f in found if verdicts[f] != sources[f.book]]
    lines.append("")
    lines.append(f"{len(differences)} of {len(found)} fixtures differ from their source:")
    for f in differences:
        gained = sorted(verdicts[f] - sources[f.book])
        lost = sorted(sources[f.book] - verdicts[f])
        change = ", ".join([*(f"+{slug}" for slug in gained), *(f"-{slug}" for slug in lost)])
        lines.append(f"{'-' if markdown else ' '} {f.id}: {change}")
    used = sorted({slug for v in [*sources.values(), *verdicts.values()] for slug in v},
                  key=lambda s: RULES_BY_SLUG[s].code)
    lines.append("")
    lines.append("codes: " + ", ".join(f"{RULES_BY_SLUG[s].code} {s}" for s in used))
    return "\n".join(lines), len(differences)


def _table(header: list[str], rows: list[list[str]], markdown: bool) -> list[str]:
    if markdown:
        out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        out += ["| " + " | ".join(row) + " |" for row in rows]
        return out
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    return ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
            for row in [header, [("-" * w) for w in widths], *rows]]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    text, _ = report(markdown="--markdown" in args)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
