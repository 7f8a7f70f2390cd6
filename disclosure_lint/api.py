"""The engine: read → analyse → rules → report, for one manuscript or many.

`lint()` is the public Python API; the CLI calls the same functions.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, NamedTuple

from .analysis.disclosure import Statements, analyse
from .analysis.lexicon import lexicon_for
from .collector import held_off
from .config import Config, resolve_config
from .model import Diagnostic, Finding, Location, Manuscript, Marker, Role, Section, Severity, Skipped
from .names import NOTICE_CODES

if not TYPE_CHECKING:
    from .records import NamedTuple  # typing.NamedTuple, cheaper to define (see records)


class DisclosureRecord(NamedTuple):
    """A disclosure statement found in a file, seen by readers or not."""

    text: str
    location: Location
    visible: bool


class FileReport(NamedTuple):
    """What was found in one manuscript."""

    path: str
    format: str
    findings: tuple[Finding, ...]
    disclosures: tuple[DisclosureRecord, ...]
    #: Problems the reader worked around (bad UTF-8, a missing EPUB member ...).
    warnings: tuple[Diagnostic, ...] = ()
    #: The files the book was read from, in reading order (one for a DOCX, an EPUB or a lone file).
    files: tuple[str, ...] = ()
    #: What a report shows of the book as a reader meets it: the sections before the story, and
    #: any other section holding a disclosure, in reading order (the HTML report).
    front_matter: tuple[Section, ...] = ()
    #: The AI systems the book's disclosure names ("GPT-3"), in the order named.
    models: tuple[str, ...] = ()
    #: The book's language tag ("fr-FR", or "fr" when detected), None when undecided (read as
    #: English); and where it came from ("forced", "metadata", "markup", "detected").
    language: str | None = None
    language_source: str | None = None
    #: Rights and provenance markers the file carries (TDMRep, C2PA text manifests).
    markers: tuple[Marker, ...] = ()

    def findings_of(self, severity: Severity) -> int:
        """How many findings have this severity."""
        return sum(1 for f in self.findings if f.severity is severity)


class Failure(NamedTuple):
    """A manuscript that could not be checked (the one-line reason is user-facing)."""

    path: str
    message: str


class Report(NamedTuple):
    """The result of a check over one or more manuscripts."""

    files: tuple[FileReport, ...]
    failures: tuple[Failure, ...] = ()
    #: Rules that were in force (for SARIF's rules[] and for `--select` feedback).
    rules: tuple[str, ...] = ()
    #: Files named but not checked (a README, a note, a chapter no configured book lists).
    skipped: tuple[Skipped, ...] = ()

    @property
    def errors(self) -> int:
        return sum(f.findings_of(Severity.ERROR) for f in self.files)

    @property
    def warnings(self) -> int:
        return (sum(f.findings_of(Severity.WARNING) for f in self.files)
                + sum(1 for s in self.skipped if s.severity is Severity.WARNING))

    @property
    def exit_code(self) -> int:
        """2 when a manuscript could not be read, 1 when an error was found, else 0."""
        if self.failures:
            return 2
        return 1 if self.errors else 0


def active_rules(config: Config) -> list[str]:
    """Slugs of the rules that run under a config (profiles, select/ignore/off applied)."""
    return list(rules_in_force(config))


def rules_in_force(config: Config) -> dict[str, Severity | None]:
    """The rules that run under a config, in registry order: slug → the severity their findings
    get (None: the rule's own).

    The profiles (`--profile`, config `profile`) say which rules run and at what severity; with
    none, the default profile's rules (`names.DEFAULT_RULES`, openai-2021) run at their own
    severities, without reading a profile file. `--select` names the rules to run, whether or not
    a profile names them; `--ignore` and config `[severity]` ("off" too) apply last.
    """
    from .rules import RULES

    if config.profiles:
        from .profiles import plan

        planned = plan(config.profiles, [r.slug for r in RULES], {r.slug: r.severity for r in RULES})
    else:
        from .names import DEFAULT_RULES

        planned = {r.slug: None for r in RULES if r.slug in DEFAULT_RULES}
    out: dict[str, Severity | None] = {}
    for rule in RULES:
        if config.select is not None:
            if rule.slug not in config.select:
                continue
        elif rule.slug not in planned:
            continue
        if rule.slug in config.ignore:
            continue
        severity = planned.get(rule.slug)
        if rule.slug in config.severity:
            severity = config.severity[rule.slug]
            if severity is None:
                continue
        out[rule.slug] = severity
    return out


#: The pseudo-rule of the note that a book's language has no lexicon (like the reader's `input`).
LANGUAGE_RULE = "language-unsupported"
LANGUAGE_CODE = NOTICE_CODES[LANGUAGE_RULE]
LANGUAGE_DOC = """The book (or some of its sections) is in a language the analysis has no lexicon for.

What it says: the language the book's metadata or markup declares (or `--lang`, or the words of
the text) is not one of those the analysis reads; that text was read with the English lexicon,
so a disclosure written in that language may not be recognised. An `info` note, once per book.
It is named like a rule: `--ignore language-unsupported` (or `DL101`), config `[severity]
language-unsupported = "off"` or an inline disable comment turns it off, `[severity]` changes
its severity, and a `--select` that does not name it leaves it out.

