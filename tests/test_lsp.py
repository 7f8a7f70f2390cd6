"""`disclosure-lint lsp` end to end (issue 17, item 1): a real LSP client (pytest-lsp) drives the
server over stdio, as an editor does: diagnostics, code actions, hover, settings, config changes
and bad input."""

from __future__ import annotations

import asyncio
import os
import sys
import time
from collections.abc import AsyncIterator, Callable, Sequence
from pathlib import Path

import pytest
import pytest_lsp
from books import CHAPTER, STOCK, markdown_book
from docx_builders import build_docx
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

pytestmark = pytest.mark.asyncio(loop_scope="function")

SERVER = ClientServerConfig(server_command=[sys.executable, "-m", "disclosure_lint", "lsp"],
                            server_env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})


def capabilities() -> types.ClientCapabilities:
    return pytest_lsp.client_capabilities("visual-studio-code")


def accept_registrations(client: LanguageClient) -> None:
    """Answer client/registerCapability as an editor does (the test client has no handler)."""

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)  # type: ignore[untyped-decorator]
    def register(params: types.RegistrationParams) -> None:
        return None


async def start() -> LanguageClient:
    """A server and its client, for a test that initializes it its own way."""
    client = await SERVER.start()
    assert isinstance(client, LanguageClient)
    accept_registrations(client)
    return client


@pytest_lsp.fixture(config=SERVER)  # type: ignore[untyped-decorator]
async def client(lsp_client: LanguageClient) -> AsyncIterator[None]:
    accept_registrations(lsp_client)
    await lsp_client.initialize_session(types.InitializeParams(capabilities=capabilities()))
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=SERVER)  # type: ignore[untyped-decorator]
async def gpt4_client(lsp_client: LanguageClient) -> AsyncIterator[None]:
    """A client whose settings name the model (initializationOptions)."""
    accept_registrations(lsp_client)
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=capabilities(), initialization_options={"disclosureLint": {"model": "GPT-4"}}))
    yield
    await lsp_client.shutdown_session()


# --- helpers ----------------------------------------------------------------------------------------


def uri(path: Path) -> str:
    return path.resolve().as_uri()


def language(path: Path) -> str:
    return "markdown" if path.suffix == ".md" else "plaintext"


def open_file(client: LanguageClient, path: Path, text: str | None = None, version: int = 1) -> None:
    source = text if text is not None else (path.read_text("utf-8") if path.suffix == ".md" else "")
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        types.TextDocumentItem(uri=uri(path), language_id=language(path), version=version, text=source)))


def change(client: LanguageClient, path: Path, text: str, version: int) -> None:
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        types.VersionedTextDocumentIdentifier(uri=uri(path), version=version),
        [types.TextDocumentContentChangeWholeDocument(text=text)]))


async def diagnostics(client: LanguageClient, path: Path,
                      until: Callable[[Sequence[types.Diagnostic]], bool] = lambda d: True,
                      timeout: float = 20.0) -> list[types.Diagnostic]:
    """The file's diagnostics, once they satisfy `until` (published after this call's start or
    before it)."""
    key = uri(path)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = client.diagnostics.get(key)
        if found is not None and until(found):
            return list(found)
        await asyncio.sleep(0.02)
    raise AssertionError(f"no such diagnostics for {path.name}: {client.diagnostics.get(key)}")


def rules(found: Sequence[types.Diagnostic]) -> set[str]:
    return {str(d.code) for d in found}


def has(rule: str) -> Callable[[Sequence[types.Diagnostic]], bool]:
    return lambda found: rule in rules(found)


def lacks(rule: str) -> Callable[[Sequence[types.Diagnostic]], bool]:
    return lambda found: rule not in rules(found)


