"""Writers: `insert` adds a disclosure to a book, editing the original bytes surgically.

The flow, the same for every format:

1. read the book and run the same analysis and rules as `check`;
2. an adequate disclosure already → change nothing (idempotent); a statement that no AI was used
   → refuse, since a disclosure would contradict the book;
3. render the template (model, maker, author), in the book's language (`templates`: its
   metadata's language when there are templates in it, else English; --lang forces one), and
   choose the place from the reader's sections
   (`place`): right before a Foreword, Introduction, Preface or Author's note if there is one,
   else before the first section of the story (after title and copyright pages); never inside a
   chapter;
4. the format's writer computes the new bytes (`markdown`, `docx`, `epub`), and, when the config
   has an `[ai-use]` declaration, writes its machine-readable mirror into the file's metadata
   (`mirror`: the EPUB package, DOCX custom properties, Markdown front matter);
5. the result is read back and checked before it replaces anything: if `check` would still
   report a disclosure error, nothing is written;
6. `atomic.write_atomic` writes a temporary file beside the target and renames it over.

The registry of writers is an explicit table; a writer module is imported when first needed.
"""

from __future__ import annotations

import difflib
import importlib
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import DisclosureLintError, InputError, UsageError, WriteError
from ..model import Kind, Manuscript, Role, Severity
from ..readers.vocabulary import STORY_KINDS, classify_heading
from .atomic import Content, Snapshot, snapshot, through_link, verify_as, write_atomic

if TYPE_CHECKING:
    from ..analysis.disclosure import Statements
    from ..config import Config
    from .mirror import Mirror

#: The note's heading in English (each language's is in the templates' languages.toml).
DEFAULT_HEADING = "A Note on the Use of AI"

#: Sections the note goes right before, when the front matter has one.
FRONT_NOTES = frozenset({Kind.FOREWORD, Kind.INTRODUCTION, Kind.PREFACE, Kind.AUTHORS_NOTE})

#: Pages that open a book before any Foreword or story: the note goes after them.
OPENING_KINDS = frozenset({Kind.TITLE_PAGE, Kind.COPYRIGHT, Kind.DEDICATION, Kind.EPIGRAPH, Kind.CONTENTS})

#: Rules whose errors mean "no adequate disclosure" (attribution is about the byline: insert
#: cannot fix it, and it does not make the disclosure inadequate).
DISCLOSURE_RULES = frozenset({
    "disclosure-missing", "disclosure-hidden", "disclosure-placement", "roles-undescribed",
    "responsibility-missing", "authorship-misrepresented", "disclosure-unclear", "model-mismatch",
})

#: format → module defining `render(data, manuscript, placement, note) -> Rendered`.
WRITERS: dict[str, str] = {
    "markdown": "disclosure_lint.writers.markdown",
    "docx": "disclosure_lint.writers.docx",
    "epub": "disclosure_lint.writers.epub",
}


class InsertRefused(DisclosureLintError):
    """`insert` will not add a disclosure (the book denies AI use; the result would not pass)."""


@dataclass(frozen=True, slots=True)
class Note:
    """The section `insert` adds."""

    heading: str
    #: The template's text, one string per paragraph.
    paragraphs: tuple[str, ...]
    #: The language the note is written in, as a tag to mark it with ("fr", or the book's own
    #: "fr-CA" when the book is in that language): EPUB and DOCX mark a note whose language
    #: differs from the book's, so that a reader (and `check`) reads it in its own language.
    language: str = "en"
    #: What the result message says of the language after the heading (" (in French)"), or "".
    remark: str = ""
    #: The machine-readable mirror of the `[ai-use]` declaration, written into the file's metadata
    #: with the note (`mirror`); None without a declaration.
    mirror: Mirror | None = None

    def said(self) -> str:
        """The note as the result message names it: “heading” and the language remark."""
        return f"“{self.heading}”{self.remark}"


@dataclass(frozen=True, slots=True)
class Placement:
    """Where the note goes: before a section of the manuscript, or at the end of the book."""

    #: Index in `Manuscript.sections` of the section the note goes right before; None: at the end.
    before: int | None

    def describe(self, manuscript: Manuscript) -> str:
        if self.before is None:
            return "at the end of the book (it has no chapters or other body matter)"
        section = manuscript.sections[self.before]
        name = f"“{section.heading}”" if section.heading else "the start of the text"
        return f"before {name}"


@dataclass(frozen=True, slots=True)
class Rendered:
    """A writer's result: the whole new file, and what it did in a writer's words."""

    #: The new file: its bytes (Markdown), or a function writing it to a stream (a DOCX or EPUB,
    #: whose untouched members are copied from the original as it is written).
    data: Content
    #: For --dry-run on DOCX/EPUB: heading, text and place of the section to be added.
    description: str