Example: a book whose EPUB metadata says `<dc:language>pl</dc:language>`:

    book.epub: info [language-unsupported] the book's language, Polish (pl), is not supported; read as English
"""


def language_notice(manuscript: Manuscript, unsupported: Sequence[str]) -> Finding | None:
    """One `info` finding naming the languages no lexicon reads (the book's, its sections'), or None.

    "the book's language, Polish (pl), is not supported; read as English"; "the language of some
    sections, Czech (cs), is not supported; ..."; "the book's language, Polish (pl), and that of
    some sections, Czech (cs), are not supported; ...".
    """
    from .langtags import base, describe

    if not unsupported:
        return None
    meta = manuscript.metadata
    book = meta.language if meta.language in unsupported else None
    seen = {base(book)} if book else set()
    sections: list[str] = []
    for tag in unsupported:
        if base(tag) not in seen:
            seen.add(base(tag))
            sections.append(describe(tag))
    told = " (told from its words)" if meta.language_source == "detected" else ""
    listed = " and ".join(sections)
    if book and sections:
        what = f"the book's language{told}, {describe(book)}, and that of some sections, {listed}, are"
    elif book:
        what = f"the book's language{told}, {describe(book)}, is"
    else:
        what = (f"the language of some sections, {listed}, is" if len(sections) == 1
                else f"the languages of some sections, {listed}, are")
    location = meta.location or Location(manuscript.path)
    return Finding(LANGUAGE_RULE, LANGUAGE_CODE, Severity.INFO, f"{what} not supported; read as English",
                   location)


def _language_notice(manuscript: Manuscript, statements: Statements, config: Config) -> Finding | None:
    """The `language-unsupported` note, unless the config turns it off (`--ignore`, a `--select`
    without it, `[severity]` "off"), at the config's severity for it."""
    if LANGUAGE_RULE in config.ignore or (config.select is not None and LANGUAGE_RULE not in config.select):
        return None
    if LANGUAGE_RULE in config.severity:
        severity = config.severity[LANGUAGE_RULE]
        if severity is None:
            return None
    else:
        severity = Severity.INFO
    notice = language_notice(manuscript, statements.unsupported)
    return notice._replace(severity=severity) if notice is not None else None


def check_manuscript(manuscript: Manuscript, config: Config, statements: Statements | None = None) -> FileReport:
    """Run the analysis (unless its `statements` are given) and every active rule over a
    manuscript already read."""
    from .rules import RULES_BY_SLUG

    if statements is None:
        statements = analyse(manuscript, lexicon_for(manuscript.metadata.language, config.phrases))
    findings: list[Finding] = []
    for slug, override in rules_in_force(config).items():
        rule = RULES_BY_SLUG[slug]
        for f in rule.check(manuscript, statements, config):
            findings.append(f._replace(severity=override) if override is not None else f)
    notice = _language_notice(manuscript, statements, config)
    if notice is not None:
        findings.append(notice)
    findings = apply_directives(manuscript, findings)
    return FileReport(
        path=manuscript.path,
        format=manuscript.format,
        findings=tuple(findings),
        disclosures=_records(statements),
        warnings=manuscript.warnings,
        files=manuscript.files or (manuscript.path,),
        markers=manuscript.markers,
        front_matter=_shown(manuscript, statements),
        models=statements.systems(),
        language=manuscript.metadata.language,
        language_source=manuscript.metadata.language_source,
    )


