"""Code actions and hover: what the editor offers on a diagnostic.

- **Add a disable comment for this rule here** (Markdown): `<!-- disclosure-lint-disable-next-line
  SLUG -->` on a line of its own before the finding, or, for a rule about the whole book (which a
  comment silences wherever it stands: `directives.BOOK_LEVEL`), `<!-- disclosure-lint-disable
  SLUG -->`. Never inside YAML front matter, which a comment would break.
- **Insert the AI disclosure**, one action per template (each template is a voice: `stock`,
  `stock-first-person`, `stock-company`, ...), filled in with the model and author from the
  settings, the config and the book, by the same writer `insert` uses. In a Markdown book it is
  an edit for the editor to apply (undone like any edit): of the editor's text in a one-file
  book, of the saved files of a book of several (a new file when `insert` would make one); in a
  DOCX or an EPUB it is a command the server runs: `insert` itself, on the file.
- **Hover** on a diagnostic: the rule's documentation (`disclosure-lint explain`) and the policy
  clause it enforces.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from lsprotocol import types

from ..api import BookCheck, rule_help
from ..directives import BOOK_LEVEL
from ..errors import DisclosureLintError
from ..writers import DISCLOSURE_RULES, InsertOptions, Note, Placement, build_note, note_language, place
from ..writers.atomic import materialize
from ..writers.markdown import render
from ..writers.templates import load_templates
from .diagnostics import INPUT, Published, file_uri, units

#: The command that runs `insert` on saved files: arguments [path, template].
INSERT_COMMAND = "disclosure-lint.insert"

_VOICE_WORDS = {"third": "the author, third person", "first": "first person", "company": "a company"}


def hover_text(found: Sequence[Published], profiles: Sequence[str] = ()) -> str | None:
    """Markdown for a hover over diagnostics: each rule's documentation and policy clause (and
    the clause of each policy profile the book is checked against)."""
    parts = []
    for slug in dict.fromkeys(p.rule for p in found):
        if slug == INPUT:
            continue
        help_ = rule_help(slug, profiles)
        if help_ is None:
            continue
        text = f"**{help_.slug}** ({help_.code}, default severity {help_.severity.value})\n\n{help_.text}"
        if help_.policy:
            text += f"\n\n> Policy: “{help_.policy}”\n>\n> — {help_.source}"
        for clause in help_.clauses:
            text += f"\n\n> Profile {clause.profile}: “{clause.text}”\n>\n> — {clause.source}"
        parts.append(text)
    return "\n\n---\n\n".join(parts) or None


def disable_comment(uri: str, lines: Sequence[str], published: Published, eol: str) -> types.CodeAction | None:
    """The action that silences this rule here with an inline comment (Markdown only)."""
    if published.rule == INPUT or not published.diagnostic.range:
        return None
    book_level = published.rule in BOOK_LEVEL
    action = "disable" if book_level else "disable-next-line"
    line = published.diagnostic.range.start.line
    line = max(line, _after_front_matter(lines))
    # An HTML comment on a line of its own ends its block there (CommonMark HTML block, type 2):
    # the line after it stays the heading or paragraph it was.
    text = f"<!-- disclosure-lint-{action} {published.rule} -->{eol}"
    where = "for the whole book" if book_level else "on this line"
    edit = types.TextEdit(types.Range(types.Position(line, 0), types.Position(line, 0)), text)
    return types.CodeAction(
        title=f"Disable {published.rule} {where} (disclosure-lint comment)",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[published.diagnostic],
        edit=types.WorkspaceEdit(changes={uri: [edit]}),
    )


def _after_front_matter(lines: Sequence[str]) -> int:
    """The first line after YAML front matter (0 when there is none)."""
    if not lines or lines[0].rstrip() != "---":
        return 0
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return i + 1
    return 0


def insert_actions(uri: str, check: BookCheck, source: str | None, published: Sequence[Published],
                   dirty: bool, encoding: str, create_files: bool = True) -> list[types.CodeAction]:
    """One "insert the disclosure" action per template, for diagnostics of disclosure rules.

    `source` is the editor's text of a one-file Markdown book (an edit of it is offered), None
    for the others: for a book of several files an edit of its saved files (`dirty` when one has
    unsaved changes, which the plan would not see; `create_files` when the editor can create a
    file, for a note in a new file), for DOCX and EPUB the server's command, which runs `insert`.
    """
    wanted = [p.diagnostic for p in published if p.rule in DISCLOSURE_RULES]
    if not wanted:
        return []
    config, manuscript = check.config, check.manuscript
    # The AI system and its maker: the setting or the config's `model`, else the tool the
    # [ai-use] declaration names for the text; the author: the book's, else who takes
    # responsibility in the declaration.
    declared = config.declaration.tools_for("text", "translation") if config.declaration is not None else ()
    model = config.model or (declared[0].name if declared else None)
    vendor = next((t.vendor for t in declared if t.name == model and t.vendor), None)
    author = None
    if not manuscript.metadata.authors and config.declaration is not None:
        author = config.declaration.responsibility
    title = "Insert an AI disclosure"
    if not model:
        return [types.CodeAction(
            title=title, kind=types.CodeActionKind.QuickFix, diagnostics=wanted,
            disabled=types.CodeActionDisabled(
                reason="set the AI system used: the `model` setting, model = \"...\" in the config, or the "
                       "[ai-use] tools"))]
    try:
        # The templates of the language the note will be written in (the book's, as `insert` has it).
        language, _ = note_language(InsertOptions(), manuscript, config)
        templates = load_templates(config.templates, language)
    except DisclosureLintError as exc:
        return [types.CodeAction(title=title, kind=types.CodeActionKind.QuickFix, diagnostics=wanted,
                                 disabled=types.CodeActionDisabled(reason=str(exc)))]
    placement = place(manuscript)
    out = []
    for name, template in templates.items():
        label = f"{title}: {name} ({_VOICE_WORDS.get(template.voice, template.voice)})"
        try:
            note = build_note(manuscript, InsertOptions(model=model, vendor=vendor, template=name, author=author),
                              config, model)
        except DisclosureLintError as exc:
            out.append(types.CodeAction(title=label, kind=types.CodeActionKind.QuickFix, diagnostics=wanted,
                                        disabled=types.CodeActionDisabled(reason=str(exc))))
            continue
        if source is not None:
            new = materialize(render(source.encode("utf-8"), manuscript, placement, note).data).decode("utf-8")
            edits = text_edits(source, new, encoding)
            out.append(types.CodeAction(title=label, kind=types.CodeActionKind.QuickFix, diagnostics=wanted,
                                        edit=types.WorkspaceEdit(changes={uri: edits})))
        elif dirty:
            out.append(types.CodeAction(
                title=label, kind=types.CodeActionKind.QuickFix, diagnostics=wanted,
                disabled=types.CodeActionDisabled(reason="save the book's files first: insert edits them on disk")))
        elif Path(check.book).is_dir() and create_files:
            try:
                edit = book_edit(check, placement, note, encoding)
            except DisclosureLintError as exc:
                out.append(types.CodeAction(title=label, kind=types.CodeActionKind.QuickFix, diagnostics=wanted,
                                            disabled=types.CodeActionDisabled(reason=str(exc))))
                continue
            out.append(types.CodeAction(title=label, kind=types.CodeActionKind.QuickFix, diagnostics=wanted,
                                        edit=edit))
        else:
            out.append(types.CodeAction(
                title=label, kind=types.CodeActionKind.QuickFix, diagnostics=wanted,
                command=types.Command(title=label, command=INSERT_COMMAND, arguments=[str(check.book), name])))
    return out


def book_edit(check: BookCheck, placement: Placement, note: Note, encoding: str) -> types.WorkspaceEdit:
    """The edit `insert` would make to a book of several (saved) files: an edit of the file that
    receives the note, or a new file made to sort before the chapter's."""
    from ..writers.book import plan_insert

    edit = plan_insert(Path(check.book), check.manuscript, placement, note, check.config)
    target = file_uri(str(edit.target))
    new = edit.data.decode("utf-8")
    if edit.original is not None:
        return types.WorkspaceEdit(changes={target: text_edits(edit.original.data.decode("utf-8"), new, encoding)})
    start = types.Position(0, 0)
    return types.WorkspaceEdit(document_changes=[
        types.CreateFile(uri=target, options=types.CreateFileOptions(overwrite=False, ignore_if_exists=False)),
        types.TextDocumentEdit(types.OptionalVersionedTextDocumentIdentifier(uri=target, version=None),
                               [types.TextEdit(types.Range(start, start), new)])])


