"""The new front doors stay light and documented (issue 17): `check` and `--version` never import
the language server's libraries; `lsp` without them is one line and exit 2; the README shows
pictures of the HTML report that a script takes in Chromium, and the set-up for four editors."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from books import STOCK, markdown_book
from conftest import Run

from benchmarks.browser import find_chromium
from disclosure_lint import cli

ROOT = Path(__file__).resolve().parents[1]


def readme() -> str:
    return (ROOT / "README.md").read_text("utf-8")


def test_check_and_version_never_import_pygls(tmp_path: Path) -> None:
    book = tmp_path / "novel.md"
    book.write_text(markdown_book(STOCK), encoding="utf-8")
    probe = ("import sys\nfrom disclosure_lint.cli import main\n"
             "for args in (['--version'], ['check', sys.argv[1]], ['check', '--format', 'html', sys.argv[1]]):\n"
             "    try:\n        main(args)\n    except SystemExit:\n        pass\n"
             "loaded = [m for m in sys.modules if m.split('.')[0] in ('pygls', 'lsprotocol', 'cattrs')]\n"
             "sys.exit(1 if loaded else 0)\n")
    result = subprocess.run([sys.executable, "-c", probe, str(book)], capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr


def test_lsp_without_pygls_says_what_to_install(run: Callable[..., Run], monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "pygls" else real(name, *a))
    result = run("lsp")
    assert result.code == 2
    assert result.err == "disclosure-lint: the language server needs pygls: pip install 'disclosure-lint[lsp]'\n"
    assert cli  # the module under test


def test_the_readme_shows_the_reports_pictures_and_a_script_takes_them(tmp_path: Path) -> None:
    for name in ("report-summary.png", "report-book.png"):
        assert f"docs/images/{name}" in readme()
        assert (ROOT / "docs" / "images" / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    if find_chromium() is None and not os.environ.get("CI"):
        pytest.skip("no Chromium here (apt-get install chromium)")
    spec = importlib.util.spec_from_file_location("screenshots", ROOT / "scripts" / "screenshots.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    shots = module.take(tmp_path)
    from test_html_report import png_colours

    assert set(shots) == {"report-summary.png", "report-book.png"}
    assert all(png_colours(data) > 20 for data in shots.values())


def test_the_readme_sets_up_four_editors() -> None:
    section = readme().split("## In the editor", 1)[1].split("\n## ", 1)[0]
    for editor in ("VS Code", "Neovim", "Helix", "Zed"):
        assert f"### {editor}" in section
    assert "vim.lsp.config" in section and "languages.toml" in section
    assert "disclosure-lint lsp" in section