#: A format's `render(data, manuscript, placement, note)`: Markdown gets the file's bytes; a DOCX
#: or EPUB writer gets its path and `limits=` (it reads only the members it edits, within them).
Writer = Callable[..., Rendered]


@dataclass(frozen=True)
class InsertOptions:
    """What the user asked `insert` for (command-line values; None: not given)."""

    model: str | None = None
    vendor: str | None = None
    template: str | None = None
    voice: str | None = None
    #: The grammatical gender of "the author" in a third-person text: "feminine" or "masculine".
    gender: str | None = None
    #: The note's language (--lang: a code or tag); None: the book's.
    language: str | None = None
    author: str | None = None
    heading: str | None = None
    output: Path | None = None
    dry_run: bool = False


@dataclass(frozen=True)
class InsertResult:
    """What `insert` did, for the CLI to say."""

    #: "inserted", "unchanged" (an adequate disclosure was there) or "dry-run".
    status: str
    message: str
    #: For --dry-run: a unified diff (Markdown) or a description (DOCX, EPUB).
    preview: str = ""


@dataclass(frozen=True)
class _FileEdit:
    """The file to write: the new bytes, the snapshot they came from (None: not the original)."""

    target: Path
    data: Content
    original: Snapshot | None
    description: str
    #: The original's bytes, for a diff.
    before: bytes = b""


def place(manuscript: Manuscript) -> Placement:
    """Where the policy wants the note: before the Foreword (or the like), else before the story.

    The sections, their kinds and roles are the reader's, the ones `check` judges: the writer has
    no classifier of its own. A section of an opening kind (title page, copyright page,
    dedication, epigraph, contents) never starts the story, whatever role the format's markup
    gave it (pandoc marks every EPUB section after its title page ``bodymatter``): the note goes
    after those pages, never between a title page and its copyright page.
    """
    for i, section in enumerate(manuscript.sections):
        if section.kind in FRONT_NOTES or section.kind in STORY_KINDS:
            return Placement(i)
        if section.role is not Role.FRONT and section.kind not in OPENING_KINDS:
            return Placement(i)
    return Placement(None)


def model_name(model: str, config: Config) -> str:
    """The model as the text should name it: the canonical spelling when the user's is a variant
    of it ("gpt4" → "GPT-4"), else exactly as given ("Claude 3 Opus")."""
    from ..analysis.lexicon import load_lexicon

    canonical = load_lexicon(config.phrases).canonical(model)
    squash = re.compile(r"[\s_-]+")
    if canonical and squash.sub("", canonical).lower() == squash.sub("", model).lower():
        return canonical
    return model.strip()


def vendor_of(model: str, options: InsertOptions, config: Config) -> str | None:
    """--vendor, then config `vendor`, then the maker the lexicon knows (GPT-4 → OpenAI)."""
    from ..analysis.lexicon import load_lexicon

    return options.vendor or config.vendor or load_lexicon(config.phrases).system_vendor(model)


def note_language(options: InsertOptions, manuscript: Manuscript, config: Config) -> tuple[str, str]:
    """The language to write the note in, and the remark the result message makes about it.

    --lang, which must have templates; else the book's language (its metadata's) when there are
    templates in it and `check` reads it (a note that `check` reads with another language's
    lexicon would not pass, and insert would refuse the book); else English.
    """
    from ..analysis.lexicon import load_lexicon
    from .templates import DEFAULT_LANGUAGE, language_code, languages, unknown_language

    known = languages(config.templates)
    lexicon = load_lexicon(config.phrases)
    if options.language is not None:
        code = language_code(options.language, lexicon.language_names)
        if code not in known:
            raise unknown_language(options.language, known)
        return code, ""
    tag = (manuscript.metadata.language or "").strip()
    if not tag:
        return DEFAULT_LANGUAGE, ""
    code = language_code(tag, lexicon.language_names)
    if code not in known:
        return DEFAULT_LANGUAGE, f" (in English: no templates in the book's language {tag!r})"
    if code != DEFAULT_LANGUAGE and lexicon.language_of(code) is None:
        name = known[code].name
        return DEFAULT_LANGUAGE, (f" (in English: check does not read {name} yet, so a {name} note would not "
                                  f"pass; --lang {code} forces one)")
    return code, ""


