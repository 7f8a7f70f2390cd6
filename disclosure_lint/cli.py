"""The command line: `disclosure-lint check|rules|explain|...`.

Only this module prints and exits. Every user-facing error is one line on stderr with exit 2;
findings of severity error exit 1; a clean check exits 0. `--debug` shows tracebacks.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from . import __version__
from .checking import check as run_check
from .checking import limit_options as _parse_limits
from .checking import profiles_of as _profiles
from .checking import write_output as _write_atomic
from .console import COMPLETE_ENV, end, run
from .console import echo as _echo
from .console import say as _say
from .errors import DEBUG_ENV, PROG, DisclosureLintError, UsageError

if TYPE_CHECKING:
    from .audit.schema import AuditRow
    from .config import Config


_LANG_HELP = ("The books' language (an ISO 639 code: fr, de, pt-BR), whatever they declare; default: "
              "config `lang`, else each book's metadata, else its words.")

_LIMIT_HELP = ("Raise or lower a safety limit, NAME=N (repeatable): max_members, max_member_bytes, "
               "max_total_bytes, max_ratio, max_markdown_bytes, max_markdown_lines. The *_bytes limits "
               "take a unit: 32MiB, 500k, 2G (k, M, G, KiB, MiB, GiB: 1024-based), 1.5GB (kB, MB, GB: "
               "1000-based).")


_PROFILE_HELP = ("Check against a policy profile (repeatable, or comma-separated): openai-2021 (the default), "
                 "kdp, authors-guild, ingram, eu-ai-act, cope; default: config `profile`. "
                 "`disclosure-lint rules --profile NAME` lists a profile's rules.")


#: Parameter types, made once: click looks up a translation of each one's name when it is made,
#: which costs about half a millisecond per type at every start.
_FILE = click.Path(dir_okay=False, path_type=Path)
_FOLDER = click.Path(file_okay=False, path_type=Path)
_ANY_PATH = click.Path(path_type=Path)


def _set_debug(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        # `main` reads it when an error comes (`console.debugging`) and restores it after the run;
        # worker processes (--jobs) inherit it: see api.check_path.
        os.environ[DEBUG_ENV] = "1"


#: `--debug` before the command or after it (`disclosure-lint check --debug book.md`): a user
#: adds it where the failing command line ends. Eager, so that it is set before any other option
#: is read.
_debug_option = click.option("--debug", is_flag=True, expose_value=False, is_eager=True, callback=_set_debug,
                             help="Show a traceback for errors (for bug reports).")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name=PROG, message="%(prog)s %(version)s",
                      help="Show the version and exit.")
@_debug_option
def cli() -> None:
    """Check that a book manuscript discloses, visibly and adequately, that AI co-wrote it.

    Rules follow OpenAI's Sharing & Publication Policy for fiction co-authored with AI. Exit
    codes: 0 clean, 1 findings of severity error, 2 usage or input error.
    """


@cli.command()
@_debug_option
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "sarif", "github", "html"]), default=None,
              help="Output format (default: text; on GitHub Actions, text plus annotations; html: one "
                   "self-contained page, best with -o report.html).")
@click.option("--output-file", "-o", type=_FILE,
              help="Write the report to FILE (replaced atomically) instead of stdout.")
@click.option("--model", help="The AI system used (e.g. GPT-4, Claude); checked by model-mismatch.")
@click.option("--lang", "lang", metavar="CODE", help=_LANG_HELP)
@click.option("--config", "config_path", type=_FILE,
              help="Config file (default: nearest .disclosure-lint.toml or pyproject.toml).")
@click.option("--select", help="Only these rules (comma-separated slugs or codes: DL005).")
@click.option("--ignore", help="Skip these rules (comma-separated slugs or codes: DL005).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Check books in this many processes (default: the number of CPUs; 1: serially).")
@click.option("--quiet", "-q", is_flag=True, help="Print only errors, no summary.")
@click.option("--limit", "limits", multiple=True, metavar="NAME=N", help=_LIMIT_HELP)
@click.option("--profile", "profile_names", multiple=True, metavar="NAME", help=_PROFILE_HELP)
@click.option("--stdin-filename", "stdin_filename", metavar="PATH",
              help="With `check -`: the name to give standard input in findings; its config is found "
                   "from there (the file need not exist).")
def check(paths: Sequence[str], fmt: str | None, output_file: Path | None, model: str | None,
          lang: str | None, config_path: Path | None, select: str | None, ignore: str | None,
          jobs: int | None, quiet: bool, limits: Sequence[str], profile_names: Sequence[str],
          stdin_filename: str | None) -> None:
    """Check manuscripts (Markdown, DOCX, EPUB files, book folders, or folders of books).

    A chapter file of a multi-file book checks its whole book, once however many of its files
    are named. A folder is searched for books: a book folder is one book, a folder of separate
    manuscripts one book each. Project files (README, LICENSE, docs/ ...) and short notes are
    skipped, with a line saying so when named. `-` reads one manuscript from standard input:
    Markdown, or a DOCX or EPUB when its bytes say so.
    """
    run_check(paths, fmt, output_file, model, lang, config_path, select, ignore, jobs, quiet, limits, profile_names,
              stdin_filename)


@cli.command()
@_debug_option
@click.argument("paths", nargs=-1)
@click.option("--output", "-o", type=_FILE, required=True,
              help="The table to write, one row per book: .parquet (needs the [audit] extra), .csv, "
                   ".jsonl. Rows already there for unchanged books are kept and those books skipped.")
@click.option("--from", "from_list", type=_ANY_PATH, metavar="LIST",
              help="Also audit the books listed in LIST, one path or URL a line (-: stdin).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default=None,
              help="local: a pool of processes here (the default); dask: a Dask cluster (the [dask] extra).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: the number of CPUs); with dask, of the LocalCluster.")
@click.option("--scheduler", metavar="tcp://HOST:PORT",
              help="An existing Dask scheduler (implies --engine dask); default: a LocalCluster for this run.")
@click.option("--book-timeout", type=click.FloatRange(min=0, min_open=True), default=60.0, show_default=True,
              metavar="SECONDS", help="Time limit of one book; past it, the book gets an error row.")
@click.option("--book-memory", default="4GiB", show_default=True, metavar="SIZE",
              help="Memory bound of a book's worker (its address space; 0: none); past it, an error row.")
@click.option("--force", is_flag=True, help="Audit every book again, into a new table.")
@click.option("--html", "html_file", type=_FILE, help="Also write the catalogue as an HTML page to FILE.")
@click.option("--model", help="The AI system used (e.g. GPT-4, Claude); checked by model-mismatch.")
@click.option("--config", "config_path", type=_FILE,
              help="Config file for every book (default: the one found from the working folder).")
@click.option("--profile", "profile_names", multiple=True, metavar="NAME", help=_PROFILE_HELP)
@click.option("--limit", "limits", multiple=True, metavar="NAME=N", help=_LIMIT_HELP)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary.")
def audit(paths: Sequence[str], output: Path, from_list: Path | None, engine: str | None, jobs: int | None,
          scheduler: str | None, book_timeout: float, book_memory: str, force: bool, html_file: Path | None,
          model: str | None, config_path: Path | None, profile_names: Sequence[str], limits: Sequence[str],
          quiet: bool) -> None:
    """Audit a catalogue: one row per book (EPUB, DOCX, Markdown books) in a table you can query.

    PATHS are files, folders (searched for books as `check` searches them), globs or fsspec URLs.
    A book that is refused, hangs past --book-timeout or crashes its worker gets a row with the
    verdict "unreadable" and the run goes on; rows are written as books finish, so a run that is
    stopped keeps them, and running it again audits only the rest. Exit 0 when the table is
    written, whatever the verdicts; 2 for a usage error.
    """
    from .audit.run import Audit, children_ahead, find_books, read_list, summarise
    from .audit.work import AuditOptions
    from .config import load_config, resolve_config
    from .limits import parse_size

    if engine == "local" and scheduler is not None:
        raise UsageError("--scheduler needs --engine dask")
    engine = engine or ("dask" if scheduler is not None else "local")
    if engine == "dask":
        from .audit.engines import DASK_EXTRA, dask_available

        if not dask_available():
            raise UsageError(f"--engine dask: {DASK_EXTRA}")
    try:
        memory = 0 if book_memory.strip() == "0" else parse_size(book_memory)
    except ValueError as exc:
        raise UsageError(f"--book-memory: {exc}") from exc
    names = list(paths) + (read_list(from_list) if from_list is not None else [])
    if not names:
        raise UsageError("name the books to audit (PATH..., or --from LIST)")
    config = load_config(config_path) if config_path is not None else resolve_config(Path.cwd(), None)
    config = config.with_overrides(model=model, profiles=_profiles(profile_names),
                                   limits=_parse_limits(limits, config.limits))
    options = AuditOptions(config)
    workers = jobs or os.cpu_count() or 1
    # The children that audit the books start now, while the books are looked for.
    with children_ahead(names, options, jobs=workers, timeout=book_timeout, memory=memory,
                        here=scheduler is None):
        books = find_books(names, config if config_path is not None else None)
        for message in books.empty:
            _say(f"{PROG}: {message}")
        if not books.paths:
            raise UsageError("no books to audit in the paths named")
        run = Audit.start(books.paths, output, options, force=force)
        stderr = sys.stderr
        show = not quiet and stderr.isatty() and not os.environ.get("CI") and len(books.paths) > 1

        def go(on_done: Callable[[object, int], None] | None = None) -> list[AuditRow]:
            return run.run(engine or "local", jobs=workers, timeout=book_timeout, memory=memory, scheduler=scheduler,
                           on_done=on_done)

        if show:
            import time

            started = time.monotonic()
            finished = [0]

            def rate(_: object) -> str:
                elapsed = time.monotonic() - started
                return f"{finished[0] / elapsed:.1f} books/s" if elapsed > 0 and finished[0] else ""

            def step(_: object, size: int) -> None:
                finished[0] += 1
                bar.update(size, None)

            # By bytes, not books: the largest books come first (`Audit.tasks`), and a count would
            # make the rate and the time left seem worse at the start than they are.
            with click.progressbar(length=run.total_bytes, label="Auditing books", file=stderr,
                                   item_show_func=rate, show_eta=True) as bar:
                rows = go(step)
        else:
            rows = go()
    summary = summarise(rows)
    if html_file is not None:
        from .audit.html import page

        _write_atomic(html_file, page(rows, summary).encode("utf-8"))
    if quiet:
        sys.exit(0)
    click.echo(f"audited {len(books.paths)} books into {output}: {len(run.written)} rows written, "
               f"{run.unchanged} unchanged books skipped")
    click.echo(f"{summary.books} books in the table: "
               + ", ".join(f"{count} {verdict}" for verdict, count in summary.verdicts.items()))
    if summary.rules:
        click.echo("rules: " + ", ".join(f"{rule} {count}" for rule, count in summary.rules))
    sys.exit(0)


@cli.command()
@_debug_option
@click.argument("folder", required=False, default=".",
                type=_FOLDER)
def init(folder: Path) -> None:
    """Write a commented .disclosure-lint.toml for the book in FOLDER (default: here).

    It holds the book's files as globs (so that a new chapter file joins the book), the model
    question, and every rule with its default severity; then it shows the pre-commit hook to add.
    An existing config is never overwritten.
    """
    from .config import CONFIG_NAME, find_config
    from .scaffold import write_starter

    if not folder.is_dir():
        raise UsageError(f"{folder}: no such folder")
    existing = find_config(folder)
    if existing is not None and existing.parent.resolve() == folder.resolve():
        raise UsageError(f"{folder / existing.name}: a config already exists here; not overwritten")
    try:
        target, starter = write_starter(folder)
    except FileExistsError:
        raise UsageError(f"{folder / CONFIG_NAME}: already exists; not overwritten") from None
    except OSError as exc:
        raise UsageError(f"{folder / CONFIG_NAME}: cannot write: {exc.strerror or exc}") from exc
    _echo(f"wrote {target} ({starter.summary}); edit it, then run `{PROG} check {folder}`")
    from .scaffold import hook_snippet

    _echo("\nTo check the book at every commit, add this to .pre-commit-config.yaml at the "
               "repository's root (or add the hook to the `repos:` you have):\n")
    _echo(hook_snippet(folder), nl=False)


@cli.command()
@_debug_option
@click.option("--profile", "profile_names", multiple=True, metavar="NAME",
              help="List the rules a policy profile applies, with its severities, clauses and sources "
                   "(repeatable): openai-2021, kdp, authors-guild, ingram, eu-ai-act, cope.")
def rules(profile_names: Sequence[str]) -> None:
    """List the rules: slug, code, default severity and what each checks."""
    from .rules import RULES

    width = max(len(r.slug) for r in RULES)
    profiles = _profiles(profile_names)
    if profiles:
        _profile_rules(profiles, width)
        return
    for rule in RULES:
        _echo(f"{rule.slug:<{width}}  {rule.code}  {rule.severity.value:<7}  {rule.summary}")
    from .api import LANGUAGE_CODE, LANGUAGE_DOC, LANGUAGE_RULE

    # Not a rule, but named like one (it can be ignored, selected and given a severity).
    _echo(f"{LANGUAGE_RULE:<{width}}  {LANGUAGE_CODE}  {'info':<7}  {LANGUAGE_DOC.splitlines()[0]}")


def _profile_rules(names: Sequence[str], width: int) -> None:
    """`rules --profile NAME`: each profile's rules, severities, clauses and sources."""
    import textwrap

    from .profiles import load_profile
    from .rules import RULES_BY_SLUG

    for n, name in enumerate(names):
        profile = load_profile(name)
        if n:
            _echo()
        _echo(f"{profile.name}: {profile.title}")
        _echo(f"source: {profile.source}")
        for entry in profile.rules:
            rule = RULES_BY_SLUG[entry.slug]
            _echo(f"{rule.slug:<{width}}  {rule.code}  {entry.severity.value:<7}  {rule.summary}")
            _echo(textwrap.fill(f"“{entry.clause}”", width=100, initial_indent="    ",
                                     subsequent_indent="     "))
            if entry.source != profile.source:
                _echo(f"    — {entry.source}")
            if entry.note:
                _echo(textwrap.fill(f"note: {entry.note}", width=100, initial_indent="    ",
                                         subsequent_indent="    "))
        for note in profile.notes:
            _echo(textwrap.fill(note, width=100, initial_indent="  * ", subsequent_indent="    "))
        _echo(textwrap.fill(f"verified: {profile.verified}", width=100, initial_indent="  ",
                                 subsequent_indent="  "))


