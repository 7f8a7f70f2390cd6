"""Which books the paths a user names hold, as an author lays a writing repository out.

- A chapter file belongs to its book: a declared one (config `[book] files`, mdBook, Quarto,
  Leanpub; `readers.layouts`) or, without any declaration, the folder it sits in when that folder
  reads as one book (numbered or section-named chapter files, a front-matter file such as
  `00-front.md`, or one file with the book's title front matter), or the folder above when the
  book keeps its chapters one folder down (`front/`, `chapters/`, `back/`).
- Project files are not manuscripts: `README*`, `CHANGELOG*`, `LICENSE*`, `CONTRIBUTING*`,
  `CODE_OF_CONDUCT*`, a `SUMMARY.md` that no declared book reads, and whatever lies under
  `docs/`, `notes/`, `research/` or `.github/`. The config's `include` globs take a file back,
  its `exclude` globs leave more out.
- A lone Markdown file is a manuscript only when it reads like one (a title and some prose, or a
  good deal of prose); a short note is skipped.
- A folder holds books: a book folder is one book, a folder of independent manuscripts (each with
  its own title front matter, or DOCX and EPUB files) is one book each, and the folders below are
  searched for more (hidden folders, tool folders and project folders are not).

A file named explicitly and skipped gets one line saying why (`Skipped`); a file met while
searching a folder is skipped silently.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .. import patterns as rx
from ..errors import ConfigError, InputError
from ..model import Kind, Severity, Skipped
from .layouts import (
    MARKDOWN_SUFFIXES,
    BookFinder,
    Layout,
    book_layout,
    display_path,
    front_file,
    is_project_name,
    natural_key,
    split_layout,
)

if not TYPE_CHECKING:
    from ..records import NamedTuple  # typing.NamedTuple, cheaper to define (see records)

if TYPE_CHECKING:
    from ..config import Config

#: Packages are books of their own wherever they lie.
PACKAGE_SUFFIXES = (".docx", ".epub")

#: Folders whose Markdown is about the work, not the work.
PROJECT_FOLDERS = frozenset({"docs", "notes", "research", ".github"})
#: Folders a search never enters: tools' and builds' (a `book/` of mdBook output holds HTML only).
_TOOL_FOLDERS = frozenset({"node_modules", "__pycache__", "site-packages", "venv", ".venv", "_book", "_site",
                           "_freeze"})
#: A search of a folder stops after this many entries (a catalogue goes through `--from` lists).
MAX_SEARCH_ENTRIES = 200_000

#: A folder is judged by its first files (natural order): a 20,000-file folder is not read twice.
_SAMPLE = 64
#: Bytes of a Markdown file read to judge whether it is a manuscript.
_HEAD_BYTES = 16 * 1024
#: A file with a title needs this many words of prose to be a manuscript; one without, _UNTITLED.
_TITLED_PROSE_WORDS = 20
_UNTITLED_PROSE_WORDS = 150


class Book(NamedTuple):
    """One book to check: a file, or a folder whose layout gives its files."""

    #: What to read, as the user would write it (relative to the working folder when inside it).
    path: Path


class Found(NamedTuple):
    books: tuple[Book, ...]
    skipped: tuple[Skipped, ...]
    #: Named paths that hold nothing to check: (path, one-line reason).
    empty: tuple[tuple[str, str], ...] = ()


class Filter(NamedTuple):
    """A config's `include` / `exclude` globs, relative to its folder."""

    root: Path
    include: tuple[re.Pattern[str], ...] = ()
    exclude: tuple[re.Pattern[str], ...] = ()

    def says(self, path: Path) -> bool | None:
        """True when `include` takes the file, False when `exclude` leaves it out, else None."""
        try:
            rel = Path(os.path.abspath(path)).relative_to(self.root).as_posix()
        except ValueError:
            return None
        if any(p.fullmatch(rel) for p in self.include):
            return True
        if any(p.fullmatch(rel) for p in self.exclude):
            return False
        return None


