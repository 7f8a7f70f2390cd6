"""SARIF 2.1.0, as GitHub code scanning reads it (upload with `github/codeql-action/upload-sarif`).

One run; `tool.driver.rules[]` describes every rule in force (and the pseudo-rules of the
results: an unknown rule in a disable comment, a reader's warning about the input); each
result points at a file relative to the working directory with `region.startLine` >= 1, which
GitHub requires. A DOCX has no lines and an EPUB member's lines are not lines of the .epub, so
those results point at line 1 of the file and say in the message where to look (for an EPUB,
the member is also a `logicalLocations` entry). A manuscript that could not be read is a
tool-execution notification, and the invocation is then marked unsuccessful.
"""

from __future__ import annotations

import inspect
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import quote

from .. import __version__
from ..display import json_safe
from ..model import Location, Severity
from .locations import file_position, relative_path

if TYPE_CHECKING:
    from ..api import Report

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
#: GitHub code scanning keeps at most this many characters of a rule's descriptions.
DESCRIPTION_LIMIT = 1024
#: The rule id of a reader's warning about the input (bad UTF-8, a chapter listed but missing ...).
INPUT_RULE = "input"

_PSEUDO_RULES: dict[str, tuple[str, Severity, str]] = {
    INPUT_RULE: ("DL000", Severity.WARNING,
                 "A problem with the input that the check worked around.\n\nThe file could be read, but "
                 "not all of it as written (bad UTF-8, a chapter listed in the book's structure but "
                 "missing, a link outside the book folder); the findings may be incomplete."),
}


def _pseudo_rules() -> dict[str, tuple[str, Severity, str]]:
    from ..api import LANGUAGE_CODE, LANGUAGE_DOC, LANGUAGE_RULE
    from ..directives import DIRECTIVE_CODE, DIRECTIVE_DOC, DIRECTIVE_RULE

    return {**_PSEUDO_RULES, DIRECTIVE_RULE: (DIRECTIVE_CODE, Severity.WARNING, DIRECTIVE_DOC),
            LANGUAGE_RULE: (LANGUAGE_CODE, Severity.INFO, LANGUAGE_DOC)}


def _camel(slug: str) -> str:
    return "".join(part.capitalize() for part in slug.split("-"))


def _clip(text: str) -> str:
    """Whole paragraphs of `text` within GitHub's description limit."""
    if len(text) <= DESCRIPTION_LIMIT:
        return text
    out = ""
    for paragraph in text.split("\n\n"):
        candidate = f"{out}\n\n{paragraph}" if out else paragraph
        if len(candidate) > DESCRIPTION_LIMIT - 40:
            break
        out = candidate
    return (out or text[:DESCRIPTION_LIMIT - 40]) + "\n\n(The rule's help has the rest.)"


def rule_descriptor(slug: str) -> dict[str, Any]:
    """A `reportingDescriptor` for a rule (or pseudo-rule), its docstring as its description."""
    from ..rules import RULES_BY_SLUG

    rule = RULES_BY_SLUG.get(slug)
    if rule is not None:
        code, severity, doc = rule.code, rule.severity, inspect.cleandoc(rule.doc)
        policy: str | None = rule.policy
        summary = rule.summary
    else:
        code, severity, doc = _pseudo_rules()[slug]
        policy, summary = None, doc.split("\n\n")[0]
    text = doc + (f"\n\nPolicy: “{policy}”" if policy else "")
    markdown = doc + (f"\n\n**Policy:**\n\n> {policy}" if policy else "")
    return {
        "id": slug,
        "name": _camel(slug),
        "shortDescription": {"text": summary[:DESCRIPTION_LIMIT]},
        "fullDescription": {"text": _clip(doc)},
        "help": {"text": text, "markdown": markdown},
        "defaultConfiguration": {"level": LEVELS[severity]},
        "properties": {"code": code, "tags": ["ai-disclosure"]},
    }


def _uri(path: str, base: Path | None) -> str:
    relative = relative_path(path, base)
    if relative.startswith("/"):
        return Path(relative).as_uri()
    return quote(relative)


def _result(rule: str, index: int, severity: Severity, message: str, location: Location,
            base: Path | None) -> dict[str, Any]:
    position = file_position(location, base)
    region: dict[str, int] = {"startLine": position.line or 1}
    if position.line is not None and position.column is not None:
        region["startColumn"] = position.column
    physical = {"artifactLocation": {"uri": _uri(position.path, base)}, "region": region}
    sarif_location: dict[str, Any] = {"physicalLocation": physical}
    if position.member is not None:
        sarif_location["logicalLocations"] = [
            {"name": position.member, "fullyQualifiedName": location.path, "kind": "resource"}
        ]
    text = f"{message} ({position.detail})" if position.detail else message
    return {
        "ruleId": rule,
        "ruleIndex": index,
        "level": LEVELS[severity],
        "message": {"text": text},
        "locations": [sarif_location],
    }


def to_sarif(report: Report, base: Path | None = None, quiet: bool = False) -> dict[str, Any]:
    """The SARIF log for a report (`quiet`: results of severity error only)."""
    slugs: dict[str, None] = dict.fromkeys(report.rules)
    for file in report.files:
        slugs.update(dict.fromkeys(f.rule for f in file.findings))
        if file.warnings and not quiet:
            slugs[INPUT_RULE] = None
    index = {slug: i for i, slug in enumerate(slugs)}
    results = []
    for file in report.files:
        if not quiet:
            for w in file.warnings:
                results.append(_result(INPUT_RULE, index[INPUT_RULE], Severity.WARNING, w.message, w.location,
                                       base))
        for f in file.findings:
            if quiet and f.severity is not Severity.ERROR:
                continue
            results.append(_result(f.rule, index[f.rule], f.severity, f.message, f.location, base))
    invocation: dict[str, Any] = {"executionSuccessful": not report.failures}
    notes = [("error", failure.path, failure.message) for failure in report.failures]
    notes += [("warning" if s.severity is Severity.WARNING else "note", s.path, s.message)
              for s in report.skipped if not quiet or s.severity is not Severity.INFO]
    if notes:
        invocation["toolExecutionNotifications"] = [
            {
                "level": level,
                "message": {"text": message},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(path, base)}}}],
            }
            for level, path, message in notes
        ]
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "disclosure-lint",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": [rule_descriptor(slug) for slug in slugs],
            }},
            "invocations": [invocation],
            "columnKind": "unicodeCodePoints",
            "results": results,
            # Each book's language, as the JSON report gives it (`language`, `language_source`).
            "properties": {"languages": [
                {"uri": _uri(file.path, base), "language": file.language, "source": file.language_source}
                for file in report.files
            ]},
        }],
    }


def write(report: Report, stream: TextIO, *, color: bool = False, base: Path | None = None,
          quiet: bool = False) -> None:
    # As the JSON report: DEL, C1 and bidi controls of the book as \uXXXX escapes (`display`).
    stream.write(json_safe(json.dumps(to_sarif(report, base, quiet), indent=2, ensure_ascii=False)))
    stream.write("\n")