@cli.command()
@_debug_option
@click.argument("slug")
def explain(slug: str) -> None:
    """Print a rule's documentation, with the policy clause it enforces (SLUG or code: DL005)."""
    from .names import rule_slug, unknown_rule
    from .rules import RULES_BY_SLUG

    found = rule_slug(slug)
    if found is None or found not in RULES_BY_SLUG:
        # A note named like a rule (language-unsupported), or the note of an unknown rule in a
        # comment (unknown-rule-in-comment, DL100), which the editor's hover explains too.
        from .api import rule_help

        notice = rule_help(found or slug)
        if notice is None:
            raise UsageError(unknown_rule(slug))
        _echo(f"{notice.slug} ({notice.code}, default severity {notice.severity.value})\n")
        _echo(notice.text)
        return
    rule = RULES_BY_SLUG[found]
    _echo(f"{rule.slug} ({rule.code}, default severity {rule.severity.value})\n")
    _echo(_dedent_doc(rule.doc))
    _echo(f"\nPolicy: “{rule.policy}”")
    _echo(f"  — {rule.source}")
    _explain_profiles(rule.slug)


def _explain_profiles(slug: str) -> None:
    """The clause and source of each policy profile that applies the rule (issue 16)."""
    from .names import PROFILES
    from .profiles import load_profile

    lines = []
    for name in PROFILES:
        profile = load_profile(name)
        entry = profile.rule(slug)
        if entry is not None:
            lines.append(f"  {name} ({entry.severity.value}): “{entry.clause}”")
            lines.append(f"    — {profile.title}, {entry.source}")
            if entry.note:
                lines.append(f"    note: {entry.note}")
    if lines:
        _echo("\nProfiles (`check --profile NAME`):")
        for line in lines:
            _echo(line)


