"""Writers: `insert` adds a disclosure to a book, editing the original bytes surgically.

The flow, the same for every format:

1. read the book and run the same analysis and rules as `check`;
2. an adequate disclosure already → change nothing (idempotent); a statement that no AI was used
   → refuse, since a disclosure would contradict the book;
3. render the template (model, maker, author) and choose the place from the reader's sections
   (`place`): right before a Foreword, Introduction, Preface or Author's note if there is one,
   else before the first section of the story (after title and copyright pages); never inside a
   chapter;
4. the format's writer computes the new bytes (`markdown`, `docx`, `epub`);
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
from typing import TYPE_CHECKING, Protocol

from ..errors import DisclosureLintError, InputError, UsageError, WriteError
from ..model import Kind, Manuscript, Role, Severity
from ..readers.vocabulary import STORY_KINDS, classify_heading
from .atomic import Snapshot, snapshot, write_atomic

if TYPE_CHECKING:
    from ..analysis.disclosure import Statements
    from ..config import Config

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

    data: bytes
    #: For --dry-run on DOCX/EPUB: heading, text and place of the section to be added.
    description: str


class Writer(Protocol):
    def __call__(self, data: bytes, manuscript: Manuscript, placement: Placement, note: Note,
                 ) -> Rendered: ...


@dataclass(frozen=True)
class InsertOptions:
    """What the user asked `insert` for (command-line values; None: not given)."""

    model: str | None = None
    vendor: str | None = None
    template: str | None = None
    voice: str | None = None
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
    data: bytes
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


def build_note(manuscript: Manuscript, options: InsertOptions, config: Config, model: str) -> Note:
    """Render the chosen template for this book."""
    from .templates import choose, load_templates

    template = choose(load_templates(config.templates), options.template, options.voice)
    author = options.author or (manuscript.metadata.authors[0] if manuscript.metadata.authors else None)
    # A company template without a name is refused by `render`, in the words `templates` uses.
    paragraphs = template.render({"model": model_name(model, config),
                                  "vendor": vendor_of(model, options, config), "author": author})
    heading = " ".join((options.heading or DEFAULT_HEADING).split())
    if not heading:
        raise UsageError("--heading must not be empty")
    if classify_heading(heading) in STORY_KINDS:
        raise UsageError(f"--heading {heading!r} reads as a chapter heading; the note must stand before the "
                         "story (e.g. \"A Note on the Use of AI\")")
    return Note(heading, paragraphs)


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
    fmt = "book" if path.is_dir() else detect_format(path)
    if options.output is not None and fmt == "book":
        raise UsageError("--output is for a single file; a book folder is edited in place")
    if options.output is not None and options.output.suffix.lower() != path.suffix.lower():
        raise UsageError(f"--output {options.output.name}: insert keeps the format: write to a "
                         + (f"{path.suffix} file" if path.suffix else "file without an extension, like the book"))
    # Read (and so check against the limits) before holding the file's bytes: a refused input
    # costs no memory. A file that changes between the two reads is refused.
    before = None if fmt == "book" else _stat(path)
    manuscript = read(path, config)
    original = None if fmt == "book" else snapshot(path)
    if original is not None and before != (original.size, original.mtime_ns):
        raise WriteError(f"{path}: the file changed while it was being read (saved by another "
                         "program?); nothing was written — run insert again")
    _ready(manuscript, config)
    note = build_note(manuscript, options, config, model)
    placement = place(manuscript)
    if fmt == "book":
        from .book import insert_into_book

        return insert_into_book(path, manuscript, placement, note, config, dry_run=options.dry_run)
    assert original is not None
    writer = _writer(fmt)
    rendered = writer(original.data, manuscript, placement, note)
    target = options.output or path
    same = target.resolve() == path.resolve()
    edit = _FileEdit(target, rendered.data, original if same else None, rendered.description, original.data)
    verify = partial(_verify_file, fmt=fmt, config=config)
    if options.dry_run:
        return _dry_run(edit, fmt, verify)
    write_atomic(target, edit.data, original=edit.original, verify=verify)
    return InsertResult("inserted", f"{target}: added “{note.heading}” {placement.describe(manuscript)}")


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
    from ..analysis.lexicon import load_lexicon

    statements = analyse(manuscript, load_lexicon(config.phrases))
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


def _refuse_if_failing(manuscript: Manuscript, config: Config) -> None:
    errors = _disclosure_errors(manuscript, config)
    if errors:
        raise InsertRefused(f"with the note added, check would still report {errors[0]}; nothing was "
                            "written (is the template accurate and clear?)")


def _verify_file(temp: Path, *, fmt: str, config: Config) -> None:
    """Read the finished result back as `check` would, and refuse it if it would not pass."""
    from ..readers import read_manuscript

    _refuse_if_failing(read_manuscript(temp, limits=config.limits, fmt=fmt, config=config), config)


# --- writing ---------------------------------------------------------------------------------------


def _dry_run(edit: _FileEdit, fmt: str, verify: Callable[[Path], None]) -> InsertResult:
    """Check the result in a scratch folder and show it; write nothing next to the book."""
    with tempfile.TemporaryDirectory(prefix="disclosure-lint-") as scratch:
        temp = Path(scratch) / edit.target.name
        temp.write_bytes(edit.data)
        verify(temp)
    preview = unified_diff(edit.before, edit.data, str(edit.target)) if fmt == "markdown" else edit.description
    return InsertResult("dry-run", "dry run: nothing was written", preview=preview)


def unified_diff(before: bytes, after: bytes, name: str) -> str:
    """A unified diff of two versions of a text file (line endings shown as plain newlines)."""
    old = before.decode("utf-8", errors="replace").lstrip("\ufeff").splitlines(keepends=True)
    new = after.decode("utf-8", errors="replace").lstrip("\ufeff").splitlines(keepends=True)
    old = [line.rstrip("\r\n") + "\n" for line in old]
    new = [line.rstrip("\r\n") + "\n" for line in new]
    label_old = name if before else "/dev/null"
    return "".join(difflib.unified_diff(old, new, label_old, name))