def build_note(manuscript: Manuscript, options: InsertOptions, config: Config, model: str) -> Note:
    """Render the chosen template for this book, in its language."""
    from .templates import DEFAULT_LANGUAGE, choose_template, language_code, languages

    language, remark = note_language(options, manuscript, config)
    template = choose_template(config.templates, language, options.template, options.voice, options.gender,
                               forced=options.language is not None)
    author = options.author or (manuscript.metadata.authors[0] if manuscript.metadata.authors else None)
    # A company template without a name is refused by `render`, in the words `templates` uses.
    paragraphs = template.render({"model": model_name(model, config),
                                  "vendor": vendor_of(model, options, config), "author": author})
    known = languages(config.templates)
    written = known[template.language] if template.language in known else known[DEFAULT_LANGUAGE]
    if template.language != language:  # a template of the user's that the language lacks
        remark = (f" (the templates folder has no {known[language].name} version of {template.name!r}: used the "
                  "one at its top)")
    elif template.language != DEFAULT_LANGUAGE:
        remark = f" (in {written.name})"
    # The book's own tag when it is a tag of the note's language ("fr-CA"), else the code (a book
    # whose metadata says "French" gets "fr").
    tag = (manuscript.metadata.language or "").strip().replace("_", "-")
    if language_code(tag) != template.language:
        tag = template.language
    heading = " ".join((options.heading or written.heading).split())
    if not heading:
        raise UsageError("--heading must not be empty")
    if classify_heading(heading) in STORY_KINDS:
        raise UsageError(f"--heading {heading!r} reads as a chapter heading; the note must stand before the "
                         f"story (e.g. \"{DEFAULT_HEADING}\")")
    mirror = None
    if config.declaration is not None:
        from .mirror import mirror_of

        mirror = mirror_of(config.declaration)
    return Note(heading, paragraphs, tag, remark, mirror)


def insert(path: Path, options: InsertOptions, config: Config) -> InsertResult:
    """Add a disclosure to the book at `path` (see the module docstring for the steps)."""
    from ..api import read
    from ..readers import detect_format

    model = options.model or config.model
    if not model:
        raise UsageError("insert needs the AI system that was used, so that the text is accurate: give "
                         "--model NAME (e.g. --model GPT-4) or set model = \"...\" in the config")
    config = config.with_overrides(model=model, vendor=options.vendor)
    if not path.is_dir() and options.output is None:
        from ..readers.discovery import book_of

        path = book_of(path)  # a chapter of a book: the book, as `check` reads it
    fmt = "book" if path.is_dir() else detect_format(path, config.limits)
    if options.output is not None and fmt == "book":
        raise UsageError("--output is for a single file; a book folder is edited in place")
    if options.output is not None and options.output.suffix.lower() != path.suffix.lower():
        raise UsageError(f"--output {options.output.name}: insert keeps the format: write to a "
                         + (f"{path.suffix} file" if path.suffix else "file without an extension, like the book"))
    target = options.output or path
    if fmt != "book":
        through_link(target)  # a link out of the book is refused before any work
    # Read (and so check against the limits) before holding the file's bytes: a refused input
    # costs no memory. A file that changes between the two reads is refused. A DOCX or EPUB is
    # never held: only its hash is kept, and the writer reads the members it edits.
    before = None if fmt == "book" else _stat(path)
    manuscript = read(path, config)
    original = None if fmt == "book" else snapshot(path, keep=fmt == "markdown")
    if original is not None and before != (original.size, original.mtime_ns):
        raise WriteError(f"{path.name} changed while disclosure-lint was reading it; run again (nothing was "
                         "changed)")
    _ready(manuscript, config)
    note = build_note(manuscript, options, config, model)
    placement = place(manuscript)
    if fmt == "book":
        from .book import insert_into_book

        return insert_into_book(path, manuscript, placement, note, config, dry_run=options.dry_run)
    assert original is not None
    writer = _writer(fmt)
    rendered = (writer(original.data, manuscript, placement, note) if fmt == "markdown"
                else writer(path, manuscript, placement, note, limits=config.limits))
    same = target.resolve() == path.resolve()
    edit = _FileEdit(target, rendered.data, original if same else None, rendered.description, original.data)
    verify = partial(_verify_file, fmt=fmt, config=config, note=note)
    if options.dry_run:
        return _dry_run(edit, fmt, verify)
    written = write_atomic(target, edit.data, original=edit.original, verify=verify,
                           size=original.size + sum(len(p) for p in note.paragraphs))
    return InsertResult("inserted", f"{changed(target, written)}: added {note.said()} {placement.describe(manuscript)}")


def changed(target: Path, written: Path) -> str:
    """The file insert changed, as the result message names it: a link says where it leads."""
    return str(target) if written == target else f"{target} (a link; changed its target {written})"


def _stat(path: Path) -> tuple[int, int]:
    try:
        st = path.stat()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    return st.st_size, st.st_mtime_ns


def _writer(fmt: str) -> Writer:
    module = importlib.import_module(WRITERS[fmt])
    render: Writer = module.render
    return render