@cli.command()
@_debug_option
@click.argument("path", type=_ANY_PATH)
@click.option("--model", help="The AI system used (e.g. GPT-4, Claude); default: config `model`.")
@click.option("--vendor", help="Its maker, for a model the tool does not know (e.g. \"Foo Labs\").")
@click.option("--template", "template_name", metavar="NAME",
              help="Template to insert (default: stock; see `disclosure-lint templates`).")
@click.option("--voice", type=click.Choice(["third", "first", "company"]),
              help="Whose voice: the author (third), I (first), or a company (needs --author).")
@click.option("--lang", "language", metavar="CODE",
              help="Write the note in this language: de, en, es, fr, it, nl, pt (default: the book's "
                   "language, when there are templates in it and check reads it; else English). The book "
                   "itself is read in its own language (config `lang` forces that).")
@click.option("--gender", type=click.Choice(["feminine", "masculine"]),
              help="The grammatical gender of \"the author\" in a third-person note, in a language that "
                   "has one (French l'autrice, German die Autorin ...; default: masculine).")
@click.option("--author", help="Author or company name for the text (default: the book's metadata).")
@click.option("--heading", help="Heading of the added section (default: \"A Note on the Use of AI\", "
                                "or its translation).")
@click.option("--output", type=_FILE,
              help="Write the result to FILE and leave the original untouched.")
