"""Configuration: `.disclosure-lint.toml`, or `[tool.disclosure-lint]` in `pyproject.toml`.

Found by walking up from the manuscript to the repository root (the folder holding `.git`).
Every key is checked: an unknown key is an error that names it (with the known name it is
closest to), so a typo never silently turns a rule off. An error is one line: the file (relative
to the current folder when inside it), the line and column of the key, what is wrong.

    model = "GPT-4"                 # the AI system used; checked by model-mismatch, used by insert
    vendor = "OpenAI"               # its maker, for a model the tool does not know
    lang = "fr"                     # the books' language, whatever they declare (see `langtags`)
    templates = "my-templates"      # extra template folder for `insert` (relative to this file)
    include = ["notes/preface.md"]  # globs of files that are manuscripts, and of files that are
    exclude = ["drafts/**"]         # not (relative to this file; project files like README.md
                                    # are skipped by default)
    profile = ["openai-2021", "kdp"]  # the policies to check against (see `profiles`): one name
                                    # or several; default: openai-2021

    [severity]                      # per rule (slug or code): "error", "warning", "info" or "off"
    disclosure-unclear = "warning"
    DL005 = "off"

    [phrases]                       # extra patterns, appended to the built-in lexicon
    ai-terms = ["the Muse engine"]
    responsibility = ["I answer for every word"]

    [book]                          # a book made of many Markdown files, in reading order
    files = ["front/*.md", "chapters/*.md"]
    title = "Harbor Lights"
    authors = ["Jordan Vale"]

    [limits]                        # bounds for untrusted packages (see README "Untrusted files")
    max_member_bytes = "256MiB"     # sizes: bytes, or with a unit (see `limits`: 500k, 1.5GB)

    [ai-use]                        # what AI did in this book, declared once (see `declaration`)
    responsibility = "Jordan Vale"

The config knows rule names and phrase lists from `names` (data), not from the rules or the
lexicon, which sit above it.
"""
from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from . import patterns as rx
from .errors import ConfigError
from .langtags import well_formed
from .limits import BYTE_LIMITS, DEFAULT_LIMITS, Limits, parse_size
from .model import Severity
from .names import PHRASE_KEYS, did_you_mean, parse_profiles, rule_slug, unknown_rule

if TYPE_CHECKING:
    from .declaration import Declaration
else:
    from .records import NamedTuple  # typing.NamedTuple, cheaper to define (see records)

CONFIG_NAME = ".disclosure-lint.toml"
_TOP_KEYS = ("model", "vendor", "lang", "templates", "include", "exclude", "severity", "phrases", "book",
             "limits")
_BOOK_KEYS = ("files", "title", "authors", "language")
#: Keys of issue 16: the policy profiles and the AI-use declaration (read by their own modules,
#: imported only when a config names them).
_POLICY_KEYS = ("profile", "ai-use")
#: What is wrong with a language tag that is not one (config `lang`, `--lang`).
LANG_PROBLEM = "{!r} is not a language tag (an ISO 639 code such as 'fr', 'de-CH' or 'pt-BR')"
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
    #: Globs of files that are manuscripts (relative to the config file's folder), beyond those
    #: found by default.
    include: tuple[str, ...] = ()
    #: Globs of files that are not manuscripts (relative to the config file's folder); project
    #: files like README.md are skipped by default.
    exclude: tuple[str, ...] = ()
    #: Policy profiles to check against (`--profile`, config `profile`); empty: the default,
    #: openai-2021 (see `profiles`).
    profiles: tuple[str, ...] = ()
    #: The `[ai-use]` declaration, if the config has one (see `declaration`).
    declaration: Declaration | None = None
    #: The books' language (`--lang`, config `lang`), whatever they declare; None: theirs.
    lang: str | None = None

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

    A file written one statement a line, as the package's data files are, is read by
    `line_toml` at a tenth of the cost; anything else by tomllib, imported here, when a file needs
    it: it parses in Python, a character at a time.
    """
    from .line_toml import parse

    read = parse(text)
    if read is not None:
        return read
    import tomllib

    data: dict[str, Any] = tomllib.loads(text)  # TOMLDecodeError is a ValueError
    return data


def load_config(path: Path) -> Config:
    """Read and validate a config file (either form); a `ConfigError` of one line otherwise."""
    shown = shown_path(path)
    try:
        text = path.read_text("utf-8")
    except OSError as exc:
        raise ConfigError(f"{shown}: cannot read config: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{shown}: config is not UTF-8 text") from exc
    try:
        data = parse_toml(text)
    except ValueError as exc:
        message, line, column = _toml_position(str(exc), text)
        raise ConfigError(f"{shown}{_at(line, column)}: invalid TOML: {message}") from exc
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("disclosure-lint", {})
        prefix = "tool.disclosure-lint."
    else:
        prefix = ""
    return parse_config(data, path, prefix, text=text)


def shown_path(path: Path) -> str:
    """A config's path as messages give it: relative to the current folder when inside it,
    else as it is."""
    if path.is_absolute():
        try:
            here = Path.cwd()
        except OSError:
            return str(path)
        for base in (here, here.resolve()):
            relative = os.path.relpath(path, base)
            if not relative.startswith(os.pardir):
                return relative
    return str(path)


def _at(line: int | None, column: int | None) -> str:
    if line is None:
        return ""
    return f":{line}:{column}" if column is not None else f":{line}"


def _toml_position(message: str, text: str) -> tuple[str, int | None, int | None]:
    """tomllib's message without its "(at line X, column Y)", and that line and column."""
    found = re.search(r"\s*\(at line (\d+), column (\d+)\)$", message)
    if found:
        return message[:found.start()], int(found.group(1)), int(found.group(2))
    if message.endswith("(at end of document)"):
        body = text.rstrip("\r\n")
        line = body.count("\n") + 1
        return message.removesuffix("(at end of document)").rstrip(), line, len(body) - body.rfind("\n")
    return message, None, None


