"""Judgment measured like a benchmark: per-rule precision and recall on the labelled dev sets.

    python -m benchmarks accuracy               # every set in tests/data/, one table per set
    python -m benchmarks accuracy -v            # also list every row judged wrong
    python -m benchmarks accuracy --set real    # one set
    python -m benchmarks accuracy --language fr # the sets in one language

A dev set is a TSV file in ``tests/data/`` (see ``tests/data/README.md``): one statement a row,
with where it stands in the book, the rules that must fire, the rules that must not, and its
source. Each set is in one language. Each row becomes a small Markdown book in the set's language
by a named human author ("Harbor Lights" by Jordan Vale, two plain chapters, `lang:` in its front
matter) with the statement in its Foreword (or on its copyright page, in its first chapter, or
in an afterword), checked in-process with the default config and no model, as
``disclosure-lint check`` would. Only findings of severity error or warning count.

For each rule, a row labels it positive (it must fire), negative (it must not) or not at all.
Precision is TP / (TP + FP) and recall TP / (TP + FN) over the rows that label the rule; a row is
right when every rule it labels is judged as labelled. Exit status: 0 when every row is right.
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
#: The dev sets, by name: file in tests/data/, what it holds, and its language.
SETS: dict[str, tuple[str, str, str]] = {
    "real": ("devset.tsv", "real statements from published books, policies and authors' notes", "en"),
    "constructed": ("phrasings.tsv", "phrasings written for the tests (fiction, names, edge cases)", "en"),
    "real-fr": ("devset-fr.tsv", "real French statements: authors' notes, publishers', translators' and "
                "labels' statements, reports, copyright-page reservations, fiction", "fr"),
    "constructed-fr": ("phrasings-fr.tsv", "French phrasings written for the tests", "fr"),
    "real-de": ("devset-de.tsv", "real German statements: authors' and books' AI notes, publishers' and "
                "translators' statements, reports, copyright-page reservations, fiction", "de"),
    "constructed-de": ("phrasings-de.tsv", "German phrasings written for the tests", "de"),
    "real-es": ("devset-es.tsv", "real Spanish statements: authors' AI notes, reports, translators' and "
                "journals' statements and policies, copyright-page reservations", "es"),
    "constructed-es": ("phrasings-es.tsv", "Spanish phrasings written for the tests", "es"),
    "real-it": ("devset-it.tsv", "real Italian statements: authors' AI notes, a publisher's note, reports, "
                "translators' and certification statements, copyright-page reservations", "it"),
    "constructed-it": ("phrasings-it.tsv", "Italian phrasings written for the tests", "it"),
    "real-pt": ("devset-pt.tsv", "real Portuguese statements: authors' AI notes, a translation credit, reports, "
                "translators' statements, copyright-page reservations", "pt"),
    "constructed-pt": ("phrasings-pt.tsv", "Portuguese phrasings written for the tests", "pt"),
    "real-nl": ("devset-nl.tsv", "real Dutch statements: writers' AI notes, reports, the authors' union's "
                "campaign, publishers' guidance, colophon reservations, fiction", "nl"),
    "constructed-nl": ("phrasings-nl.tsv", "Dutch phrasings written for the tests", "nl"),
    "residue": ("residue.tsv", "chatbot residue: real replies left in books and papers, replies written in their "
                "shapes, hard negatives from fiction", "en"),
}
#: Real statements held out of scoring (each note says why); reported, never scored or asserted.
HELD_OUT = ("heldout.tsv", "real statements held out of scoring (see each row's note)", "en")
COLUMNS = ("id", "where", "must", "must_not", "text", "source", "note")
PLACES = ("foreword", "copyright", "chapter", "afterword")
#: A paragraph break inside a statement (TSV fields hold no newlines).
PARAGRAPH = " ¶ "
CHAPTER = ("The harbor lights came on one by one while the ferry waited at the quay. Mira counted the "
           "lanterns and thought about the letter in her coat.")


@dataclass(frozen=True)
class Book:
    """How the test book of a language reads: its headings and its chapter's story."""

    copyright: str
    foreword: str
    chapter: str
    afterword: str
    story: str


