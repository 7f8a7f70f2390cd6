"""Machine output, a documented contract (README "JSON output"); `version` changes only on a break.

    {"version": 1,
     "files": [{"path", "format", "root", "files": [...], "language", "language_source",
                "findings": [{"rule", "code", "severity",
                "message", "location": {"path", "line", "column", "section", "block"}}],
                "disclosures": [{"text", "location", "visible"}], "warnings": [...],
                "markers": [{"kind", "value", "location", "manifest_bytes", "encoded_bytes"}]}],
     "failures": [{"path", "message"}],
     "skipped": [{"path", "severity", "message"}],
     "summary": {"files", "errors", "warnings", "skipped"}}

Each entry of `files` is one book: `root` is its folder (or the file, for a one-file manuscript)
and `files` the files it was read from, in reading order; `language` its language tag (as the
book writes it, or the code detected; null when undecided, read as English) and `language_source`
where that came from ("forced", "metadata", "markup", "detected"; null). `markers` are the rights
and provenance markers the book already carries, which `insert` keeps byte for byte:
"tdm-reservation" and "tdm-policy" (TDMRep, in an EPUB's package; `value` as written) and
"c2pa-manifest" (a C2PA text manifest, the invisible variation-selector block: `value` "version
N", `manifest_bytes` the manifest store's length, `encoded_bytes` the block's length in the file).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from ..display import json_safe
from ..model import Location

if TYPE_CHECKING:
    from ..api import Report

VERSION = 1


def location(loc: Location) -> dict[str, Any]:
    return {"path": loc.path, "line": loc.line, "column": loc.column, "section": loc.section,
            "block": loc.block}


def to_dict(report: Report) -> dict[str, Any]:
    return {
        "version": VERSION,
        "files": [
            {
                "path": file.path,
                "format": file.format,
                "root": file.path,
                "files": list(file.files),
                "language": file.language,
                "language_source": file.language_source,
                "findings": [
                    {"rule": f.rule, "code": f.code, "severity": f.severity.value, "message": f.message,
                     "location": location(f.location)}
                    for f in file.findings
                ],
                "disclosures": [
                    {"text": d.text, "location": location(d.location), "visible": d.visible}
                    for d in file.disclosures
                ],
                "warnings": [{"message": w.message, "location": location(w.location)} for w in file.warnings],
                "markers": [
                    {"kind": m.kind, "value": m.value, "location": location(m.location),
                     "manifest_bytes": m.manifest_bytes, "encoded_bytes": m.encoded_bytes}
                    for m in file.markers
                ],
            }
            for file in report.files
        ],
        "failures": [{"path": f.path, "message": f.message} for f in report.failures],
        "skipped": [{"path": s.path, "severity": s.severity.value, "message": s.message}
                    for s in report.skipped],
        "summary": {"files": len(report.files), "errors": report.errors, "warnings": report.warnings,
                    "skipped": len(report.skipped)},
    }


def write(report: Report, stream: TextIO, *, color: bool = False, base: Path | None = None,
          quiet: bool = False) -> None:
    # Book text is kept as it is for programs; DEL, C1 and bidi controls are written as \uXXXX
    # escapes (JSON escapes the C0 controls itself), so a terminal showing the file meets none.
    stream.write(json_safe(json.dumps(to_dict(report), indent=2, ensure_ascii=False)))
    stream.write("\n")