#: Compiled on first use: only a config error needs it (`key_position`).
_KEY_PART = rx.LazyPattern(r"""\s*(?:([A-Za-z0-9_-]+)|"((?:[^"\\]|\\.)*)"|'([^']*)')\s*""")


def _dotted(text: str) -> tuple[list[str], int] | None:
    """The parts of a dotted TOML key at the start of `text`, and where the key ends."""
    parts: list[str] = []
    at = 0
    while True:
        found = _KEY_PART.match(text, at)
        if found is None:
            return None
        parts.append(next(g for g in found.groups() if g is not None))
        at = found.end()
        if not text.startswith(".", at):
            return parts, at
        at += 1


def key_position(text: str, key: str) -> tuple[int, int] | None:
    """Line and column (1-based) where `key` ("severity.DL005") is written in a TOML text, as
    `[table]` + `key = ...`, a dotted key, or inside an inline table; the nearest enclosing key
    when the key itself cannot be found; None when no part of it is there."""
    target = key.split(".")
    best: tuple[int, tuple[int, int]] | None = None  # (parts matched, position)
    table: list[str] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.lstrip()
        indent = len(raw) - len(line)
        if line.startswith("["):
            opener = 2 if line.startswith("[[") else 1
            found = _dotted(line[opener:])
            if found is None:
                continue
            table = found[0]
            start = len(table) if table == target[:len(table)] else 0
            if start and (best is None or start > best[0]):
                best = (start, (number, indent + 1))
            continue
        found = _dotted(line)
        if found is None or not line[found[1]:].startswith("="):
            continue
        full = table + found[0]
        matched = 0
        while matched < min(len(full), len(target)) and full[matched] == target[matched]:
            matched += 1
        if matched < len(full) or matched == 0:
            continue
        position = (number, indent + 1)
        if matched < len(target):
            # An inline table (`severity = { DL05 = "off" }`): point at the key inside it.
            inner = re.search(rf"[{{,]\s*(?P<key>[\"']?{re.escape(target[-1])}[\"']?)\s*=", raw)
            if inner is not None:
                return number, inner.start("key") + 1
        if best is None or matched > best[0]:
            best = (matched, position)
        if matched == len(target):
            return position
    return best[1] if best else None


class _Fail:
    """Makes the one-line `ConfigError` about a key: `path:line:col: key: problem`."""

    def __init__(self, source: Path | None, text: str | None, prefix: str) -> None:
        self.where = shown_path(source) if source else "config"
        self.text = text
        self.prefix = prefix

    def __call__(self, key: str, problem: str) -> ConfigError:
        position = key_position(self.text, self.prefix + key) if self.text is not None else None
        at = _at(*position) if position else ""
        return ConfigError(f"{self.where}{at}: {self.prefix}{key}: {problem}")


def _unknown(name: str, known: Sequence[str], what: str = "unknown key", listing: str = "known:") -> str:
    """`unknown key (did you mean 'model'? known: model, vendor, ...)`."""
    hint = did_you_mean(name, known)
    return f"{what} ({hint + ' ' if hint else ''}{listing} {', '.join(known)})"


