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

ROWS = [(name, row) for name, (filename, _, language) in SETS.items()
        for row in load(DATA / filename, language=language)]

#: Rows judged wrong after honest general work on the reading (never fixed by a pattern for the
#: one sentence), with why; each stays in its set and in the benchmark's count. English sets: none.
KNOWN_WRONG: dict[str, str] = {
    "fr-numerama-lebailly": "a named third person (not the writer) uses the AI; with no 'I' or 'me' in the sentence "
                            "the reading cannot tell a report from a member of the book's team ('my editor Jane')",
    "es-contigopuebla-schickler": "the same as fr-numerama-lebailly: a named third person (Schickler) makes a book with "
                                  "an AI, told by a reporter; with no 'I' in the sentence it reads as the book's own",
    "it-lurlo-reshi": "the same as fr-numerama-lebailly: a reporter tells of a named third person (Ammaar Reshi) who "
                      "published a book written with ChatGPT; with no 'I' in the sentence it reads as the book's own",
    "es-zenda-lector-beta": "the AI is named after a colon, as an apposition ('con un nuevo lector beta: ChatGPT'); a "
                            "colon ends the clause the tool is used in, and no language reads an apposition across it",
    "nl-mrsfriday-sidekick": "the AI is taken up by the pronoun 'het' ('ben ik het gaan inzetten', 'Ik gebruik het als "
                             "een slimme sidekick'); Dutch 'het' is as often the article, so the Dutch lexicon reads no "
                             "pronoun as the AI, and the sentences that tell the roles name no AI",
    "nl-frankmeeuwsen-deels": "another person's text ('zijn tekst') written partly by AI, in a sentence where the writer "
                              "speaks as 'ik': no language tells a third person's possessive from the book's own (the "
                              "English 'his text' reads the same)",
}


def _cases() -> list[object]:
    return [pytest.param(name, row, id=f"{name}:{row.id}",
                         marks=[pytest.mark.xfail(strict=True, reason=KNOWN_WRONG[row.id])] if row.id in KNOWN_WRONG else [])
            for name, row in ROWS]


def test_known_wrong_rows_exist_and_are_not_english() -> None:
    ids = {row.id: name for name, row in ROWS}
    assert all(i in ids and ids[i] not in ("real", "constructed") for i in KNOWN_WRONG)


@pytest.mark.parametrize(("name", "row"), _cases())
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
        if name.startswith("real"):
            assert row.source.startswith(("http://", "https://")), row.id


def test_the_real_sets_are_large_enough() -> None:
    assert sum(1 for name, _ in ROWS if name == "real") >= 150
    for language in ("fr", "de", "es", "it", "pt", "nl"):
        rows = [row for name, row in ROWS if name == f"real-{language}"]
        assert len(rows) >= 20, language
        # statements and non-statements both
        assert sum(1 for r in rows if "disclosure-missing" in r.must) >= 5, language
        assert sum(1 for r in rows if "disclosure-missing" in r.must_not) >= 5, language


def test_every_language_of_the_sets_has_a_test_book() -> None:
    from benchmarks.accuracy import BOOKS
    from disclosure_lint.analysis.lexicon import load_lexicon

    assert {language for _, _, language in SETS.values()} <= set(BOOKS) <= set(load_lexicon().supported)


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
