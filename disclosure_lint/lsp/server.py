"""The language server: documents in, diagnostics out, over stdio (pygls).

- Markdown is checked on open and on change (debounced: `debounce` ms after the last keystroke)
  from the editor's text, DOCX and EPUB on open and on save from the file. A chapter is checked
  with its whole book (the open chapters' unsaved text included), and each file of the book gets
  its own diagnostics; a file dropped from a book has its old ones cleared.
- Settings (initializationOptions, then the client's `disclosureLint` configuration section):
  `model`, `profile` (a policy profile or a list of them, as `--profile`), `config` (a config
  file, as `--config`), `debounce` (ms). The config file
  is read again at every check; a change to it, or to a book's layout file, re-checks the open
  books (through watched files when the client offers them, and on save).
- Nothing a file or a config holds stops the server: a check that fails is a diagnostic on the
  file and a log message; an unexpected error is logged (`window/logMessage`) and the server goes on.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, NamedTuple

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from .. import __version__
from ..api import BookCheck, check_book, find_book
from ..config import CONFIG_NAME
from ..errors import PROG, DisclosureLintError, internal_error
from ..model import Skipped
from ..names import parse_profiles
from . import SETTINGS_SECTION
from .actions import INSERT_COMMAND, disable_comment, hover_text, insert_actions, insert_options
from .diagnostics import Lines, Published, book_diagnostics, file_uri, only, problem

MARKDOWN = frozenset({".md", ".markdown", ".mdown", ".mkd", ".mdwn", ".txt", ".qmd"})
PACKAGES = frozenset({".docx", ".docm", ".dotx", ".dotm", ".epub"})
#: Files whose change changes a book's config or layout: every open book is checked again.
WATCHED = (f"**/{CONFIG_NAME}", "**/pyproject.toml", "**/book.toml", "**/SUMMARY.md", "**/_quarto.yml",
           "**/Book.txt")
_WATCHED_NAMES = frozenset({CONFIG_NAME, "pyproject.toml", "book.toml", "_quarto.yml", "Book.txt"})
DEFAULT_DEBOUNCE_MS = 30


class Settings(NamedTuple):
    """What the client may set."""

    model: str | None = None
    #: Policy profiles (`--profile`); empty: the config's.
    profiles: tuple[str, ...] = ()
    config: Path | None = None
    debounce_ms: int = DEFAULT_DEBOUNCE_MS


class DisclosureServer(LanguageServer):
    """The server's state: settings, what was published where, the checks waiting to run."""

    def __init__(self) -> None:
        super().__init__(PROG, __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.settings = Settings()
        #: URI → the diagnostics published on it, with their rules (hover, code actions).
        self.published: dict[str, list[Published]] = {}
        #: A book (its path; a file whose check failed: its URI) → the URIs its diagnostics went to.
        self.book_uris: dict[str, set[str]] = {}
        #: The file URI → its last check (code actions need the manuscript and the config).
        self.checks: dict[str, BookCheck] = {}
        self.pending: dict[str, asyncio.TimerHandle] = {}
        #: The file URI → its book (`api.find_book`), kept while only text changes: a book's
        #: files change on open, save, close and config or layout changes, which clear it.
        self.books: dict[str, Path | Skipped] = {}
        self.generation = 0
        #: Checks run one at a time, off the event loop, so that the editor's requests are answered.
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="disclosure-lint-check")
        self.lock = threading.Lock()

    # --- logging ----------------------------------------------------------------------------------

    def log(self, message: str, kind: types.MessageType = types.MessageType.Info) -> None:
        self.window_log_message(types.LogMessageParams(type=kind, message=message))

    # --- settings ---------------------------------------------------------------------------------

    def apply_settings(self, raw: Any) -> None:
        """Take the client's settings (a mapping, possibly under `disclosureLint`); a bad value is
        logged and ignored."""
        if isinstance(raw, Mapping) and isinstance(raw.get(SETTINGS_SECTION), Mapping):
            raw = raw[SETTINGS_SECTION]
        if not isinstance(raw, Mapping):
            return
        values: dict[str, Any] = {}
        profile = raw.get("profile")
        if profile is None or profile == "" or profile == []:
            values["profiles"] = ()
        elif isinstance(profile, str) or (isinstance(profile, list) and all(isinstance(p, str) for p in profile)):
            try:
                values["profiles"] = parse_profiles([profile] if isinstance(profile, str) else profile,
                                                    lambda problem: ValueError(problem))
            except ValueError as exc:
                self.log(f"{PROG}: setting 'profile': {exc}; ignored", types.MessageType.Warning)
        else:
            self.log(f"{PROG}: setting 'profile' must be a profile name or a list of them; ignored",
                     types.MessageType.Warning)
        for key in ("model", "config"):
            value = raw.get(key)
            if value is None or value == "":
                values[key] = None
            elif isinstance(value, str):
                values[key] = value.strip() or None
            else:
                self.log(f"{PROG}: setting {key!r} must be a string; ignored", types.MessageType.Warning)
        debounce = raw.get("debounce", DEFAULT_DEBOUNCE_MS)
        if isinstance(debounce, int) and not isinstance(debounce, bool) and 0 <= debounce <= 10_000:
            values["debounce_ms"] = debounce
        else:
            self.log(f"{PROG}: setting 'debounce' must be a number of milliseconds (0 to 10000); ignored",
                     types.MessageType.Warning)
        config = values.pop("config", self.settings.config)
        self.settings = self.settings._replace(**values, config=Path(os.path.expanduser(config))
                                               if isinstance(config, str) else config)

    def overrides(self) -> dict[str, Any]:
        """Config fields the settings override (None and empty: the config's own)."""
        return {"profiles": self.settings.profiles} if self.settings.profiles else {}

    # --- checking ---------------------------------------------------------------------------------

    def schedule(self, uri: str, delay_ms: int | None = None) -> None:
        """Check the book of `uri` after `delay_ms` (the debounce), unless asked again before."""
        waiting = self.pending.pop(uri, None)
        if waiting is not None:
            waiting.cancel()
        loop = asyncio.get_running_loop()
        delay = (self.settings.debounce_ms if delay_ms is None else delay_ms) / 1000
        self.pending[uri] = loop.call_later(delay, lambda: asyncio.ensure_future(self.check(uri)))

    def unsaved(self) -> dict[str, bytes]:
        """The editor's text of every open Markdown document, by absolute path."""
        out = {}
        for uri, document in list(self.workspace.text_documents.items()):
            path = to_fs_path(uri) if uri.startswith("file:") else None
            if path and Path(path).suffix.lower() in MARKDOWN:
                out[os.path.abspath(path)] = document.source.encode("utf-8", "surrogatepass")
        return out

    async def check(self, uri: str) -> None:
        """Check the book `uri` belongs to and publish on each of its files."""
        self.pending.pop(uri, None)
        path = to_fs_path(uri) if uri.startswith("file:") else None
        if not path:
            return
        unsaved = self.unsaved()
        settings = self.settings
        generation = self.generation
        loop = asyncio.get_running_loop()
        try:
            result, book = await loop.run_in_executor(self.worker, self._check_book, Path(path), settings, unsaved,
                                                      self.books.get(uri))
        except DisclosureLintError as exc:
            self.log(f"{PROG}: {exc}", types.MessageType.Warning)
            self._failed(uri, str(exc))
            return
        except Exception as exc:  # a bug met on one book: logged, and the server goes on
            message = internal_error(exc)
            self.log(f"{PROG}: {path}: {message}", types.MessageType.Error)
            self._failed(uri, message)
            return
        if uri not in self.workspace.text_documents:
            return  # closed while it was being checked
        if generation == self.generation:
            self.books[uri] = book
        if isinstance(result, Skipped):
            self.log(f"{PROG}: {result.message}")
            self.checks.pop(uri, None)
            self._publish(uri, {uri: []})
            return
        self.checks[uri] = result
        encoding = str(self.workspace.position_encoding or types.PositionEncodingKind.Utf16)
        self._publish(str(result.book), book_diagnostics(result.report, uri, Lines(self._open_text), encoding))

    def _failed(self, uri: str, message: str) -> None:
        self.checks.pop(uri, None)
        self._publish(uri, {uri: [Published(problem(message), "check-failed", "")]})

    def _check_book(self, path: Path, settings: Settings, unsaved: dict[str, bytes], book: Path | Skipped | None,
                    ) -> tuple[BookCheck | Skipped, Path | Skipped]:
        """In the worker: the check, and the book it was made for (to keep for the next one)."""
        if book is None:
            book = find_book(path, settings.config)
        if isinstance(book, Skipped):
            return book, book
        return check_book(path, config_path=settings.config, model=settings.model, unsaved=unsaved,
                          overrides=self.overrides(), book=book), book

    def forget_books(self) -> None:
        """Resolve every file's book again at its next check (files or layouts changed)."""
        self.books.clear()
        self.generation += 1

    def _open_text(self, uri: str) -> str | None:
        document = self.workspace.text_documents.get(uri)
        return document.source if document is not None else None

    def _publish(self, book: str, by_uri: dict[str, list[Published]]) -> None:
        """Publish a book's diagnostics on each of its files; clear those of files it had before
        and has no more."""
        for stale in self.book_uris.get(book, set()) - set(by_uri):
            self.published[stale] = []
            self._send(stale, [])
        self.book_uris[book] = set(by_uri)
        for target, published in by_uri.items():
            self.published[target] = published
            self._send(target, only(published))

    def _send(self, uri: str, diagnostics: list[types.Diagnostic]) -> None:
        document = self.workspace.text_documents.get(uri)
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=uri, diagnostics=diagnostics, version=document.version if document is not None else None))

    def recheck_all(self) -> None:
        """Check every open book again (settings or config changed)."""
        self.forget_books()
        for uri in list(self.workspace.text_documents):
            if _checked(uri):
                self.schedule(uri, 0)