def glob_pattern(glob: str) -> re.Pattern[str]:
    """A config glob as a pattern over paths relative to the config's folder: `*` and `?` stay in
    one folder, `**` crosses folders, and a folder's name takes everything under it."""
    glob = glob.strip().removeprefix("./")
    out = []
    i = 0
    while i < len(glob):
        if glob.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif glob.startswith("**", i):
            out.append(".*")
            i += 2
        elif glob[i] == "*":
            out.append("[^/]*")
            i += 1
        elif glob[i] == "?":
            out.append("[^/]")
            i += 1
        elif glob[i] == "[":
            end = glob.find("]", i + 2)
            if end < 0:
                out.append(re.escape(glob[i]))
                i += 1
            else:
                inner = glob[i + 1:end].replace("\\", "\\\\")
                out.append("[^" + inner[1:] + "]" if inner.startswith("!") else "[" + inner + "]")
                i = end + 1
        else:
            out.append(re.escape(glob[i]))
            i += 1
    body = "".join(out).rstrip("/")
    return re.compile(body + "(?:/.*)?")


def _filter(config: Config | None) -> Filter | None:
    if config is None or config.source is None or not (config.include or config.exclude):
        return None
    root = Path(os.path.abspath(config.source.parent))
    try:
        return Filter(root, tuple(glob_pattern(g) for g in config.include),
                      tuple(glob_pattern(g) for g in config.exclude))
    except re.error as exc:
        raise ConfigError(f"{config.source}: include/exclude: bad glob: {exc}") from exc


def project_file_reason(path: Path, top: Path | None) -> str | None:
    """Why `path` is a project file rather than a manuscript, or None. Folders count from `top`
    (the repository root, or the working folder) down, never above it."""
    if is_project_name(path.name):
        return f"{path.name} is a project file, not a manuscript"
    if path.name.lower() == "summary.md":
        return "a SUMMARY.md is a table of contents, not a manuscript"
    folder = Path(os.path.abspath(path)).parent
    parts: Sequence[str] = ()
    if top is not None:
        try:
            parts = folder.relative_to(top).parts
        except ValueError:
            parts = ()
    for name in parts:
        if name.lower() in PROJECT_FOLDERS:
            return f"files under {name}/ are notes about the work, not the manuscript"
    return None


def repository_root(path: Path) -> Path | None:
    """The folder holding `.git` at or above `path`, or None."""
    start = Path(os.path.abspath(path))
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return None


def _top(path: Path) -> Path | None:
    """The repository root above `path`, else the working folder when `path` is inside it."""
    root = repository_root(path)
    if root is not None:
        return root
    start = Path(os.path.abspath(path))
    cwd = Path.cwd()
    return cwd if start == cwd or cwd in start.parents else None


# --- what a Markdown file is -------------------------------------------------------------------


class Head(NamedTuple):
    """What the start of a Markdown file says about it."""

    #: Front matter names a title or an author.
    titled: bool
    #: A heading or a front-matter title.
    title: bool
    #: Words of prose (paragraph lines, not headings, lists, tables, code or comments).
    prose_words: int
    #: The first heading as written ("" when there is none).
    heading: str = ""
    #: Front matter names an author: the file claims to be a work of its own.
    authored: bool = False
    #: Not a short plain-text note for sure: empty, larger than the head, or not text.
    unsure: bool = False

    # What the first heading names is asked only when it decides (a lone manuscript with a title
    # and prose is one without it): naming it compiles the vocabulary's heading patterns.

    @property
    def first_heading(self) -> str:
        """The first heading, lower-cased ("" when there is none)."""
        return self.heading.strip().lower()

    @property
    def section(self) -> bool:
        """Its first heading names a section of a book (chapter, foreword, title page ...)."""
        return bool(self.heading) and _section_kind(self.heading) is not Kind.OTHER

    @property
    def story(self) -> bool:
        """The first heading opens the story (a chapter, a part, a prologue)."""
        return bool(self.heading) and _section_kind(self.heading) in _STORY_KINDS


