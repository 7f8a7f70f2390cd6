"""Writing what the chatbot-residue files compile to, shipped beside them (issue 21; read by
`residue._shipped_anchors` and `residue._shipped`, see the comment above them): a check never
imports this module, only `python -m disclosure_lint.analysis.residue_packed`, the literal index's
writer (`literal_index.main`) and the tests."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from .. import packed
from .. import patterns as rx
from .residue import (
    ResidueData,
    _anchors_header,
    _build,
    _header,
    _read_anchors,
    _Source,
    anchors_path,
    compiled_path,
    languages,
)


def _source(pattern: rx.LazyPattern | None) -> _Source | None:
    return None if pattern is None else (pattern.pattern, int(pattern.flags))


def value(data: ResidueData) -> tuple[Any, Any, Any, Any]:
    """What is shipped of a language's compiled data, of `marshal`'s types (`residue._data_from`
    reads it)."""
    quick = {kind: (tuple(_source(part) for part in q.parts), q.words, q.anchors, q.listed,
                    tuple(_source(lead) for lead in q.leads), q.first, q.starts)
             for kind, q in data.quick.items()}
    return ({kind: _source(p) for kind, p in data.patterns.items()}, _source(data.weak), quick,
            _source(data.introduces))


def shipped_values() -> dict[Path, tuple[tuple[str, ...], Any]]:
    """Each value shipped (`residue._shipped_anchors`, `residue._shipped`), (header, value), as
    building the files as they are gives it."""
    out: dict[Path, tuple[tuple[str, ...], Any]] = {}
    for language in languages():
        head = _anchors_header(language)
        header = _header(language)
        if head is not None and header is not None:
            marks = _read_anchors(language)
            out[anchors_path(language)] = (head, (marks.kinds, dict(marks.starts), dict(marks.ends)))
            out[compiled_path(language)] = (header, value(_build(language)))
    return out


def write_packed() -> list[Path]:
    """Write each shipped value that is not what building the files gives (their bytes vary from run
    to run, the order of a set's strings, while the value does not); the files written."""
    return packed.write_values(shipped_values())


if __name__ == "__main__":
    for written in write_packed():
        sys.stdout.write(f"{written}\n")
