"""Machine output, a documented contract (README "JSON output"); `version` changes only on a break.

    {"version": 1,
     "files": [{"path", "format", "findings": [{"rule", "code", "severity", "message",
                "location": {"path", "line", "column", "section", "block"}}],
                "disclosures": [{"text", "location", "visible"}], "warnings": [...]}],
     "failures": [{"path", "message"}],
     "summary": {"files", "errors", "warnings"}}
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

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
            }
            for file in report.files
        ],
        "failures": [{"path": f.path, "message": f.message} for f in report.failures],
        "summary": {"files": len(report.files), "errors": report.errors, "warnings": report.warnings},
    }


def write(report: Report, stream: TextIO, *, color: bool = False, base: Path | None = None,
          quiet: bool = False) -> None:
    json.dump(to_dict(report), stream, indent=2, ensure_ascii=False)
    stream.write("\n")
