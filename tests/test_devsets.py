"""The labelled dev sets (tests/data/*.tsv), one test per row: real statements from published
books, policies and authors' notes (devset.tsv) and phrasings written for the tests
(phrasings.tsv). `python -m benchmarks accuracy` reads the same files and the same books and
prints per-rule precision and recall; here every row must be judged exactly as labelled."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.accuracy import DATA, SETS, DevSetError, Row, book, load  # noqa: E402

ROWS = [(name, row) for name, (filename, _) in SETS.items() for row in load(DATA / filename)]


@pytest.mark.parametrize(("name", "row"), ROWS, ids=[f"{name}:{row.id}" for name, row in ROWS])
def test_row_is_judged_as_labelled(name: str, row: Row, tmp_path: Path, run: Callable[..., object]) -> None:
    path = tmp_path / "book.md"
    path.write_text(book(row), encoding="utf-8")
    result = run("check", "--format", "json", path)
    findings = result.json()["files"][0]["findings"]  # type: ignore[attr-defined]
    fired = {f["rule"] for f in findings if f["severity"] in ("error", "warning")}
    assert row.must <= fired, (row.text, findings)
    assert not (row.must_not & fired), (row.text, findings)


def test_every_real_row_names_a_web_source() -> None:
    for name, row in ROWS:
        if name == "real":
            assert row.source.startswith(("http://", "https://")), row.id


def test_the_real_set_is_large_enough() -> None:
    assert sum(1 for name, _ in ROWS if name == "real") >= 150


def test_rows_that_are_not_exact_say_why(tmp_path: Path) -> None:
    from benchmarks.accuracy import rule_slugs

    everything = set(rule_slugs())
    for _, row in ROWS:
        if row.must | row.must_not != everything:
            assert row.note.strip(), f"{row.id}: not every rule is labelled, and the note does not say why"


@pytest.mark.parametrize("bad", [
    "id\twhere\tmust\tmust_not\ttext\tsource\n",
    "id\twhere\tmust\tmust_not\ttext\tsource\tnote\nx\tforeword\tno-such-rule\t*\tText.\thttps://e.x\t\n",
    "id\twhere\tmust\tmust_not\ttext\tsource\tnote\nx\tattic\tclean\t*\tText.\thttps://e.x\t\n",
    "id\twhere\tmust\tmust_not\ttext\tsource\tnote\nx\tforeword\tclean\t*\tText.\t\t\n",
    "id\twhere\tmust\tmust_not\ttext\tsource\tnote\nx\tforeword\tclean\t*\tText.\thttps://e.x\t\n"
    "x\tforeword\tclean\t*\tText.\thttps://e.x\t\n",
])
def test_a_malformed_dev_set_is_refused_with_its_line(bad: str, tmp_path: Path) -> None:
    path = tmp_path / "set.tsv"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(DevSetError, match=r"set\.tsv:\d+"):
        load(path)
