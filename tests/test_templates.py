"""Disclosure templates: each passes `check` once inserted; listed and printed; shipped in the wheel."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from collections.abc import Callable
from pathlib import Path

import pytest
from books import markdown_book, write_book
from conftest import Run

from disclosure_lint.writers.templates import BUILTIN

RunCLI = Callable[..., Run]
ROOT = Path(__file__).resolve().parents[1]

POLICY_STOCK = ("The author generated this text in part with GPT-3, OpenAI's large-scale language-generation "
                "model. Upon generating draft language, the author reviewed, edited, and revised the language to "
                "their own liking and takes ultimate responsibility for the content of this publication.")


@pytest.mark.parametrize("name", BUILTIN)
@pytest.mark.parametrize("model", ["GPT-4", "Claude", "Mistral", "Quill-7"])
def test_every_template_passes_check_once_inserted(tmp_path: Path, run: RunCLI, name: str, model: str) -> None:
    book = write_book(tmp_path, markdown_book(author="Bluefin Press" if name.endswith("company") else "Jordan Vale"))
    result = run("insert", book, "--model", model, "--template", name)
    assert result.code == 0, result.err
    checked = run("check", book, "--model", model)
    assert checked.code == 0, checked.out


def test_stock_template_is_the_policys_wording(run: RunCLI) -> None:
    result = run("templates", "stock", "--model", "GPT-3")
    assert result.code == 0
    assert result.out.strip() == POLICY_STOCK


def test_templates_lists_every_template_with_its_voice(run: RunCLI) -> None:
    result = run("templates")
    assert result.code == 0
    templates, _, languages = result.out.partition("\n\n")  # then the languages (test_languages_templates)
    assert languages.startswith("languages")
    listed = {line.split()[0]: line.split()[1] for line in templates.splitlines()}
    assert set(BUILTIN) <= listed.keys()
    assert listed["stock"] == "third" and listed["stock-first-person"] == "first"
    assert listed["stock-company"] == "company"


def test_template_printed_with_placeholders_without_a_model(run: RunCLI) -> None:
    result = run("templates", "copyright-line")
    assert "{model}" in result.out and "{vendor}" in result.out
    filled = run("templates", "stock-company", "--model", "gpt4", "--author", "Bluefin Press")
    assert filled.out.startswith("Bluefin Press generated this text in part with GPT-4, OpenAI's")
    unknown = run("templates", "nope")
    assert unknown.code == 2 and "unknown template 'nope'" in unknown.err


def test_voice_without_a_variant_is_refused(tmp_path: Path, run: RunCLI) -> None:
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "mine.txt").write_text("# Mine\nI used {model} to draft and I edited it all. I take responsibility.\n",
                                     encoding="utf-8")
    (tmp_path / ".disclosure-lint.toml").write_text('templates = "t"\n', encoding="utf-8")
    book = write_book(tmp_path, markdown_book())
    result = run("insert", book, "--model", "GPT-4", "--template", "mine", "--voice", "company")
    assert result.code == 2 and "no company-voice variant" in result.err


def test_templates_ship_in_the_installed_wheel(tmp_path: Path) -> None:
    """Build a wheel, install it into a fresh venv and list the templates from there (~20 s)."""
    source = tmp_path / "source"  # a copy, so the build leaves nothing in the checkout
    shutil.copytree(ROOT / "disclosure_lint", source / "disclosure_lint",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "templates", source / "templates")
    for name in ("pyproject.toml", "README.md"):
        if (ROOT / name).is_file():
            shutil.copy2(ROOT / name, source / name)
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", str(source), "-w", str(wheels)],
                   check=True, cwd=tmp_path, capture_output=True)
    wheel = next(wheels.glob("disclosure_lint-*.whl"))
    env_dir = tmp_path / "venv"
    venv.create(env_dir, system_site_packages=True, with_pip=True)
    bindir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    python = bindir / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "--no-index", "-q", str(wheel)],
                   check=True, cwd=tmp_path, capture_output=True)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    listing = subprocess.run([str(bindir / "disclosure-lint"), "templates"], cwd=tmp_path, env=env,
                             capture_output=True, text=True, check=True)
    for name in BUILTIN:
        assert name in listing.stdout
    where = subprocess.run([str(python), "-c", "import disclosure_lint; print(disclosure_lint.__file__)"],
                           cwd=tmp_path, env=env, capture_output=True, text=True, check=True)
    assert str(env_dir) in where.stdout  # the installed copy, not the checkout
    index = subprocess.run([str(python), "-c", "from disclosure_lint.analysis import literal_index as i; "
                            "print(len(i.load('fr')) > 100, i.path('fr'))"],
                           cwd=tmp_path, env=env, capture_output=True, text=True, check=True)
    assert index.stdout.startswith("True") and str(env_dir) in index.stdout  # package data shipped
    stock = subprocess.run([str(bindir / "disclosure-lint"), "templates", "stock", "--model", "GPT-3"],
                           cwd=tmp_path, env=env, capture_output=True, text=True, check=True)
    assert stock.stdout.strip() == POLICY_STOCK
    french = subprocess.run([str(bindir / "disclosure-lint"), "templates", "stock-feminine", "--lang", "fr",
                             "--model", "GPT-3"], cwd=tmp_path, env=env, capture_output=True, text=True, check=True)
    assert french.stdout.startswith("L'autrice a généré ce texte en partie avec GPT-3")
    languages = subprocess.run([str(bindir / "disclosure-lint"), "templates"], cwd=tmp_path, env=env,
                               capture_output=True, text=True, check=True).stdout.partition("\n\n")[2]
    assert [line.split()[0] for line in languages.splitlines()[1:]] == ["de", "en", "es", "fr", "it", "nl", "pt"]


def _layout(root: Path, *, project: str | None) -> Path:
    """A folder holding `disclosure_lint/writers/templates.py` and a top-level `templates/`
    whose stock.txt is not ours; with `project`, a pyproject.toml naming that project."""
    module = root / "disclosure_lint" / "writers" / "templates.py"
    module.parent.mkdir(parents=True)
    module.write_text("", "utf-8")
    (root / "templates").mkdir()
    (root / "templates" / "stock.txt").write_text("# another package's template\nNot ours.\n", "utf-8")
    if project is not None:
        (root / "pyproject.toml").write_text(f'[project]\nname = "{project}"\n', "utf-8")
    return module


def test_builtins_never_come_from_another_packages_templates_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from disclosure_lint.writers import templates

    site = tmp_path / "site-packages"
    monkeypatch.setattr(templates, "__file__", str(_layout(site, project=None)))
    assert templates._builtin_folder() is None
    try:
        stock = templates.load_templates()["stock"].body
    except ModuleNotFoundError:  # run from a checkout that is not installed: no templates at all
        pass
    else:
        assert "ultimate responsibility" in stock and "Not ours" not in stock  # the package's own
    other = tmp_path / "other-checkout"
    monkeypatch.setattr(templates, "__file__", str(_layout(other, project="someone-elses-tool")))
    assert templates._builtin_folder() is None
    checkout = tmp_path / "checkout"
    monkeypatch.setattr(templates, "__file__", str(_layout(checkout, project="disclosure-lint")))
    assert templates._builtin_folder() == checkout / "templates"
