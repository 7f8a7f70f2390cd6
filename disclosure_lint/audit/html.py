"""`audit --html FILE`: the catalogue as one self-contained HTML page (no script, no remote file).

Every piece of book text (titles, authors, disclosures, error messages, paths) is untrusted: it
is escaped with `html.escape` before it is written, quotes too, and only in text or quoted
attribute positions, its control and bidirectional characters shown (`display.printable`); a
Content-Security-Policy allows the page's own style sheet only (by hash), no script and no load.
(The page could share `check --format html`'s style; see `reporters.html`.)
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections.abc import Sequence

from .. import __version__
from ..display import printable
from .run import Summary
from .schema import AuditRow

_STYLE = """
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:.3em .5em;vertical-align:top;text-align:left}
th{background:#f3f3f3;position:sticky;top:0}.clean{color:#17662b}.findings{color:#8a5a00}.unreadable{color:#a11}
td.num{text-align:right}small{color:#666}
"""

#: The page's only allowed resource: its own style sheet, by hash.
_CSP = ("default-src 'none'; style-src 'sha256-"
        + base64.b64encode(hashlib.sha256(_STYLE.encode("utf-8")).digest()).decode("ascii") + "'")


def escape(text: str) -> str:
    """Untrusted text as HTML text or a quoted attribute value: escaped, controls shown."""
    return html.escape(printable(text, "\t\n"), quote=True)


_COLUMNS = ("path", "title", "authors", "language", "verdict", "rules", "errors", "warnings", "disclosure",
            "systems", "error")


def _cell(row: AuditRow, name: str) -> str:
    value = getattr(row, name)
    if isinstance(value, tuple):
        value = ", ".join(value)
    if name == "disclosure" and row.disclosure_location:
        return (f"{escape(str(value))}<br><small>{escape(row.disclosure_location)}"
                f"{'' if row.disclosure_visible else ' (hidden)'}</small>")
    return "" if value is None else escape(str(value))


def page(rows: Sequence[AuditRow], summary: Summary, title: str = "disclosure-lint audit") -> str:
    """The HTML page of a catalogue's rows."""
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
           f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>",
           f"<h1>{escape(title)}</h1>",
           f"<p>{summary.books} books: " + ", ".join(f'<span class="{v}">{n} {v}</span>'
                                                 for v, n in summary.verdicts.items()) + "</p>"]
    if summary.rules:
        out.append("<p>Rules: " + ", ".join(f"{escape(rule)} {n}" for rule, n in summary.rules) + "</p>")
    out.append("<table><thead><tr>" + "".join(f"<th>{name}</th>" for name in _COLUMNS) + "</tr></thead><tbody>")
    for row in rows:
        cells = []
        for name in _COLUMNS:
            css = row.verdict if name == "verdict" else ("num" if name in ("errors", "warnings") else "")
            attribute = f' class="{css}"' if css else ""
            cells.append(f"<td{attribute}>{_cell(row, name)}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append(f"</tbody></table><p><small>disclosure-lint {escape(__version__)}</small></p></body></html>")
    return "\n".join(out) + "\n"