def apply_edits(text: str, edits: Sequence[types.TextEdit]) -> str:
    """Apply text edits (positions in UTF-16 units, as the client declared) to a text."""
    lines = text.splitlines(keepends=True)

    def offset(position: types.Position) -> int:
        before = sum(len(line) for line in lines[:position.line])
        line = lines[position.line] if position.line < len(lines) else ""
        units, chars = 0, 0
        while units < position.character and chars < len(line):
            units += 2 if ord(line[chars]) > 0xFFFF else 1
            chars += 1
        return before + chars

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[:offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end):]
        lines = text.splitlines(keepends=True)
    return text


async def actions_for(client: LanguageClient, path: Path, found: types.Diagnostic) -> list[types.CodeAction]:
    result = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri(path)), range=found.range,
        context=types.CodeActionContext(diagnostics=[found])))
    assert all(isinstance(a, types.CodeAction) for a in result or []), result
    return [a for a in result or [] if isinstance(a, types.CodeAction)]


def one_book(tmp_path: Path, text: str, name: str = "novel.md") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    (tmp_path / ".git").mkdir(exist_ok=True)  # the config search stops here
    return path


# --- diagnostics ------------------------------------------------------------------------------------


async def test_a_markdown_book_gets_diagnostics_on_open_and_after_a_change(client: LanguageClient,
                                                                            tmp_path: Path) -> None:
    book = one_book(tmp_path, markdown_book("This story came to me on a ferry."))
    open_file(client, book)
    found = await diagnostics(client, book, has("disclosure-missing"))
    missing = next(d for d in found if d.code == "disclosure-missing")
    assert missing.severity == types.DiagnosticSeverity.Error and missing.source == "disclosure-lint"
    line = book.read_text("utf-8").splitlines()[missing.range.start.line]
    assert line == "# Chapter 1"  # where the story starts: where the disclosure belongs before
    # The writer adds the disclosure (not saved): the diagnostic goes, from the editor's text.
    change(client, book, markdown_book(STOCK), 2)
    await diagnostics(client, book, lambda d: not d)


async def test_a_chapter_is_checked_with_its_book_and_findings_go_to_their_files(client: LanguageClient,
                                                                               tmp_path: Path) -> None:
    folder = tmp_path / "book"
    folder.mkdir()
    (tmp_path / ".git").mkdir()
    front = folder / "00-front.md"
    front.write_text('---\ntitle: "Harbor Lights"\nauthor: "Jordan Vale"\n---\n\n# Foreword\n\n'
                     "This story came to me on a ferry.\n", encoding="utf-8")
    first, second = folder / "01-chapter-1.md", folder / "02-chapter-2.md"
    first.write_text(f"# Chapter 1\n\n{CHAPTER}\n", encoding="utf-8")
    second.write_text(f"# Chapter 2\n\n{CHAPTER}\n", encoding="utf-8")
    open_file(client, second)
    # The book's verdict is published on the file where the story starts, not on the one opened.
    found = await diagnostics(client, first, has("disclosure-missing"))
    assert found[0].range.start.line == 0
    assert await diagnostics(client, second) == []
    assert await diagnostics(client, front) == []
    # Unsaved text of an open chapter counts: a disclosure typed into the foreword clears the book.
    open_file(client, front)
    change(client, front, front.read_text("utf-8").replace("This story", STOCK + "\n\nThis story"), 2)
    await diagnostics(client, first, lambda d: not d)


async def test_docx_is_checked_on_open_and_on_save(client: LanguageClient, tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    book = build_docx(tmp_path / "book.docx", [("Title", "Harbor Lights"), "by Jordan Vale",
                                               ("Heading 1", "Foreword"), "This story came to me on a ferry.",
                                               ("Heading 1", "Chapter 1"), CHAPTER], author="Jordan Vale")
    open_file(client, book)
    found = await diagnostics(client, book, has("disclosure-missing"))
    assert "paragraph" in next(d for d in found if d.code == "disclosure-missing").message
    build_docx(book, [("Title", "Harbor Lights"), "by Jordan Vale", ("Heading 1", "Foreword"), STOCK,
                      ("Heading 1", "Chapter 1"), CHAPTER], author="Jordan Vale")
    client.text_document_did_save(types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(uri(book))))
    await diagnostics(client, book, lambda d: not d)


