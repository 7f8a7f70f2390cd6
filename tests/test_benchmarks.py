"""The benchmark measures cold and warm runs and judges its targets on the cold ones (issue 22, item 9)."""

from __future__ import annotations

import sys

import pytest

from benchmarks import run as bench


def test_a_cold_check_runs_with_the_cache_off() -> None:
    cold, warm = bench._check(bench.DATA / "novel.md"), bench._check(bench.DATA / "novel.md", cold=False)
    assert cold.env == {"DISCLOSURE_LINT_CACHE": "0"} and warm.env == {}
    probe = [sys.executable, "-c", "import os, sys; sys.exit(0 if os.environ.get('DISCLOSURE_LINT_CACHE') == '0' else 3)"]
    try:
        assert bench.run_once(probe, cold.env).code == 0
        assert bench.run_once(probe, warm.env).code == 3  # nothing left over from the cold run
    finally:
        for starter in bench._STARTERS:
            starter.close()
        bench._STARTERS.clear()


def _series(label: str, wall: float, *, rss: float = 20.0, cold: bool = True) -> bench.Series:
    series = bench.Series(label, [], env=dict(bench.COLD) if cold else {})
    series.samples.append(bench.Sample(wall, wall, rss, 0))
    return series


def test_targets_are_judged_on_the_cold_column(capsys: pytest.CaptureFixture[str]) -> None:
    rows = [bench.Row(name, "1 MiB", _series("check", 0.25), _series("check, warm", 0.15, cold=False),
                      _series("floor", 0.1), None)
            for name in ("novel, Markdown", "novel, DOCX", "novel, EPUB", "EPUB with 200 MB of images")]
    growth = [(t, _series("check", 0.1 * t), _series("floor", 0.05 * t)) for t in (1, 4, 16)]
    bench._targets(rows, 10.0, rows[0], _series("version", 0.1), _series("click", 0.1), growth)
    out = capsys.readouterr().out
    assert "MISS novel, Markdown: check within 2x the floor (2.5x)" in out  # warm would be 1.5x
    cells = rows[0].cells()
    assert cells[2:5] == ["0.250", "0.250", "2.5x"] and cells[6:8] == ["0.150", "1.5x"]
    # The French novel's rows (issue 15): judged against the English row of their format, on CPU time.
    french = [bench.Row(f"French novel, {fmt}", "1 MiB", _series("check", cost), _series("check, warm", 0.15, cold=False),
                        _series("floor", 0.1), None) for fmt, cost in (("Markdown", 0.25), ("DOCX", 0.3))]
    bench._targets([*rows, *french], 10.0, rows[0], _series("version", 0.1), _series("click", 0.1), growth)
    out = capsys.readouterr().out
    assert "ok   French novel, Markdown: within the English ratio to the floor (CPU 2.5x against 2.5x)" in out
    assert "MISS French novel, DOCX: within the English ratio to the floor (CPU 3.0x against 2.5x)" in out
    assert "French novel, EPUB" not in out
    assert bench.HEADER[2:8] == ["cold s", "cold CPU s", "cold/floor", "CPU cold/floor", "warm s", "warm/floor"]