@click.option("--dry-run", is_flag=True, help="Show what would change (a diff, or a description); write nothing.")
@click.option("--config", "config_path", type=_FILE,
              help="Config file (default: nearest .disclosure-lint.toml or pyproject.toml).")
@click.option("--limit", "limits", multiple=True, metavar="NAME=N", help=_LIMIT_HELP)
def insert(path: Path, model: str | None, vendor: str | None, template_name: str | None, voice: str | None,
           language: str | None, gender: str | None, author: str | None, heading: str | None,
           output: Path | None, dry_run: bool, config_path: Path | None, limits: Sequence[str]) -> None:
    """Add an accurate AI disclosure to a book (Markdown, DOCX, EPUB or a book folder).

    The text goes before the story: right before a Foreword, Introduction or Author's note if
    there is one, else before the first chapter, as its own headed section. It is written in the
    book's language (its metadata's) when there are templates in it, else in English. Nothing of
    the original is lost; the file is replaced atomically. A book that already discloses
    adequately is left as it is (exit 0); a book that says no AI was used is refused (exit 1).
    """
    from .config import resolve_config
    from .writers import InsertOptions, InsertRefused, run_insert

    if str(path) == "-":
        raise UsageError("insert does not read standard input (-): it edits the book's file in place, so name "
                         "the file (insert book.md); `check -` checks text from standard input")
    config = resolve_config(path, config_path)
    config = config.with_overrides(limits=_parse_limits(limits, config.limits))
    # The note is OpenAI's stock text, placed and checked as openai-2021 asks, whatever profiles the
    # config names for `check` (under kdp, which asks for no note, every book would look "adequate").
    config = config._replace(profiles=())
    options = InsertOptions(model=model, vendor=vendor, template=template_name, voice=voice, gender=gender,
                            language=language, author=author, heading=heading, output=output, dry_run=dry_run)
    try:
        result = run_insert(path, options, config)
    except InsertRefused as refused:
        _echo(f"{PROG}: {refused}", err=True)
        sys.exit(1)
    if result.preview:
        _echo(result.preview, nl=not result.preview.endswith("\n"))
    _echo(result.message, err=result.status == "dry-run")
    _residue_left(output or path, config)
    sys.exit(0)