async def test_control_and_bidi_characters_from_the_book_are_shown_not_obeyed(client: LanguageClient,
                                                                             tmp_path: Path) -> None:
    # An escape sequence quoted from the book's text (the analysis already drops bidi controls
    # from what it quotes) ...
    book = one_book(tmp_path, markdown_book("I wrote this book myself with ChatGPT\x1b[31m."))
    open_file(client, book)
    found = await diagnostics(client, book, lambda d: any("<U+001B>" in x.message for x in d))
    assert not any("\x1b" in d.message for d in found)
    # ... and a bidi override in a config key, which the error message quotes.
    (tmp_path / ".disclosure-lint.toml").write_text('"mo\u202eled" = "GPT-4"\n', encoding="utf-8")
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
        [types.FileEvent(uri(tmp_path / ".disclosure-lint.toml"), types.FileChangeType.Created)]))
    found = await diagnostics(client, book, lambda d: any("<U+202E>" in x.message for x in d))
    assert not any(ch in d.message for d in found for ch in "\u202e\x1b")


# --- code actions and hover -------------------------------------------------------------------------


async def test_insert_the_disclosure_as_an_edit_of_the_editors_text(gpt4_client: LanguageClient,
                                                                    tmp_path: Path) -> None:
    client = gpt4_client
    text = markdown_book("This story came to me on a ferry.")
    book = one_book(tmp_path, text)
    open_file(client, book)
    found = await diagnostics(client, book, has("disclosure-missing"))
    actions = await actions_for(client, book, next(d for d in found if d.code == "disclosure-missing"))
    titles = [a.title for a in actions]
    assert any("stock (the author, third person)" in t for t in titles), titles
    assert any("stock-first-person (first person)" in t for t in titles), titles
    first_person = next(a for a in actions if "stock-first-person" in a.title)
    assert first_person.edit is not None and first_person.edit.changes is not None
    new = apply_edits(text, first_person.edit.changes[uri(book)])
    assert "GPT-4" in new and new.index("GPT-4") < new.index("# Foreword")
    assert book.read_text("utf-8") == text  # an edit in the editor, not a write behind its back
    change(client, book, new, 2)
    await diagnostics(client, book, lambda d: not d)


async def test_insert_into_a_book_of_several_files_edits_the_file_insert_would(gpt4_client: LanguageClient,
                                                                               tmp_path: Path) -> None:
    client = gpt4_client
    folder = tmp_path / "book"
    folder.mkdir()
    (tmp_path / ".git").mkdir()
    front = folder / "00-front.md"
    front.write_text('---\ntitle: "Harbor Lights"\nauthor: "Jordan Vale"\n---\n\n# Foreword\n\n'
                     "This story came to me on a ferry.\n", encoding="utf-8")
    chapter = folder / "01-chapter-1.md"
    chapter.write_text(f"# Chapter 1\n\n{CHAPTER}\n", encoding="utf-8")
    open_file(client, chapter)
    found = await diagnostics(client, chapter, has("disclosure-missing"))
    actions = await actions_for(client, chapter, found[0])
    stock = next(a for a in actions if a.title.endswith(": stock (the author, third person)"))
    assert stock.edit is not None and stock.edit.changes is not None
    assert list(stock.edit.changes) == [uri(front)]  # the note goes before the Foreword, in its file
    before = front.read_text("utf-8")
    front.write_text(apply_edits(before, stock.edit.changes[uri(front)]), encoding="utf-8")  # applied, saved
    assert "GPT-4" in front.read_text("utf-8") and "# Foreword" in front.read_text("utf-8")
    client.text_document_did_save(types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(uri(chapter))))
    await diagnostics(client, chapter, lambda d: not d)
    # Unsaved changes in a file of the book: the plan would not see them, so it is not offered.
    front.write_text(before, encoding="utf-8")
    change(client, chapter, chapter.read_text("utf-8") + "\nMore.\n", 2)
    found = await diagnostics(client, chapter, lambda d: bool(d))
    insert = [a for a in await actions_for(client, chapter, found[0]) if a.title.startswith("Insert")]
    assert insert and all(a.disabled is not None and "save" in a.disabled.reason for a in insert)