_FRONT_MATTER = rx.LazyPattern(r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_TITLE_KEY = rx.LazyPattern(r"^(title|author|authors|creator)[ \t]*:[ \t]*\S", re.MULTILINE | re.IGNORECASE)
_AUTHOR_KEY = rx.LazyPattern(r"^(author|authors|creator)[ \t]*:[ \t]*\S", re.MULTILINE | re.IGNORECASE)
_ATX = rx.LazyPattern(r"^ {0,3}#{1,6}[ \t]+(.+?)[ \t#]*$", re.MULTILINE)
_SETEXT = rx.LazyPattern(r"^(\S.*)\r?\n {0,3}(?:=+|-{2,})[ \t]*$", re.MULTILINE)
_NOT_PROSE = rx.LazyPattern(r"^\s*(?:#|[-*+] |\d+[.)] |>|\||`{3}|~{3}|<|\[|!\[|---|===|\*\*\*)")
_WORD = rx.LazyPattern(r"[^\W\d_][\w'’-]*")


def read_head(path: Path, *, whole: bool = True) -> Head:
    """Read the first `_HEAD_BYTES` of a Markdown file; one that cannot be read, is empty, is not
    text or is longer than that is `unsure` (the reader then says what it is). Not `whole`: an
    unsure file's head says only that (what `looks_like_manuscript` asks: a novel's file is
    longer than the head), without reading its front matter, headings and words."""
    try:
        if not path.is_file():  # a named pipe would wait for a writer forever
            return Head(False, False, 0, unsure=True)
        with path.open("rb") as handle:
            data = handle.read(_HEAD_BYTES + 1)
    except OSError:
        return Head(False, False, 0, unsure=True)
    unsure = not data.strip() or len(data) > _HEAD_BYTES or b"\0" in data
    if unsure and not whole:
        return Head(False, False, 0, unsure=True)
    text = data[:_HEAD_BYTES].decode("utf-8", "replace")
    body = text
    titled = authored = False
    m = _FRONT_MATTER.match(text)
    if m:
        titled = bool(_TITLE_KEY.search(m.group(1)))
        authored = bool(_AUTHOR_KEY.search(m.group(1)))
        body = text[m.end():]
    headings = [h.group(1) for h in _ATX.finditer(body)] or [h.group(1) for h in _SETEXT.finditer(body)]
    words = 0
    fenced = False
    for line in body.splitlines():
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if fenced or not stripped or _NOT_PROSE.match(line):
            continue
        words += len(_WORD.compiled.findall(stripped))
    return Head(titled, titled or bool(headings), words, headings[0] if headings else "", authored, unsure)


def looks_like_manuscript(head: Head) -> bool:
    """A book's front matter (title or author), a book's section (a chapter, a foreword), a title
    and some prose, or a good deal of prose: not a to-do list or a two-line note."""
    if head.titled or head.unsure:
        return True
    if head.title:  # (without a title there is no heading to name a section)
        return head.prose_words >= _TITLED_PROSE_WORDS or head.section
    return head.prose_words >= _UNTITLED_PROSE_WORDS


_NUMBERED = rx.LazyPattern(r"\d+(?:[\W_]|$)")


_STORY_KINDS = frozenset({Kind.CHAPTER, Kind.PART, Kind.PROLOGUE, Kind.EPILOGUE})


def _section_kind(text: str) -> Kind:
    from .vocabulary import classify_heading

    return classify_heading(text)


def _names_a_section(text: str) -> bool:
    return _section_kind(text) is not Kind.OTHER


def _stem_words(path: Path) -> str:
    return " ".join(rx.split(r"[\W_]+", path.stem)).strip()


def ordered_file(path: Path) -> bool:
    """A chapter file by its name: numbered (`02-harbor.md`) or named for a section of a book
    (`chapter-2.md`, `foreword.md`, `epilogue.md`)."""
    if _NUMBERED.match(path.stem):
        return True
    words = _stem_words(path)
    return bool(words) and (_names_a_section(words) or front_file(path))


def folder_is_book(files: Sequence[Path], heads: dict[Path, Head]) -> bool:
    """Do these Markdown files of one folder read as one book (rather than separate manuscripts)?

    Separate manuscripts: two or more files name their own author in front matter (chapters do
    not repeat it). A book: most files are chapter files by name (`02-harbor.md`, `epilogue.md`)
    or open with different story headings ("Chapter 1", "Chapter 2"), or one of them is a
    front-matter file (`00-front.md`, `title.md`), or only the first carries title front matter.
    """
    if len(files) < 2:
        return False
    if sum(1 for f in files if heads[f].authored) >= 2:
        return False
    # Separate manuscripts that each open with "Chapter 1" are not one book.
    firsts = [heads[f].first_heading for f in files if heads[f].story]
    by_heading = len(set(firsts)) == len(firsts)
    ordered = sum(1 for f in files if ordered_file(f) or (by_heading and heads[f].story))
    if 2 * ordered >= len(files) and ordered >= 2:
        return True
    if any(front_file(f) for f in files):
        return True
    titled = sum(1 for f in files if heads[f].titled)
    return titled == 1 and heads[files[0]].titled


# --- the search --------------------------------------------------------------------------------


class _Search:
    """One resolution: folders' layouts and files' heads are read once however many paths ask."""

    def __init__(self, explicit: Config | None) -> None:
        self.finder = BookFinder()
        self.explicit = explicit
        self.heads: dict[Path, Head] = {}
        self.folder_books: dict[Path, Path | None] = {}
        self.filters: dict[Path | None, Filter | None] = {}
        self.books: dict[Path, Book] = {}
        self.skipped: list[Skipped] = []
        self.entries = 0

    # -- config ------------------------------------------------------------------------------

    def filter_for(self, path: Path) -> Filter | None:
        from ..config import find_config, load_config

        if self.explicit is not None:
            return _filter(self.explicit)
        found = find_config(path)
        if found not in self.filters:
            try:
                self.filters[found] = _filter(load_config(found)) if found is not None else None
            except ConfigError:
                self.filters[found] = None  # checking the book then says what is wrong with it
        return self.filters[found]

    def head(self, path: Path) -> Head:
        key = Path(os.path.abspath(path))
        if key not in self.heads:
            self.heads[key] = read_head(path)
        return self.heads[key]

    def looks_like_manuscript(self, path: Path) -> bool:
        """`looks_like_manuscript` of the file's head; an unsure file's (a novel's: longer than the
        head) is answered without reading the rest of its head (its patterns compiled for it),
        and not kept: another question may need the whole head."""
        key = Path(os.path.abspath(path))
        if key not in self.heads:
            head = read_head(path, whole=False)
            if head.unsure:
                return looks_like_manuscript(head)
            self.heads[key] = head  # (a sure file's head is read whole)
        return looks_like_manuscript(self.heads[key])

    # -- results -----------------------------------------------------------------------------

    def add(self, path: Path) -> None:
        shown = display_path(path)
        key = Path(os.path.realpath(shown)) if shown.exists() else shown
        self.books.setdefault(key, Book(shown))

    def skip(self, path: Path, message: str, severity: Severity = Severity.INFO) -> None:
        self.skipped.append(Skipped(str(path), message, severity))

    # -- a folder as a plain book ------------------------------------------------------------

    def markdown_in(self, folder: Path) -> list[Path]:
        """The folder's Markdown files that could be manuscripts, in natural order."""
        top = _top(folder)
        flt = self.filter_for(folder)
        out = []
        try:
            # Markdown names only, then sorted: a folder can hold thousands of other files.
            entries = sorted((p for p in folder.iterdir() if p.suffix.lower() in MARKDOWN_SUFFIXES),
                             key=lambda p: natural_key(p.name))
        except OSError:
            return []
        for p in entries:
            if not p.is_file():
                continue
            verdict = flt.says(p) if flt else None
            if verdict is False or (verdict is None and project_file_reason(p, top)):
                continue
            out.append(p)
        return out

    def plain_book(self, folder: Path) -> Path | None:
        """The folder of the undeclared book `folder` is (or is a chapter folder of), or None."""
        key = Path(os.path.abspath(folder))
        if key in self.folder_books:
            return self.folder_books[key]
        found: Path | None = None
        files = self.markdown_in(folder)
        parent_split = split_layout(folder.parent) if folder.name and folder.parent != folder else None
        if parent_split is not None and key in {Path(os.path.abspath(f)).parent for f in parent_split.files}:
            found = folder.parent
        else:
            sample = files[:_SAMPLE]
            # (one file is no book of several: its head is not read for that)
            book = len(sample) >= 2 and folder_is_book(sample, {f: self.head(f) for f in sample})
            if book or split_layout(folder) is not None:
                found = folder
        self.folder_books[key] = found
        return found

    # -- a named file ------------------------------------------------------------------------

    def named_file(self, path: Path) -> None:
        suffix = path.suffix.lower()
        # Only a regular file is read here: opening a named pipe would wait for a writer forever.
        if not path.is_file() or suffix not in MARKDOWN_SUFFIXES:
            if suffix in (".txt", ".toml", ".yml", ".yaml"):
                book = self._declared(path)
                if book is not None:
                    self.add(book)
                    return
            self.add(path)  # DOCX, EPUB, or what the reader will refuse in plain words
            return
        book = self._declared(path)
        if book is not None:
            self.add(book)
            return
        flt = self.filter_for(path)
        verdict = flt.says(path) if flt else None
        if verdict is False:
            self.skip(path, "left out by the config's exclude")
            return
        reason = project_file_reason(path, _top(path)) if verdict is None else None
        if reason:
            self.skip(path, f"{reason} (add it to the config's include to check it)")
            return
        unlisted = self.finder.unlisted(path)
        if unlisted is not None:
            listing, root = unlisted
            where = "[book] files in " if listing.suffix == ".toml" and listing.name != "book.toml" else ""
            self.skip(path, f"not part of the book in {display_path(root)} (add it to {where}"
                            f"{display_path(listing)})", Severity.WARNING)
            return
        folder = self.plain_book(path.parent)
        if folder is not None:
            self.add(folder)
            return
        if verdict is None and not self.looks_like_manuscript(path):
            self.skip(path, "a short note, not a manuscript (no title and little prose; add it to the "
                            "config's include to check it)")
            return
        self.add(path)

    def _declared(self, path: Path) -> Path | None:
        try:
            return self.finder.find_book(path)
        except (OSError, RuntimeError, InputError, ConfigError):  # RuntimeError: a link loop (< 3.13)
            return None  # checking it then says, in one line for this path only, what is wrong

    # -- a named folder ----------------------------------------------------------------------

    def named_folder(self, folder: Path) -> bool:
        """Add the books `folder` holds; False when it holds none."""
        book = self._declared(folder)
        if book is None:
            plain = self.plain_book(folder)
            book = plain if plain is not None and not _same(plain, folder) else None
        if book is not None:
            self.add(book)
            return True
        before = len(self.books)
        self.search(folder)
        return len(self.books) > before

    def search(self, root: Path) -> None:
        """Find the books in `root` and the folders below it, top down, in natural order."""
        trees: set[Path] = set()  # declared books: everything below belongs to them
        folders: set[Path] = set()  # folders holding the files of an undeclared book
        queue = [root]
        while queue:
            folder = queue.pop(0)
            here = Path(os.path.abspath(folder))
            layout, _ = self.finder.layout_at(folder)
            separate: set[Path] = set()
            if layout is not None:
                self.add(layout.root)
                trees.add(here)
            elif here not in folders and not any(t in here.parents for t in trees):
                book = self.plain_book(folder)
                if book is not None and _same(book, folder):
                    self.add(folder)
                    folders.update(Path(os.path.abspath(f)).parent for f in book_layout(folder).files)
                else:
                    separate = {f for f in self.markdown_in(folder) if self._manuscript(f)}
            for entry in self._entries(folder):
                if entry.is_dir():
                    if self._enter(entry):
                        queue.append(entry)
                elif entry in separate or (entry.suffix.lower() in PACKAGE_SUFFIXES and entry.is_file()):
                    self.add(entry)

    def _manuscript(self, file: Path) -> bool:
        """A Markdown file met in a search, in no book: checked when it reads as a manuscript."""
        flt = self.filter_for(file)
        return bool(flt and flt.says(file)) or self.looks_like_manuscript(file)

    def _entries(self, folder: Path) -> Iterator[Path]:
        try:
            entries = sorted(folder.iterdir(), key=lambda p: natural_key(p.name))
        except OSError:
            return
        self.entries += len(entries)
        if self.entries > MAX_SEARCH_ENTRIES:
            raise InputError(f"{folder}: refused: more than {MAX_SEARCH_ENTRIES} files and folders to "
                             "search; name the books, or list them with one path a line")
        yield from entries

    def _enter(self, folder: Path) -> bool:
        name = folder.name
        if name.startswith(".") or name.lower() in _TOOL_FOLDERS or folder.is_symlink():
            return False
        if (folder / "pyvenv.cfg").exists():
            return False
        if name.lower() in PROJECT_FOLDERS:
            flt = self.filter_for(folder)
            return bool(flt and flt.include and flt.says(folder / "x.md"))
        return True


def discover(paths: Sequence[Path], config: Config | None = None) -> Found:
    """The books the named paths hold, each once, in the order first met, and the named files
    that are not checked. `config` is the one given with `--config`, else each path's own is used.
    A path that does not exist is passed on as a book: reading it says what is wrong."""
    search = _Search(config)
    empty: list[tuple[str, str]] = []
    for path in paths:
        if path.is_dir() and path.suffix.lower() in (*PACKAGE_SUFFIXES, ".pages"):
            search.add(path)  # reading it says "a folder named like an EPUB" in plain words
        elif path.is_dir():
            if not search.named_folder(path):
                empty.append((str(path), f"{path}: no manuscripts found in this folder or below it (a book's "
                                         "Markdown files, a .md manuscript, .docx or .epub files)"))
        else:
            try:
                search.named_file(path)
            except ConfigError:
                search.add(path)  # checking it then says, for its book only, what is wrong
    return Found(tuple(search.books.values()), tuple(search.skipped), tuple(empty))


def lone_manuscripts(top: Path) -> list[Path]:
    """The Markdown files under `top` that a commit touching them would check as manuscripts of
    their own (in no book, not skipped): what a pre-commit hook's `exclude` may need to name."""
    search = _Search(None)
    out = []
    queue = [top]
    while queue:
        folder = queue.pop(0)
        for entry in search._entries(folder):
            if entry.is_dir():
                if search._enter(entry):
                    queue.append(entry)
            elif entry.suffix.lower() in MARKDOWN_SUFFIXES and entry.is_file():
                before = dict(search.books)
                search.named_file(entry)
                added = [b.path for k, b in search.books.items() if k not in before]
                if added and _same(added[0], entry):
                    out.append(entry)
    return out


def _same(a: Path, b: Path) -> bool:
    return os.path.abspath(a) == os.path.abspath(b)


def book_of(path: Path) -> Path:
    """The book a named file or folder is read as (a chapter: its book), for `insert`."""
    if path.is_dir():
        return path
    found = discover([path])
    return found.books[0].path if found.books else path


__all__ = ["Book", "Found", "Layout", "Skipped", "book_of", "discover", "looks_like_manuscript"]