def _residue_left(path: Path, config: Config) -> None:
    """`insert` does not remove chatbot residue (issue 20: a person must look): say what it leaves."""
    from .api import lint
    from .reporters.text import format_finding

    if not path.exists():
        return
    try:
        report = lint(path, config=config._replace(select=frozenset({"chatbot-residue"}), ignore=frozenset()))
    except DisclosureLintError:
        return
    left = [f for file in report.files for f in file.findings if f.rule == "chatbot-residue"]
    for f in left:
        click.echo(format_finding(f), err=True)
    if left:
        click.echo(f"{PROG}: insert leaves {len(left)} chatbot-residue finding{'s' if len(left) > 1 else ''}: "
                   "a person must remove them", err=True)


@cli.command()
@_debug_option
@click.argument("name", required=False)
@click.option("--model", help="Fill in {model} (and its maker).")
@click.option("--vendor", help="Fill in {vendor}.")
@click.option("--author", help="Fill in {author} / {company}.")
@click.option("--lang", "language", metavar="CODE",
              help="The templates in this language (de, en, es, fr, it, nl, pt); default: English.")
@click.option("--config", "config_path", type=_FILE,
              help="Config file (for a `templates` folder of your own).")
def templates(name: str | None, model: str | None, vendor: str | None, author: str | None,
              language: str | None, config_path: Path | None) -> None:
    """List the disclosure templates, or print one (filled in with --model/--vendor/--author).

    Without --lang: the English templates, then the languages there are templates in, each with
    its note's heading. With --lang CODE: that language's templates (or, with NAME, that one).
    `insert` writes in the book's language; its third-person text takes --gender in languages
    whose "the author" has one (the `-feminine` templates).
    """
    from .analysis.lexicon import load_lexicon
    from .config import resolve_config
    from .writers import InsertOptions, model_name, vendor_of
    from .writers.templates import (
        DEFAULT_LANGUAGE,
        language_code,
        languages,
        load_templates,
        unknown_language,
    )

    config = resolve_config(Path.cwd(), config_path)
    known = languages(config.templates)
    code = DEFAULT_LANGUAGE
    if language is not None:
        code = language_code(language, load_lexicon(config.phrases).language_names)
        if code not in known:
            raise unknown_language(language, known)
    found = load_templates(config.templates, code)
    if name is None:
        width = max(len(n) for n in found)
        for template in found.values():
            origin = "" if template.source == "built-in" else f"  ({template.source})"
            _echo(f"{template.name:<{width}}  {template.voice:<7}  {template.description}{origin}")
        if language is not None:
            _echo(f"\nheading: {known[code].heading}")
            return
        _echo(f"\nlanguages (`{PROG} templates --lang CODE` lists a language's templates; insert writes in "
                   "the book's language):")
        name_width = max(len(lang.name) for lang in known.values())
        heading_width = max(len(lang.heading) for lang in known.values())
        lexicon = load_lexicon(config.phrases)
        for lang in known.values():
            later = "" if lexicon.language_of(lang.code) else "  (check does not read it yet: insert uses it with --lang only)"
            _echo(f"  {lang.code:<3} {lang.name:<{name_width}}  {'“' + lang.heading + '”':<{heading_width + 2}}{later}".rstrip())
        return
    if name not in found:
        from .names import did_you_mean

        hint = did_you_mean(name, list(found))
        where = f" --lang {code}" if language is not None else ""
        raise UsageError(f"unknown template {name!r} ({hint + ' ' if hint else ''}see `{PROG} templates{where}`)")
    values: dict[str, str | None] = {"author": author}
    if model:
        values["model"] = model_name(model, config)
        values["vendor"] = vendor_of(model, InsertOptions(vendor=vendor), config)
    elif vendor:
        values["vendor"] = vendor
    for paragraph in found[name].render(values, keep_missing=not model):
        _echo(paragraph)