def _suffix(uri: str) -> str:
    return Path(uri.rsplit("/", 1)[-1]).suffix.lower()


def _checked(uri: str) -> bool:
    return uri.startswith("file:") and (_suffix(uri) in MARKDOWN or _suffix(uri) in PACKAGES)


def _config_file(uri: str) -> bool:
    name = uri.rsplit("/", 1)[-1]
    return name in _WATCHED_NAMES or name == "SUMMARY.md"


server = DisclosureServer()


@server.feature(types.INITIALIZE)
def initialize(ls: DisclosureServer, params: types.InitializeParams) -> None:
    ls.apply_settings(params.initialization_options)


@server.feature(types.INITIALIZED)
async def initialized(ls: DisclosureServer, params: types.InitializedParams) -> None:
    capabilities = ls.client_capabilities.workspace
    if capabilities is not None and capabilities.did_change_watched_files is not None \
            and capabilities.did_change_watched_files.dynamic_registration:
        watchers = [types.FileSystemWatcher(glob_pattern=pattern) for pattern in WATCHED]
        try:
            await ls.client_register_capability_async(types.RegistrationParams(registrations=[types.Registration(
                id="disclosure-lint-config", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers))]))
        except Exception as exc:
            ls.log(f"{PROG}: the editor would not watch config files ({exc}); they are read again at every check",
                   types.MessageType.Warning)
    if capabilities is not None and capabilities.configuration:
        await _pull_settings(ls)


