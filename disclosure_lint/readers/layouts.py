"""Where a multi-file book keeps its reading order, and which book a chapter file belongs to.

A book folder says its order in one of these ways, tried first to last:

1. the config's `[book] files` (globs, in order, relative to the config file's folder);
2. mdBook: `book.toml` + `SUMMARY.md` in its source folder (prefix, numbered and suffix
   chapters, in the order the summary lists them; draft chapters `[Title]()` have no file);
3. Quarto: `_quarto.yml` with `book: chapters:` (plain entries, `part:` entries with their own
   chapters, `href:` entries), then `book: appendices:`;
4. Leanpub: `manuscript/Book.txt`, one file name a line;
5. Longform (Obsidian): an index note whose front matter's `longform:` entry lists the scenes;
6. otherwise the folder's Markdown files in natural order (`readers.book.plain_order`).

A book never reaches outside its folder: a listed path with `../`, an absolute path, or a
symbolic link that leads out is left out with a warning. Only readers know these formats, so
the CLI asks `find_book` (through `readers.discovery`) which book a named file belongs to.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import unquote

from .. import patterns as rx
from ..errors import ConfigError, InputError
from ..model import Diagnostic, Location, Metadata, Role
from .placeholders import real_names

if not TYPE_CHECKING:
    from ..records import NamedTuple  # typing.NamedTuple, cheaper to define (see records)

if TYPE_CHECKING:
    from ..config import Config

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".qmd")
#: Leanpub books are written in Markdown or Markua under these endings.
LEANPUB_SUFFIXES = (*MARKDOWN_SUFFIXES, ".txt", ".markua")
#: A structure file larger than this is refused (a 300-chapter SUMMARY.md is ~20 KiB).
MAX_STRUCTURE_BYTES = 4 * 1024 * 1024


class Layout(NamedTuple):
    """A book folder's files in reading order, and what its structure files say about it."""

    #: "config", "mdbook", "quarto", "leanpub", "longform" or "folder".
    kind: str
    #: The book's folder: every file of the book lies inside it.
    root: Path
    #: The book's Markdown files in reading order.
    files: tuple[Path, ...]
    #: Files that define the book (SUMMARY.md, _quarto.yml ...): editing one changes the book.
    structure: tuple[Path, ...] = ()
    #: Title, authors, language from book.toml / _quarto.yml (empty when they say nothing).
    metadata: Metadata = Metadata()
    #: Listed files that were left out (missing, outside the book folder ...).
    warnings: tuple[Diagnostic, ...] = ()


def natural_key(name: str) -> list[object]:
    """Sort key that puts `2-x.md` before `10-x.md`."""
    return [int(part) if part.isdigit() else part.lower() for part in rx.split(r"(\d+)", name)]


def real_path(path: Path, folders: dict[str, str] | None = None) -> Path:
    """`path` with every symbolic link followed (as `Path.resolve()`).

    A book lists hundreds of files in a few folders: with `folders` (a cache the caller keeps,
    folder → real folder) each folder is resolved once, and a file costs one `lstat` to see that
    it is no link itself.
    """
    if folders is None:
        return path.resolve()
    absolute = os.path.abspath(path)
    if os.path.islink(absolute):
        return path.resolve()
    folder, name = os.path.split(absolute)
    real_folder = folders.get(folder)
    if real_folder is None:
        real_folder = folders[folder] = os.path.realpath(folder)
    return Path(real_folder, name)


def _inside(path: Path, root: Path, folders: dict[str, str] | None = None) -> bool:
    """True when `path`, with every symbolic link followed, stays inside `root` (resolved)."""
    try:
        real_path(path, folders).relative_to(root)
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink loop on Python < 3.13
        return False
    return True


class _Collector:
    """Gathers a layout's files in order: inside the book, existing, each once."""

    def __init__(self, root: Path, listing: Path) -> None:
        self.root = root
        self.real_root = root.resolve()
        self.listing = listing
        self.files: dict[Path, None] = {}
        self.seen: set[Path] = set()
        self.warnings: list[Diagnostic] = []
        #: Folder → its real path, resolved once for all the files listed in it.
        self.folders: dict[str, str] = {}

    def add(self, base: Path, target: str, line: int | None = None) -> None:
        where = Location(str(self.listing), line, None)
        if os.path.isabs(target) or target.startswith("~"):
            self.warnings.append(Diagnostic(f"{target!r} is an absolute path; left out of the book", where))
            return
        path = base / target
        try:
            real = real_path(path, self.folders)
            real.relative_to(self.real_root)
        except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink loop on Python < 3.13
            self.warnings.append(Diagnostic(f"{target!r} lies outside the book folder; left out", where))
            return
        if not path.is_file():
            self.warnings.append(Diagnostic(f"{target!r} is listed but not found; left out", where))
            return
        if real not in self.seen:
            self.seen.add(real)
            self.files[Path(os.path.normpath(path))] = None

    def result(self) -> tuple[tuple[Path, ...], tuple[Diagnostic, ...]]:
        return tuple(self.files), tuple(self.warnings)