@cli.command()
@_debug_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              help="Output format (default: text).")
@click.option("--author", "authors", multiple=True, metavar="NAME",
              help="An author to credit (repeatable; default: config [book] authors, else [ai-use] responsibility).")
@click.option("--config", "config_path", type=_FILE,
              help="Config file (default: nearest .disclosure-lint.toml or pyproject.toml from here).")
def declare(fmt: str, authors: Sequence[str], config_path: Path | None) -> None:
    """Print what to tell stores and catalogues, from the config's [ai-use] declaration.

    The answers to Amazon KDP's AI-generated content questions, ONIX 3.0 <Contributor> composites
    (the AI as an unnamed contributor, code 09, or "Assisted by", Z01, after the person it
    assisted), and IngramSpark's contributor credits ("Assisted By - Generative AI").
    """
    from .config import CONFIG_NAME, resolve_config
    from .declare import as_json, as_text, build

    config = resolve_config(Path.cwd(), config_path)
    declaration = config.declaration
    if declaration is None:
        where = config.source.name if config.source is not None else CONFIG_NAME
        raise UsageError(f"no [ai-use] declaration in {where}; run {PROG} init")
    names = tuple(authors) or config.book.authors or (
        (declaration.responsibility,) if declaration.responsibility else ())
    if not names:
        raise UsageError("declare: no author to credit: give --author NAME, or [book] authors in the config")
    declared = build(declaration, names)
    _echo(as_json(declared, declaration) if fmt == "json" else as_text(declared), nl=False)


