"""One self-contained HTML page: for editors and publishers who would rather look than read.

- For each book: the verdict first; then its front matter as a reader sees it, with the
  disclosure sentences marked; disclosures no reader sees; then what each rule found, with the
  policy clause and how to fix it.
- For several books: a summary table (book, verdict, rules fired, language, model named) that
  sorts by column, and a bar chart (inline SVG) of findings per rule.

The page loads nothing and runs nothing but its own sorting script. The book's text is untrusted
(issue 24): every piece of it is HTML-escaped, its control and bidirectional characters shown as
``<U+202E>``, and it is never put in a URL, a style or a script. A Content-Security-Policy in the
page allows its one stylesheet and its one script by their hashes and nothing else: no other
script, style, image, font, frame or connection, whatever a manuscript manages to smuggle in.

Accessible: landmarks and headings, `th scope`, `aria-sort` on the sorted column, sorting by
keyboard (buttons), every verdict and severity written in words beside its colour, colours at
WCAG AA contrast or better, a chart with its numbers written out. Printable: `@media print`.
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, TextIO

from .. import __version__
from ..api import FileReport, RuleHelp, rule_help
from ..display import printable
from ..model import Block, Finding, Role, Section, Severity, Visibility
from .locations import relative_path

if TYPE_CHECKING:
    from ..api import Report

#: A book's front matter is shown up to this many paragraphs and characters (a book whose text is
#: all "front matter", having no chapter headings, would otherwise be shown whole).
MAX_BLOCKS = 80
MAX_CHARS = 40_000

STYLE = """
:root { color-scheme: light; --ink: #1b1b1b; --muted: #4a4a4a; --line: #c8c8c8; --paper: #ffffff;
  --error: #a4161a; --warning: #7a4b00; --info: #1f4e8c; --pass: #1d6b2f; --mark: #fff1a8; --bar: #1f4e8c; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--paper); color: var(--ink);
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; }
header, main, footer { max-width: 62rem; margin: 0 auto; padding: 0 1.25rem; }
header { padding-top: 1.5rem; border-bottom: 2px solid var(--line); }
h1 { font-size: 1.8rem; margin: 0 0 .25rem; }
h2 { font-size: 1.4rem; margin: 2rem 0 .5rem; overflow-wrap: anywhere; }
h3 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; }
h4 { font-size: 1rem; margin: 1rem 0 .25rem; }
a { color: #0b4f9c; }
a:focus, button:focus { outline: 3px solid #0b4f9c; outline-offset: 2px; }
.verdict { display: inline-block; font-weight: 700; padding: .2rem .6rem; border: 2px solid; border-radius: .3rem; }
.verdict.fail { color: var(--error); } .verdict.warn { color: var(--warning); }
.verdict.pass { color: var(--pass); } .verdict.unread { color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
caption { text-align: left; color: var(--muted); padding: .25rem 0; }
th, td { border-bottom: 1px solid var(--line); padding: .35rem .5rem; text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid var(--ink); white-space: nowrap; }
th[scope=row] { font-weight: 400; overflow-wrap: break-word; }
th button { font: inherit; font-weight: 700; color: inherit; background: none; border: 0; padding: 0; cursor: pointer; }
th button::after { content: " \\2195"; color: var(--muted); }
th[aria-sort=ascending] button::after { content: " \\2191"; color: var(--ink); }
th[aria-sort=descending] button::after { content: " \\2193"; color: var(--ink); }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 1rem 0; } figcaption { color: var(--muted); }
svg text { font: 13px system-ui, sans-serif; fill: var(--ink); }
article { border-top: 2px solid var(--line); margin-top: 2rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; margin: .75rem 0; }
dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.page { border: 1px solid var(--line); border-radius: .3rem; padding: .25rem 1rem; margin: .5rem 0;
  font-family: Georgia, "Times New Roman", "DejaVu Serif", serif; }
.page .kind { font-family: system-ui, sans-serif; font-size: .85rem; color: var(--muted); margin: .5rem 0 0; }
.page h4 { font-size: 1.1rem; }
.page .easy { border-left: 3px dashed var(--muted); padding-left: .5rem; }
mark { background: var(--mark); color: var(--ink); border-bottom: 2px solid var(--ink); padding: 0 .1rem; }
.legend mark { font-weight: 400; }
.more { color: var(--muted); font-style: italic; }
.rule { border-left: 4px solid var(--line); padding: 0 0 0 1rem; margin: 1rem 0; }
.rule.error { border-left-color: var(--error); } .rule.warning { border-left-color: var(--warning); }
.rule.info { border-left-color: var(--info); }
.severity { font-weight: 700; } .severity.error { color: var(--error); }
.severity.warning { color: var(--warning); } .severity.info { color: var(--info); }
.where { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .9rem; overflow-wrap: anywhere; }
blockquote { margin: .5rem 0; padding-left: .75rem; border-left: 3px solid var(--line); color: var(--muted); }
pre { white-space: pre-wrap; background: #f3f3f3; padding: .5rem .75rem; border-radius: .3rem; overflow-wrap: anywhere; }
.fix { background: #eef5ee; padding: .25rem .75rem; border-radius: .3rem; }
.hidden-text { color: var(--muted); }
footer { color: var(--muted); font-size: .9rem; padding: 2rem 1.25rem; }
@media print {
  body { font-size: 11pt; } header, main, footer { max-width: none; }
  th button { font-weight: 700; } th button::after { content: ""; }
  a { color: inherit; text-decoration: none; }
  article { break-before: page; border-top: 0; }
  .rule, .page, figure, tr { break-inside: avoid; }
  mark { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
"""

#: Sorting the summary table: the only script the page runs (allowed by its hash).
SCRIPT = """
(function () {
  "use strict";
  function key(cell) {
    var value = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
    var number = Number(value);
    return value === "" ? null : (isNaN(number) ? value.toLowerCase() : number);
  }
  function compare(a, b) {
    if (a === null || b === null) { return a === b ? 0 : (a === null ? 1 : -1); }
    if (typeof a === "number" && typeof b === "number") { return a - b; }
    return String(a).localeCompare(String(b), undefined, {numeric: true});
  }
  var tables = document.querySelectorAll("table.sortable");
  Array.prototype.forEach.call(tables, function (table) {
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, column) {
      var button = th.querySelector("button");
      if (!button) { return; }
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(heads, function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (x, y) {
          var a = key(x.cells[column]), b = key(y.cells[column]);
          var order = (a === null || b === null) ? compare(a, b) : (ascending ? compare(a, b) : compare(b, a));
          return order || (Number(x.getAttribute("data-index")) - Number(y.getAttribute("data-index")));
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
}());
"""


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


#: Nothing may load; only the page's own style and script run, by hash (CSP Level 2). A meta
#: policy cannot say `frame-ancestors`; nothing else it needs is missing.
CSP = (f"default-src 'none'; script-src {_hash(SCRIPT)}; style-src {_hash(STYLE)}; img-src 'none'; "
       "font-src 'none'; connect-src 'none'; media-src 'none'; object-src 'none'; frame-src 'none'; "
       "worker-src 'none'; manifest-src 'none'; base-uri 'none'; form-action 'none'")


def esc(text: str) -> str:
    """Untrusted text as HTML text or a quoted attribute value: escaped, controls shown."""
    return html.escape(printable(text, "\t\n"), quote=True)


class Verdict(NamedTuple):
    """A book's verdict, in words (and a symbol) as well as a colour."""

    css: str
    symbol: str
    words: str
    #: For sorting: worst first.
    rank: int


FAILS = Verdict("fail", "✗", "Fails", 0)
UNREAD = Verdict("unread", "?", "Could not be read", 1)
WARNS = Verdict("warn", "!", "Passes, with warnings", 2)
PASSES = Verdict("pass", "✓", "Passes", 3)

_SEVERITY_SYMBOL = {Severity.ERROR: "✗", Severity.WARNING: "!", Severity.INFO: "i"}


def verdict(file: FileReport) -> Verdict:
    if file.findings_of(Severity.ERROR):
        return FAILS
    if file.findings_of(Severity.WARNING) or file.warnings:
        return WARNS
    return PASSES


def verdict_html(v: Verdict, detail: str = "") -> str:
    """A verdict as a paragraph: its symbol, its words (never its colour alone) and `detail`."""
    return (f'<p class="verdict {v.css}"><span aria-hidden="true">{v.symbol}</span> {v.words}'
            f"{esc(detail)}</p>")


def _counts(errors: int, warnings: int) -> str:
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


def language_of(file: FileReport) -> str:
    """The book's language when the report carries it (newer reports do), else ""."""
    value = getattr(file, "language", None)
    return value if isinstance(value, str) else ""


def page_head(title: str) -> str:
    """The page up to `<body>`: its policy (first, before anything it governs), style and title.
    Shared by `check --format html` and `audit --html`."""
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
            '<meta name="referrer" content="no-referrer">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="generator" content="disclosure-lint {esc(__version__)}">\n'
            f"<title>{esc(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n")


def page_foot() -> str:
    """The page from the end of `<main>`: the footer and the one script (sorting tables)."""
    return (f"</main>\n<footer><p>Made by disclosure-lint {esc(__version__)}; each rule's policy clause is quoted "
            f"with its source.</p></footer>\n<script>{SCRIPT}</script>\n</body>\n</html>\n")


class Cell(NamedTuple):
    """One cell of a sortable table: its HTML (already escaped), the key it sorts by when not its
    text, and whether it is a number (aligned right)."""

    html: str
    sort: str | None = None
    number: bool = False


def verdict_cell(v: Verdict) -> Cell:
    return Cell(f'<span aria-hidden="true">{v.symbol}</span> {v.words}', str(v.rank))


def sortable_table(caption: str, headings: Iterable[str],
                   rows: Iterable[tuple[str, Iterable[Cell]]]) -> Iterator[str]:
    """A table the page's script sorts by any column (by keyboard too): each row is its row
    header's HTML (already escaped: the book) and its cells."""
    yield (f'<table class="sortable">\n<caption>{esc(caption)}</caption>\n'
           "<thead><tr>" + "".join(f'<th scope="col"><button type="button">{esc(name)}</button></th>'
                                   for name in headings)
           + "</tr></thead>\n<tbody>\n")
    for index, (header, cells) in enumerate(rows, 1):
        out = [f'<tr data-index="{index}"><th scope="row">{header}</th>']
        for cell in cells:
            attributes = (' class="num"' if cell.number else "") + (
                f' data-sort="{esc(cell.sort)}"' if cell.sort is not None else "")
            out.append(f"<td{attributes}>{cell.html}</td>")
        yield "".join(out) + "</tr>\n"
    yield "</tbody>\n</table>\n"


def write(report: Report, stream: TextIO, *, color: bool = False, base: Path | None = None,
          quiet: bool = False) -> None:
    for piece in render(report, base=base):
        stream.write(piece)


def render(report: Report, *, base: Path | None = None) -> Iterator[str]:
    """The page, in pieces."""
    books = len(report.files) + len(report.failures)
    title = "AI disclosure report"
    if len(report.files) == 1 and not report.failures:
        title += ": " + relative_path(report.files[0].path, base)
    yield page_head(title)
    failing = sum(1 for f in report.files if f.findings_of(Severity.ERROR)) + len(report.failures)
    overall = FAILS if failing else (WARNS if report.warnings else PASSES)
    noun = "book" if books == 1 else "books"
    summary = f": {books} {noun} checked, {_counts(report.errors, report.warnings)}"
    if report.failures:
        summary += f", {len(report.failures)} could not be read"
    yield (f'<header>\n<h1>{esc(title)}</h1>\n{verdict_html(overall, summary)}\n'
           '<p class="legend">In the text below, <mark>marked passages</mark> are the statements read as '
           "the book's AI disclosure.</p>\n</header>\n<main>\n")
    help_of = Help()
    if books > 1:
        yield from _summary(report, base, help_of)
    for number, file in enumerate(report.files, 1):
        yield from _book(number, file, base, help_of)
    for number, failure in enumerate(report.failures, len(report.files) + 1):
        yield (f'<article id="book-{number}" aria-labelledby="book-{number}-title">\n'
               f'<h2 id="book-{number}-title">{esc(relative_path(failure.path, base))}</h2>\n'
               f"{verdict_html(UNREAD)}\n<p>{esc(failure.message)}</p>\n</article>\n")
    if report.skipped:
        yield '<section aria-labelledby="skipped-title">\n<h2 id="skipped-title">Files not checked</h2>\n<ul>\n'
        for skipped in report.skipped:
            yield f'<li><span class="where">{esc(relative_path(skipped.path, base))}</span>: {esc(skipped.message)}</li>\n'
        yield "</ul>\n</section>\n"
    yield page_foot()


class Help:
    """Rule documentation, looked up once per rule for the whole page."""

    def __init__(self) -> None:
        self.found: dict[str, RuleHelp | None] = {}

    def __call__(self, slug: str) -> RuleHelp | None:
        if slug not in self.found:
            self.found[slug] = rule_help(slug)
        return self.found[slug]


def _summary(report: Report, base: Path | None, help_of: Help) -> Iterator[str]:
    yield '<section aria-labelledby="summary-title">\n<h2 id="summary-title">Summary</h2>\n'
    def rows() -> Iterator[tuple[str, list[Cell]]]:
        for index, file in enumerate(report.files, 1):
            fired = ", ".join(dict.fromkeys(f.rule for f in file.findings))
            yield (f'<a href="#book-{index}">{esc(relative_path(file.path, base))}</a>',
                   [verdict_cell(verdict(file)), Cell(str(file.findings_of(Severity.ERROR)), number=True),
                    Cell(str(file.findings_of(Severity.WARNING)), number=True), Cell(esc(fired)),
                    Cell(esc(language_of(file))), Cell(esc(", ".join(file.models)))])
        for index, failure in enumerate(report.failures, len(report.files) + 1):
            yield (f'<a href="#book-{index}">{esc(relative_path(failure.path, base))}</a>',
                   [verdict_cell(UNREAD)] + [Cell("")] * 5)
    yield from sortable_table("One row per book; choose a column heading to sort by it.",
                              ("Book", "Verdict", "Errors", "Warnings", "Rules fired", "Language", "Model named"),
                              rows())
    yield from chart(Counter(f.rule for file in report.files for f in file.findings), help_of,
                     "Findings per rule, over all books")
    yield "</section>\n"


def chart(per_rule: Counter[str], help_of: Callable[[str], RuleHelp | None], caption: str) -> Iterator[str]:
    """A horizontal bar chart of counts per rule, its numbers written beside the bars; `caption`
    says what is counted."""
    yield '<figure aria-labelledby="chart-caption">\n'
    if not per_rule:
        yield ('<p>No rule found anything in any book.</p>\n'
               f'<figcaption id="chart-caption">{esc(caption)}</figcaption>\n</figure>\n')
        return
    rows = sorted(per_rule.items(), key=lambda item: (-item[1], item[0]))
    label_width, bar_width, row_height = 250, 360, 28
    width, height = label_width + bar_width + 70, row_height * len(rows) + 8
    most = rows[0][1]
    description = "; ".join(f"{slug}: {count}" for slug, count in rows)
    yield (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
           'role="img" aria-labelledby="chart-title chart-desc">\n'
           f'<title id="chart-title">{esc(caption)}</title>\n<desc id="chart-desc">{esc(description)}</desc>\n')
    for i, (slug, count) in enumerate(rows):
        y = 4 + i * row_height
        length = max(2, round(bar_width * count / most))
        found = help_of(slug)
        label = f"{slug} ({found.code})" if found else slug
        yield (f'<text x="{label_width - 8}" y="{y + 18}" text-anchor="end">{esc(label)}</text>'
               f'<rect x="{label_width}" y="{y + 4}" width="{length}" height="{row_height - 10}" fill="#1f4e8c"/>'
               f'<text x="{label_width + length + 6}" y="{y + 18}">{count}</text>\n')
    yield (f'</svg>\n<figcaption id="chart-caption">{esc(caption)} (the number of each is '
           "written beside its bar).</figcaption>\n</figure>\n")


def _book(number: int, file: FileReport, base: Path | None, help_of: Help) -> Iterator[str]:
    v = verdict(file)
    errors, warnings = file.findings_of(Severity.ERROR), file.findings_of(Severity.WARNING)
    yield (f'<article id="book-{number}" aria-labelledby="book-{number}-title">\n'
           f'<h2 id="book-{number}-title">{esc(relative_path(file.path, base))}</h2>\n'
           f"{verdict_html(v, ': ' + _counts(errors, warnings))}\n<dl class=\"facts\">\n"
           f"<dt>Format</dt><dd>{esc(file.format)}</dd>\n")
    if len(file.files) > 1:
        yield f"<dt>Files</dt><dd>{len(file.files)}</dd>\n"
    language = language_of(file)
    if language:
        yield f"<dt>Language</dt><dd>{esc(language)}</dd>\n"
    yield f"<dt>Model named</dt><dd>{esc(', '.join(file.models)) or 'none'}</dd>\n</dl>\n"
    yield from _front_matter(number, file, base)
    yield from _findings(number, file, base, help_of)
    yield "</article>\n"


def _front_matter(number: int, file: FileReport, base: Path | None) -> Iterator[str]:
    yield (f'<section aria-labelledby="book-{number}-front">\n<h3 id="book-{number}-front">'
           "The front matter, as a reader sees it</h3>\n")
    visible = [d.text for d in file.disclosures if d.visible]
    if not file.front_matter:
        yield "<p>The book has no front matter: its text starts with the story.</p>\n"
    shown_blocks = shown_chars = 0
    for i, section in enumerate(file.front_matter):
        if shown_blocks >= MAX_BLOCKS or shown_chars >= MAX_CHARS:
            rest = sum(len(_body(s)) for s in file.front_matter[i:])
            yield f'<p class="more">… {rest} more paragraph{"s" * (rest != 1)} not shown.</p>\n'
            break
        kind = section.kind.value
        if section.role is not Role.FRONT:
            kind += ", after the story begins" if section.role is Role.BACK else ", inside the story"
        yield f'<section class="page">\n<p class="kind">{esc(kind)}</p>\n'
        if section.heading:
            yield f"<h4>{esc(section.heading)}</h4>\n"
        blocks = _body(section)
        for j, block in enumerate(blocks):
            if shown_blocks >= MAX_BLOCKS or shown_chars >= MAX_CHARS:
                rest = len(blocks) - j
                yield f'<p class="more">… {rest} more paragraph{"s" * (rest != 1)} of this section not shown.</p>\n'
                break
            shown_blocks += 1
            shown_chars += len(block.text)
            yield _paragraph(block, visible)
        yield "</section>\n"
    hidden = [d for d in file.disclosures if not d.visible]
    if hidden:
        yield ('<h4>Disclosures no reader sees</h4>\n<ul class="hidden-text">\n')
        for d in hidden:
            yield (f'<li><span class="where">{esc(_where(d.location.path, d.location.line, base))}</span>: '
                   f"“{esc(d.text)}”</li>\n")
        yield "</ul>\n"
    yield "</section>\n"


def _body(section: Section) -> tuple[Block, ...]:
    """The section's paragraphs without its heading (shown as the heading)."""
    blocks = section.blocks
    if blocks and blocks[0].is_heading:
        return blocks[1:]
    return blocks


def _paragraph(block: Block, disclosures: list[str]) -> str:
    easy = block.visibility is Visibility.EASY_TO_MISS
    prefix = f'<span class="kind">Easy to miss ({esc(block.where or "outside the main text")}):</span> ' if easy else ""
    opening = '<p class="easy">' if easy else "<p>"
    return f"{opening}{prefix}{_marked(block.text, disclosures)}</p>\n"


def _marked(text: str, disclosures: Iterable[str]) -> str:
    """The paragraph, escaped, with each disclosure sentence in it inside `<mark>`."""
    spans: list[tuple[int, int]] = []
    for sentence in disclosures:
        for start, end in _occurrences(text, sentence):
            spans.append((start, end))
    if not spans:
        return esc(text)
    spans.sort()
    merged = [spans[0]]
    for start, end in spans[1:]:
        if start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    out, at = [], 0
    for start, end in merged:
        out.append(esc(text[at:start]))
        out.append(f"<mark>{esc(text[start:end])}</mark>")
        at = end
    out.append(esc(text[at:]))
    return "".join(out)


def _occurrences(text: str, sentence: str) -> Iterator[tuple[int, int]]:
    """Where `sentence` stands in `text`, exactly or with its whitespace collapsed differently."""
    sentence = sentence.strip()
    if not sentence:
        return
    start = text.find(sentence)
    if start >= 0:
        while start >= 0:
            yield start, start + len(sentence)
            start = text.find(sentence, start + len(sentence))
        return
    words = sentence.split()
    if not words:
        return
    import re

    pattern = r"\s+".join(re.escape(w) for w in words)
    for found in re.finditer(pattern, text):
        yield found.start(), found.end()


def _code(escaped: str) -> str:
    """`command` spans of escaped documentation text as <code> (the text is escaped already, so
    no tag can come from it)."""
    parts = escaped.split("`")
    if len(parts) < 3 or len(parts) % 2 == 0:
        return escaped
    return "".join(f"<code>{part}</code>" if i % 2 else part for i, part in enumerate(parts))


def _where(path: str, line: int | None, base: Path | None) -> str:
    shown = relative_path(path.partition("!/")[0], base) + ("!/" + path.partition("!/")[2] if "!/" in path else "")
    return f"{shown}:{line}" if line is not None else shown


def _findings(number: int, file: FileReport, base: Path | None, help_of: Help) -> Iterator[str]:
    yield f'<section aria-labelledby="book-{number}-findings">\n<h3 id="book-{number}-findings">What the rules found</h3>\n'
    if file.warnings:
        yield "<h4>Reading the file</h4>\n<ul>\n"
        for w in file.warnings:
            yield (f'<li><span class="where">{esc(_where(w.location.path, w.location.line, base))}</span>: '
                   f"{esc(w.message)}</li>\n")
        yield "</ul>\n"
    if not file.findings:
        yield "<p>No findings: every rule in force passes.</p>\n</section>\n"
        return
    by_rule: dict[str, list[Finding]] = {}
    for f in file.findings:
        by_rule.setdefault(f.rule, []).append(f)
    for slug, findings in by_rule.items():
        worst = min((f.severity for f in findings), key=lambda s: list(Severity).index(s))
        found = help_of(slug)
        code = findings[0].code
        yield (f'<section class="rule {worst.value}">\n<h4><span class="severity {worst.value}">'
               f'<span aria-hidden="true">{_SEVERITY_SYMBOL[worst]}</span> {worst.value}</span> · '
               f"{esc(slug)} ({esc(code)})</h4>\n")
        if found is not None:
            yield f"<p>{esc(found.summary)}</p>\n"
        yield "<ul>\n"
        for f in findings:
            yield (f'<li><span class="where">{esc(_where(f.location.path, f.location.line, base))}</span>'
                   f"{' (' + esc(f.location.section) + ')' if f.location.section else ''}: {esc(f.message)}</li>\n")
        yield "</ul>\n"
        if found is not None and found.policy:
            yield (f"<blockquote><p>Policy: “{esc(found.policy)}”</p><p>— {esc(found.source)}</p></blockquote>\n")
        if found is not None and (found.fix or found.example):
            yield '<div class="fix">\n<p><strong>How to fix:</strong> '
            yield _code(esc(found.fix)) if found.fix else "write it so that it passes, for example:"
            yield "</p>\n"
            if found.example:
                if found.fix:
                    yield "<p>For example:</p>\n"
                yield f"<pre>{esc(found.example)}</pre>\n"
            yield "</div>\n"
        yield "</section>\n"
    yield "</section>\n"
