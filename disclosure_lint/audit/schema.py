"""The audit row: one book, one row, in every output format (docs/audit-schema.md).

`SCHEMA_VERSION` changes when a column is removed, renamed or changes type (a reader of old
tables must know); adding a column at the end does not change it. Every row carries it.

Types, by format: text columns are strings (null when the book says nothing); list columns are
JSON arrays in JSON Lines, `list<string>` in Parquet and `; `-joined strings in CSV (a `;` inside
an item is written `,`); counts are integers; `seconds` a float. `pyarrow_schema()` is the
Parquet schema, `JSON_SCHEMA` the schema of one JSON Lines row.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    import pyarrow

#: The version of the row's layout (see the module docstring).
SCHEMA_VERSION = 1

Verdict = Literal["clean", "findings", "unreadable"]
VERDICTS: tuple[Verdict, ...] = ("clean", "findings", "unreadable")


@dataclass(frozen=True, slots=True)
class AuditRow:
    """What the audit found in one book."""

    #: The book as named: a path (a file, or a folder holding a Markdown book) or a URL.
    path: str
    #: SHA-256 of the book's bytes (for a folder book: of its files' names and bytes, in reading
    #: order); empty when the book could not be opened.
    sha256: str
    #: Size in bytes (a folder book: of the files it was read from).
    bytes: int
    #: "markdown", "docx" or "epub"; empty when the book could not be read.
    format: str
    #: "clean" (no finding), "findings" (at least one finding, of any severity) or "unreadable"
    #: (refused, damaged, timed out, or its worker died: see `error`).
    verdict: Verdict
    title: str | None = None
    authors: tuple[str, ...] = ()
    #: The language the book's metadata gives (as written: "en", "fr-CA", "French").
    language: str | None = None
    #: Identifiers of the edition: ISBNs (check digit verified) from the metadata, then printed in
    #: the front or back matter, as `isbn:9780000000000`.
    identifiers: tuple[str, ...] = ()
    #: Slugs of the rules that fired, each once, in the order of their first finding.
    rules: tuple[str, ...] = ()
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    #: The first sentence that discloses AI use (visible ones first; else a hidden one).
    disclosure: str | None = None
    #: Where it is: `file:line` or `file, section` (EPUB members as `book.epub!/member`).
    disclosure_location: str | None = None
    #: Whether readers see it (False: a comment, hidden text or metadata only); null with no disclosure.
    disclosure_visible: bool | None = None
    #: The AI systems the disclosures name (canonical names: "GPT-4", "Claude").
    systems: tuple[str, ...] = ()
    #: The machine-readable AI-use statement in the file's metadata, if any, as
    #: `digital_source_type=…; tools=…; human_authored=…`.
    ai_metadata: str | None = None
    #: Why the book is unreadable (one line), else null.
    error: str | None = None
    #: Wall time spent on the book by its worker.
    seconds: float = 0.0
    #: The disclosure-lint version that made the row.
    tool_version: str = ""
    #: The policy profiles the book was checked against, comma-separated ("openai-2021").
    profile: str = ""
    schema_version: int = SCHEMA_VERSION


#: Column name → its kind: "str", "str?" (nullable), "list", "int", "float", "bool?".
COLUMNS: dict[str, str] = {
    "path": "str", "sha256": "str", "bytes": "int", "format": "str", "verdict": "str",
    "title": "str?", "authors": "list", "language": "str?", "identifiers": "list", "rules": "list",
    "errors": "int", "warnings": "int", "infos": "int", "disclosure": "str?",
    "disclosure_location": "str?", "disclosure_visible": "bool?", "systems": "list",
    "ai_metadata": "str?", "error": "str?", "seconds": "float", "tool_version": "str", "profile": "str",
    "schema_version": "int",
}


def to_record(row: AuditRow) -> dict[str, Any]:
    """The row as a JSON-ready dict (lists for list columns), columns in schema order."""
    out = {}
    for name in COLUMNS:
        value = getattr(row, name)
        out[name] = list(value) if isinstance(value, tuple) else value
    return out


def from_record(record: dict[str, Any]) -> AuditRow:
    """A row from a dict read back from any format (unknown keys ignored, missing ones defaulted).

    Raises ValueError for a record that is not a row of this schema."""
    known = {f.name for f in dataclasses.fields(AuditRow)}
    values: dict[str, Any] = {}
    for name, value in record.items():
        if name not in known:
            continue
        kind = COLUMNS[name]
        if kind == "list":
            values[name] = tuple(str(v) for v in (value or ()))
        elif kind == "int":
            values[name] = int(value) if value not in (None, "") else 0
        elif kind == "float":
            values[name] = float(value) if value not in (None, "") else 0.0
        elif kind == "bool?":
            values[name] = None if value in (None, "") else value in (True, "true", "True", 1, "1")
        elif kind == "str?":
            values[name] = None if value in (None, "") else str(value)
        else:
            values[name] = "" if value is None else str(value)
    if not values.get("path") or values.get("verdict") not in VERDICTS:
        raise ValueError(f"not an audit row: {sorted(record)[:6]}")
    return AuditRow(**values)


_JSON_TYPES: dict[str, dict[str, Any]] = {"str": {"type": "string"}, "str?": {"type": ["string", "null"]},
               "list": {"type": "array", "items": {"type": "string"}}, "int": {"type": "integer"},
               "float": {"type": "number"}, "bool?": {"type": ["boolean", "null"]}}

#: JSON Schema (draft 2020-12) of one JSON Lines row.
JSON_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": f"disclosure-lint audit row, schema version {SCHEMA_VERSION}",
    "type": "object",
    "required": list(COLUMNS),
    "properties": {name: dict(_JSON_TYPES[kind]) for name, kind in COLUMNS.items()},
}
JSON_SCHEMA["properties"]["verdict"]["enum"] = list(VERDICTS)


def pyarrow_schema() -> pyarrow.Schema:
    """The Parquet schema (imports pyarrow: call only when writing or reading Parquet)."""
    import pyarrow as pa

    types = {"str": pa.string(), "str?": pa.string(), "list": pa.list_(pa.string()), "int": pa.int64(),
             "float": pa.float64(), "bool?": pa.bool_()}
    fields = [pa.field(name, types[kind], nullable=kind.endswith("?") or kind == "list")
              for name, kind in COLUMNS.items()]
    return pa.schema(fields, metadata={b"disclosure_lint.schema_version": str(SCHEMA_VERSION).encode()})