@cli.command()
@_debug_option
@click.option("--stdio", is_flag=True, help="Talk over stdin and stdout (the default and only way; "
                                            "accepted because editors pass it).")
def lsp(stdio: bool) -> None:
    """Run the language server for editors (Language Server Protocol over stdio).

    Diagnostics as you type (Markdown) or save (DOCX, EPUB), each chapter checked with its whole
    book; quick fixes to insert the disclosure or silence a rule; the rule's documentation on
    hover. Needs the `lsp` extra: pip install 'disclosure-lint[lsp]'. See README "In the editor".
    """
    import importlib.util

    if importlib.util.find_spec("pygls") is None:
        raise UsageError("the language server needs pygls: pip install 'disclosure-lint[lsp]'")
    from .lsp.server import serve

    serve()


def _dedent_doc(doc: str) -> str:
    import inspect

    return inspect.cleandoc(doc)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit code (console-script entry point)."""
    args = list(sys.argv[1:] if argv is None else argv)
    saved = os.environ.get(DEBUG_ENV)
    try:
        return _run(args)
    finally:
        if saved is None:
            os.environ.pop(DEBUG_ENV, None)
        else:
            os.environ[DEBUG_ENV] = saved


def entry() -> NoReturn:
    """`main`, then the end of the process without the interpreter's teardown (`console.end`).
    The console script and `python -m disclosure_lint` start in `launch.entry`, which comes here
    for every command line but a plain `check`."""
    end(main())


def _run(args: list[str]) -> int:
    if not args and not os.environ.get(COMPLETE_ENV):
        # The usage a user asked for by asking nothing, as `--help` prints it (click would fold
        # it into the one-line error below); exit 2: no command was given.
        with contextlib.suppress(OSError, ValueError), click.Context(cli, info_name=PROG, **cli.context_settings) as ctx:
            _echo(cli.get_help(ctx))
        return 2

    def parse_and_run() -> int:
        try:
            cli.main(args=args, prog_name=PROG, standalone_mode=False)
        except click.exceptions.Abort:
            _say(f"{PROG}: aborted")
            return 2
        except click.ClickException as exc:
            # One line, like every other failure; click's own form ("Usage: ...", blank line,
            # "Error: ...") takes three.
            hint = ""
            if isinstance(exc, click.UsageError) and exc.ctx is not None:
                hint = f" (see `{exc.ctx.command_path} --help`)"
            _say(f"{PROG}: {exc.format_message()}{hint}")
            return 2 if exc.exit_code not in (0, 1) else exc.exit_code
        return 0

    return run(parse_and_run)