async def test_the_insert_command_runs_insert_on_a_docx(gpt4_client: LanguageClient, tmp_path: Path) -> None:
    client = gpt4_client
    (tmp_path / ".git").mkdir()
    book = build_docx(tmp_path / "book.docx", [("Title", "Harbor Lights"), "by Jordan Vale",
                                               ("Heading 1", "Foreword"), "This story came to me on a ferry.",
                                               ("Heading 1", "Chapter 1"), CHAPTER], author="Jordan Vale")
    open_file(client, book)
    await diagnostics(client, book, has("disclosure-missing"))
    refused = await client.workspace_execute_command_async(types.ExecuteCommandParams(
        command="disclosure-lint.insert", arguments=[str(book), "no-such-template"]))
    assert refused is None
    assert any("no-such-template" in m.message for m in client.messages)  # shown to the writer
    result = await client.workspace_execute_command_async(types.ExecuteCommandParams(
        command="disclosure-lint.insert", arguments=[str(book), "stock-first-person"]))
    assert "added “A Note on the Use of AI”" in str(result)
    await diagnostics(client, book, lambda d: not d)


async def test_insert_offers_the_templates_of_the_books_language(gpt4_client: LanguageClient,
                                                                  tmp_path: Path) -> None:
    client = gpt4_client
    chapter = ("Les lumières du port s'allumaient une à une pendant que le ferry attendait au quai. Mira "
               "comptait les lanternes et pensait à la lettre dans son manteau.")
    text = "\n".join(["---", 'title: "Les Lumières du port"', 'author: "Jordan Vale"', "lang: fr", "---", "",
                      "# Chapitre 1", "", chapter, "", "# Chapitre 2", "", chapter, ""])
    book = one_book(tmp_path, text)
    open_file(client, book)
    found = await diagnostics(client, book, has("disclosure-missing"))
    actions = await actions_for(client, book, next(d for d in found if d.code == "disclosure-missing"))
    titles = [a.title for a in actions]
    assert any(t.endswith(": stock-feminine (the author, third person)") for t in titles), titles
    stock = next(a for a in actions if a.title.endswith(": stock (the author, third person)"))
    assert stock.edit is not None and stock.edit.changes is not None
    new = apply_edits(text, stock.edit.changes[uri(book)])
    assert "L'auteur a généré ce texte en partie avec GPT-4" in new


async def test_insert_without_a_model_says_what_to_set(client: LanguageClient, tmp_path: Path) -> None:
    book = one_book(tmp_path, markdown_book("This story came to me on a ferry."))
    open_file(client, book)
    found = await diagnostics(client, book, has("disclosure-missing"))
    actions = await actions_for(client, book, found[0])
    insert = next(a for a in actions if a.title.startswith("Insert an AI disclosure"))
    assert insert.disabled is not None and "model" in insert.disabled.reason


async def test_a_disable_comment_silences_the_rule_here(client: LanguageClient, tmp_path: Path) -> None:
    text = markdown_book("This book was drafted with ChatGPT and I edited it.")
    book = one_book(tmp_path, text)
    open_file(client, book)
    found = await diagnostics(client, book, has("responsibility-missing"))
    target = next(d for d in found if d.code == "responsibility-missing")
    actions = await actions_for(client, book, target)
    disable = next(a for a in actions if a.title.startswith("Disable responsibility-missing"))
    assert disable.edit is not None and disable.edit.changes is not None
    new = apply_edits(text, disable.edit.changes[uri(book)])
    assert "<!-- disclosure-lint-disable responsibility-missing -->" in new
    assert new.startswith("---\n")  # never inside the YAML front matter
    change(client, book, new, 2)
    await diagnostics(client, book, lacks("responsibility-missing"))