#: The test book in each language of the sets. Front- and back-matter headings the readers do not
#: name (French "Avant-propos", German "Vorwort") stand before or after the chapters, which is
#: where the readers put a section of no known kind.
BOOKS: dict[str, Book] = {
    "en": Book("Copyright", "Foreword", "Chapter", "Afterword", CHAPTER),
    "fr": Book("Mentions légales", "Avant-propos", "Chapitre", "Postface",
               "Les lumières du port s'allumèrent une à une pendant que le ferry attendait au quai. Mira "
               "compta les lanternes et pensa à la lettre dans la poche de son manteau."),
    "de": Book("Impressum", "Vorwort", "Kapitel", "Nachwort",
               "Die Lichter des Hafens gingen eines nach dem anderen an, während die Fähre am Kai wartete. "
               "Mira zählte die Laternen und dachte an den Brief in ihrer Manteltasche."),
    "es": Book("Créditos", "Prefacio", "Capítulo", "Posfacio",
               "Las luces del puerto se encendieron una a una mientras el transbordador esperaba en el muelle. "
               "Mira contó los faroles y pensó en la carta que llevaba en el bolsillo del abrigo."),
    "it": Book("Note legali", "Prefazione", "Capitolo", "Postfazione",
               "Le luci del porto si accesero una dopo l'altra mentre il traghetto aspettava alla banchina. "
               "Mira contò le lanterne e pensò alla lettera nella tasca del cappotto."),
    "pt": Book("Ficha técnica", "Prefácio", "Capítulo", "Posfácio",
               "As luzes do porto acenderam-se uma a uma enquanto a balsa esperava no cais. "
               "Mira contou as lanternas e pensou na carta que levava no bolso do casaco."),
    "nl": Book("Colofon", "Voorwoord", "Hoofdstuk", "Nawoord",
               "De lichten van de haven gingen een voor een aan terwijl de veerboot aan de kade wachtte. "
               "Mira telde de lantaarns en dacht aan de brief in haar jaszak."),
}

if __package__ in (None, ""):  # `python benchmarks/accuracy.py`
    sys.path.insert(0, str(ROOT))


def rule_slugs() -> tuple[str, ...]:
    from disclosure_lint.rules import RULES

    return tuple(rule.slug for rule in RULES)


@dataclass(frozen=True)
class Row:
    """One labelled statement."""

    id: str
    where: str
    #: Rules that must fire (error or warning).
    must: frozenset[str]
    #: Rules that must not fire.
    must_not: frozenset[str]
    text: str
    source: str
    note: str
    #: The language of the set the row is in (the test book's).
    language: str = "en"

    def labels(self, rule: str) -> bool | None:
        """True: the rule must fire; False: it must not; None: the row does not say."""
        if rule in self.must:
            return True
        if rule in self.must_not:
            return False
        return None


class DevSetError(ValueError):
    """A dev-set file that does not follow the format (the message names file and line)."""


def load(path: Path, rules: Sequence[str] | None = None, language: str = "en") -> list[Row]:
    """Read one dev set (in `language`); lines starting with '#' are comments."""
    known = set(rules or rule_slugs())
    with path.open(encoding="utf-8", newline="") as fh:
        lines = [(n, line) for n, line in enumerate(fh, start=1) if line.strip() and not line.startswith("#")]
    reader = csv.reader([line for _, line in lines], delimiter="\t", quoting=csv.QUOTE_NONE)
    rows: list[Row] = []
    seen: set[str] = set()
    header: list[str] | None = None
    for (number, _), fields in zip(lines, reader, strict=True):
        if header is None:
            header = fields
            if tuple(header) != COLUMNS:
                raise DevSetError(f"{path}:{number}: the header must be {' / '.join(COLUMNS)}")
            continue
        if len(fields) != len(COLUMNS):
            raise DevSetError(f"{path}:{number}: {len(fields)} fields, want {len(COLUMNS)}")
        item = dict(zip(COLUMNS, fields, strict=True))
        where = item["where"] or "foreword"
        if where not in PLACES:
            raise DevSetError(f"{path}:{number}: where must be one of {', '.join(PLACES)}")
        must = frozenset(r for r in item["must"].split(",") if r and r != "clean")
        if item["must_not"].strip() == "*":
            must_not = frozenset(known - must)
        else:
            must_not = frozenset(r for r in item["must_not"].split(",") if r)
        for rule in must | must_not:
            if rule not in known:
                raise DevSetError(f"{path}:{number}: unknown rule {rule!r}")
        if must & must_not:
            raise DevSetError(f"{path}:{number}: a rule both must and must not fire")
        if item["id"] in seen:
            raise DevSetError(f"{path}:{number}: duplicate id {item['id']!r}")
        if not item["source"].strip():
            raise DevSetError(f"{path}:{number}: no source")
        seen.add(item["id"])
        rows.append(Row(item["id"], where, must, must_not, item["text"].replace(PARAGRAPH, "\n\n"),
                        item["source"], item["note"], language))
    return rows