async def _pull_settings(ls: DisclosureServer) -> None:
    try:
        values = await ls.workspace_configuration_async(types.ConfigurationParams(
            items=[types.ConfigurationItem(section=SETTINGS_SECTION)]))
    except Exception as exc:
        ls.log(f"{PROG}: could not read the editor's settings ({exc})", types.MessageType.Warning)
        return
    if values and values[0] is not None:
        ls.apply_settings(values[0])


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: DisclosureServer, params: types.DidOpenTextDocumentParams) -> None:
    uri = params.text_document.uri
    ls.forget_books()
    if _config_file(uri):
        ls.recheck_all()
    elif _checked(uri):
        ls.schedule(uri, 0)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: DisclosureServer, params: types.DidChangeTextDocumentParams) -> None:
    uri = params.text_document.uri
    if _checked(uri) and _suffix(uri) in MARKDOWN:
        ls.schedule(uri)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: DisclosureServer, params: types.DidSaveTextDocumentParams) -> None:
    uri = params.text_document.uri
    ls.forget_books()
    if _config_file(uri):
        ls.recheck_all()
    elif _checked(uri):
        ls.schedule(uri, 0)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: DisclosureServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    ls.forget_books()
    waiting = ls.pending.pop(uri, None)
    if waiting is not None:
        waiting.cancel()
    check = ls.checks.pop(uri, None)
    book = str(check.book) if check is not None else uri
    if any(str(c.book) == book for c in ls.checks.values()):
        # The book's other open files were read with this file's unsaved text: check them again.
        for other, c in list(ls.checks.items()):
            if str(c.book) == book:
                ls.schedule(other, 0)
        return
    for target in ls.book_uris.pop(book, set()) | {uri}:
        ls.published.pop(target, None)
        ls._send(target, [])


@server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
async def did_change_configuration(ls: DisclosureServer, params: types.DidChangeConfigurationParams) -> None:
    if isinstance(params.settings, Mapping) and params.settings:
        ls.apply_settings(params.settings)
    else:
        capabilities = ls.client_capabilities.workspace
        if capabilities is not None and capabilities.configuration:
            await _pull_settings(ls)
    ls.recheck_all()


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def did_change_watched_files(ls: DisclosureServer, params: types.DidChangeWatchedFilesParams) -> None:
    ls.recheck_all()


def _at(published: list[Published], position: types.Position) -> list[Published]:
    out = []
    for p in published:
        start, end = p.diagnostic.range.start, p.diagnostic.range.end
        if not (start.line <= position.line <= end.line):
            continue
        if start.line == end.line and start.character != end.character and \
                not (start.character <= position.character <= end.character):
            continue
        out.append(p)
    return out