def _read_text(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_STRUCTURE_BYTES:
            raise InputError(f"{path}: refused: {size // 1024} KiB is too large for a book's structure file")
        return path.read_text("utf-8-sig")
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text") from exc


# --- config `[book] files` ---------------------------------------------------------------------


def glob_order(root: Path, patterns: Sequence[str], listing: Path | None = None) -> list[Path]:
    """Files matching config globs, pattern by pattern, each pattern's matches in natural order."""
    collector = _Collector(root, listing or root)
    for pattern in patterns:
        if os.path.isabs(pattern):
            raise ConfigError(f"{listing or root}: book.files: {pattern!r} must be relative to the config's folder")
        try:
            # Path.glob does not follow symbolic links for "**", so a link loop cannot hang it.
            matches = sorted((p for p in root.glob(pattern) if p.is_file()), key=lambda p: natural_key(str(p)))
        except (ValueError, NotImplementedError) as exc:
            raise ConfigError(f"{listing or root}: book.files: bad pattern {pattern!r}: {exc}") from exc
        literal = not any(c in pattern for c in "*?[")
        for p in matches:
            # "*.md" at a repository root means the chapters, not the README beside them.
            if not literal and (is_project_name(p.name) or p.name.lower() == "summary.md"):
                continue
            if _inside(p, collector.real_root):
                collector.add(root, str(p.relative_to(root)))
    return list(collector.files)


def _config_layout(folder: Path, config: Config | None) -> Layout | None:
    if config is None or config.source is None or not config.book.files:
        return None
    root = config.source.parent
    if os.path.abspath(root) != os.path.abspath(folder):
        return None
    files = glob_order(folder, config.book.files, config.source)
    return Layout("config", folder, tuple(files), (config.source,))


def _own_config(folder: Path) -> Config | None:
    """The config file that sits in `folder` itself, if any."""
    from ..config import CONFIG_NAME, find_config, load_config

    # Only a file in `folder` itself can be found there: without one, the search up the
    # folders above (`find_config`, which resolves the path) has nothing to find for it.
    if not (folder / CONFIG_NAME).is_file() and not (folder / "pyproject.toml").is_file():
        return None
    found = find_config(folder)
    if found is None or os.path.abspath(found.parent) != os.path.abspath(folder):
        return None
    return load_config(found)


# --- mdBook ------------------------------------------------------------------------------------


def _mdbook(folder: Path) -> Layout | None:
    book_toml = folder / "book.toml"
    if not book_toml.is_file():
        return None
    from ..config import parse_toml

    try:
        data = parse_toml(_read_text(book_toml))
    except ValueError as exc:
        raise InputError(f"{book_toml}: invalid TOML: {exc}") from exc
    book = data.get("book", {}) if isinstance(data.get("book"), dict) else {}
    src_name = book.get("src", "src") if isinstance(book.get("src", "src"), str) else "src"
    src = folder / src_name
    summary = src / "SUMMARY.md"
    if not summary.is_file():
        return None  # a book.toml of some other tool
    collector = _Collector(folder, summary)
    if not _inside(src, collector.real_root):
        raise InputError(f"{book_toml}: book.src {src_name!r} lies outside the book folder")
    for target, line in summary_links(_read_text(summary)):
        collector.add(src, target, line)
    files, warnings = collector.result()
    authors = book.get("authors", [])
    meta = Metadata(
        title=book["title"].strip() if isinstance(book.get("title"), str) and book["title"].strip() else None,
        authors=real_names(a.strip() for a in authors if isinstance(a, str) and a.strip())
        if isinstance(authors, list) else (),
        language=book["language"] if isinstance(book.get("language"), str) else None,
        location=Location(str(book_toml), 1, 1),
    )
    return Layout("mdbook", folder, files, (book_toml, summary), meta, warnings)


@lru_cache(maxsize=16)
def summary_links(text: str) -> tuple[tuple[str, int], ...]:
    """Chapter files an mdBook SUMMARY.md links to, in order, with the line of each link.

    Prefix chapters, numbered chapters (at any depth) and suffix chapters are all links, and
    mdBook reads them in document order, which is reading order. A draft chapter `[Title]()`
    has no file yet; external links and links in code are not chapters.
    """
    from markdown_it import MarkdownIt

    out: list[tuple[str, int]] = []
    for token in MarkdownIt("commonmark").parse(text):
        if token.type != "inline" or not token.children:
            continue
        line = (token.map or [0])[0] + 1
        for child in token.children:
            if child.type != "link_open":
                continue
            href = str(child.attrs.get("href", ""))
            if not href or rx.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", href) or href.startswith("#"):
                continue
            # markdown-it percent-encodes targets (`<my chapter.md>` → `my%20chapter.md`).
            out.append((unquote(href.split("#", 1)[0]), line))
    # Cached: finding a chapter's book and reading the book both read the same SUMMARY.md.
    return tuple(out)


# --- Quarto ------------------------------------------------------------------------------------


def _quarto(folder: Path) -> Layout | None:
    quarto = folder / "_quarto.yml"
    if not quarto.is_file():
        return None
    from .markdown import _load_yaml, _names

    try:
        data = _load_yaml(_read_text(quarto))
    except InputError:
        raise
    except Exception as exc:  # PyYAML raises many error types; all mean "unreadable"
        raise InputError(f"{quarto}: not valid YAML: {str(exc).splitlines()[0]}") from exc
    book = data.get("book") if isinstance(data, dict) else None
    if not isinstance(book, dict) or not (book.get("chapters") or book.get("appendices")):
        return None  # a Quarto website or article, not a book
    collector = _Collector(folder, quarto)
    for target in _quarto_entries([book.get("chapters"), book.get("appendices")]):
        if target.lower().endswith(MARKDOWN_SUFFIXES):
            collector.add(folder, target)
        else:
            collector.warnings.append(Diagnostic(
                f"{target!r} is not Markdown (e.g. a notebook); not checked", Location(str(quarto))))
    files, warnings = collector.result()
    title = book.get("title")
    lang = data.get("lang", book.get("language"))
    meta = Metadata(
        title=title.strip() if isinstance(title, str) and title.strip() else None,
        authors=real_names(_names(book.get("author", book.get("authors")))),
        language=lang if isinstance(lang, str) else None,
        location=Location(str(quarto), 1, 1),
    )
    return Layout("quarto", folder, files, (quarto,), meta, warnings)


def _quarto_entries(lists: Iterable[Any]) -> list[str]:
    """Files named by `chapters:` / `appendices:` entries: strings, `href:` and `part:` entries."""
    out: list[str] = []
    for entries in lists:
        if not isinstance(entries, list):
            continue
        for entry in entries:
            if isinstance(entry, str):
                out.append(entry)
            elif isinstance(entry, dict):
                # A part is a title or a file (its part page); its chapters follow it.
                part = entry.get("part")
                if isinstance(part, str) and part.lower().endswith(MARKDOWN_SUFFIXES):
                    out.append(part)
                if isinstance(entry.get("href"), str):
                    out.append(entry["href"])
                if isinstance(entry.get("file"), str):
                    out.append(entry["file"])
                out.extend(_quarto_entries([entry.get("chapters")]))
    return out


# --- Longform (Obsidian) ------------------------------------------------------------------------

#: The start of a note whose front matter has a top-level `longform:` entry (Longform's index file).
_LONGFORM = rx.LazyPattern(r"\A(?:\ufeff)?---[ \t]*\r?\n(?:.*\r?\n)*?longform[ \t]*:", re.MULTILINE)
_LONGFORM_HEAD_BYTES = 64 * 1024


def _longform(folder: Path) -> Layout | None:
    """Longform's multi-scene project: an index note whose front matter has `longform:` with
    `format: scenes`, `sceneFolder` (relative to the note; "/" is its own folder) and `scenes`,
    nested lists of note names without `.md`, in reading order (kevboh/longform,
    docs/INDEX_FILE.md). The index note is the project's, not the manuscript's."""
    try:
        # Names first: a folder above a book may hold hundreds of entries (`/tmp`).
        notes = sorted(p for p in (folder / name for name in os.listdir(folder) if name[-3:].lower() == ".md")
                       if p.suffix.lower() == ".md" and p.is_file())
    except OSError:
        return None
    for note in notes:
        try:
            with note.open("rb") as handle:
                start = handle.read(4096)
                head = start.decode("utf-8", "replace")
                # Most notes have no front matter, or a short one without `longform:`: 4 KiB tells.
                if not head.lstrip("\ufeff").startswith("---") or (
                        rx.search(r"\n(?:---|\.\.\.)[ \t]*\r?\n", head) and not _LONGFORM.match(head)):
                    continue
                head = (start + handle.read(_LONGFORM_HEAD_BYTES)).decode("utf-8", "replace")
        except OSError:
            continue
        if not _LONGFORM.match(head):
            continue
        from .markdown import _load_yaml

        end = rx.search(r"\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", head)
        try:
            data = _load_yaml(head[head.index("\n") + 1:end.start()] if end else "")
        except Exception as exc:  # PyYAML raises many error types; all mean "unreadable"
            raise InputError(f"{note}: front matter is not valid YAML: {str(exc).splitlines()[0]}") from exc
        entry = data.get("longform") if isinstance(data, dict) else None
        if not isinstance(entry, dict) or entry.get("format") != "scenes":
            continue  # a single-note project is a manuscript of its own
        scene_folder = str(entry.get("sceneFolder") or "/").strip()
        base = folder if scene_folder in ("/", ".", "") else folder / scene_folder.strip("/")
        collector = _Collector(folder, note)
        for name in _flatten(entry.get("scenes")):
            collector.add(base, f"{name}.md")
        files, warnings = collector.result()
        title = entry.get("title")
        meta = Metadata(title=title.strip() if isinstance(title, str) and title.strip() else None,
                        location=Location(str(note), 1, 1))
        return Layout("longform", folder, files, (note,), meta, warnings)
    return None


def _flatten(scenes: Any) -> list[str]:
    """Scene names from Longform's nested lists (nesting is indentation, not order)."""
    if isinstance(scenes, str):
        return [scenes]
    if not isinstance(scenes, list):
        return []
    return [name for item in scenes for name in _flatten(item)]


# --- Leanpub -----------------------------------------------------------------------------------


def _leanpub(folder: Path) -> Layout | None:
    if (folder / "manuscript" / "Book.txt").is_file():
        root, manuscript = folder, folder / "manuscript"
    elif (folder / "Book.txt").is_file() and folder.name == "manuscript":
        root, manuscript = folder.parent, folder
    else:
        return None
    listing = manuscript / "Book.txt"
    collector = _Collector(root, listing)
    for n, raw in enumerate(_read_text(listing).splitlines(), start=1):
        name = raw.strip()
        # Blank lines and Leanpub's `frontmatter:` / `mainmatter:` / `backmatter:` markers.
        if not name or name.endswith(":") or name.startswith("#"):
            continue
        if name.lower().endswith(LEANPUB_SUFFIXES):
            collector.add(manuscript, name, n)
    files, warnings = collector.result()
    return Layout("leanpub", root, files, (listing,), Metadata(), warnings)


# --- choosing a layout, finding a chapter's book -----------------------------------------------


#: File names that are a repository's, not a book's (README.md, LICENSE-MIT.md, CHANGELOG.md ...).
_PROJECT_NAME = rx.LazyPattern(r"(readme|changelog|licen[cs]e|contributing|code[_-]of[_-]conduct)(?![a-z])",
                               re.IGNORECASE)


def is_project_name(name: str) -> bool:
    """`README.md`, `LICENSE.md`, `CHANGELOG.md`, `CONTRIBUTING.md`, `CODE_OF_CONDUCT.md` ..."""
    # Only the first letter is asked before the pattern: `re` folds case beyond ASCII too (the
    # dotless "ı" is an "i", the long "ſ" an "s"), never for "r", "c" or "l". A book's own file
    # names ("novel.md", "02-chapter.md") mostly compile nothing.
    return name[:1] in ("r", "R", "c", "C", "l", "L") and _PROJECT_NAME.match(name) is not None


def plain_order(folder: Path) -> list[Path]:
    """The folder's Markdown files in natural order (README and license files left out).

    A symbolic link that leads out of the folder (`notes.md -> ~/.ssh/...`) is not part of the
    book and is never read; a link loop is not a file (`is_file` is False on ELOOP).
    """
    real_root = folder.resolve()
    files = [p for p in folder.iterdir()
             if p.suffix.lower() in MARKDOWN_SUFFIXES and p.is_file() and not is_project_name(p.name)
             and p.name.lower() != "summary.md" and (not p.is_symlink() or _inside(p, real_root))]
    return sorted(files, key=lambda p: natural_key(p.name))


#: Folder names that hold the front or back matter of a book, or its chapters, one folder down.
FRONT_FOLDERS = frozenset({"front", "frontmatter", "front-matter", "front_matter", "prelims"})
BACK_FOLDERS = frozenset({"back", "backmatter", "back-matter", "back_matter", "appendices", "appendix",
                          "endmatter"})
_CHAPTER_FOLDERS = frozenset({"chapters", "chapter", "parts", "part", "body", "bodymatter", "mainmatter",
                              "main", "text", "story"})
#: Folders whose Markdown is about the work (and tools' folders): never a book's chapters.
_NOT_CHAPTER_FOLDERS = frozenset({"docs", "notes", "research", "node_modules", "site-packages"})
#: The folders a book keeps its files in, one folder down (besides numbered ones).
_SPLIT_FOLDERS = FRONT_FOLDERS | BACK_FOLDERS | _CHAPTER_FOLDERS


def folder_key(folder: Path) -> tuple[int, list[object]]:
    """Front-matter folders first, back-matter folders last, the rest in natural order."""
    name = folder.name.lower()
    place = 0 if name in FRONT_FOLDERS else 2 if name in BACK_FOLDERS else 1
    return place, natural_key(folder.name)


_FRONT_FILE = rx.LazyPattern(r"(?:\d+[\W_]*)?(?:front[\W_]*(?:matter)?|title[\W_]*(?:page)?|half[\W_]*title"
                             r"|prelims?|frontispiece)", re.IGNORECASE)


def front_file(path: Path) -> bool:
    """A file that holds a book's front matter by its name: `00-front.md`, `frontmatter.md`,
    `title.md`, `foreword.md`, `copyright.md`, `dedication.md` ..."""
    if _FRONT_FILE.fullmatch(path.stem):
        return True
    from .vocabulary import DEFAULT_ROLE, classify_heading

    words = " ".join(rx.split(r"[\W_]+", path.stem)).strip()
    kind = classify_heading(words) if words else None
    return kind is not None and DEFAULT_ROLE.get(kind) is Role.FRONT


def split_layout(folder: Path) -> Layout | None:
    """A book that keeps its files one folder down (`front/`, `chapters/`, `back/`, or numbered
    part folders), with no Markdown of its own but front-matter files (`title.md`): those files
    first, then front folders, the others in natural order, back folders last."""
    # The subfolders first, by name before asking the file system: most folders have none
    # (a lone manuscript's, and the folder above it: `/tmp` holds hundreds of entries), and then
    # neither the folder's own files nor what their names say (`front_file`) is needed.
    # Whether an entry is a folder comes with the listing (`os.scandir`): a catalogue's folder
    # of numbered books (`00443-title.epub`) is thousands of names to ask the file system about.
    try:
        with os.scandir(folder) as entries:
            subfolders = [folder / e.name for e in entries
                          if not e.name.startswith((".", "_")) and e.name.lower() not in _NOT_CHAPTER_FOLDERS
                          and (e.name.lower() in _SPLIT_FOLDERS or rx.match(r"\d+(?:[\W_]|$)", e.name))
                          and e.is_dir() and not e.is_symlink()]
        if not subfolders:
            return None
        own = plain_order(folder)
        if not all(front_file(f) for f in own):
            return None
    except OSError:
        return None
    holding = {sub: plain_order(sub) for sub in sorted(subfolders, key=folder_key)}
    holding = {sub: files for sub, files in holding.items() if files}
    if not holding or len(holding) + bool(own) < 2:
        return None
    return Layout("folder", folder, (*own, *(f for files in holding.values() for f in files)))


def structured_layout(folder: Path, config: Config | None = None) -> Layout | None:
    """The layout a folder declares (config list, mdBook, Quarto, Leanpub), or None."""
    return (_config_layout(folder, config) or _mdbook(folder) or _quarto(folder) or _leanpub(folder)
            or _longform(folder))


def book_layout(folder: Path, config: Config | None = None) -> Layout:
    """How to read the book in `folder`: its declared layout, else its Markdown files in order
    (or, when it keeps them one folder down, `split_layout`'s), with what a pandoc metadata file
    beside them says (`pandoc_metadata`)."""
    declared = structured_layout(folder, config)
    if declared is not None:
        return declared
    layout = split_layout(folder) or Layout("folder", folder, tuple(plain_order(folder)))
    found = pandoc_metadata(folder)
    if found is None:
        return layout
    path, meta = found
    return layout._replace(structure=(*layout.structure, path), metadata=meta)


#: The metadata file a book kept as Markdown files for pandoc holds beside them
#: (`pandoc --metadata-file=metadata.yaml chapters/*.md`).
PANDOC_METADATA = ("metadata.yaml", "metadata.yml")


def pandoc_metadata(folder: Path) -> tuple[Path, Metadata] | None:
    """The title, authors, language and description a folder's pandoc metadata file gives (None
    without one): `title`, `author` (a name, a list of names, or of `{name: ...}`), `lang`,
    `description`, as pandoc reads them for an EPUB's metadata."""
    for name in PANDOC_METADATA:
        path = folder / name
        if path.is_file():
            break
    else:
        return None
    from .markdown import _load_yaml, _names

    try:
        data = _load_yaml(_read_text(path))
    except InputError:
        raise
    except Exception as exc:  # PyYAML raises many error types; all mean "unreadable"
        raise InputError(f"{path}: not valid YAML: {str(exc).splitlines()[0]}") from exc
    if not isinstance(data, dict):
        return None
    title, lang, description = data.get("title"), data.get("lang"), data.get("description")
    return path, Metadata(
        title=title.strip() if isinstance(title, str) and title.strip() else None,
        authors=real_names(_names(data.get("author"))),
        language=lang.strip() if isinstance(lang, str) and lang.strip() else None,
        description=description.strip() if isinstance(description, str) and description.strip() else None,
        location=Location(str(path), 1, 1),
    )


def _repository_folders(start: Path) -> list[Path]:
    """`start` and the folders above it, up to the repository root (the folder holding `.git`)."""
    out = []
    for folder in (start, *start.parents):
        out.append(folder)
        if (folder / ".git").exists():
            break
    return out


class BookFinder:
    """Finds the book a file belongs to; remembers each folder's layout, for many files at once."""

    def __init__(self) -> None:
        self._layouts: dict[Path, tuple[Layout | None, frozenset[Path]]] = {}

    def layout_at(self, folder: Path) -> tuple[Layout | None, frozenset[Path]]:
        """The structured layout whose book folder is `folder`, and the real paths of its files."""
        key = Path(os.path.abspath(folder))
        if key not in self._layouts:
            layout = structured_layout(key, _own_config(key))
            folders: dict[str, str] = {}
            members = frozenset(real_path(p, folders) for p in (*layout.files, *layout.structure)) \
                if layout else frozenset()
            self._layouts[key] = (layout, members)
        return self._layouts[key]

    def find_book(self, path: Path) -> Path | None:
        """The folder of the book that holds `path` (a chapter file or a folder of chapters)."""
        start = Path(os.path.abspath(path))
        real = path.resolve()
        is_dir = path.is_dir()
        if is_dir:
            layout, _ = self.layout_at(start)
            if layout is not None:
                return layout.root
            if (start / ".git").exists():
                return None  # the repository root: nothing above it is this repository's book
        for folder in _repository_folders(start.parent):
            layout, members = self.layout_at(folder)
            if layout is None:
                continue
            if real in members or (is_dir and any(real in m.parents for m in members)):
                return layout.root
        return None


    def unlisted(self, path: Path) -> tuple[Path, Path] | None:
        """When `path` is not one of the files of a book whose structure lists them, though it lies
        inside that book's folder (mdBook, Quarto, Leanpub) or beside its files (config `[book]
        files`): the listing to add it to and the book's folder (a new chapter not yet listed)."""
        start = Path(os.path.abspath(path))
        real = path.resolve()
        beside = Path(os.path.realpath(start.parent))
        for folder in _repository_folders(start.parent):
            layout, members = self.layout_at(folder)
            if layout is None or real in members:
                continue
            if layout.kind != "config":
                return layout.structure[-1], layout.root
            folders: dict[str, str] = {}
            if any(real_path(f, folders).parent == beside for f in layout.files):
                return layout.structure[0], layout.root
        return None


def find_book(path: Path) -> Path | None:
    """The folder of the book that holds `path`, looking up to the repository root, or None."""
    return BookFinder().find_book(path)


def display_path(folder: Path) -> Path:
    """A book folder as the user would write it: relative to the working directory when inside it."""
    rel = os.path.relpath(folder)
    return Path(rel) if not rel.startswith("..") else folder