def parse_config(data: Mapping[str, Any], source: Path | None, prefix: str = "", *,
                 text: str | None = None) -> Config:
    """Validate a config mapping; every unknown key or bad value is a ConfigError naming it
    (and, given the file's `text`, where it is written)."""
    fail = _Fail(source, text, prefix)
    for key in data:
        if key not in _TOP_KEYS and key not in _POLICY_KEYS:
            raise fail(key, _unknown(key, (*_TOP_KEYS, *_POLICY_KEYS)))
    model = _optional_str(data, "model", fail)
    vendor = _optional_str(data, "vendor", fail)
    lang = _optional_str(data, "lang", fail)
    if lang is not None and not well_formed(lang):
        raise fail("lang", LANG_PROBLEM.format(lang))
    severity: dict[str, Severity | None] = {}
    named: dict[str, str] = {}
    for name, value in _table(data, "severity", fail).items():
        slug = rule_slug(name)
        if slug is None:
            raise fail(f"severity.{name}", unknown_rule(name))
        if slug in named:
            raise fail(f"severity.{name}", f"the rule {slug} is already given as {named[slug]!r}")
        named[slug] = name
        if not isinstance(value, str):
            raise fail(f"severity.{name}", f"must be one of {', '.join(_SEVERITIES)}")
        if value.lower() not in _SEVERITIES:
            raise fail(f"severity.{name}", _unknown(value, list(_SEVERITIES), f"unknown severity {value!r}",
                                                    "one of"))
        severity[slug] = _SEVERITIES[value.lower()]
    phrases: list[tuple[str, tuple[str, ...]]] = []
    for key, value in _table(data, "phrases", fail).items():
        if key not in PHRASE_KEYS:
            raise fail(f"phrases.{key}", _unknown(key, list(PHRASE_KEYS), "unknown phrase list"))
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
            raise fail(f"book.{key}", _unknown(key, _BOOK_KEYS))
    book = BookConfig(
        files=_globs(_listed(book_data.get("files", [])), "book.files", fail),
        title=_optional_str(book_data, "title", fail),
        authors=_str_list(book_data.get("authors", []), "book.authors", fail),
        language=_optional_str(book_data, "language", fail),
    )
    include = _globs(data.get("include", []), "include", fail)
    exclude = _globs(data.get("exclude", []), "exclude", fail)
    limits = parse_limits(_table(data, "limits", fail), fail)
    templates_value = _optional_str(data, "templates", fail)
    templates = None
    if templates_value:
        templates = Path(templates_value)
        if source is not None and not templates.is_absolute():
            templates = source.parent / templates
    return Config(model=model, vendor=vendor, severity=severity, phrases=tuple(phrases), book=book,
                  limits=limits, templates=templates, include=include, exclude=exclude, source=source,
                  lang=lang,
                  **_policy(data, fail, source, text, prefix))


def _policy(data: Mapping[str, Any], fail: Any, source: Path | None, text: str | None,
            prefix: str) -> dict[str, Any]:
    """`profile` and `[ai-use]`, when the config has them (their modules are imported only then)."""
    out: dict[str, Any] = {}
    if "profile" in data:
        value = data["profile"]
        names = [value] if isinstance(value, str) else value
        if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
            raise fail("profile", "must be a profile name or a list of them (see `disclosure-lint rules --profile`)")
        out["profiles"] = parse_profiles(names, lambda problem: fail("profile", problem))
    if "ai-use" in data:
        from .declaration import parse_declaration
        from .model import Location

        where = None
        if source is not None:
            line, column = (key_position(text, prefix + "ai-use") if text is not None else None) or (None, None)
            where = Location(shown_path(source), line, column, section="[ai-use]")
        out["declaration"] = parse_declaration(data["ai-use"], fail, where)
    return out


def parse_limits(values: Mapping[str, Any], fail: Any, base: Limits = DEFAULT_LIMITS) -> Limits:
    """Limits from `[limits]` or `--limit NAME=N`; names are the `Limits` field names. A byte
    limit is a whole number of bytes or a size with a unit (`32MiB`, `1.5GB`: see `limits`)."""
    known = list(Limits._fields)
    changes: dict[str, int] = {}
    for key, value in values.items():
        if key not in known:
            raise fail(f"limits.{key}", _unknown(key, known, "unknown limit"))
        if key in BYTE_LIMITS and isinstance(value, str):
            try:
                value = parse_size(value)
            except ValueError as exc:
                raise fail(f"limits.{key}", str(exc)) from None
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            what = "a size (bytes, or with a unit: 32MiB)" if key in BYTE_LIMITS else "a count"
            raise fail(f"limits.{key}", f"must be a positive whole number ({what})")
        changes[key] = value
    return base._replace(**changes)


def _globs(value: Any, key: str, fail: Any) -> tuple[str, ...]:
    """`include`, `exclude`, `[book] files`: globs relative to the config file's folder."""
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise fail(key, "must be a list of glob strings (relative to this file's folder)")
    for pattern in value:
        if os.path.isabs(pattern) or pattern.startswith(("/", "\\")):
            raise fail(key, f"{pattern!r} must be relative to this file's folder")
        try:
            # Path.glob checks its pattern when it starts; on a file that is no folder it finds nothing.
            next(Path(os.devnull).glob(pattern), None)
        except (ValueError, NotImplementedError) as exc:
            raise fail(key, f"bad pattern {pattern!r}: {exc}") from None
    return tuple(value)


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


def _listed(value: Any) -> Any:
    """One string where a list is expected is a list of one (`files = "book.md"`)."""
    return [value] if isinstance(value, str) else value


def _str_list(value: Any, key: str, fail: Any) -> tuple[str, ...]:
    value = _listed(value)
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