def book(row: Row) -> str:
    """The Markdown book a row is judged in (in the row's language)."""
    b = BOOKS[row.language]
    parts = ["---", 'title: "Harbor Lights"', 'author: "Jordan Vale"']
    if row.language != "en":
        parts.append(f"lang: {row.language}")
    parts += ["---", ""]
    if row.where == "copyright":
        parts += [f"# {b.copyright}", "", "Copyright © 2025 Jordan Vale. All rights reserved.", "", row.text, ""]
    elif row.where == "foreword":
        parts += [f"# {b.foreword}", "", row.text, ""]
    first = f"{b.story}\n\n{row.text}\n\n{b.story}" if row.where == "chapter" else b.story
    parts += [f"# {b.chapter} 1", "", first, "", f"# {b.chapter} 2", "", b.story, ""]
    if row.where == "afterword":
        parts += [f"# {b.afterword}", "", row.text, ""]
    return "\n".join(parts)


def judge(rows: Iterable[Row]) -> list[tuple[Row, frozenset[str]]]:
    """Check each row's book; return the rules that fired (error or warning) for each."""
    from disclosure_lint.api import lint
    from disclosure_lint.config import Config
    from disclosure_lint.model import Severity

    out: list[tuple[Row, frozenset[str]]] = []
    with tempfile.TemporaryDirectory(prefix="disclosure-lint-accuracy-") as scratch:
        for n, row in enumerate(rows):
            path = Path(scratch) / f"row{n}.md"
            path.write_text(book(row), encoding="utf-8")
            report = lint(path, config=Config())
            fired = frozenset(f.rule for f in report.files[0].findings
                              if f.severity in (Severity.ERROR, Severity.WARNING))
            out.append((row, fired))
    return out


def wrong(row: Row, fired: frozenset[str]) -> tuple[frozenset[str], frozenset[str]]:
    """(missed, extra): rules that must fire but did not, and that must not but did."""
    return row.must - fired, row.must_not & fired


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None


def scores(results: Sequence[tuple[Row, frozenset[str]]], rules: Sequence[str]) -> dict[str, Score]:
    out = {rule: Score() for rule in rules}
    for row, fired in results:
        for rule in rules:
            label = row.labels(rule)
            if label is None:
                continue
            hit = rule in fired
            score = out[rule]
            if label and hit:
                score.tp += 1
            elif label:
                score.fn += 1
            elif hit:
                score.fp += 1
            else:
                score.tn += 1
    return out


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f}%"


def table(results: Sequence[tuple[Row, frozenset[str]]], rules: Sequence[str]) -> list[str]:
    """The per-rule table, as Markdown."""
    lines = ["| rule | must fire | must not | TP | FP | FN | precision | recall |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for rule, s in scores(results, rules).items():
        if s.tp + s.fp + s.fn + s.tn == 0:
            continue
        lines.append(f"| {rule} | {s.tp + s.fn} | {s.fp + s.tn} | {s.tp} | {s.fp} | {s.fn} | "
                     f"{_pct(s.precision)} | {_pct(s.recall)} |")
    right = sum(1 for row, fired in results if not any(wrong(row, fired)))
    lines.append(f"\nrows judged as labelled: {right}/{len(results)}")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks accuracy",
                                     description="Per-rule precision and recall on the labelled dev sets.")
    parser.add_argument("--set", choices=sorted(SETS), action="append", help="only this set (repeatable)")
    parser.add_argument("--language", choices=sorted({lang for _, _, lang in SETS.values()}), action="append",
                        help="only the sets in this language (repeatable)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every row judged wrong")
    args = parser.parse_args(argv)
    rules = rule_slugs()
    failed = False
    names = args.set or [n for n, (_, _, lang) in SETS.items() if not args.language or lang in args.language]
    for name in names:
        filename, what, language = SETS[name]
        try:
            rows = load(DATA / filename, rules, language)
        except (OSError, DevSetError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        results = judge(rows)
        print(f"## {name}: {len(rows)} rows, {what} (tests/data/{filename})\n")
        print("\n".join(table(results, rules)))
        bad = [(row, *wrong(row, fired)) for row, fired in results if any(wrong(row, fired))]
        failed = failed or bool(bad)
        for row, missed, extra in bad if args.verbose else bad[:10]:
            said = "; ".join(x for x in (f"missed {','.join(sorted(missed))}" if missed else "",
                                         f"extra {','.join(sorted(extra))}" if extra else "") if x)
            print(f"  WRONG {row.id}: {said} — {row.text[:100]!r}")
        if len(bad) > 10 and not args.verbose:
            print(f"  ... and {len(bad) - 10} more (-v lists all)")
        print()
    if not args.set and not args.language:
        filename, what, _ = HELD_OUT
        try:
            held = judge(load(DATA / filename, rules))
        except (OSError, DevSetError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        print(f"## held out: {len(held)} rows, {what} (tests/data/{filename}), not scored\n")
        for row, fired in held:
            said = ", ".join(sorted(fired)) or "clean"
            print(f"  {row.id}: labelled {', '.join(sorted(row.must)) or 'clean'}; judged {said}")
        print()
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