def _shown(manuscript: Manuscript, statements: Statements) -> tuple[Section, ...]:
    """The sections before the story and those holding a visible disclosure (references to the
    manuscript's own: nothing is copied)."""
    holding = {s.section for s in statements.disclosures}
    return tuple(section for i, section in enumerate(manuscript.sections)
                 if section.role is Role.FRONT or i in holding)


def _records(statements: Statements) -> tuple[DisclosureRecord, ...]:
    out = [DisclosureRecord(s.text, s.location, True) for s in statements.disclosures]
    out += [DisclosureRecord(s.text, s.location, False) for s in statements.hidden]
    return tuple(out)


def apply_directives(manuscript: Manuscript, findings: list[Finding]) -> list[Finding]:
    """Drop findings silenced by inline `disclosure-lint-disable` comments (Markdown)."""
    if not manuscript.directives:
        return findings
    from .directives import filter_findings

    return filter_findings(manuscript, findings)


def read(path: Path, config: Config, *, unsaved: Mapping[str, bytes] | None = None,
         full_reading: bool = False) -> Manuscript:
    """Read a manuscript with the limits and book layout the config gives.

    `unsaved` maps absolute paths of Markdown files to the text an editor holds for them, read
    instead of what is on disk (the language server's open documents). `full_reading`: every
    part read the long way, without the readers' fast paths (`readers.read_manuscript`); the same
    manuscript.
    """
    from .readers import read_manuscript

    if unsaved:
        return read_manuscript(path, limits=config.limits, config=config, unsaved=unsaved,
                               full_reading=full_reading)
    return read_manuscript(path, limits=config.limits, config=config, full_reading=full_reading)


class BookCheck(NamedTuple):
    """A book checked for one of its files: the book as `check` resolves it, the config it was
    checked under, the manuscript read, and the report."""

    book: Path
    config: Config
    manuscript: Manuscript
    report: FileReport


def find_book(path: Path, config_path: Path | None = None) -> Path | Skipped:
    """The book a file belongs to, as `check PATH` resolves it (a chapter: its book's folder), or
    the `Skipped` that `check` would say for a file it does not check (a README, a short note).
    `config_path` is `--config`."""
    from .config import load_config
    from .readers.discovery import discover

    explicit = load_config(config_path) if config_path is not None else None
    found = discover([path], explicit)
    if found.books:
        return found.books[0].path
    if found.skipped:
        return found.skipped[0]
    reason = found.empty[0][1] if found.empty else f"{path}: not a manuscript"
    return Skipped(str(path), reason, Severity.INFO)


def check_book(path: Path, *, config_path: Path | None = None, model: str | None = None,
               unsaved: Mapping[str, bytes] | None = None, overrides: Mapping[str, object] | None = None,
               book: Path | None = None) -> BookCheck | Skipped:
    """Check the book a file belongs to, as `check PATH` would (a chapter: its whole book).

    A file that `check` would skip (a README, a short note) gives its `Skipped`. `config_path`
    is `--config`; `model` and `overrides` (other `Config` fields) override the config's;
    `unsaved` is as for `read`; `book` is `find_book(path)` when the caller has it already (the
    language server, between two keystrokes). Raises `DisclosureLintError` when the book or the
    config is unusable.
    """
    from .config import load_config, resolve_config

    target = book if book is not None else find_book(path, config_path)
    if isinstance(target, Skipped):
        return target
    explicit = load_config(config_path) if config_path is not None else None
    config = (explicit if explicit is not None else resolve_config(target, None)).with_overrides(
        model=model, **(overrides or {}))
    with held_off():
        manuscript = read(target, config, unsaved=unsaved)
        return BookCheck(target, config, manuscript, check_manuscript(manuscript, config))


class Clause(NamedTuple):
    """A policy's clause a rule enforces, and where it is quoted from."""

    #: The policy profile ("kdp"), or "" for the rule's own policy (OpenAI's 2021 policy).
    profile: str
    text: str
    source: str


class RuleHelp(NamedTuple):
    """What `disclosure-lint explain RULE` says about a rule, in parts."""

    slug: str
    code: str
    severity: Severity
    #: The first line of its documentation.
    summary: str
    #: The whole documentation, dedented.
    text: str
    #: The clause of the policy it enforces ("" for a rule about the tool's own comments).
    policy: str
    #: How to fix a finding: the documentation's "Fix:" paragraph ("" when it has none).
    fix: str
    #: The documentation's passing example (text that passes), "" when it has none.
    example: str
    #: Where `policy` is quoted from.
    source: str = ""
    #: The clauses of the policy profiles asked about, for those that apply the rule.
    clauses: tuple[Clause, ...] = ()


