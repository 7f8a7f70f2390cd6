"""Configuration: `.disclosure-lint.toml`, or `[tool.disclosure-lint]` in `pyproject.toml`.

Found by walking up from the manuscript to the repository root (the folder holding `.git`).
Every key is checked: an unknown key is an error that names it, so a typo never silently
turns a rule off.

    model = "GPT-4"                 # the AI system used; checked by model-mismatch, used by insert
    vendor = "OpenAI"               # its maker, for a model the tool does not know
    templates = "my-templates"      # extra template folder for `insert` (relative to this file)

    [severity]                      # per rule: "error", "warning", "info" or "off"
    disclosure-unclear = "warning"

    [phrases]                       # extra patterns, appended to the built-in lexicon
    ai-terms = ["the Muse engine"]
    responsibility = ["I answer for every word"]

    [book]                          # a book made of many Markdown files, in reading order
    files = ["front/*.md", "chapters/*.md"]
    title = "Harbor Lights"
    authors = ["Jordan Vale"]

    [limits]                        # bounds for untrusted packages (see README "Untrusted files")
    max_member_bytes = 268435456
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from . import patterns as rx
from .errors import ConfigError
from .limits import DEFAULT_LIMITS, Limits
from .model import Severity

if not TYPE_CHECKING:
    from .records import NamedTuple  # typing.NamedTuple, cheaper to define (see records)

CONFIG_NAME = ".disclosure-lint.toml"
_TOP_KEYS = ("model", "vendor", "templates", "severity", "phrases", "book", "limits")
_BOOK_KEYS = ("files", "title", "authors", "language")
_SEVERITIES = {"error": Severity.ERROR, "warning": Severity.WARNING, "info": Severity.INFO, "off": None}


class BookConfig(NamedTuple):
    """`[book]`: the files of a multi-file book, in order, and its metadata."""

    files: tuple[str, ...] = ()
    title: str | None = None
    authors: tuple[str, ...] = ()
    language: str | None = None


class Config(NamedTuple):
    """Everything a check or an insert may be told, from a file and from the command line."""

    #: The AI system used (`--model`); None when not said.
    model: str | None = None
    #: Its maker, for a model the tool does not know (`--vendor`).
    vendor: str | None = None
    #: Rule slug → severity, or None for "off".
    severity: Mapping[str, Severity | None] = {}  # typed read-only: never mutated
    #: Extra lexicon phrases: ((key, (pattern, ...)), ...).
    phrases: tuple[tuple[str, tuple[str, ...]], ...] = ()
    #: Only these rules (None: all).
    select: frozenset[str] | None = None
    #: Never these rules.
    ignore: frozenset[str] = frozenset()
    book: BookConfig = BookConfig()
    limits: Limits = DEFAULT_LIMITS
    #: A user's own template folder.
    templates: Path | None = None
    #: The file this came from, if any.
    source: Path | None = None

    def with_overrides(self, **changes: Any) -> Config:
        """A copy with command-line values applied (None values are left as they were)."""
        return self._replace(**{k: v for k, v in changes.items() if v is not None})


def find_config(start: Path) -> Path | None:
    """The nearest config file at or above `start`, stopping at the repository root."""
    here = start if start.is_dir() else start.parent
    here = here.resolve()
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
        if (folder / ".git").exists():
            return None
    return None


def _has_tool_table(pyproject: Path) -> bool:
    try:
        text = pyproject.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return bool(rx.search(r"^\[tool\.disclosure-lint(?:\.|\])", text, re.MULTILINE))


def parse_toml(text: str) -> dict[str, Any]:
    """Parse TOML (config files, book.toml, the lexicon); a `ValueError` when it is not valid.

    tomllib is imported here, when a file needs it: it parses in Python, and most checks read
    no TOML at all.
    """
    import tomllib

    data: dict[str, Any] = tomllib.loads(text)  # TOMLDecodeError is a ValueError
    return data


def load_config(path: Path) -> Config:
    """Read and validate a config file (either form)."""
    try:
        data = parse_toml(path.read_text("utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: config is not UTF-8 text") from exc
    except ValueError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("disclosure-lint", {})
        prefix = "tool.disclosure-lint."
    else:
        prefix = ""
    return parse_config(data, path, prefix)


def parse_config(data: Mapping[str, Any], source: Path | None, prefix: str = "") -> Config:
    """Validate a config mapping; every unknown key or bad value is a ConfigError naming it."""
    from .analysis.lexicon import PHRASE_KEYS
    from .rules import RULES_BY_SLUG

    where = str(source) if source else "config"

    def fail(key: str, problem: str) -> ConfigError:
        return ConfigError(f"{where}: {prefix}{key}: {problem}")

    for key in data:
        if key not in _TOP_KEYS:
            raise fail(key, f"unknown key (known: {', '.join(_TOP_KEYS)})")
    model = _optional_str(data, "model", fail)
    vendor = _optional_str(data, "vendor", fail)
    severity: dict[str, Severity | None] = {}
    for slug, value in _table(data, "severity", fail).items():
        if slug not in RULES_BY_SLUG:
            raise fail(f"severity.{slug}", "unknown rule (see `disclosure-lint rules`)")
        if not isinstance(value, str) or value.lower() not in _SEVERITIES:
            raise fail(f"severity.{slug}", "must be one of error, warning, info, off")
        severity[slug] = _SEVERITIES[value.lower()]
    phrases: list[tuple[str, tuple[str, ...]]] = []
    for key, value in _table(data, "phrases", fail).items():
        if key not in PHRASE_KEYS:
            raise fail(f"phrases.{key}", f"unknown phrase list (known: {', '.join(PHRASE_KEYS)})")
        patterns = _str_list(value, f"phrases.{key}", fail)
        for pattern in patterns:
            try:
                rx.compile(pattern)
            except re.error as exc:
                raise fail(f"phrases.{key}", f"bad pattern {pattern!r}: {exc}") from exc
        phrases.append((key, patterns))
    book_data = _table(data, "book", fail)
    for key in book_data:
        if key not in _BOOK_KEYS:
            raise fail(f"book.{key}", f"unknown key (known: {', '.join(_BOOK_KEYS)})")
    book = BookConfig(
        files=_str_list(book_data.get("files", []), "book.files", fail),
        title=_optional_str(book_data, "title", fail),
        authors=_str_list(book_data.get("authors", []), "book.authors", fail),
        language=_optional_str(book_data, "language", fail),
    )
    limits = parse_limits(_table(data, "limits", fail), fail)
    templates_value = _optional_str(data, "templates", fail)
    templates = None
    if templates_value:
        templates = Path(templates_value)
        if source is not None and not templates.is_absolute():
            templates = source.parent / templates
    return Config(model=model, vendor=vendor, severity=severity, phrases=tuple(phrases), book=book,
                  limits=limits, templates=templates, source=source)


def parse_limits(values: Mapping[str, Any], fail: Any, base: Limits = DEFAULT_LIMITS) -> Limits:
    """Limits from `[limits]` or `--limit NAME=N`; names are the `Limits` field names."""
    known = set(Limits._fields)
    changes: dict[str, int] = {}
    for key, value in values.items():
        if key not in known:
            raise fail(f"limits.{key}", f"unknown limit (known: {', '.join(sorted(known))})")
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            raise fail(f"limits.{key}", "must be a positive whole number")
        changes[key] = value
    return base._replace(**changes)


def _table(data: Mapping[str, Any], key: str, fail: Any) -> Mapping[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise fail(key, "must be a table")
    return value


def _optional_str(data: Mapping[str, Any], key: str, fail: Any) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise fail(key, "must be a non-empty string")
    return value.strip()


def _str_list(value: Any, key: str, fail: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise fail(key, "must be a list of strings")
    return tuple(value)


def resolve_config(manuscript: Path, explicit: Path | None) -> Config:
    """The config for one manuscript: the file given with --config, else the nearest one."""
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError(f"{explicit}: config file not found")
        return load_config(explicit)
    found = find_config(manuscript)
    return load_config(found) if found else Config()