def text_edits(old: str, new: str, encoding: str) -> list[types.TextEdit]:
    """The edit that turns `old` into `new`: the lines between their common start and end (an
    insertion is one edit; linear in the text, which a 150,000-word book needs)."""
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    start = 0
    while start < len(a) and start < len(b) and a[start] == b[start]:
        start += 1
    end_a, end_b = len(a), len(b)
    while end_a > start and end_b > start and a[end_a - 1] == b[end_b - 1]:
        end_a, end_b = end_a - 1, end_b - 1
    if start == end_a and start == end_b:
        return []
    return [types.TextEdit(types.Range(_position(a, start, encoding), _position(a, end_a, encoding)),
                           "".join(b[start:end_b]))]


def _position(lines: Sequence[str], index: int, encoding: str) -> types.Position:
    """The position of the start of line `index` (past the end: the end of the text)."""
    if index < len(lines) or not lines:
        return types.Position(index, 0)
    last = lines[-1]
    if last.endswith(("\n", "\r")):
        return types.Position(len(lines), 0)
    return types.Position(len(lines) - 1, units(last, encoding))


def insert_options(arguments: Sequence[Any]) -> tuple[Path, str]:
    """The command's arguments: the book's path and the template's name."""
    if len(arguments) != 2 or not all(isinstance(a, str) for a in arguments):
        raise ValueError(f"{INSERT_COMMAND} takes [path, template]")
    return Path(arguments[0]), arguments[1]