@server.feature(types.TEXT_DOCUMENT_HOVER)
def hover(ls: DisclosureServer, params: types.HoverParams) -> types.Hover | None:
    uri = params.text_document.uri
    found = _at(ls.published.get(uri, []), params.position)
    check = ls.checks.get(uri)
    text = hover_text(found, check.config.profiles if check is not None else ())
    if text is None:
        return None
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text),
                       range=found[0].diagnostic.range)


@server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]))
def code_action(ls: DisclosureServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
    uri = params.text_document.uri
    published = ls.published.get(uri, [])
    wanted = {(d.range.start.line, d.range.start.character, d.message) for d in params.context.diagnostics}
    found = [p for p in published if (p.diagnostic.range.start.line, p.diagnostic.range.start.character,
                                      p.diagnostic.message) in wanted]
    if not found:
        found = _at(published, params.range.start)
    if not found:
        return None
    actions: list[types.CodeAction] = []
    document = ls.workspace.text_documents.get(uri)
    markdown = _suffix(uri) in MARKDOWN and document is not None
    check = ls.checks.get(uri) or next((c for c in ls.checks.values() if uri in ls.book_uris.get(str(c.book), ())),
                                       None)
    if check is not None:
        one_file = markdown and not Path(check.book).is_dir() and file_uri(str(check.book)) == uri
        dirty = _dirty(ls, check)
        encoding = str(ls.workspace.position_encoding or types.PositionEncodingKind.Utf16)
        try:
            actions += insert_actions(uri, check, document.source if one_file and document else None, found,
                                      dirty, encoding, _creates_files(ls))
        except DisclosureLintError as exc:
            ls.log(f"{PROG}: cannot offer an insert here: {exc}", types.MessageType.Warning)
    if markdown and document is not None:
        eol = "\r\n" if document.source.find("\r\n") >= 0 else "\n"
        lines = document.lines
        for p in found:
            action = disable_comment(uri, lines, p, eol)
            if action is not None:
                actions.append(action)
    return actions or None


def _creates_files(ls: DisclosureServer) -> bool:
    """Can the editor create a file in a workspace edit (for a note in a new file of the book)?"""
    workspace = ls.client_capabilities.workspace
    edit = workspace.workspace_edit if workspace is not None else None
    return bool(edit is not None and edit.document_changes and edit.resource_operations
                and types.ResourceOperationKind.Create in edit.resource_operations)


def _dirty(ls: DisclosureServer, check: BookCheck) -> bool:
    """Does an open file of the book hold text that is not on disk?"""
    for path in check.report.files:
        document = ls.workspace.text_documents.get(file_uri(path))
        if document is None:
            continue
        try:
            if Path(path).read_bytes() != document.source.encode("utf-8", "surrogatepass"):
                return True
        except OSError:
            return True
    return False


@server.command(INSERT_COMMAND)
async def insert_command(ls: DisclosureServer, *arguments: Any) -> str | None:
    """Run `insert` on a saved book (several files, DOCX, EPUB) and check it again."""
    from ..config import load_config, resolve_config
    from ..writers import InsertOptions, InsertRefused, run_insert

    args = arguments[0] if len(arguments) == 1 and isinstance(arguments[0], list) else list(arguments)
    try:
        path, template = insert_options(args)
        settings = ls.settings
        config = load_config(settings.config) if settings.config is not None else resolve_config(path, None)
        # As `insert` on the command line: the note is OpenAI's stock text, placed and checked as
        # openai-2021 asks, whatever profiles the config names for `check`.
        config = config._replace(profiles=())
        loop = asyncio.get_running_loop()
        result = await loop.run_in_executor(
            ls.worker, run_insert, path, InsertOptions(model=settings.model, template=template), config)
    except (DisclosureLintError, ValueError) as exc:
        kind = types.MessageType.Warning if isinstance(exc, InsertRefused) else types.MessageType.Error
        ls.window_show_message(types.ShowMessageParams(type=kind, message=f"{PROG}: {exc}"))
        return None
    except Exception as exc:
        ls.log(f"{PROG}: {internal_error(exc)}", types.MessageType.Error)
        return None
    ls.window_show_message(types.ShowMessageParams(type=types.MessageType.Info, message=result.message))
    ls.recheck_all()
    return result.message


@server.feature(types.SHUTDOWN)
def shutdown(ls: DisclosureServer, params: None) -> None:
    for handle in ls.pending.values():
        handle.cancel()
    ls.pending.clear()
    ls.worker.shutdown(wait=False, cancel_futures=True)


def serve() -> None:
    """Serve one client over stdin and stdout until it exits."""
    server.start_io()