def rule_help(slug: str, profiles: Sequence[str] = ()) -> RuleHelp | None:
    """The documentation of a rule (a slug or a code, any case), or None for no such rule; with
    the clause each of `profiles` (policy profile names) enforces with it."""
    import inspect

    from .directives import DIRECTIVE_CODE, DIRECTIVE_DOC, DIRECTIVE_RULE
    from .names import rule_slug
    from .rules import RULES_BY_SLUG

    if slug.lower() in (DIRECTIVE_RULE, DIRECTIVE_CODE.lower()):
        text = inspect.cleandoc(DIRECTIVE_DOC)
        return RuleHelp(DIRECTIVE_RULE, DIRECTIVE_CODE, Severity.WARNING, text.splitlines()[0], text, "",
                        *_fix_of(text))
    found = rule_slug(slug)
    if found is None:
        return None
    if found == LANGUAGE_RULE:
        text = inspect.cleandoc(LANGUAGE_DOC)
        return RuleHelp(LANGUAGE_RULE, LANGUAGE_CODE, Severity.INFO, text.splitlines()[0], text, "", *_fix_of(text))
    rule = RULES_BY_SLUG[found]
    text = inspect.cleandoc(rule.doc)
    clauses = []
    if profiles:
        from .profiles import load_profile

        for name in profiles:
            entry = load_profile(name).rule(rule.slug)
            if entry is not None:
                clauses.append(Clause(name, entry.clause, entry.source))
    return RuleHelp(rule.slug, rule.code, rule.severity, rule.summary, text, rule.policy, *_fix_of(text),
                    source=rule.source, clauses=tuple(clauses))


def _fix_of(text: str) -> tuple[str, str]:
    """A rule documentation's "Fix:" paragraph and its passing example (dedented), each "" when
    it has none."""
    import textwrap

    paragraphs = text.split("\n\n")
    fix = next((" ".join(p.removeprefix("Fix:").split()) for p in paragraphs if p.startswith("Fix:")), "")
    example = ""
    for i, paragraph in enumerate(paragraphs):
        if paragraph.startswith("Passing example"):
            head = paragraph.partition(":")[2].strip()
            indented = [p for p in paragraphs[i + 1:i + 2] if p.startswith("    ")]
            example = " ".join(head.split()) if head else textwrap.dedent(indented[0]) if indented else ""
            break
    return fix, example


def lint(path: str | os.PathLike[str], *, model: str | None = None, config: Config | str | os.PathLike[str] | None = None,
         ) -> Report:
    """Check one manuscript (a file or a book folder) and return its report.

    A chapter file of a multi-file book checks the whole book, as the CLI does. `config` is a
    `Config`, a path to a config file, or None to find `.disclosure-lint.toml` / `pyproject.toml`
    above the manuscript. `model` overrides the config's model. Raises `DisclosureLintError`
    (InputError, ConfigError) when the manuscript or config is unusable.
    """
    from .readers.discovery import book_of

    target = book_of(Path(path))
    if isinstance(config, Config):
        cfg = config
    else:
        cfg = resolve_config(target, Path(config) if config is not None else None)
    cfg = cfg.with_overrides(model=model)
    with held_off():
        manuscript = read(target, cfg)
        return Report(files=(check_manuscript(manuscript, cfg),), rules=tuple(active_rules(cfg)))


def lint_stdin(stream: IO[bytes], config: Config, display: str = "-") -> Report:
    """Check the manuscript arriving on `stream` (`check -`): Markdown, or a DOCX or EPUB when
    its bytes say so (`readers.stdin`), named `display` in the report; one that cannot be read
    is the report's failure."""
    from .errors import DisclosureLintError
    from .readers.stdin import read_stdin

    with held_off():
        try:
            manuscript = read_stdin(stream, display, config.limits, config)
        except DisclosureLintError as exc:
            return Report((), (Failure(display, str(exc)),), tuple(active_rules(config)))
        except MemoryError:
            return Report((), (Failure(display, could_not_read(display, OUT_OF_MEMORY)),), tuple(active_rules(config)))
        return Report((check_manuscript(manuscript, config),), rules=tuple(active_rules(config)))