def _ready(manuscript: Manuscript, config: Config) -> None:
    """Stop when the book already discloses adequately (unchanged) or denies AI use (refused)."""
    from ..analysis.disclosure import analyse
    from ..analysis.lexicon import lexicon_for

    statements = analyse(manuscript, lexicon_for(manuscript.metadata.language, config.phrases))
    if not _disclosure_errors(manuscript, config, statements):
        raise _Unchanged(f"{manuscript.path}: already has an adequate AI disclosure; nothing changed")
    claims = statements.denials + statements.wholly_human
    if claims:
        claim = claims[0]
        at = claim.location
        where = f"{at.path}:{at.line}" if at.line else (f"{at.path} (paragraph {at.block})" if at.block else at.path)
        raise InsertRefused(
            f"{where}: the book says “{claim.text}”, which claims no AI was used; a disclosure that AI "
            "generated part of the text would contradict it. Correct or remove that statement, then run "
            "insert again (nothing was changed)")


class _Unchanged(Exception):
    """Internal: the book needs no insert."""


def run_insert(path: Path, options: InsertOptions, config: Config) -> InsertResult:
    """`insert`, with "already disclosed" turned into an "unchanged" result."""
    try:
        return insert(path, options, config)
    except _Unchanged as done:
        return InsertResult("unchanged", str(done))


# --- verification ----------------------------------------------------------------------------------


def _disclosure_errors(manuscript: Manuscript, config: Config, statements: Statements | None = None,
                       ) -> list[str]:
    from ..api import check_manuscript

    report = check_manuscript(manuscript, config, statements)
    return [f"{f.rule}: {f.message}" for f in report.findings
            if f.severity is Severity.ERROR and f.rule in DISCLOSURE_RULES]


def _refuse_if_failing(manuscript: Manuscript, config: Config, note: Note | None = None) -> None:
    errors = _disclosure_errors(manuscript, config)
    if errors:
        raise InsertRefused(f"with the note added, check would still report {errors[0]}; nothing was "
                            f"written ({_why(manuscript, config, note)})")


def _why(manuscript: Manuscript, config: Config, note: Note | None) -> str:
    """The likely reason a note does not pass: a note in a language `check` does not read yet,
    or in another language than the one the book declares (which `check` reads it in), else the
    template."""
    from ..analysis.lexicon import load_lexicon
    from .templates import language_code

    book = (manuscript.metadata.language or "").strip()
    lexicon = load_lexicon(config.phrases)
    if note is not None and lexicon.language_of(note.language) is None:
        return (f"the note is in {note.language!r}, which check does not read yet (it reads "
                f"{', '.join(sorted(lexicon.supported))}): insert without --lang for an English note")
    if note is not None and book and language_code(book, lexicon.language_names) != language_code(note.language):
        return (f"the note is in {note.language!r} but the book declares its language as {book!r}, and check "
                "reads the book in that language: insert the note in the book's language (without --lang, with a "
                f"template in {language_code(book)}/ of the templates folder), or correct the book's language")
    if note is not None and not book and language_code(note.language) != "en":
        return (f"the note is in {note.language!r} but the book declares no language, and check reads it as "
                f"English: declare the book's language (front matter `lang: {note.language}`, EPUB dc:language, "
                "the DOCX's language), or insert without --lang")
    return "is the template accurate and clear?"


def _verify_file(temp: Path, *, fmt: str, config: Config, note: Note | None = None) -> None:
    """Read the finished result back as `check` would, and refuse it if it would not pass."""
    from ..readers import read_manuscript

    _refuse_if_failing(read_manuscript(temp, limits=config.limits, fmt=fmt, config=config), config, note)


# --- writing ---------------------------------------------------------------------------------------


def _dry_run(edit: _FileEdit, fmt: str, verify: Callable[[Path], None]) -> InsertResult:
    """Check the result in a scratch folder and show it; write nothing next to the book."""
    with tempfile.TemporaryDirectory(prefix="disclosure-lint-") as scratch:
        temp = Path(scratch) / edit.target.name
        with temp.open("wb") as fh:
            if isinstance(edit.data, bytes):
                fh.write(edit.data)
            else:
                edit.data(fh)
        verify_as(verify, temp, edit.target)
    preview = (unified_diff(edit.before, edit.data, str(edit.target))
               if fmt == "markdown" and isinstance(edit.data, bytes) else edit.description)
    return InsertResult("dry-run", "dry run: nothing was written", preview=preview)


def unified_diff(before: bytes, after: bytes, name: str) -> str:
    """A unified diff of two versions of a text file (line endings shown as plain newlines)."""
    old = before.decode("utf-8", errors="replace").lstrip("\ufeff").splitlines(keepends=True)
    new = after.decode("utf-8", errors="replace").lstrip("\ufeff").splitlines(keepends=True)
    old = [line.rstrip("\r\n") + "\n" for line in old]
    new = [line.rstrip("\r\n") + "\n" for line in new]
    label_old = name if before else "/dev/null"
    return "".join(difflib.unified_diff(old, new, label_old, name))