async def test_a_disable_next_line_comment_silences_a_finding_on_its_line(client: LanguageClient,
                                                                         tmp_path: Path) -> None:
    hidden = "<!-- This book was drafted with ChatGPT and edited by the author. -->"
    text = markdown_book(hidden + "\n\nThis story came to me on a ferry.")
    book = one_book(tmp_path, text)
    open_file(client, book)
    found = await diagnostics(client, book, has("disclosure-hidden"))
    target = next(d for d in found if d.code == "disclosure-hidden")
    actions = await actions_for(client, book, target)
    disable = next(a for a in actions if a.title.startswith("Disable disclosure-hidden on this line"))
    assert disable.edit is not None and disable.edit.changes is not None
    new = apply_edits(text, disable.edit.changes[uri(book)])
    assert f"<!-- disclosure-lint-disable-next-line disclosure-hidden -->\n{hidden}" in new
    change(client, book, new, 2)
    await diagnostics(client, book, lacks("disclosure-hidden"))


async def test_hover_shows_the_rules_documentation_and_policy_clause(client: LanguageClient,
                                                                     tmp_path: Path) -> None:
    book = one_book(tmp_path, markdown_book("This story came to me on a ferry."))
    open_file(client, book)
    found = await diagnostics(client, book, has("disclosure-missing"))
    hover = await client.text_document_hover_async(types.HoverParams(
        types.TextDocumentIdentifier(uri(book)), found[0].range.start))
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert "disclosure-missing" in hover.contents.value and "DL001" in hover.contents.value
    assert "Policy: “The role of AI in formulating the content" in hover.contents.value
    nowhere = await client.text_document_hover_async(types.HoverParams(
        types.TextDocumentIdentifier(uri(book)), types.Position(0, 0)))
    assert nowhere is None


# --- settings and config ----------------------------------------------------------------------------


async def test_the_model_setting_is_checked_and_a_new_setting_rechecks(gpt4_client: LanguageClient,
                                                                       tmp_path: Path) -> None:
    client = gpt4_client
    book = one_book(tmp_path, markdown_book(STOCK))  # the stock text names GPT-3
    open_file(client, book)
    await diagnostics(client, book, has("model-mismatch"))
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"disclosureLint": {"model": "GPT-3"}}))
    await diagnostics(client, book, lambda d: not d)


async def test_settings_are_pulled_from_the_client(client: LanguageClient, tmp_path: Path) -> None:
    book = one_book(tmp_path, markdown_book(STOCK))
    open_file(client, book)
    await diagnostics(client, book, lambda d: not d)
    client.set_configuration({"model": "Claude"}, section="disclosureLint")
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    await diagnostics(client, book, has("model-mismatch"))


async def test_the_profile_setting_chooses_the_policies(client: LanguageClient, tmp_path: Path) -> None:
    book = one_book(tmp_path, markdown_book("This story came to me on a ferry."))
    open_file(client, book)
    found = await diagnostics(client, book, has("disclosure-missing"))
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"disclosureLint": {"profile": ["openai-2021", "kdp"]}}))
    await asyncio.sleep(0.5)
    hover = await client.text_document_hover_async(types.HoverParams(
        types.TextDocumentIdentifier(uri(book)), found[0].range.start))
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert "Profile openai-2021: “" in hover.contents.value
    # KDP asks stores' questions, not for a note in the book: nothing is missing under it alone.
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"disclosureLint": {"profile": "kdp"}}))
    await diagnostics(client, book, lacks("disclosure-missing"))
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"disclosureLint": {"profile": "no-such-policy"}}))
    await asyncio.sleep(0.5)
    assert any("'profile'" in m.message and "no-such-policy" in m.message for m in client.log_messages)