class Examined(NamedTuple):
    """One book read, analysed and checked, with what a catalogue row needs beyond the report."""

    manuscript: Manuscript
    statements: Statements
    report: FileReport


def examine(path: Path, config: Config) -> Examined:
    """Read, analyse and check one book (`audit` keeps the metadata and the systems named, which
    the report leaves out). Raises `DisclosureLintError` for a book that cannot be read."""
    with held_off():
        manuscript = read(path, config)
        statements = analyse(manuscript, lexicon_for(manuscript.metadata.language, config.phrases))
        return Examined(manuscript, statements, check_manuscript(manuscript, config, statements))


#: A process pool costs about a tenth of a second to start: worth it only for several books.
POOL_MIN_BOOKS = 5


def check_path(path: Path, config: Config) -> tuple[FileReport | Failure, tuple[str, ...]]:
    """Read and check one manuscript; an unreadable one is a `Failure`. Runs in worker processes."""
    from .errors import DEBUG_ENV, TEST_FAULTS_ENV, ConfigError, DisclosureLintError, internal_error
    from .patterns import save_cache

    try:
        if os.environ.get(TEST_FAULTS_ENV):  # only ever set by the tests
            from .workers import inject_fault

            inject_fault(path.name)
        with held_off():  # (`collector`: its passes would walk the book's records for nothing)
            return check_manuscript(read(path, config), config), tuple(active_rules(config))
    except ConfigError:
        raise  # the user's config, not this book: it stops the run (see cli.check)
    except DisclosureLintError as exc:
        return Failure(str(path), str(exc)), ()
    except MemoryError:
        # A memory limit (ulimit -v, a container's) met on this book: that book's line, the others go on.
        return Failure(str(path), could_not_read(path, OUT_OF_MEMORY)), ()
    except Exception as exc:
        # A bug met on one book must not stop the others: it becomes that book's one line
        # (or, with --debug, which the CLI passes to workers through the environment, a traceback).
        if os.environ.get(DEBUG_ENV) == "1":
            raise
        return Failure(str(path), f"{path}: {internal_error(exc)}"), ()
    finally:
        save_cache()  # the patterns this book needed, for the next run (only when new ones were compiled)


#: The reason a book that exhausted the checker's memory gets.
OUT_OF_MEMORY = "the checker ran out of memory on this book"


def could_not_read(path: Path | str, reason: str) -> str:
    """The line of a book the checker could not finish, with the reason."""
    return f"{path}: could not be read: {reason}"


def _check_pair(pair: tuple[Path, Config]) -> tuple[FileReport | Failure, tuple[str, ...]]:
    return check_path(*pair)


def lint_many(paths: Sequence[Path], configs: Iterable[Config], *, jobs: int = 1,
              on_done: Callable[[], None] | None = None) -> Report:
    """Check several manuscripts; an unreadable one is a failure, not a stop.

    With `jobs` > 1 and at least `POOL_MIN_BOOKS` manuscripts, they are checked in parallel
    processes (`workers`: a book whose worker dies, killed or out of memory, is a failure with
    the reason, and the others are checked); the report lists them in the order given either
    way. `on_done` is called after each manuscript (for a progress bar).
    """
    pairs = list(zip(paths, configs, strict=False))
    if jobs > 1 and len(pairs) >= POOL_MIN_BOOKS:
        from .workers import Death, run_pool

        results = [(Failure(str(pair[0]), could_not_read(pair[0], outcome.reason)), ())
                   if isinstance(outcome, Death) else outcome
                   for pair, outcome in zip(pairs, run_pool(_check_pair, pairs, jobs, on_done), strict=True)]
    else:
        results = _collect(map(_check_pair, pairs), on_done)
    files: list[FileReport] = []
    failures: list[Failure] = []
    rules: dict[str, None] = {}
    for outcome, active in results:
        if isinstance(outcome, Failure):
            failures.append(outcome)
        else:
            files.append(outcome)
            rules.update(dict.fromkeys(active))
    return Report(tuple(files), tuple(failures), tuple(rules))


def _collect(results: Iterable[tuple[FileReport | Failure, tuple[str, ...]]],
             on_done: Callable[[], None] | None) -> list[tuple[FileReport | Failure, tuple[str, ...]]]:
    out = []
    for result in results:
        out.append(result)
        if on_done is not None:
            on_done()
    return out