async def test_insert_is_filled_in_from_the_declaration(client: LanguageClient, tmp_path: Path) -> None:
    (tmp_path / ".disclosure-lint.toml").write_text(
        '[ai-use]\nresponsibility = "Jordan Vale"\n\n[[ai-use.tools]]\nname = "FooLM 2"\nvendor = "Foo Labs"\n\n'
        '[ai-use.text]\nuse = "generated"\nscope = "some"\nediting = "extensive"\n', encoding="utf-8")
    text = markdown_book("This story came to me on a ferry.")
    book = one_book(tmp_path, text)
    open_file(client, book)
    found = await diagnostics(client, book, has("disclosure-missing"))
    actions = await actions_for(client, book, next(d for d in found if d.code == "disclosure-missing"))
    stock = next(a for a in actions if a.title.endswith(": stock (the author, third person)"))
    assert stock.edit is not None and stock.edit.changes is not None
    new = apply_edits(text, stock.edit.changes[uri(book)])
    assert "FooLM 2, Foo Labs' large-scale" in new


async def test_a_config_change_is_picked_up_without_a_restart(client: LanguageClient, tmp_path: Path) -> None:
    book = one_book(tmp_path, markdown_book("This story came to me on a ferry."))
    open_file(client, book)
    await diagnostics(client, book, has("disclosure-missing"))
    config = tmp_path / ".disclosure-lint.toml"
    config.write_text('[severity]\ndisclosure-missing = "off"\n', encoding="utf-8")
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
        [types.FileEvent(uri(config), types.FileChangeType.Created)]))
    await diagnostics(client, book, lacks("disclosure-missing"))


async def test_the_config_setting_names_the_config_file(tmp_path: Path) -> None:
    config = tmp_path / "strict.toml"
    config.write_text('model = "Claude"\n', encoding="utf-8")
    client = await start()
    try:
        await client.initialize_session(types.InitializeParams(
            capabilities=capabilities(), initialization_options={"config": str(config)}))
        book = one_book(tmp_path, markdown_book(STOCK))
        open_file(client, book)
        await diagnostics(client, book, has("model-mismatch"))
        await client.shutdown_session()
    finally:
        await client.stop()  # type: ignore[no-untyped-call]


# --- bad input: a diagnostic or a log message, never a dead server ----------------------------------


async def test_a_broken_config_is_a_diagnostic_and_the_server_goes_on(client: LanguageClient,
                                                                      tmp_path: Path) -> None:
    (tmp_path / ".disclosure-lint.toml").write_text("model = \n", encoding="utf-8")
    book = one_book(tmp_path, markdown_book(STOCK))
    open_file(client, book)
    found = await diagnostics(client, book, lambda d: bool(d))
    assert "invalid TOML" in found[0].message and ".disclosure-lint.toml" in found[0].message
    assert any("invalid TOML" in m.message for m in client.log_messages)
    (tmp_path / ".disclosure-lint.toml").write_text('model = "GPT-3"\n', encoding="utf-8")
    client.text_document_did_save(types.DidSaveTextDocumentParams(
        types.TextDocumentIdentifier(uri(tmp_path / ".disclosure-lint.toml"))))
    await diagnostics(client, book, lambda d: not d)


async def test_a_damaged_package_is_a_diagnostic_and_the_server_goes_on(client: LanguageClient,
                                                                        tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    broken = tmp_path / "book.epub"
    broken.write_bytes(b"PK\x03\x04 not really a zip at all")
    open_file(client, broken)
    found = await diagnostics(client, broken, lambda d: bool(d))
    assert found[0].severity == types.DiagnosticSeverity.Error
    book = one_book(tmp_path, markdown_book("This story came to me on a ferry."))
    open_file(client, book)
    await diagnostics(client, book, has("disclosure-missing"))


async def test_bad_settings_are_logged_and_ignored(tmp_path: Path) -> None:
    client = await start()
    try:
        await client.initialize_session(types.InitializeParams(
            capabilities=capabilities(), initialization_options={"model": 42, "debounce": "soon"}))
        book = one_book(tmp_path, markdown_book(STOCK))
        open_file(client, book)
        await diagnostics(client, book, lambda d: not d)
        messages = " ".join(m.message for m in client.log_messages)
        assert "'model' must be a string" in messages and "'debounce'" in messages
        await client.shutdown_session()
    finally:
        await client.stop()  # type: ignore[no-untyped-call]


